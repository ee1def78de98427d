package tui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
)

// statusKeys are the key hints of the status bar, most useful first; as
// many as fit are shown.
var statusKeys = [][2]string{
	{"Spc/→", "step"}, {"←", "back"}, {"?", "help"}, {"q", "quit"}, {"p", "play"}, {"+/-", "speed"}, {"m", "mode"},
	{"N", "next lesson"}, {"f", "firewall"}, {"n", "NAT"}, {"t", "TLS"}, {"s", "scenarios"}, {"L", "lessons"},
	{"C", "summary"}, {"1-5", "modes"}, {"c", "compare"}, {"R", "what-if"}, {":", "command"},
	{"r", "restart"}, {"Tab", "pane"},
}

// statusInfo is the left part of the status bar: the open lesson (title,
// run, checkpoints), scenario (id), mode, pace, step, outcome and the
// latest message.
func statusInfo(p *player.Player, id, lesson, msg string, observed bool) string {
	pace := "stepping"
	switch {
	case p.Playing() && p.Full():
		pace = "playing at full speed"
	case p.Playing():
		pace = fmt.Sprintf("playing %s", p.Interval())
	}
	if id == "" {
		id = p.Run().Scenario
	}
	// Only what the student has seen: the run's length and outcome once
	// its last event was shown, never what the lab knows beyond the step
	// (a dropped SYN's timeout is known at once, the question is not).
	total := "…"
	if observed || p.Done() && p.Seen() >= p.Timeline().Len() {
		total = fmt.Sprint(p.Timeline().Len())
	}
	s := fmt.Sprintf(" %s │ %s │ step %d/%s", id, p.Run().Mode, p.Step(), total)
	if lesson != "" {
		s = " " + lesson + " │" + s
	}
	switch {
	case p.AtEnd():
		outcome, blocked := p.Outcome()
		s += " │ run: " + outcome
		if blocked != "" && blocked != "-" {
			s += " (" + blocked + ")"
		}
	case p.Pending():
		s += " │ waiting for the lab…"
	}
	s += " │ " + pace
	if msg != "" {
		// first, so that no width cuts it (a hint of where to go next)
		s = " " + msg + " │" + s
	}
	return s + " "
}

// renderStatus is the one-row status bar: the information, then the keys
// that fit, then "? help" at least; in into's cells (see reuse).
func renderStatus(into *canvas, info string, w int, th Theme) *canvas {
	c := reuse(into, w, 1, th.Status)
	x := c.text(0, 0, w, truncate(info, w), th.Status)
	for _, k := range statusKeys {
		need := len([]rune(k[0])) + len(k[1]) + 2
		if x+need > w {
			break
		}
		x += c.text(x+1, 0, w, k[0], th.Key) + 1
		x += c.text(x+1, 0, w, k[1], th.Status) + 1
	}
	return c
}

// helpText is the help overlay: every key and the setup cycles.
func helpText() string {
	var b strings.Builder
	b.WriteString(`ftplab — keys

  Space, →, l     step one event (replays known steps; at the end,
                  lets the live lab do its next operation)
  ←, h            step back (the live run is not affected)
  Home, End       first / last known step
  p               play / pause
  + / -           play faster / slower; beyond the fastest, full
                  speed: the lab runs without stopping and the
                  screen follows it to the end
  r               restart the run
  m               cycle the client mode: PORT EPRT PASV EPSV PASV_CTLIP
  1 2 3 4 5       that mode directly (1 PORT … 5 PASV_CTLIP)
  f               cycle the firewall setups: a b c d e f g
  n               cycle the NAT setups: h1 h2 i1 i2 i3 i4 i5
  t               toggle FTPS (AUTH TLS): f↔j1, g↔j2, d↔j3
  s               choose any scenario from a menu
  L               choose a lesson (✓ finished; a broken one shows
                  file:line: what is wrong)
  ] / [           the lesson's next / previous run
  c               compare: a second run beside the first (the other
                  mode family; c again: its next mode), stepping
                  with it, each with its verdict; X closes it
  R               what-if: the scenario's rulesets beside the diagram,
                  the rule that decided the step shown marked ▶; ↑↓
                  move, o turns a rule off/on, e edits the line (checked
                  as you type), u undoes it, Enter reruns the edited
                  scenario beside the original (compare view), W
                  writes it to a file you name
  N               the next lesson (after the last: the summary)
  C               the course summary: scores, questions missed
                  (Enter on one retries it)
  :               type a raw FTP command the lab's client sends
                  (PASV, EPSV, PORT, LIST, RETR data.bin, …)
  Tab             move focus: timeline, state, lesson
  j / k           scroll the focused pane
  mouse           click a timeline row to jump there; wheel scrolls
  x               export the run so far (to the step shown) as an
                  asciicast file in the current folder
  w               write the run so far as pcapng captures (both
                  sides of the router) for Wireshark, same folder
  ?               this help (Esc or ? closes it)

On a wire: ▶ ◀ at an end mark who opened the connection (it points
at the end that accepted); → ← on a message or the data bar are the
way it travels (a reply goes server→client, even as a helper reads it).
  q, Ctrl-C       quit

f, n, t, m and s restart the run in the new setup.

At a checkpoint the lab stops before the event it asks about:
  1-9, ↑↓ Enter   choose an answer      typed answer: type, Enter
  Esc             skip the question
  Enter, Space    after the answer: go on and see what happened
  (--present: Enter reveals the answer; nothing is recorded)

Scenarios
`)
	return b.String()
}

// lessonStatus is the lesson's part of the status bar: its title, the run
// when it has several, and the checkpoints answered.
func lessonStatus(p *player.Player) string {
	l := p.Lesson()
	if l == nil {
		return ""
	}
	s := fmt.Sprintf("lesson %d", l.Order) // its title heads the lesson pane
	if n := len(l.Runs()); n > 1 {
		s += fmt.Sprintf(" │ run %d/%d", p.RunIndex()+1, n)
	}
	if n := len(l.Checkpoints); n > 0 {
		k := 0
		for i := range n {
			if p.Answered(i) {
				k++
			}
		}
		s += fmt.Sprintf(" │ checkpoint %d/%d", k, n)
	}
	return s
}

// statusView is the status bar.
type statusView struct {
	*tview.Box
	theme Theme
	info  string
	// the last rendering, of cacheInfo
	cache     *canvas
	cacheInfo string
}

func (v *statusView) Draw(screen tcell.Screen) {
	x, y, w, _ := v.GetRect()
	if v.cache == nil || v.cacheInfo != v.info || v.cache.w != w {
		v.cache, v.cacheInfo = renderStatus(v.cache, v.info, w, v.theme), v.info
	}
	v.cache.drawTo(screen, x, y, w, 1)
}
