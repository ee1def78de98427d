package tui

import "ftplab/sim"

// fitNetwork draws the diagram w cells wide in at most maxH rows (0: as
// many as it takes). A wide screen gets the big diagram when it fits.
// Short of rows the diagram gives up detail in a fixed order, and never
// draws a box cut: first the router's NAT table leaves its box (the
// state tables list it, and each wire through the router shows its own
// translation), then the oldest item rows, counted on the client box's
// bottom border ("+2 more"), keeping the step's own connection.
func fitNetwork(n netScene, w, maxH int) *canvas { return fitNetworkIn(nil, n, w, maxH) }

// fitNetworkIn is fitNetwork drawing in into's cells (see reuse).
func fitNetworkIn(into *canvas, n netScene, w, maxH int) *canvas {
	type form struct{ big, noNAT bool }
	forms := []form{{false, false}, {false, true}}
	if w >= bigWidth {
		forms = append([]form{{true, false}}, forms...)
	}
	var p netPlan
	for _, f := range forms {
		p = planNetwork(n, w, f.big, f.noNAT, 0)
		if maxH <= 0 || p.height() <= maxH {
			return drawNetwork(into, n, p)
		}
	}
	keep := max(1, len(p.items)-(p.height()-maxH))
	return drawNetwork(into, n, planNetwork(n, w, false, true, keep))
}

// keepItems keeps keep of items, in their order: the one of connection
// cur (the step's own) and the newest. It returns them and how many it
// left out.
func keepItems(items []netItem, keep int, cur sim.ConnID) ([]netItem, int) {
	kept := make([]bool, len(items))
	n := 0
	for i, it := range items {
		if cur != 0 && it.conn != nil && it.conn.ID == cur {
			kept[i], n = true, 1
		}
	}
	for i := len(items) - 1; i >= 0 && n < keep; i-- {
		if !kept[i] {
			kept[i] = true
			n++
		}
	}
	var out []netItem
	for i, it := range items {
		if kept[i] {
			out = append(out, it)
		}
	}
	return out, len(items) - len(out)
}
