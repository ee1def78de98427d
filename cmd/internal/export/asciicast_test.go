package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rivo/uniseg"

	"ftplab/sim"
)

func TestAsciicastReplaysToTheLastFrame(t *testing.T) {
	for _, tc := range []struct {
		id   string
		mode sim.Mode
		look Look
	}{
		{"a", sim.ModePASV, DefaultLook},
		{"c", sim.ModePORT, Look{W: 100, H: 30, Theme: "projector"}},
		{"h2", sim.ModePORT, Look{W: 80, H: 24, Theme: "dark", Mono: true}},
	} {
		t.Run(tc.id+"-"+string(tc.mode), func(t *testing.T) {
			r := labRun(t, tc.id, tc.mode)
			frames, err := Record(context.Background(), r, tc.look, -1)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(frames), r.TL.Len()+1; got != want {
				t.Fatalf("%d frames, want one per step and step 0: %d", got, want)
			}
			var buf bytes.Buffer
			if err := WriteAsciicast(&buf, "test", frames, time.Second); err != nil {
				t.Fatal(err)
			}
			hdr, events := parseCast(t, buf.Bytes())
			if hdr.Version != 2 || hdr.Width != tc.look.W || hdr.Height != tc.look.H {
				t.Fatalf("header %+v, want version 2, %dx%d", hdr, tc.look.W, tc.look.H)
			}
			if len(events) != len(frames) {
				t.Fatalf("%d events, want %d", len(events), len(frames))
			}
			term := newTerm(hdr.Width, hdr.Height)
			for i, ev := range events {
				term.write(ev.data)
				// every step, not only the last, replays to its frame
				if got, want := term.text(), frames[i].Text(); got != want {
					t.Fatalf("after event %d the replayed screen is\n%s\nwant\n%s", i, got, want)
				}
			}
			last := frames[len(frames)-1].Text()
			if !strings.Contains(last, "run: "+r.Outcome) {
				t.Errorf("last frame lacks the outcome %q:\n%s", r.Outcome, last)
			}
			ev, _ := r.TL.Event(r.TL.Len())
			if !strings.Contains(last, "step "+strconv.Itoa(ev.Seq)) {
				t.Errorf("last frame lacks step %d:\n%s", ev.Seq, last)
			}
		})
	}
}

type castEvent struct {
	time float64
	data string
}

// parseCast checks that b is JSON lines: a v2 header, then [time, "o",
// data] events with times that never go back.
func parseCast(t *testing.T, b []byte) (castHeader, []castEvent) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	var hdr castHeader
	var events []castEvent
	for n := 0; sc.Scan(); n++ {
		if n == 0 {
			if err := json.Unmarshal(sc.Bytes(), &hdr); err != nil {
				t.Fatalf("header: %v: %s", err, sc.Text())
			}
			continue
		}
		var raw []any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		tm, ok1 := raw[0].(float64)
		kind, ok2 := raw[1].(string)
		data, ok3 := raw[2].(string)
		if len(raw) != 3 || !ok1 || !ok2 || !ok3 || kind != "o" {
			t.Fatalf("line %d: want [time, \"o\", data], got %s", n+1, sc.Text())
		}
		if len(events) > 0 && tm < events[len(events)-1].time {
			t.Fatalf("line %d: time %v before %v", n+1, tm, events[len(events)-1].time)
		}
		events = append(events, castEvent{tm, data})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return hdr, events
}

// term is a tiny terminal: it prints runes at the cursor (advancing by
// their width) and obeys CSI row;col H and CSI 2J; other CSI sequences
// (colours, cursor visibility) change no text.
type term struct {
	w, h, x, y int
	cells      [][]string
}

func newTerm(w, h int) *term {
	t := &term{w: w, h: h}
	t.clear()
	return t
}

func (t *term) clear() {
	t.cells = make([][]string, t.h)
	for y := range t.cells {
		t.cells[y] = make([]string, t.w)
		for x := range t.cells[y] {
			t.cells[y][x] = " "
		}
	}
}

func (t *term) write(s string) {
	for s != "" {
		if strings.HasPrefix(s, "\x1b[") {
			end := strings.IndexFunc(s[2:], func(r rune) bool { return r >= '@' && r <= '~' })
			if end < 0 {
				return
			}
			params, final := s[2:2+end], s[2+end]
			s = s[3+end:]
			switch {
			case final == 'H':
				row, col, _ := strings.Cut(params, ";")
				t.y, _ = strconv.Atoi(row)
				t.x, _ = strconv.Atoi(col)
				t.y, t.x = max(t.y-1, 0), max(t.x-1, 0)
			case final == 'J' && params == "2":
				t.clear()
			}
			continue
		}
		g, rest, width, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		s = rest
		if t.y < t.h && t.x < t.w {
			t.cells[t.y][t.x] = g
			for i := 1; i < width && t.x+i < t.w; i++ {
				t.cells[t.y][t.x+i] = ""
			}
		}
		t.x += width
	}
}

func (t *term) text() string {
	var b strings.Builder
	for _, row := range t.cells {
		b.WriteString(strings.Join(row, ""))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestAsciinemaPlaysIt has the real asciinema read the recording
// (asciinema cat, under script(1) for the terminal it wants) and replays
// what it prints: the screen is the last frame.
func TestAsciinemaPlaysIt(t *testing.T) {
	for _, tool := range []string{"asciinema", "script"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("FTPLAB_REQUIRE_PEERS") == "1" {
				t.Fatalf("%s is missing (apt-get install asciinema bsdutils)", tool)
			}
			t.Skipf("%s is missing (apt-get install asciinema bsdutils)", tool)
		}
	}
	r := labRun(t, "d", sim.ModePORT)
	frames, err := Record(context.Background(), r, DefaultLook, -1)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "d.cast")
	var buf bytes.Buffer
	if err := WriteAsciicast(&buf, "d", frames, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "script", "-qec", "asciinema cat "+file, "/dev/null").Output()
	if err != nil {
		t.Fatalf("asciinema cat: %v", err)
	}
	term := newTerm(DefaultLook.W, DefaultLook.H)
	term.write(string(out))
	if got, want := term.text(), frames[len(frames)-1].Text(); got != want {
		t.Fatalf("asciinema's output replays to\n%s\nwant\n%s", got, want)
	}
}

// TestAsciicastIsReproducible: the same run gives the same file, byte for
// byte (frames at rest only, no wall-clock time in it).
func TestAsciicastIsReproducible(t *testing.T) {
	var files [2][]byte
	for i := range files {
		r := labRun(t, "f", sim.ModePORT)
		frames, err := Record(context.Background(), r, DefaultLook, -1)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteAsciicast(&buf, "f", frames, time.Second); err != nil {
			t.Fatal(err)
		}
		files[i] = buf.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatalf("two exports of the same run differ (%d and %d bytes)", len(files[0]), len(files[1]))
	}
}
