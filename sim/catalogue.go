package sim

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
)

// Catalogue is a set of scenarios read from scenario files (the shipped
// ones under assets/scenarios, or a teacher's), in file name order. Its
// scenarios are never changed: Lookup and All return copies.
type Catalogue struct {
	files []*ScenarioFile
}

// NewCatalogue reads every *.md file at the top of fsys but README.md as
// a scenario file (ParseScenario). Each file's id must be its name
// without .md. The error lists every problem with its file:line.
func NewCatalogue(fsys fs.FS) (*Catalogue, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("sim: scenario files: %w", err)
	}
	slices.Sort(names)
	c := &Catalogue{}
	var errs LineErrors
	for _, name := range names {
		if name == "README.md" {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("sim: scenario file %s: %w", name, err)
		}
		sf, err := ParseScenario(name, src)
		if err != nil {
			if le, ok := err.(LineErrors); ok {
				errs = append(errs, le...)
				continue
			}
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".md"); sf.Scenario.ID != want {
			errs = append(errs, &LineError{File: name, Line: 1, Msg: fmt.Sprintf("id %q: want the file's name, %q", sf.Scenario.ID, want)})
			continue
		}
		c.files = append(c.files, sf)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(c.files) == 0 {
		return nil, fmt.Errorf("sim: no scenario files (*.md) found")
	}
	return c, nil
}

// All returns every scenario, in file name order.
func (c *Catalogue) All() []Scenario {
	if c == nil {
		return nil
	}
	out := make([]Scenario, len(c.files))
	for i, sf := range c.files {
		out[i] = sf.Scenario.clone()
	}
	return out
}

// IDs lists the scenario ids in catalogue order.
func (c *Catalogue) IDs() []string {
	if c == nil {
		return nil
	}
	ids := make([]string, len(c.files))
	for i, sf := range c.files {
		ids[i] = sf.Scenario.ID
	}
	return ids
}

// File returns the scenario file called id (case-insensitive). A nil
// catalogue has none.
func (c *Catalogue) File(id string) (*ScenarioFile, bool) {
	if c == nil {
		return nil, false
	}
	for _, sf := range c.files {
		if strings.EqualFold(sf.Scenario.ID, id) {
			return sf, true
		}
	}
	return nil, false
}

// Lookup returns the scenario called id (case-insensitive).
func (c *Catalogue) Lookup(id string) (Scenario, error) {
	if sf, ok := c.File(id); ok {
		return sf.Scenario.clone(), nil
	}
	return Scenario{}, fmt.Errorf("sim: unknown scenario %q (known: %s)", id, strings.Join(c.IDs(), " "))
}

// TLSVariant returns the scenario that is id with FTPS switched (j1 for f,
// f for j1): the one whose network, rulesets and server settings are
// id's in every other respect.
func (c *Catalogue) TLSVariant(id string) (string, bool) {
	self, ok := c.File(id)
	if !ok {
		return "", false
	}
	for _, sf := range c.files {
		if sf.Scenario.TLS != self.Scenario.TLS && sameNetwork(sf, self) {
			return sf.Scenario.ID, true
		}
	}
	return "", false
}

// sameNetwork reports whether two scenario files differ at most in their
// names, texts and TLS.
func sameNetwork(a, b *ScenarioFile) bool {
	key := func(sf *ScenarioFile) Scenario {
		s := sf.Scenario.clone()
		s.ID, s.Title, s.Setup, s.TLS = "", "", "", false
		for i := range s.Firewalls {
			s.Firewalls[i].File, s.Firewalls[i].Line, s.Firewalls[i].Ruleset = "", 0, nil
		}
		return s
	}
	return reflect.DeepEqual(key(a), key(b)) &&
		a.ServerDataTimeout == b.ServerDataTimeout && a.ClientDataTimeout == b.ClientDataTimeout
}

// With returns a catalogue holding c's scenarios, then more's. An id in
// both is an error: a folder's scenario cannot replace a shipped one.
func (c *Catalogue) With(more *Catalogue) (*Catalogue, error) {
	out := &Catalogue{files: slices.Clone(c.files)}
	for _, sf := range more.files {
		if _, dup := c.File(sf.Scenario.ID); dup {
			return nil, fmt.Errorf("sim: scenario %s is already in the catalogue: give it another id", sf.Scenario.ID)
		}
		out.files = append(out.files, sf)
	}
	return out, nil
}

// CatalogueOf is the catalogue of the scenario files given, in order
// (ParseScenario's results; ids are not checked against file names).
func CatalogueOf(files ...*ScenarioFile) *Catalogue {
	return &Catalogue{files: slices.Clone(files)}
}
