package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// drawFrame draws b's border and title like tview does, without filling
// the inside first: the canvas views cover every inner cell themselves,
// and the fill costs a third of a full redraw.
func drawFrame(screen tcell.Screen, b *tview.Box, focused bool, st tcell.Style) {
	x, y, w, h := b.GetRect()
	if w < 2 || h < 2 {
		return
	}
	hz, vt, tl, tr, bl, br := tview.Borders.Horizontal, tview.Borders.Vertical, tview.Borders.TopLeft, tview.Borders.TopRight, tview.Borders.BottomLeft, tview.Borders.BottomRight
	if focused {
		hz, vt, tl, tr, bl, br = tview.Borders.HorizontalFocus, tview.Borders.VerticalFocus, tview.Borders.TopLeftFocus, tview.Borders.TopRightFocus, tview.Borders.BottomLeftFocus, tview.Borders.BottomRightFocus
	}
	for xx := x + 1; xx < x+w-1; xx++ {
		putRune(screen, xx, y, hz, st)
		putRune(screen, xx, y+h-1, hz, st)
	}
	for yy := y + 1; yy < y+h-1; yy++ {
		putRune(screen, x, yy, vt, st)
		putRune(screen, x+w-1, yy, vt, st)
	}
	putRune(screen, x, y, tl, st)
	putRune(screen, x+w-1, y, tr, st)
	putRune(screen, x, y+h-1, bl, st)
	putRune(screen, x+w-1, y+h-1, br, st)
	if title := b.GetTitle(); title != "" {
		tview.Print(screen, title, x+1, y, w-2, tview.AlignLeft, tview.Styles.TitleColor)
	}
}
