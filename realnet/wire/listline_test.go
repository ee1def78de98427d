package wire

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseListLine(t *testing.T) {
	now := time.Date(2023, 11, 25, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		line   string
		name   string
		typ    EntryType
		size   int64
		mod    string // RFC 3339, "" for an error
		target string
	}{
		{"-rw-r--r--    1 0        0            1234 Nov 25 13:32 notes.txt", "notes.txt", TypeFile, 1234, "2023-11-25T13:32:00Z", ""},
		{"-rw-r--r--    1 1000       1000             5 Nov 25 13:32 a b  c.txt\r\n", "a b  c.txt", TypeFile, 5, "2023-11-25T13:32:00Z", ""},
		{"drwxr-xr-x    2 0        0            4096 Jan 01  2020 pub", "pub", TypeDir, 4096, "2020-01-01T00:00:00Z", ""},
		{"lrwxrwxrwx    1 0        0               7 Jan 01  2020 latest -> v1.2", "latest", TypeLink, 7, "2020-01-01T00:00:00Z", "v1.2"},
		// A date later than now (+1 day) is from last year.
		{"-rw-r--r--    1 ftp ftp 10 Dec 24 10:00 xmas", "xmas", TypeFile, 10, "2022-12-24T10:00:00Z", ""},
		{"-rw-r--r--    1 ftp ftp 10 Nov 26 10:00 tomorrow", "tomorrow", TypeFile, 10, "2023-11-26T10:00:00Z", ""},
		// No group column; ACL mark.
		{"-rw-r--r--+ 1 ftp 99 Mar 3 09:05 nogroup", "nogroup", TypeFile, 99, "2023-03-03T09:05:00Z", ""},
		// A name that looks like a date.
		{"-rw-r--r-- 1 a b 1 Nov 2 2021 Nov 3 2022", "Nov 3 2022", TypeFile, 1, "2021-11-02T00:00:00Z", ""},
		{"crw-rw-rw- 1 0 0 0 Jan 01 2020 null", "null", TypeOther, 0, "2020-01-01T00:00:00Z", ""},
		{"11-25-23  01:32PM       <DIR>          old files", "old files", TypeDir, -1, "2023-11-25T13:32:00Z", ""},
		{"11-25-2023  09:02AM             1234 report.pdf", "report.pdf", TypeFile, 1234, "2023-11-25T09:02:00Z", ""},
		// A two-digit DOS year is in the latest century not in the future.
		{"01-01-40 0:00 0 0", "0", TypeFile, 0, "1940-01-01T00:00:00Z", ""},
		{"11-26-23  10:00AM  1 tomorrow", "tomorrow", TypeFile, 1, "2023-11-26T10:00:00Z", ""},
		{"12-24-23  10:00AM  1 xmas", "xmas", TypeFile, 1, "1923-12-24T10:00:00Z", ""},
		{"01-01-00  10:00AM  1 y2k", "y2k", TypeFile, 1, "2000-01-01T10:00:00Z", ""},
		{"01-01-99  10:00AM  1 y1999", "y1999", TypeFile, 1, "1999-01-01T10:00:00Z", ""},
		// A year written in full is kept, even in the future.
		{"bxxxxxxxxx 0 JAn 1 2100 0", "0", TypeOther, 0, "2100-01-01T00:00:00Z", ""},
		{"01-01-2100  10:00AM  1 future", "future", TypeFile, 1, "2100-01-01T10:00:00Z", ""},
		{"total 12", "", "", 0, "", ""},
		{"", "", "", 0, "", ""},
		{"-rw-r--r-- 1 a b 1 Nov 25 13:32", "", "", 0, "", ""},   // no name
		{"-rw-r--r-- 1 a b 1 Foo 25 13:32 x", "", "", 0, "", ""}, // no month
		{"-rw-r--r-- 1 a b x Nov 25 13:32 x", "", "", 0, "", ""}, // no size
		{"-rw-r--r-- 1 a b 1 Nov 32 13:32 x", "", "", 0, "", ""}, // no day 32
		{"-rw-r--r-- 1 a b 1 Nov 25 25:32 x", "", "", 0, "", ""}, // no hour 25
		{"hello world this is not a listing", "", "", 0, "", ""},
		{"11-25-23  01:32PM       -5 x", "", "", 0, "", ""},
	}
	for i, tt := range tests {
		e, err := ParseListLine(tt.line, now)
		if tt.mod == "" {
			if err == nil {
				t.Errorf("#%d: ParseListLine(%q) = %+v, want an error", i, tt.line, e)
			}
			continue
		}
		if err != nil {
			t.Errorf("#%d: ParseListLine(%q): %v", i, tt.line, err)
			continue
		}
		if e.Name != tt.name || e.Type != tt.typ || e.Size != tt.size || e.ModTime.Format(time.RFC3339) != tt.mod || e.Target != tt.target {
			t.Errorf("#%d: ParseListLine(%q) = %q %s %d %s %q; want %q %s %d %s %q", i, tt.line,
				e.Name, e.Type, e.Size, e.ModTime.Format(time.RFC3339), e.Target,
				tt.name, tt.typ, tt.size, tt.mod, tt.target)
		}
	}
	if _, err := ParseListLine("total 8", now); !errors.Is(err, ErrNotEntry) {
		t.Errorf("total line: got %v, want ErrNotEntry", err)
	}
}

// TestParseListLineLocation: times are in now's location, the server's
// local time, for both formats.
func TestParseListLineLocation(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	now := time.Date(2023, 11, 25, 14, 0, 0, 0, paris)
	for _, line := range []string{
		"-rw-r--r-- 1 a b 1 Nov 25 13:32 unix",
		"11-25-23  01:32PM  1 dos",
		"11-25-2023  01:32PM  1 dos4",
	} {
		e, err := ParseListLine(line, now)
		if err != nil {
			t.Errorf("ParseListLine(%q): %v", line, err)
			continue
		}
		if want := time.Date(2023, 11, 25, 13, 32, 0, 0, paris); !e.ModTime.Equal(want) || e.ModTime.Location() != paris {
			t.Errorf("ParseListLine(%q): time %v, want %v", line, e.ModTime, want)
		}
	}
}

func FuzzParseListLine(f *testing.F) {
	f.Add("-rw-r--r--    1 0        0            1234 Nov 25 13:32 notes.txt")
	f.Add("lrwxrwxrwx 1 0 0 7 Jan 01  2020 latest -> v1.2")
	f.Add("11-25-23  01:32PM       <DIR>          old files")
	now := time.Date(2023, 11, 25, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseListLine(s, now)
		if err != nil {
			return
		}
		if e.Name == "" || !strings.Contains(s, e.Name) {
			t.Fatalf("ParseListLine(%q): name %q not in the line", s, e.Name)
		}
		if e.Type == TypeFile && e.Size < 0 {
			t.Fatalf("ParseListLine(%q): file with size %d", s, e.Size)
		}
		// An inferred year (ls -l "13:32", a two-digit DOS year) never
		// puts the file in the future; a year written in full is kept.
		if e.ModTime.After(now.Add(25*time.Hour)) && !strings.Contains(s, strconv.Itoa(e.ModTime.Year())) {
			t.Fatalf("ParseListLine(%q): time %v in the future", s, e.ModTime)
		}
	})
}
