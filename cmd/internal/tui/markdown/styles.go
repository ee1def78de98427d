package markdown

// A Style is one tview style: foreground and background colour names
// ("" = the widget's default) and attribute flags (b bold, i italic,
// u underline, d dim, r reverse, s strike-through).
type Style struct {
	Fg, Bg, Attrs string
}

// merge lays s over the outer style p: colours replace, attributes add.
func (p Style) merge(s Style) Style {
	out := p
	if s.Fg != "" {
		out.Fg = s.Fg
	}
	if s.Bg != "" {
		out.Bg = s.Bg
	}
	for _, a := range s.Attrs {
		if !containsRune(out.Attrs, a) {
			out.Attrs += string(a)
		}
	}
	return out
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// tag returns the tview tag(s) that set exactly this style. Tags have no
// stack, and attribute flags add to the current ones, so the tag resets
// every field first: [fg:bg:-], then [::attrs].
func (s Style) tag() string {
	fg, bg := s.Fg, s.Bg
	if fg == "" {
		fg = "-"
	}
	if bg == "" {
		bg = "-"
	}
	t := "[" + fg + ":" + bg + ":-]"
	if s.Attrs != "" {
		t += "[::" + s.Attrs + "]"
	}
	return t
}

// Styles is the set of styles the renderer uses, one part of the UI's
// Theme. Style sets differ only in their tags; the text is the same.
type Styles struct {
	Name                         string
	Heading1, Heading2, Heading3 Style
	Emphasis, Strong             Style
	Code                         Style // code span
	CodeBlock                    Style
	Link                         Style // link text
	URL                          Style // the destination shown after it
	Quote                        Style
	Bullet                       Style // list bullets and numbers
	Rule                         Style // thematic break
}

var (
	// Dark is the default, for a dark terminal.
	Dark = Styles{
		Name:      "dark",
		Heading1:  Style{Fg: "yellow", Attrs: "bu"},
		Heading2:  Style{Fg: "yellow", Attrs: "b"},
		Heading3:  Style{Fg: "aqua", Attrs: "b"},
		Emphasis:  Style{Attrs: "i"},
		Strong:    Style{Attrs: "b"},
		Code:      Style{Fg: "lime"},
		CodeBlock: Style{Fg: "lime"},
		Link:      Style{Fg: "aqua", Attrs: "u"},
		URL:       Style{Fg: "gray"},
		Quote:     Style{Fg: "silver", Attrs: "i"},
		Bullet:    Style{Fg: "yellow"},
		Rule:      Style{Fg: "gray"},
	}
	// Projector is high-contrast, for a projected screen: bright
	// colours on black, bold where colour alone would wash out.
	Projector = Styles{
		Name:      "projector",
		Heading1:  Style{Fg: "yellow", Bg: "black", Attrs: "bu"},
		Heading2:  Style{Fg: "yellow", Bg: "black", Attrs: "b"},
		Heading3:  Style{Fg: "white", Bg: "black", Attrs: "bu"},
		Emphasis:  Style{Fg: "white", Attrs: "b"},
		Strong:    Style{Fg: "yellow", Attrs: "b"},
		Code:      Style{Fg: "black", Bg: "white"},
		CodeBlock: Style{Fg: "white", Bg: "navy", Attrs: "b"},
		Link:      Style{Fg: "aqua", Attrs: "bu"},
		URL:       Style{Fg: "white"},
		Quote:     Style{Fg: "white", Attrs: "b"},
		Bullet:    Style{Fg: "yellow", Attrs: "b"},
		Rule:      Style{Fg: "white"},
	}
	// Mono uses attributes only, for NO_COLOR and monochrome terminals.
	Mono = Styles{
		Name:      "mono",
		Heading1:  Style{Attrs: "bu"},
		Heading2:  Style{Attrs: "b"},
		Heading3:  Style{Attrs: "bi"},
		Emphasis:  Style{Attrs: "i"},
		Strong:    Style{Attrs: "b"},
		Code:      Style{Attrs: "r"},
		CodeBlock: Style{},
		Link:      Style{Attrs: "u"},
		URL:       Style{Attrs: "d"},
		Quote:     Style{Attrs: "i"},
		Bullet:    Style{Attrs: "b"},
		Rule:      Style{Attrs: "d"},
	}
)

// All lists the built-in style sets.
func All() []Styles { return []Styles{Dark, Projector, Mono} }
