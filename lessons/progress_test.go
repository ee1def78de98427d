package lessons

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestProgressSaveLoadReset(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "ftplab")
	s := NewStore(dir)

	p, err := s.Load()
	if err != nil || !reflect.DeepEqual(p, &Progress{}) {
		t.Fatalf("Load of nothing = %+v, %v; want empty progress", p, err)
	}
	p.Current, p.Step = "active-mode", 7
	p.Finish("two-connections")
	p.Finish("two-connections")
	p.Record("active-mode", Answer{Checkpoint: 0, Given: "50000", Correct: false})
	p.Record("active-mode", Answer{Checkpoint: 0, Given: "49920", Correct: true})
	p.Record("active-mode", Answer{Checkpoint: 1, Given: "20", Correct: true})
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("loaded %+v, saved %+v", got, p)
	}
	if !got.IsFinished("two-connections") || len(got.Finished) != 1 {
		t.Errorf("finished = %v", got.Finished)
	}
	if a, ok := got.Answer("active-mode", 0); !ok || a.Given != "49920" || !a.Correct {
		t.Errorf("answer 0 = %+v, %v; want the second one recorded", a, ok)
	}
	// The atomic write leaves no temporary file behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "progress.json" {
		t.Errorf("state dir holds %v, want progress.json only", entries)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode %v, want 0700", info.Mode().Perm())
	}

	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(); err != nil {
		t.Fatalf("second Reset: %v", err)
	}
	if p, err := s.Load(); err != nil || !reflect.DeepEqual(p, &Progress{}) {
		t.Fatalf("after Reset: %+v, %v", p, err)
	}
}

func TestProgressCorrupt(t *testing.T) {
	s := NewStore(t.TempDir())
	if err := os.WriteFile(s.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(); err == nil {
		t.Fatal("Load of a corrupt file: no error")
	}
}

func TestDefaultStore(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/tmp/xdg-state")
	s, err := DefaultStore()
	if err != nil || s.Path() != "/tmp/xdg-state/ftplab/progress.json" {
		t.Fatalf("DefaultStore = %v, %v", s.Path(), err)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg-config")
	s, err = DefaultStore()
	if err != nil || s.Path() != "/tmp/xdg-config/ftplab/progress.json" {
		t.Fatalf("DefaultStore without XDG_STATE_HOME = %v, %v", s.Path(), err)
	}
}
