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
		screen.SetContent(xx, y, hz, nil, st)
		screen.SetContent(xx, y+h-1, hz, nil, st)
	}
	for yy := y + 1; yy < y+h-1; yy++ {
		screen.SetContent(x, yy, vt, nil, st)
		screen.SetContent(x+w-1, yy, vt, nil, st)
	}
	screen.SetContent(x, y, tl, nil, st)
	screen.SetContent(x+w-1, y, tr, nil, st)
	screen.SetContent(x, y+h-1, bl, nil, st)
	screen.SetContent(x+w-1, y+h-1, br, nil, st)
	if title := b.GetTitle(); title != "" {
		tview.Print(screen, title, x+1, y, w-2, tview.AlignLeft, tview.Styles.TitleColor)
	}
}
