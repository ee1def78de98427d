package classroom

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Log prints the class's arrivals, departures and answers to w until ctx
// ends or the server stops (served): the dashboard of a teacher without
// a terminal (--headless). Like the dashboard it looks at most ten times
// a second: a snapshot holds the class, which every student's move waits
// for, and a class moves together.
func Log(ctx context.Context, c *Class, w io.Writer, served <-chan error) error {
	seen := map[string]Row{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return err
		case <-c.Changed():
		}
		for _, r := range c.Snapshot().Rows {
			old, ok := seen[r.Name]
			switch {
			case r.Connected && (!ok || !old.Connected):
				fmt.Fprintf(w, "%s joined from %s\n", r.Name, r.Addr)
			case !r.Connected && ok && old.Connected:
				fmt.Fprintf(w, "%s left\n", r.Name)
			}
			if r.Answered != old.Answered {
				fmt.Fprintf(w, "%s answered %d checkpoints\n", r.Name, r.Answered)
			}
			seen[r.Name] = r
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}
