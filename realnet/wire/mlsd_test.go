package wire

import (
	"maps"
	"testing"
	"time"
)

func TestParseFactLine(t *testing.T) {
	tests := []struct {
		line   string
		name   string
		typ    EntryType
		size   int64
		mod    string
		perm   string
		target string
		err    bool
	}{
		{"type=file;size=1234;modify=20231125133200;perm=r; notes 2023.txt", "notes 2023.txt", TypeFile, 1234, "2023-11-25T13:32:00Z", "r", "", false},
		{"Type=DIR;Modify=20200101000000.5;UNIX.mode=0755; pub", "pub", TypeDir, -1, "2020-01-01T00:00:00.5Z", "", "", false},
		{"type=cdir;unique=801g4000e; .", ".", TypeCDir, -1, "", "", "", false},
		{"type=OS.unix=slink:/srv/Target;size=7; link\r\n", "link", TypeLink, 7, "", "", "/srv/Target", false},
		{"type=file; semi;colon name", "semi;colon name", TypeFile, -1, "", "", "", false},
		{" bare", "bare", TypeOther, -1, "", "", "", false},
		{"type=file;size=-1; x", "", "", 0, "", "", "", true},
		{"type=file;size=1;", "", "", 0, "", "", "", true},
		{"type=file;modify=2023; x", "", "", 0, "", "", "", true},
		{"type=file;noequals; x", "", "", 0, "", "", "", true},
		{"type=file x", "", "", 0, "", "", "", true},
		{"type=file; ", "", "", 0, "", "", "", true},
	}
	for i, tt := range tests {
		e, err := ParseFactLine(tt.line)
		if tt.err {
			if err == nil {
				t.Errorf("#%d: ParseFactLine(%q) = %+v, want an error", i, tt.line, e)
			}
			continue
		}
		if err != nil {
			t.Errorf("#%d: ParseFactLine(%q): %v", i, tt.line, err)
			continue
		}
		mod := ""
		if !e.ModTime.IsZero() {
			mod = e.ModTime.Format(time.RFC3339Nano)
		}
		if e.Name != tt.name || e.Type != tt.typ || e.Size != tt.size || mod != tt.mod || e.Perm != tt.perm || e.Target != tt.target {
			t.Errorf("#%d: ParseFactLine(%q) = %q %s %d %s %q %q; want %q %s %d %s %q %q", i, tt.line,
				e.Name, e.Type, e.Size, mod, e.Perm, e.Target, tt.name, tt.typ, tt.size, tt.mod, tt.perm, tt.target)
		}
	}
}

func TestTimeVal(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"20231125133200", "2023-11-25T13:32:00Z"},
		{"20231125133200.123", "2023-11-25T13:32:00.123Z"},
		{"2023112513320", ""},
		{"20231325133200", ""},
		{"20231125133200.", ""},
		{"2023112513320x", ""},
	}
	for i, tt := range tests {
		got, err := ParseTimeVal(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("#%d: ParseTimeVal(%q) = %v, want an error", i, tt.in, got)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339Nano) != tt.want {
			t.Errorf("#%d: ParseTimeVal(%q) = %v, %v; want %s", i, tt.in, got, err, tt.want)
		}
	}
	if s := FormatTimeVal(time.Date(2023, 11, 25, 13, 32, 0, 123e6, time.UTC)); s != "20231125133200.123" {
		t.Errorf("FormatTimeVal = %q", s)
	}
}

func FuzzParseFactLine(f *testing.F) {
	f.Add("type=file;size=1234;modify=20231125133200;perm=r; notes 2023.txt")
	f.Add("type=OS.unix=slink:/x; l")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseFactLine(s)
		if err != nil {
			return
		}
		line := FormatFactLine(e.Facts, e.Name)
		again, err := ParseFactLine(line)
		if err != nil || again.Name != e.Name || !maps.Equal(again.Facts, e.Facts) {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, e, line, again, err)
		}
	})
}

func FuzzParseTimeVal(f *testing.F) {
	f.Add("20231125133200.123")
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTimeVal(s)
		if err != nil {
			return
		}
		tm = tm.Truncate(time.Millisecond)
		if again, err := ParseTimeVal(FormatTimeVal(tm)); err != nil || !again.Equal(tm) {
			t.Fatalf("%q → %v → %q → %v, %v", s, tm, FormatTimeVal(tm), again, err)
		}
	})
}
