package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/markdown"
)

// Theme is the set of styles the lab draws with. Every style of the mono
// theme uses attributes only, so the current step, a verdict and a change
// stay visible without colour (NO_COLOR, --mono).
type Theme struct {
	Name string
	Mono bool

	Base    tcell.Style // text on the background
	Dim     tcell.Style // secondary text: addresses, times
	Border  tcell.Style // host boxes
	Title   tcell.Style // host names, pane headings
	Port    tcell.Style // an open port
	Listen  tcell.Style // a listening port
	Wire    tcell.Style // a connection's line
	Message tcell.Style // a control line travelling on a wire
	Bytes   tcell.Style // the data bar
	Accept  tcell.Style // a firewall accepting
	Drop    tcell.Style // a firewall dropping or rejecting; failures
	FW      tcell.Style // a firewall at rest
	NAT     tcell.Style // NAT rows and translations
	Helper  tcell.Style // helper expectations, RELATED
	Current tcell.Style // the current step in the timeline
	Changed tcell.Style // a state row that changed at this step
	Status  tcell.Style // the status bar
	Key     tcell.Style // a key name in the status bar

	// Tags are the same styles as tview tags, for TextViews.
	Tags map[string]string
	// Markdown styles the lesson text (see package markdown).
	Markdown markdown.Styles
	md       *mdMemo // the lesson text rendered so far (newTheme; nil: none kept)
}

func newTheme(name string, mono bool) Theme {
	t := darkTheme()
	if mono {
		t = monoTheme()
	} else if name == "projector" {
		t = projectorTheme()
	}
	t.md = newMDMemo()
	return t
}

func darkTheme() Theme {
	bg := tcell.ColorBlack
	s := tcell.StyleDefault.Background(bg)
	t := Theme{
		Name:     "dark",
		Base:     s.Foreground(tcell.ColorSilver),
		Dim:      s.Foreground(tcell.ColorGray),
		Border:   s.Foreground(tcell.ColorSteelBlue),
		Title:    s.Foreground(tcell.ColorYellow).Bold(true),
		Port:     s.Foreground(tcell.ColorAqua).Bold(true),
		Listen:   s.Foreground(tcell.ColorTeal),
		Wire:     s.Foreground(tcell.ColorSilver),
		Message:  s.Foreground(tcell.ColorWhite).Bold(true),
		Bytes:    s.Foreground(tcell.ColorFuchsia),
		Accept:   s.Foreground(tcell.ColorLime).Bold(true),
		Drop:     s.Foreground(tcell.ColorRed).Bold(true),
		FW:       s.Foreground(tcell.ColorOlive),
		NAT:      s.Foreground(tcell.ColorFuchsia),
		Helper:   s.Foreground(tcell.ColorAqua),
		Current:  s.Foreground(tcell.ColorBlack).Background(tcell.ColorYellow).Bold(true),
		Changed:  s.Foreground(tcell.ColorYellow).Bold(true),
		Status:   tcell.StyleDefault.Foreground(tcell.ColorWhite).Background(tcell.ColorNavy),
		Key:      tcell.StyleDefault.Foreground(tcell.ColorYellow).Background(tcell.ColorNavy).Bold(true),
		Markdown: markdown.Dark,
	}
	return t.withTags()
}

func projectorTheme() Theme {
	bg := tcell.ColorBlack
	s := tcell.StyleDefault.Background(bg)
	t := Theme{
		Name:     "projector",
		Base:     s.Foreground(tcell.ColorWhite).Bold(true),
		Dim:      s.Foreground(tcell.ColorWhite),
		Border:   s.Foreground(tcell.ColorWhite).Bold(true),
		Title:    s.Foreground(tcell.ColorYellow).Bold(true),
		Port:     s.Foreground(tcell.ColorAqua).Bold(true),
		Listen:   s.Foreground(tcell.ColorAqua).Bold(true),
		Wire:     s.Foreground(tcell.ColorWhite).Bold(true),
		Message:  s.Foreground(tcell.ColorYellow).Bold(true),
		Bytes:    s.Foreground(tcell.ColorFuchsia).Bold(true),
		Accept:   s.Foreground(tcell.ColorBlack).Background(tcell.ColorLime).Bold(true),
		Drop:     s.Foreground(tcell.ColorWhite).Background(tcell.ColorRed).Bold(true),
		FW:       s.Foreground(tcell.ColorYellow).Bold(true),
		NAT:      s.Foreground(tcell.ColorFuchsia).Bold(true),
		Helper:   s.Foreground(tcell.ColorAqua).Bold(true),
		Current:  s.Foreground(tcell.ColorBlack).Background(tcell.ColorWhite).Bold(true),
		Changed:  s.Foreground(tcell.ColorYellow).Bold(true).Underline(true),
		Status:   tcell.StyleDefault.Foreground(tcell.ColorBlack).Background(tcell.ColorWhite),
		Key:      tcell.StyleDefault.Foreground(tcell.ColorNavy).Background(tcell.ColorWhite).Bold(true),
		Markdown: markdown.Projector,
	}
	return t.withTags()
}

