package wire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrNotEntry is returned for a LIST line that describes no file: a blank
// line or the "total 12" line that ls -l starts with.
var ErrNotEntry = errors.New("not a file entry")

// ParseListLine parses one line of a LIST reply. RFC 959 leaves the format
// to the server; two are common and both are accepted:
//
//	-rw-r--r--    1 0        0          1234 Nov 25 13:32 notes 2023.txt   (ls -l: vsftpd, pure-ftpd, FileZilla Server)
//	lrwxrwxrwx    1 0        0             7 Jan 01  2020 latest -> v1.2
//	11-25-23  01:32PM       <DIR>          old files                      (MS-DOS style: IIS)
//
// An ls -l line gives the year only for files older than about six months;
// for the others the year is inferred from now, which the caller passes in
// so that parsing is deterministic: the most recent year that does not put
// the file more than a day in the future. A two-digit MS-DOS year gets its
// century the same way. Times are in now's location, since servers list in
// their own local time and do not say which. A year written in full is
// kept, even in the future: a file's time can be set to anything.
func ParseListLine(line string, now time.Time) (Entry, error) {
	line = strings.TrimRight(line, "\r\n")
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.HasPrefix(trimmed, "total ") {
		return Entry{}, fmt.Errorf("LIST line %q: %w", line, ErrNotEntry)
	}
	toks := tokenize(line)
	if len(toks) >= 4 && len(toks[0].s) >= 8 && isDigit(toks[0].s[0]) && toks[0].s[2] == '-' {
		return parseDOSLine(line, toks, now)
	}
	return parseUnixLine(line, toks, now)
}

type token struct {
	s        string
	from, to int // byte offsets in the line
}

// tokenize splits line at runs of spaces and tabs, keeping each token's
// offsets so that a name with spaces can be cut from the line itself.
func tokenize(line string) []token {
	var toks []token
	start := -1
	for i := 0; i <= len(line); i++ {
		blank := i == len(line) || line[i] == ' ' || line[i] == '\t'
		switch {
		case blank && start >= 0:
			toks = append(toks, token{line[start:i], start, i})
			start = -1
		case !blank && start < 0:
			start = i
		}
	}
	return toks
}

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parseUnixLine reads an ls -l line. Owner and group columns vary (some
// servers omit the group, names may be numbers), so instead of counting
// columns it looks for the date: a size, a month, a day, then a time or a
// year; the name is everything after that.
func parseUnixLine(line string, toks []token, now time.Time) (Entry, error) {
	if len(toks) < 6 || !isPermString(toks[0].s) {
		return Entry{}, fmt.Errorf("LIST line %q: not in ls -l format", line)
	}
	for i := 2; i+2 < len(toks); i++ {
		month, ok := months[strings.ToLower(toks[i].s)]
		if !ok || !allDigits(toks[i-1].s) {
			continue
		}
		day, err := strconv.Atoi(toks[i+1].s)
		if err != nil || day < 1 || day > 31 {
			continue
		}
		mod, ok := listTime(toks[i+2].s, month, day, now)
		if !ok {
			continue
		}
		size, err := strconv.ParseInt(toks[i-1].s, 10, 64)
		if err != nil {
			return Entry{}, fmt.Errorf("LIST line %q: bad size %q", line, toks[i-1].s)
		}
		// One space separates the time or year from the name; more are
		// part of the name.
		if toks[i+2].to+1 >= len(line) {
			return Entry{}, fmt.Errorf("LIST line %q: no name", line)
		}
		name := line[toks[i+2].to+1:]
		e := Entry{Name: name, Size: size, ModTime: mod, Perm: toks[0].s}
		switch toks[0].s[0] {
		case '-':
			e.Type = TypeFile
		case 'd':
			e.Type = TypeDir
		case 'l':
			e.Type = TypeLink
			if n, target, ok := strings.Cut(name, " -> "); ok {
				e.Name, e.Target = n, target
			}
		default:
			e.Type = TypeOther
		}
		if e.Name == "" {
			return Entry{}, fmt.Errorf("LIST line %q: no name", line)
		}
		return e, nil
	}
	return Entry{}, fmt.Errorf("LIST line %q: no size and date (\"1234 Nov 25 13:32\")", line)
}

// isPermString accepts "drwxr-xr-x" and its variants with an ACL or
// extended-attribute mark ("-rw-r--r--+", "-rw-r--r--@", "-rw-r--r--.").
func isPermString(s string) bool {
	if len(s) < 10 || !strings.ContainsRune("-dlbcps", rune(s[0])) {
		return false
	}
	for i := 1; i < 10; i++ {
		if !strings.ContainsRune("rwxsStTlL-", rune(s[i])) {
			return false
		}
	}
	return len(s) == 10 || len(s) == 11 && strings.ContainsRune("+@.", rune(s[10]))
}

// listTime reads the last date column of ls -l: "13:32" (this year or
// last) or "2020".
func listTime(s string, month time.Month, day int, now time.Time) (time.Time, bool) {
	if h, m, ok := strings.Cut(s, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return time.Time{}, false
		}
		t := time.Date(now.Year(), month, day, hh, mm, 0, 0, now.Location())
		if t.After(now.Add(24 * time.Hour)) {
			t = t.AddDate(-1, 0, 0)
		}
		return t, true
	}
	if len(s) != 4 || !allDigits(s) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(s)
	return time.Date(y, month, day, 0, 0, 0, 0, now.Location()), true
}

// parseDOSLine reads an MS-DOS style line: date, time, "<DIR>" or a size,
// then the name.
func parseDOSLine(line string, toks []token, now time.Time) (Entry, error) {
	mod, err := dosTime(toks[0].s+" "+toks[1].s, now)
	if err != nil {
		return Entry{}, fmt.Errorf("LIST line %q: bad MS-DOS date %q", line, toks[0].s+" "+toks[1].s)
	}
	if toks[2].to+1 >= len(line) {
		return Entry{}, fmt.Errorf("LIST line %q: no name", line)
	}
	// The name starts after the blanks that follow the size column.
	name := strings.TrimLeft(line[toks[2].to:], " \t")
	if name == "" {
		return Entry{}, fmt.Errorf("LIST line %q: no name", line)
	}
	e := Entry{Name: name, ModTime: mod, Size: -1}
	if strings.EqualFold(toks[2].s, "<DIR>") {
		e.Type = TypeDir
		return e, nil
	}
	size, err := strconv.ParseInt(toks[2].s, 10, 64)
	if err != nil || size < 0 {
		return Entry{}, fmt.Errorf("LIST line %q: bad size %q", line, toks[2].s)
	}
	e.Type, e.Size = TypeFile, size
	return e, nil
}

// dosTime reads an MS-DOS listing's date and time, "11-25-23 01:32PM" or
// "11-25-2023 13:32", in now's location. A two-digit year is put in the
// most recent century that does not place the time more than a day after
// now (time.Parse would read 40 as 2040, in UTC).
func dosTime(s string, now time.Time) (time.Time, error) {
	var err error
	for _, layout := range []string{"01-02-06 03:04PM", "01-02-06 15:04", "01-02-2006 03:04PM", "01-02-2006 15:04"} {
		var t time.Time
		if t, err = time.ParseInLocation(layout, s, now.Location()); err != nil {
			continue
		}
		if !strings.Contains(layout, "2006") {
			y := now.Year() - ((now.Year()-t.Year()%100)%100+100)%100
			t = t.AddDate(y-t.Year(), 0, 0)
			if t.After(now.Add(24 * time.Hour)) {
				t = t.AddDate(-100, 0, 0)
			}
		}
		return t, nil
	}
	return time.Time{}, err
}
