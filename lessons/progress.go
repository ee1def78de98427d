package lessons

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Progress is what the lab remembers between sessions: lessons finished,
// checkpoint answers, and where the student stopped.
type Progress struct {
	Current  string              `json:"current,omitempty"` // lesson id
	Step     int                 `json:"step,omitempty"`    // timeline step in it
	Finished []string            `json:"finished,omitempty"`
	Answers  map[string][]Answer `json:"answers,omitempty"` // by lesson id
}

// An Answer is the student's last answer to one checkpoint.
type Answer struct {
	Checkpoint int    `json:"checkpoint"` // index in the lesson's Checkpoints, from 0
	Given      string `json:"given"`
	Correct    bool   `json:"correct"`
}

// Finish marks a lesson finished.
func (p *Progress) Finish(id string) {
	if !p.IsFinished(id) {
		p.Finished = append(p.Finished, id)
	}
}

// IsFinished reports whether the lesson was finished.
func (p *Progress) IsFinished(id string) bool { return slices.Contains(p.Finished, id) }

// Record keeps the answer to a checkpoint, replacing an earlier one.
func (p *Progress) Record(id string, a Answer) {
	if p.Answers == nil {
		p.Answers = map[string][]Answer{}
	}
	as := p.Answers[id]
	for i := range as {
		if as[i].Checkpoint == a.Checkpoint {
			as[i] = a
			return
		}
	}
	p.Answers[id] = append(as, a)
}

// Answer returns the recorded answer to a checkpoint.
func (p *Progress) Answer(id string, checkpoint int) (Answer, bool) {
	for _, a := range p.Answers[id] {
		if a.Checkpoint == checkpoint {
			return a, true
		}
	}
	return Answer{}, false
}

// A Store keeps Progress in a JSON file, progress.json, in its directory.
type Store struct {
	dir string
}

// NewStore returns a store in dir (tests pass a temporary directory).
func NewStore(dir string) *Store { return &Store{dir: dir} }

// DefaultStore returns the store in the user's state directory:
// $XDG_STATE_HOME/ftplab, or else os.UserConfigDir()/ftplab.
func DefaultStore() (*Store, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return NewStore(filepath.Join(d, "ftplab")), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return nil, err
	}
	return NewStore(filepath.Join(d, "ftplab")), nil
}

// Path is the progress file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, "progress.json") }

// Load reads the progress; a missing file is an empty Progress.
func (s *Store) Load() (*Progress, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return &Progress{}, nil
	}
	if err != nil {
		return nil, err
	}
	var p Progress
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Save writes the progress atomically: a temporary file in the same
// directory, synced, then renamed over the old one.
func (s *Store) Save(p *Progress) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(s.dir, ".progress-*.json")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, s.Path())
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Reset forgets all progress.
func (s *Store) Reset() error {
	err := os.Remove(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