func monoTheme() Theme {
	s := tcell.StyleDefault
	t := Theme{
		Name:     "mono",
		Mono:     true,
		Base:     s,
		Dim:      s.Dim(true),
		Border:   s,
		Title:    s.Bold(true),
		Port:     s.Bold(true),
		Listen:   s.Underline(true),
		Wire:     s,
		Message:  s.Bold(true),
		Bytes:    s.Bold(true),
		Accept:   s.Bold(true).Underline(true),
		Drop:     s.Reverse(true).Bold(true),
		FW:       s,
		NAT:      s.Italic(true),
		Helper:   s.Italic(true),
		Current:  s.Reverse(true).Bold(true),
		Changed:  s.Bold(true).Underline(true),
		Status:   s.Reverse(true),
		Key:      s.Reverse(true).Bold(true),
		Markdown: markdown.Mono,
	}
	return t.withTags()
}

// withTags derives the tview tags of the text panes from the styles.
func (t Theme) withTags() Theme {
	t.Tags = map[string]string{}
	for name, st := range map[string]tcell.Style{
		"base": t.Base, "dim": t.Dim, "title": t.Title, "port": t.Port,
		"accept": t.Accept, "drop": t.Drop, "nat": t.NAT, "helper": t.Helper,
		"changed": t.Changed, "message": t.Message,
	} {
		t.Tags[name] = styleTag(st, t.Mono)
	}
	return t
}

// tag returns the tview tag that sets the named style.
func (t Theme) tag(name string) string { return t.Tags[name] }

// styleTag renders st as a tview tag that resets every field first.
func styleTag(st tcell.Style, mono bool) string {
	fg, bg, attr := st.Decompose()
	f, b := "-", "-"
	if !mono {
		if fg != tcell.ColorDefault {
			f = colorName(fg)
		}
		if bg != tcell.ColorDefault {
			b = colorName(bg)
		}
	}
	flags := ""
	for _, a := range []struct {
		m tcell.AttrMask
		c string
	}{{tcell.AttrBold, "b"}, {tcell.AttrItalic, "i"}, {tcell.AttrDim, "d"}, {tcell.AttrReverse, "r"}, {tcell.AttrUnderline, "u"}} {
		if attr&a.m != 0 {
			flags += a.c
		}
	}
	tag := "[" + f + ":" + b + ":-]"
	if flags != "" {
		tag += "[::" + flags + "]"
	}
	return tag
}

func colorName(c tcell.Color) string {
	for name, v := range tcell.ColorNames {
		if v == c {
			return name
		}
	}
	return c.CSS()
}

// apply sets tview's global styles; call it before building any widget
// (tview copies them at construction).
func (t Theme) apply() {
	fg, bg, _ := t.Base.Decompose()
	bfg, _, _ := t.Border.Decompose()
	tfg, _, _ := t.Title.Decompose()
	if t.applied(fg, bg, bfg, tfg) {
		return // a class's labs share these globals: write them once
	}
	tview.Styles.PrimitiveBackgroundColor = bg
	tview.Styles.ContrastBackgroundColor = bg
	tview.Styles.MoreContrastBackgroundColor = bg
	tview.Styles.PrimaryTextColor = fg
	tview.Styles.SecondaryTextColor = tfg
	tview.Styles.TertiaryTextColor = tfg
	tview.Styles.BorderColor = bfg
	tview.Styles.TitleColor = tfg
	tview.Styles.GraphicsColor = bfg
	tview.Styles.InverseTextColor = bg
	tview.Styles.ContrastSecondaryTextColor = fg
}
