package classroom

import (
	"fmt"
	"testing"

	"ftplab/lessons"
)

// grouped must put together exactly the typed answers that
// lessons.Correct judges equal, so that a group is right or wrong whole.
func TestGroupedMatchesCorrect(t *testing.T) {
	tests := []struct {
		counts map[string]int
		want   string
	}{
		{map[string]int{"56423": 2, " 56423 ": 1}, "[{56423 3}]"},
		{map[string]int{"Port  20": 1, "port 20": 2, "PORT 20\t": 1}, "[{port 20 4}]"},
		{map[string]int{"425": 1, "4 25": 2}, "[{4 25 2} {425 1}]"},
	}
	for _, tt := range tests {
		got := fmt.Sprint(grouped(tt.counts))
		if got != tt.want {
			t.Errorf("grouped(%v) = %s, want %s", tt.counts, got, tt.want)
		}
		for given := range tt.counts {
			for other := range tt.counts {
				same := lessons.Correct(given, other)
				if same != (len(grouped(map[string]int{given: 1, other: 1})) == 1) {
					t.Errorf("%q and %q: lessons.Correct says %v, grouped disagrees", given, other, same)
				}
			}
		}
	}
}
