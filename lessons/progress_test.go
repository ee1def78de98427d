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

func TestStateDir(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	dir := func(d string) func() (string, error) { return func() (string, error) { return d, nil } }
	stateHome := filepath.Join(t.TempDir(), "state") // absolute on every OS
	for _, c := range []struct {
		goos   string
		env    map[string]string
		dir    string
		legacy string
	}{
		{"linux", map[string]string{"XDG_STATE_HOME": stateHome}, filepath.Join(stateHome, "ftplab"), filepath.Join("cfg", "ftplab")},
		{"linux", nil, filepath.Join("home", ".local", "state", "ftplab"), filepath.Join("cfg", "ftplab")},
		{"freebsd", map[string]string{"XDG_STATE_HOME": "relative"}, filepath.Join("home", ".local", "state", "ftplab"), filepath.Join("cfg", "ftplab")},
		{"darwin", map[string]string{"XDG_STATE_HOME": stateHome}, filepath.Join("cfg", "ftplab"), ""},
		{"windows", nil, filepath.Join("cfg", "ftplab"), ""},
	} {
		d, legacy, err := stateDir(c.goos, env(c.env), dir("cfg"), dir("home"))
		if err != nil || d != c.dir || legacy != c.legacy {
			t.Errorf("stateDir(%s, %v) = %q, %q, %v; want %q, %q", c.goos, c.env, d, legacy, err, c.dir, c.legacy)
		}
	}
}

// TestStoreReadsLegacy: progress kept where an older ftplab kept it is
// read, and the next save writes it to the new place.
func TestStoreReadsLegacy(t *testing.T) {
	old := NewStore(t.TempDir())
	p := &Progress{Current: "intro"}
	if err := old.Save(p); err != nil {
		t.Fatal(err)
	}
	s := &Store{dir: filepath.Join(t.TempDir(), "new"), legacy: old.dir}
	got, err := s.Load()
	if err != nil || got.Current != "intro" {
		t.Fatalf("Load with legacy progress = %+v, %v", got, err)
	}
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	if again, err := NewStore(s.dir).Load(); err != nil || again.Current != "intro" {
		t.Errorf("after Save, new store holds %+v, %v", again, err)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(); err != nil || got.Current != "" {
		t.Errorf("after Reset, Load = %+v, %v; want empty", got, err)
	}
}

func TestDefaultStore(t *testing.T) {
	if _, err := DefaultStore(); err != nil {
		t.Errorf("DefaultStore: %v", err)
	}
}
