package classroom

import "github.com/gdamore/tcell/v2"

// style makes st the terminal's style unless it is. A style's encoding
// is kept: terminfo's parameters are parsed at every TParm.
func (t *termWriter) style(st tcell.Style) {
	if st == tcell.StyleDefault {
		st = t.def
	}
	if t.penKnown && st == t.pen {
		return
	}
	t.pen, t.penKnown = st, true
	seq, ok := t.seqs[st]
	if !ok {
		from := len(t.buf)
		t.encode(st)
		seq = string(t.buf[from:])
		if len(t.seqs) >= maxStyles {
			clear(t.seqs)
		}
		t.seqs[st] = seq
		return
	}
	t.buf = append(t.buf, seq...)
}

// encode adds style st as tcell's drawCell sends it: all attributes off,
// then the colours and each attribute.
func (t *termWriter) encode(st tcell.Style) {
	ti := t.ti
	t.puts(ti.AttrOff)
	fg, bg, attrs := st.Decompose()
	attrs = t.fgBg(fg, bg, attrs)
	if attrs&tcell.AttrBold != 0 {
		t.puts(ti.Bold)
	}
	if st.GetUnderlineStyle() != tcell.UnderlineStyleNone {
		t.puts(ti.Underline)
	}
	for _, a := range []struct {
		attr tcell.AttrMask
		seq  string
	}{{tcell.AttrReverse, ti.Reverse}, {tcell.AttrBlink, ti.Blink}, {tcell.AttrDim, ti.Dim},
		{tcell.AttrItalic, ti.Italic}, {tcell.AttrStrikeThrough, ti.StrikeThrough}} {
		if attrs&a.attr != 0 {
			t.puts(a.seq)
		}
	}
}

// fgBg sends the colours fg and bg, as tcell's sendFgBg does, and returns
// the attributes to send: on a terminal without colours a dark
// foreground is shown in reverse video.
func (t *termWriter) fgBg(fg, bg tcell.Color, attrs tcell.AttrMask) tcell.AttrMask {
	ti := t.ti
	if t.colors == 0 {
		if !fg.Valid() {
			return attrs
		}
		v, ok := t.fitted[fg]
		if !ok {
			v = tcell.FindColor(fg, []tcell.Color{tcell.ColorBlack, tcell.ColorWhite})
			t.fitted[fg] = v
		}
		switch v {
		case tcell.ColorWhite:
			return attrs
		case tcell.ColorBlack:
			return attrs ^ tcell.AttrReverse
		}
	}
	if fg == tcell.ColorReset || bg == tcell.ColorReset {
		t.puts(ti.ResetFgBg)
	}
	if t.truecolor {
		if ti.SetFgBgRGB != "" && fg.IsRGB() && bg.IsRGB() {
			r1, g1, b1 := fg.RGB()
			r2, g2, b2 := bg.RGB()
			t.puts(ti.TParm(ti.SetFgBgRGB, int(r1), int(g1), int(b1), int(r2), int(g2), int(b2)))
			return attrs
		}
		if fg.IsRGB() && ti.SetFgRGB != "" {
			r, g, b := fg.RGB()
			t.puts(ti.TParm(ti.SetFgRGB, int(r), int(g), int(b)))
			fg = tcell.ColorDefault
		}
		if bg.IsRGB() && ti.SetBgRGB != "" {
			r, g, b := bg.RGB()
			t.puts(ti.TParm(ti.SetBgRGB, int(r), int(g), int(b)))
			bg = tcell.ColorDefault
		}
	}
	fg, bg = t.fit(fg), t.fit(bg)
	switch {
	case fg.Valid() && bg.Valid() && ti.SetFgBg != "":
		t.puts(ti.TParm(ti.SetFgBg, int(fg&0xff), int(bg&0xff)))
	default:
		if fg.Valid() && ti.SetFg != "" {
			t.puts(ti.TParm(ti.SetFg, int(fg&0xff)))
		}
		if bg.Valid() && ti.SetBg != "" {
			t.puts(ti.TParm(ti.SetBg, int(bg&0xff)))
		}
	}
	return attrs
}

// fit is the terminal's colour nearest c.
func (t *termWriter) fit(c tcell.Color) tcell.Color {
	if !c.Valid() {
		return c
	}
	v, ok := t.fitted[c]
	if !ok {
		v = tcell.FindColor(c, t.palette)
		t.fitted[c] = v
	}
	return v
}
