package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/cmd/internal/tui/labsession"
	"ftplab/realnet/capture"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

func TestRunAsciicast(t *testing.T) {
	code, out, errs := runCmd("run", "--scenario", "d", "--mode", "PORT", "--format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	var tl struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &tl); err != nil || len(tl.Events) == 0 {
		t.Fatalf("json timeline: %v (%d events)", err, len(tl.Events))
	}
	code, out, errs = runCmd("run", "--scenario", "d", "--mode", "PORT", "--format", "asciicast", "--size", "100x30", "--interval", "500ms")
	if code != 0 {
		t.Fatalf("asciicast: exit %d: %s", code, errs)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	lines := 0
	last := -1.0
	for sc.Scan() {
		lines++
		if lines == 1 {
			var h struct{ Version, Width, Height int }
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Version != 2 || h.Width != 100 || h.Height != 30 {
				t.Fatalf("header %s: %v", sc.Text(), err)
			}
			continue
		}
		var ev []any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || len(ev) != 3 || ev[1] != "o" {
			t.Fatalf("line %d %.80s: %v", lines, sc.Text(), err)
		}
		if tm := ev[0].(float64); tm < last || (lines > 2 && tm-last != 0.5) {
			t.Fatalf("line %d: time %v after %v, want 0.5 s steps", lines, tm, last)
		} else {
			last = tm
		}
	}
	// a header, then step 0 and one frame per event
	if want := 1 + 1 + len(tl.Events); lines != want {
		t.Errorf("%d lines, want %d", lines, want)
	}
}

func TestSnapshotSVG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.svg")
	code, _, errs := runCmd("snapshot", "--scenario", "c", "--mode", "PORT", "--step", "5", "--svg", file, "--theme", "projector")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
		}
	}
	if !strings.Contains(text.String(), "step 5/") || !strings.Contains(text.String(), "control.accept") {
		t.Errorf("the SVG lacks step 5 and its event:\n%s", text.String())
	}
}

func TestHandoutCommand(t *testing.T) {
	dir := t.TempDir()
	md, page := filepath.Join(dir, "h.md"), filepath.Join(dir, "h.html")
	code, _, errs := runCmd("handout", "passive-mode", "--md", md, "--html", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{md, page} {
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), "Answer key") || !strings.Contains(string(b), "Passive mode") {
			t.Errorf("%s: %v\n%.300s", f, err, b)
		}
	}
	for _, args := range [][]string{
		{"handout", "no-such-lesson", "--md", md},
		{"handout", "passive-mode"},
		{"snapshot", "--svg", page, "--size", "40x10"},
		{"run", "--format", "asciicast", "--theme", "pink"},
	} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
}

// TestCastExporter is the lab's x key behind the UI: a real run, exported
// from its start to step 7 at the lab's size.
func TestCastExporter(t *testing.T) {
	opts, err := labOptions(sim.Run{Scenario: "d", Mode: sim.ModePORT}, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, tl, err := labrun.Exec(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name, err := castExporter(dir)(tui.RunSoFar{Run: sim.Run{Scenario: "d", Mode: sim.ModePORT}, TL: tl, Step: 7, Theme: "dark", W: 90, H: 26})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if filepath.Dir(name) != dir || len(lines) != 1+8 || !strings.Contains(lines[0], `"width":90,"height":26`) {
		t.Fatalf("%s: %d lines, want a 90x26 header and steps 0..7:\n%.200s", name, len(lines), lines[0])
	}
	if !strings.Contains(lines[len(lines)-1], "step 7/") {
		t.Errorf("the last frame is not step 7: %.300s", lines[len(lines)-1])
	}
}

// TestExportKeyInTheLab presses x in the real lab (a live stepped run on
// a simulation screen): the export draws a second lab while the first
// waits, and its file appears (run it with -race: the two share tview's
// styles).
func TestExportKeyInTheLab(t *testing.T) {
	dir := t.TempDir()
	s := tcell.NewSimulationScreen("")
	app := tui.New(tui.Options{Run: sim.Run{Scenario: "d", Mode: sim.ModePORT}, Start: labsession.Starter(1),
		Screen: s, Export: castExporter(dir)})
	s.SetSize(100, 30)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	defer func() {
		app.Stop()
		<-end
	}()
	s.InjectKey(tcell.KeyRune, ' ', tcell.ModNone)
	s.InjectKey(tcell.KeyRune, 'x', tcell.ModNone)
	deadline := time.Now().Add(20 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "ftplab-d-PORT-step*.cast"))
		if len(files) == 1 {
			b, err := os.ReadFile(files[0])
			if err == nil && strings.HasSuffix(string(b), "\n") {
				var h struct{ Version, Width, Height int }
				first, _, _ := strings.Cut(string(b), "\n")
				if err := json.Unmarshal([]byte(first), &h); err != nil || h.Version != 2 || h.Width != 100 || h.Height != 30 {
					t.Fatalf("%s: header %s: %v", files[0], first, err)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no export in %s after 20 s: %v", dir, files)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPcapExporter: the w key's writer puts the run up to the step shown
// into a capture per side of the router, which analyze reads back: at the
// step before the server's data connection, it holds no data connection.
func TestPcapExporter(t *testing.T) {
	run := sim.Run{Scenario: "c", Mode: sim.ModePORT}
	opts, err := labOptions(run, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, tl, err := labrun.Exec(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	dc := tl.Nth(sim.LabelDataConnect, 1)
	for _, tc := range []struct {
		step     int
		wantData bool
	}{{dc - 1, false}, {tl.Len(), true}} {
		dir := t.TempDir()
		where, err := pcapExporter(dir)(tui.RunSoFar{Run: run, TL: tl, Step: tc.step})
		if err != nil {
			t.Fatal(err)
		}
		files := strings.Split(where, ", ")
		if len(files) != 2 {
			t.Fatalf("wrote %q, want two captures", where)
		}
		res, err := capture.AnalyzeFile(files[0])
		if err != nil || len(res.Sessions) != 1 {
			t.Fatalf("analyze %s: %v, %d sessions", files[0], err, len(res.Sessions))
		}
		data := 0
		for _, at := range res.Sessions[0].Attempts {
			data += len(at.Data)
		}
		if (data > 0) != tc.wantData {
			t.Errorf("step %d of %d: %d data connections in the capture, want any: %v", tc.step, tl.Len(), data, tc.wantData)
		}
	}
}
