package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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
	// legacy is a directory an older ftplab kept progress in; Load reads
	// it when dir has none yet, and the next Save moves it to dir.
	legacy string
}

// NewStore returns a store in dir (tests pass a temporary directory).
func NewStore(dir string) *Store { return &Store{dir: dir} }

// DefaultStore returns the store in the user's state directory, where
// each platform keeps such files (see stateDir).
func DefaultStore() (*Store, error) {
	dir, legacy, err := stateDir(runtime.GOOS, os.Getenv, os.UserConfigDir, os.UserHomeDir)
	if err != nil {
		return nil, err
	}
	return &Store{dir: dir, legacy: legacy}, nil
}

// stateDir is the ftplab folder in the user's state directory: on Linux
// and the BSDs $XDG_STATE_HOME, by default ~/.local/state (the XDG base
// directory specification); on Windows and macOS, which have no separate
// state directory, os.UserConfigDir (%AppData%, ~/Library/Application
// Support). legacy is where ftplab kept progress before it followed XDG
// (os.UserConfigDir on every platform), or "" when that is dir.
func stateDir(goos string, getenv func(string) string, configDir, homeDir func() (string, error)) (dir, legacy string, err error) {
	config, cerr := configDir()
	if cerr == nil {
		legacy = filepath.Join(config, "ftplab")
	}
	switch goos {
	case "windows", "darwin", "ios", "plan9", "js", "wasip1":
		if cerr != nil {
			return "", "", fmt.Errorf("no folder for progress: %w", cerr)
		}
		return legacy, "", nil
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "ftplab"), legacy, nil
	}
	home, err := homeDir()
	if err != nil {
		return "", "", fmt.Errorf("no folder for progress: %w", err)
	}
	return filepath.Join(home, ".local", "state", "ftplab"), legacy, nil
}

// Path is the progress file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, "progress.json") }

// Load reads the progress; a missing file is an empty Progress.
func (s *Store) Load() (*Progress, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) && s.legacy != "" {
		b, err = os.ReadFile(filepath.Join(s.legacy, "progress.json"))
	}
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

// Reset forgets all progress, the legacy file's too.
func (s *Store) Reset() error {
	for _, p := range []string{s.Path(), filepath.Join(s.legacy, "progress.json")} {
		if p == "progress.json" { // no legacy folder
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
