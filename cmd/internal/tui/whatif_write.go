package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"ftplab/assets"
	"ftplab/sim"
)

// Writing the what-if's edited scenario (W in the pane) to a file the
// user names: the scenario file it was read from, with the edited lines
// and the new file's id, checked by sim.ParseScenario before it is
// written. An existing file is never overwritten.

// scenarioSource is the text of the scenario file sf was read from: a
// shipped one from the assets, else the file itself.
func scenarioSource(sf *sim.ScenarioFile, file string) ([]byte, error) {
	if shipped, ok := catalogue.File(sf.Scenario.ID); ok && shipped == sf {
		return fs.ReadFile(assets.ScenarioFS(), file)
	}
	return os.ReadFile(file)
}

// editedSource is src with w's edits and the id id.
func (w *whatIf) editedSource(src []byte, id string) (string, error) {
	lines := strings.Split(string(src), "\n")
	for _, t := range w.texts {
		for i, l := range t.lines {
			n := t.first - 1 + i
			if n >= len(lines) || strings.TrimRight(lines[n], "\r") != t.orig[i] {
				return "", fmt.Errorf("line %d is not what was read: has the file changed?", t.first+i)
			}
			lines[n] = l
		}
	}
	for i := 1; i < len(lines) && strings.TrimSpace(lines[i]) != "---"; i++ {
		if strings.HasPrefix(lines[i], "id:") {
			lines[i] = "id: " + id
			return strings.Join(lines, "\n"), nil
		}
	}
	return "", errors.New("no id: line in the front matter")
}

// writeScenario writes w's edited scenario to the file name (.md), its id
// the file's name, and says where.
func (w *whatIf) writeScenario(name string) (string, error) {
	if !strings.HasSuffix(name, ".md") {
		return "", fmt.Errorf("%q: a scenario file's name ends in .md", name)
	}
	if len(w.overridden) > 0 {
		return "", errOverriddenWrite
	}
	file := w.sf.Scenario.Firewalls
	if len(file) == 0 {
		return "", errors.New("no ruleset to write")
	}
	src, err := scenarioSource(w.sf, file[0].File)
	if err != nil {
		return "", fmt.Errorf("reading the scenario's file: %w", err)
	}
	text, err := w.editedSource(src, strings.TrimSuffix(filepath.Base(name), ".md"))
	if err != nil {
		return "", fmt.Errorf("%s: %w", file[0].File, err)
	}
	if _, err := sim.ParseScenario(name, []byte(text)); err != nil {
		return "", err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return "", err
	}
	return name, f.Close()
}
