package markdown

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/assets"
	"ftplab/lessons"
	"ftplab/sim/golden"
)

// plain returns what a tview TextView shows for tagged text: tags applied,
// escapes undone.
func plain(tagged string) string {
	tv := tview.NewTextView().SetDynamicColors(true).SetRegions(true)
	tv.SetText(tagged)
	return tv.GetText(true)
}

// check compares got with the golden file (go test -update rewrites it).
func check(t *testing.T, file, got string) {
	t.Helper()
	golden.Check(t, file, []byte(got))
}

// TestRenderGolden renders each testdata/render/*.md with the dark theme
// (NAME.golden) and checks what tview shows (NAME.plain): the second file
// proves that brackets, escapes and entities come out as written.
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/render/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, f := range files {
		base := strings.TrimSuffix(f, ".md")
		t.Run(filepath.Base(base), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := Render(src, Dark)
			check(t, base+".golden", got)
			check(t, base+".plain", plain(got))
		})
	}
}

// TestRenderThemes: the themes differ only in tags, never in text, and the
// monochrome theme names no colour.
func TestRenderThemes(t *testing.T) {
	src, err := os.ReadFile("testdata/render/lists.md")
	if err != nil {
		t.Fatal(err)
	}
	src2, _ := os.ReadFile("testdata/render/headings.md")
	src = append(append(src, '\n'), src2...)
	want := plain(Render(src, Dark))
	for _, th := range All() {
		got := Render(src, th)
		if p := plain(got); p != want {
			t.Errorf("theme %s: text differs from dark:\n%s\nwant\n%s", th.Name, p, want)
		}
		check(t, "testdata/themes/"+th.Name+".golden", got)
	}
	mono := Render(src, Mono)
	for _, colour := range []string{"yellow", "aqua", "lime", "gray", "silver", "white", "black", "navy"} {
		if strings.Contains(mono, colour) {
			t.Errorf("mono theme uses colour %s", colour)
		}
	}
}

// TestRenderSections: a lesson's label-bound sections render one by one.
func TestRenderSections(t *testing.T) {
	src, err := os.ReadFile("testdata/sections.md")
	if err != nil {
		t.Fatal(err)
	}
	l := lessons.Parse("sections.md", src)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, s := range l.Sections {
		b.WriteString("=== section " + itoa(i) + " line " + itoa(s.Line) + " at " + s.At + " nth " + itoa(s.Nth))
		if s.Scenario != "" || s.Mode != "" {
			b.WriteString(" run " + s.Scenario + "/" + string(s.Mode))
		}
		b.WriteString(" ===\n")
		b.WriteString(Render(s.Markdown, Dark))
	}
	check(t, "testdata/sections.golden", b.String())
}

func itoa(n int) string { return strconv.Itoa(n) }
func TestResolve(t *testing.T) {
	for i, c := range []struct{ in, want string }{
		{`\*x\*`, `*x*`},
		{`\&amp;`, `&amp;`},
		{`&#92;[`, `\[`},
		{`&amp;&lt;&#65;&#x42;`, `&<AB`},
		{`&nosuch; & ;`, `&nosuch; & ;`},
		{`\a \\`, `\a \`},
	} {
		if got := string(resolve([]byte(c.in))); got != c.want {
			t.Errorf("#%d: resolve(%q) = %q, want %q", i, c.in, got, c.want)
		}
	}
}

// TestShippedSectionsRender: every section of every embedded lesson renders
// to some text in every style set.
func TestShippedSectionsRender(t *testing.T) {
	fsys, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lessons.Load(fsys)
	if err != nil || len(ls) == 0 {
		t.Fatalf("loading the shipped lessons: %d lessons, %v", len(ls), err)
	}
	for _, l := range ls {
		for _, th := range All() {
			for j, s := range l.Sections {
				if strings.TrimSpace(Render(s.Markdown, th)) == "" {
					t.Errorf("%s: section %d (line %d) renders empty in %s", l.File, j, s.Line, th.Name)
				}
			}
		}
	}
}

// TestUnderlineEnds draws rendered Markdown in a TextView: the heading
// and the link are underlined, and the text after each is not (tview's
// reset tag leaves tcell's underline on; the renderer must end it).
func TestUnderlineEnds(t *testing.T) {
	src := "# Title\n\nafter the heading [a link](https://example.org) after the link\n\nnext paragraph\n"
	for _, st := range All() {
		t.Run(st.Name, func(t *testing.T) {
			scr := tcell.NewSimulationScreen("UTF-8")
			if err := scr.Init(); err != nil {
				t.Fatal(err)
			}
			defer scr.Fini()
			scr.SetSize(80, 10)
			tv := tview.NewTextView().SetDynamicColors(true).SetWrap(false)
			tv.SetText(Render([]byte(src), st))
			tv.SetRect(0, 0, 80, 10)
			tv.Draw(scr)
			scr.Show()
			underlined := func(word string) (bool, bool) {
				cells, w, h := scr.GetContents()
				for y := 0; y < h; y++ {
					var line strings.Builder
					for x := 0; x < w; x++ {
						line.WriteString(string(cells[y*w+x].Runes))
					}
					if x := strings.Index(line.String(), word); x >= 0 {
						x = len([]rune(line.String()[:x]))
						_, _, style, _ := scr.GetContent(x, y)
						return style.GetUnderlineStyle() != tcell.UnderlineStyleNone, true
					}
				}
				return false, false
			}
			for _, c := range []struct {
				word string
				want bool
			}{{"Title", true}, {"after the heading", false}, {"link", true}, {"after the link", false}, {"next paragraph", false}} {
				got, found := underlined(c.word)
				if !found {
					t.Fatalf("%q is not on the screen", c.word)
				}
				if got != c.want {
					t.Errorf("%q underlined: %v, want %v", c.word, got, c.want)
				}
			}
		})
	}
}
