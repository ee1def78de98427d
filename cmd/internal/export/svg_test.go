package export

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"ftplab/sim"
)

func TestSVGIsTheFrame(t *testing.T) {
	for _, tc := range []struct {
		id    string
		mode  sim.Mode
		step  int
		theme string
		bg    string
	}{
		{"c", sim.ModePORT, 12, "dark", Dark.Background},
		{"h2", sim.ModePASV, 20, "projector", "#ffffff"},
	} {
		t.Run(tc.id+"-"+tc.theme, func(t *testing.T) {
			r := labRun(t, tc.id, tc.mode)
			look := Look{W: 100, H: 30, Theme: tc.theme}
			f, err := Snapshot(context.Background(), r, look, tc.step)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteSVG(&buf, f, PaletteFor(tc.theme)); err != nil {
				t.Fatal(err)
			}
			rows, page := parseSVG(t, buf.Bytes(), f.W, f.H)
			if page != tc.bg {
				t.Errorf("page background %q, want %q", page, tc.bg)
			}
			for y := range f.H {
				if got, want := rows[y], strings.TrimRight(f.Row(y), " "); got != want {
					t.Errorf("row %d of the SVG:\n%q\nwant the frame's\n%q", y, got, want)
				}
			}
			ev, _ := r.TL.Event(tc.step)
			all := strings.Join(rows, "\n")
			if !strings.Contains(all, "step "+strconv.Itoa(tc.step)+"/") || !strings.Contains(all, ev.Label) {
				t.Errorf("the SVG lacks step %d or its label %q:\n%s", tc.step, ev.Label, all)
			}
			words := strings.Fields(ev.Text)
			if len(words) > 3 {
				words = words[:3]
			}
			if w := strings.Join(words, " "); !strings.Contains(all, w) {
				t.Errorf("the SVG lacks the event's text %q:\n%s", w, all)
			}
		})
	}
}

// parseSVG parses b as XML and rebuilds the screen's rows from its text
// elements (each placed at its x, y); it returns them and the page's fill.
func parseSVG(t *testing.T, b []byte, w, h int) ([]string, string) {
	t.Helper()
	cells := make([][]string, h)
	for y := range cells {
		cells[y] = make([]string, w)
		for x := range cells[y] {
			cells[y][x] = " "
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	page := ""
	var x, y int
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch tok.Name.Local {
			case "rect":
				if page == "" {
					page = attr["fill"]
				}
			case "text":
				fx, _ := strconv.ParseFloat(attr["x"], 64)
				fy, _ := strconv.ParseFloat(attr["y"], 64)
				x, y = int(math.Round(fx/svgCellW)), int(math.Round((fy-svgFont)/svgCellH))
				inText = true
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if !inText || y < 0 || y >= h {
				continue
			}
			g := uniseg.NewGraphemes(string(tok))
			for g.Next() {
				if x < w {
					cells[y][x] = g.Str()
					for i := 1; i < g.Width() && x+i < w; i++ {
						cells[y][x+i] = ""
					}
				}
				x += g.Width()
			}
		}
	}
	rows := make([]string, h)
	for y := range cells {
		rows[y] = strings.TrimRight(strings.Join(cells[y], ""), " ")
	}
	return rows, page
}
