package tui

import (
	"errors"
	"fmt"
	"strings"

	"ftplab/sim"
)

// The what-if (R): the scenario's rulesets beside the diagram, the rule
// that decided the step shown highlighted; the user turns a rule off or
// edits a line, and reruns the scenario so edited beside the original
// (the compare view). Edits live in memory only: the scenario files are
// never written.

// ruleText is one host's ruleset as the what-if shows and edits it: its
// lines as in the scenario file, and as edited (as many: an edit
// replaces one line, so file lines keep their numbers).
type ruleText struct {
	host  string // client, router, server
	fw    string // the firewall's name in events (router-fw)
	first int    // the file line of lines[0]
	orig  []string
	lines []string
}

// text is the edited ruleset, as WithRuleset takes it.
func (t *ruleText) text() string { return strings.Join(t.lines, "\n") }

// whatIf is the what-if of one scenario file: its rulesets, the edits,
// and a cursor over every line of every ruleset, in file order.
type whatIf struct {
	sf     *sim.ScenarioFile
	texts  []*ruleText
	cursor int
	// the run's overrides that made the text shown ("helper=off"; see
	// whatif_override.go)
	overridden []string
}

func newWhatIf(sf *sim.ScenarioFile) *whatIf {
	w := &whatIf{sf: sf}
	for _, fw := range sf.Scenario.Firewalls {
		lines := strings.Split(strings.TrimSuffix(fw.Text, "\n"), "\n")
		w.texts = append(w.texts, &ruleText{host: fw.Host, fw: fw.Name, first: fw.Line,
			orig: lines, lines: append([]string(nil), lines...)})
	}
	return w
}

// id is the scenario's id.
func (w *whatIf) id() string { return w.sf.Scenario.ID }

// count is the number of lines of every ruleset.
func (w *whatIf) count() int {
	n := 0
	for _, t := range w.texts {
		n += len(t.lines)
	}
	return n
}

// at returns the ruleset and the index in it of line i of all of them.
func (w *whatIf) at(i int) (*ruleText, int) {
	for _, t := range w.texts {
		if i < len(t.lines) {
			return t, i
		}
		i -= len(t.lines)
	}
	return nil, 0
}

// index is the position among all lines of the line of firewall fw at
// file line n; -1 if none.
func (w *whatIf) index(fw string, n int) int {
	base := 0
	for _, t := range w.texts {
		if t.fw == fw && n >= t.first && n < t.first+len(t.lines) {
			return base + n - t.first
		}
		base += len(t.lines)
	}
	return -1
}

// move moves the cursor by d lines, within the rulesets.
func (w *whatIf) move(d int) {
	w.cursor = max(0, min(w.cursor+d, w.count()-1))
}

// current is the line under the cursor as edited.
func (w *whatIf) current() string {
	t, i := w.at(w.cursor)
	if t == nil {
		return ""
	}
	return t.lines[i]
}

// try is the scenario with every edit and the line under the cursor set
// to line; the error names file:line:col.
func (w *whatIf) try(line string) (*sim.ScenarioFile, error) {
	t, i := w.at(w.cursor)
	if t == nil {
		return nil, errors.New("no ruleset to edit")
	}
	was := t.lines[i]
	t.lines[i] = line
	defer func() { t.lines[i] = was }()
	return w.edited()
}

// set makes line the line under the cursor, if the rulesets still parse;
// else nothing changes and the error says why.
func (w *whatIf) set(line string) error {
	if _, err := w.try(line); err != nil {
		return err
	}
	t, i := w.at(w.cursor)
	t.lines[i] = line
	return nil
}

// toggle turns the line under the cursor off (comments it out) or back
// on, if the rulesets still parse.
func (w *whatIf) toggle() error {
	line := w.current()
	switch {
	case w.count() == 0:
		return errors.New("no ruleset to edit")
	case strings.TrimSpace(line) == "":
		return errors.New("an empty line: nothing to turn off")
	case isComment(line):
		return w.set(uncomment(line))
	}
	return w.set(commentOut(line))
}

// revert gives the line under the cursor its text from the file back.
func (w *whatIf) revert() {
	if t, i := w.at(w.cursor); t != nil {
		t.lines[i] = t.orig[i]
	}
}

// edited is the scenario file with every edit applied.
func (w *whatIf) edited() (*sim.ScenarioFile, error) {
	sf := w.sf
	for _, t := range w.texts {
		if t.text() == strings.Join(t.orig, "\n") {
			continue
		}
		var err error
		if sf, err = sf.WithRuleset(t.host, t.text()); err != nil {
			return nil, err
		}
	}
	return sf, nil
}

// changes says what the edits changed, one phrase per line changed:
// "router line 12 off", "client line 30 on", "server line 9 edited".
func (w *whatIf) changes() []string {
	var out []string
	for _, t := range w.texts {
		for i, l := range t.lines {
			o := t.orig[i]
			if l == o {
				continue
			}
			what := "edited"
			switch {
			case l == commentOut(o):
				what = "off"
			case isComment(o) && l == uncomment(o):
				what = "on"
			}
			out = append(out, fmt.Sprintf("%s line %d %s", t.host, t.first+i, what))
		}
	}
	return out
}

// summary is the changes in a title's few words.
func summary(changes []string) string {
	switch len(changes) {
	case 0:
		return "no change"
	case 1, 2:
		return strings.Join(changes, ", ")
	}
	return fmt.Sprintf("%s, %d more changes", changes[0], len(changes)-1)
}

// whatIfID is the id of a scenario's edited copy: "c'" for c.
func whatIfID(id string) string { return id + "'" }

func isComment(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "#") }

// commentOut puts "# " after the line's indentation.
func commentOut(l string) string {
	rest := strings.TrimLeft(l, " \t")
	return l[:len(l)-len(rest)] + "# " + rest
}

// uncomment takes the "#" (and one space after it) out of a comment line.
func uncomment(l string) string {
	rest := strings.TrimLeft(l, " \t")
	body := strings.TrimPrefix(strings.TrimPrefix(rest, "#"), " ")
	return l[:len(l)-len(rest)] + body
}
