package classroom

import (
	"strings"
	"testing"
)

func TestStudentName(t *testing.T) {
	tests := []struct {
		user, want string
		ok         bool
	}{
		{"alice", "alice", true},
		{"Zoé Martin", "Zoé_Martin", true},
		{"../../etc/passwd", "etcpasswd", true},
		{".hidden", "hidden", true},
		{"-rf", "rf", true},
		{"bob\x1b[31mred\x07", "bob31mred", true},
		{"a\u202eevil", "aevil", true},
		{strings.Repeat("x", 100), strings.Repeat("x", maxName), true},
		{"", "", false},
		{"\x1b\x1b/..", "", false},
	}
	for i, tc := range tests {
		got, err := StudentName(tc.user)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("#%d StudentName(%q) = %q, %v; want %q (ok %v)", i, tc.user, got, err, tc.want, tc.ok)
		}
	}
}
