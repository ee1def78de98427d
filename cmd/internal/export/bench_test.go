package export

import (
	"context"
	"io"
	"io/fs"
	"testing"
	"time"

	"ftplab/assets"
	"ftplab/lessons"
)

// BenchmarkAsciicastLongestLesson measures exporting the longest run of
// the shipped lessons (the one with the most steps, script and overrides
// included) as asciicast at 80x24: the lab run, one frame per step from
// the real UI, and the file. Run it with
//
//	go test ./cmd/internal/export -run '^$' -bench AsciicastLongestLesson -benchtime 5x
func BenchmarkAsciicastLongestLesson(b *testing.B) {
	ctx := context.Background()
	fsys, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		b.Fatal(err)
	}
	all, err := lessons.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	var longest Run
	var lesson string
	for _, l := range all {
		for _, run := range l.Runs() {
			r, err := Exec(ctx, run, 1)
			if err != nil {
				b.Fatal(err)
			}
			if longest.TL == nil || r.TL.Len() > longest.TL.Len() {
				longest, lesson = r, l.ID
			}
		}
	}
	b.Logf("longest lesson run: %s, %s: %d steps", lesson, longest.Run, longest.TL.Len())
	for b.Loop() {
		r, err := Exec(ctx, longest.Run, 1)
		if err != nil {
			b.Fatal(err)
		}
		frames, err := Record(ctx, r, DefaultLook, -1)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteAsciicast(io.Discard, lesson, frames, time.Second); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(longest.TL.Len()), "steps")
}
