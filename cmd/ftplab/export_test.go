package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if !strings.Contains(text.String(), "step 5/5") || !strings.Contains(text.String(), "control.accept") {
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
