package tui

import (
	"fmt"
	"strings"
	"testing"

	"ftplab/sim"
)

// TestArrowsMeanOneThing, at 80x24 and 120x40: the helper reading the
// server's 229 (i5, EPSV) is drawn server→client (←), as the 229 itself;
// a RETR's bytes in passive mode flow from the server (the right box)
// though the client opened the connection (▶ at the server's end).
func TestArrowsMeanOneThing(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			k, ev := nthLabel(t, "i5", sim.ModeEPSV, sim.LabelHelperParse, 1)
			if !strings.HasPrefix(ev.Line, "229") {
				t.Fatalf("i5/EPSV's first helper.parse reads %q, want the 229", ev.Line)
			}
			h := startApp(t, "i5", sim.ModeEPSV, size[0], size[1], false)
			h.steps(k)
			s := h.waitFor(fmt.Sprintf("step %d/", k), "← 229")
			h.lacks(s, "→ 229")
			h.quit()

			b, _ := nthLabel(t, "a", sim.ModePASV, sim.LabelDataBytes, 1)
			h = startApp(t, "a", sim.ModePASV, size[0], size[1], false)
			h.steps(b)
			s = h.waitFor(fmt.Sprintf("step %d/", b), "← █")
			h.lacks(s, "█ →")
			if !strings.Contains(s, "▶┤") {
				t.Errorf("no ▶ at the server's end of the data connection:\n%s", s)
			}
			h.quit()
		})
	}
}
