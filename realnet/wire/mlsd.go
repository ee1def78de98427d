package wire

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParseFactLine parses one line of an MLSD listing, or the entry line of an
// MLST reply (RFC 3659 §7.2): facts, each "name=value;", then one space,
// then the path name, which may hold spaces and semicolons.
//
//	type=file;size=1234;modify=20231125133200;perm=r; notes 2023.txt
//
// Fact names are case-insensitive and are stored in lower case, values as
// sent. The type, size, modify and perm facts fill the
// Entry's fields; a symbolic link listed as type=OS.unix=slink:TARGET (or
// symlink) becomes TypeLink.
func ParseFactLine(line string) (Entry, error) {
	line = strings.TrimRight(line, "\r\n")
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return Entry{}, fmt.Errorf("fact line %q: no space before the name", line)
	}
	facts, name := line[:sp], line[sp+1:]
	if name == "" {
		return Entry{}, fmt.Errorf("fact line %q: empty name", line)
	}
	e := Entry{Name: name, Type: TypeOther, Size: -1, Facts: map[string]string{}}
	if facts != "" && !strings.HasSuffix(facts, ";") {
		return Entry{}, fmt.Errorf("fact line %q: facts must end with ';'", line)
	}
	for f := range strings.SplitSeq(strings.TrimSuffix(facts, ";"), ";") {
		if facts == "" {
			break
		}
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return Entry{}, fmt.Errorf("fact line %q: fact %q is not name=value", line, f)
		}
		e.Facts[strings.ToLower(k)] = v
	}
	if t, ok := e.Facts["type"]; ok {
		switch lt := strings.ToLower(t); {
		case lt == "file", lt == "dir", lt == "cdir", lt == "pdir":
			e.Type = EntryType(lt)
		case strings.HasPrefix(lt, "os.unix=slink"), strings.HasPrefix(lt, "os.unix=symlink"):
			// type=OS.unix=slink:/target (RFC 3659 §7.5.1 leaves OS
			// types to the server; this is the common spelling).
			e.Type = TypeLink
			_, e.Target, _ = strings.Cut(t, ":")
		}
	}
	if s, ok := e.Facts["size"]; ok {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return Entry{}, fmt.Errorf("fact line %q: bad size %q", line, s)
		}
		e.Size = n
	}
	if m, ok := e.Facts["modify"]; ok {
		t, err := ParseTimeVal(m)
		if err != nil {
			return Entry{}, fmt.Errorf("fact line %q: %w", line, err)
		}
		e.ModTime = t
	}
	e.Perm = e.Facts["perm"]
	return e, nil
}

// FormatFactLine formats an MLSD line from facts and a name, facts in
// sorted order so that the output is stable. It is ParseFactLine's
// inverse for the facts and the name.
func FormatFactLine(facts map[string]string, name string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(facts)) {
		b.WriteString(k + "=" + facts[k] + ";")
	}
	b.WriteString(" " + name)
	return b.String()
}

// ParseTimeVal parses a time-val of RFC 3659 §2.3, used by MDTM and the
// modify fact: YYYYMMDDHHMMSS with optional fractions of a second, always
// in UTC.
//
//	20231125133200      →  2023-11-25 13:32:00 UTC
//	20231125133200.123  →  2023-11-25 13:32:00.123 UTC
func ParseTimeVal(s string) (time.Time, error) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) != 14 || !allDigits(whole) || hasFrac && (frac == "" || len(frac) > 9 || !allDigits(frac)) {
		return time.Time{}, fmt.Errorf("time-val %q: want YYYYMMDDHHMMSS[.sss]", s)
	}
	t, err := time.Parse("20060102150405", whole)
	if err != nil {
		return time.Time{}, fmt.Errorf("time-val %q: %w", s, err)
	}
	if hasFrac {
		ns, _ := strconv.Atoi((frac + "000000000")[:9])
		t = t.Add(time.Duration(ns))
	}
	return t, nil
}

// FormatTimeVal formats t in UTC as a time-val (RFC 3659 §2.3), with
// milliseconds only when t has fractions of a second.
func FormatTimeVal(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond() != 0 {
		return t.Format("20060102150405.000")
	}
	return t.Format("20060102150405")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
