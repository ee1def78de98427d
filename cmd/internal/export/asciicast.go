package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// castHeader is the first line of an asciicast v2 file.
type castHeader struct {
	Version int               `json:"version"`
	Width   int               `json:"width"`
	Height  int               `json:"height"`
	Title   string            `json:"title,omitempty"`
	Env     map[string]string `json:"env"`
}

// WriteAsciicast writes frames as an asciicast v2 recording: a header
// line, then one output event [time, "o", data] per frame, interval
// apart (the first at 0). No wall-clock timestamp is written, so the same
// frames give the same file.
func WriteAsciicast(w io.Writer, title string, frames []Frame, interval time.Duration) error {
	if len(frames) == 0 {
		return fmt.Errorf("asciicast %q: no frames", title)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	h := castHeader{Version: 2, Width: frames[0].W, Height: frames[0].H, Title: title,
		Env: map[string]string{"TERM": "xterm-256color"}}
	if err := enc.Encode(h); err != nil {
		return err
	}
	var prev *Frame
	for i, f := range frames {
		data := paint(prev, f)
		if prev == nil {
			data = "\x1b[?25l\x1b[0m\x1b[2J" + data // hide the cursor, clear
		}
		if i == len(frames)-1 {
			data += fmt.Sprintf("\x1b[%d;1H\x1b[?25h", f.H) // cursor back, at the bottom
		}
		prev = &frames[i]
		t := (time.Duration(i) * interval).Seconds()
		if err := enc.Encode([]any{t, "o", data}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
