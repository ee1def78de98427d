package ftpd

import (
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// listLine formats one entry the way "ls -l" does, which is what curl,
// lftp and FileZilla parse:
//
//	-rw-r--r--    1 ftp      ftp          1234 Jan 02 15:04 name
//	drwxr-xr-x    2 ftp      ftp          4096 Mar 01  2023 dir
//
// Times are UTC; an entry more than six months from now shows its year
// instead of its time, as ls does. Owners are hidden behind "ftp".
func listLine(fi fs.FileInfo, name string, now time.Time) string {
	t := fi.ModTime().UTC()
	var when string
	if d := now.Sub(t); d < -180*24*time.Hour || d > 180*24*time.Hour {
		when = t.Format("Jan _2  2006")
	} else {
		when = t.Format("Jan _2 15:04")
	}
	return fmt.Sprintf("%s %4d %-8s %-8s %12d %s %s", modeString(fi.Mode()), 1, "ftp", "ftp", fi.Size(), when, name)
}

// modeString formats the ten characters of ls's mode column.
func modeString(m fs.FileMode) string {
	var b [10]byte
	switch {
	case m.IsDir():
		b[0] = 'd'
	case m&fs.ModeSymlink != 0:
		b[0] = 'l'
	case m&fs.ModeNamedPipe != 0:
		b[0] = 'p'
	case m&fs.ModeSocket != 0:
		b[0] = 's'
	case m&fs.ModeCharDevice != 0:
		b[0] = 'c'
	case m&fs.ModeDevice != 0:
		b[0] = 'b'
	default:
		b[0] = '-'
	}
	const rwx = "rwxrwxrwx"
	for i := 0; i < 9; i++ {
		if m&(1<<uint(8-i)) != 0 {
			b[i+1] = rwx[i]
		} else {
			b[i+1] = '-'
		}
	}
	return string(b[:])
}

// fact is one MLST fact (RFC 3659 §7.5).
type fact uint8

const (
	factType fact = 1 << iota
	factSize
	factModify
	factPerm
	factUnique
)

// factSet is the facts a session asked for with OPTS MLST.
type factSet uint8

const allFacts = factSet(factType | factSize | factModify | factPerm | factUnique)

// defaultFacts are sent until OPTS MLST says otherwise.
const defaultFacts = allFacts

var factNames = []struct {
	f    fact
	name string
}{
	{factType, "type"}, {factSize, "size"}, {factModify, "modify"}, {factPerm, "perm"}, {factUnique, "unique"},
}

// parseFacts reads the argument of OPTS MLST ("type;size;modify;");
// unknown facts are ignored (RFC 3659 §7.9).
func parseFacts(arg string) factSet {
	var set factSet
	for _, n := range strings.Split(arg, ";") {
		for _, f := range factNames {
			if strings.EqualFold(strings.TrimSpace(n), f.name) {
				set |= factSet(f.f)
			}
		}
	}
	return set
}

// String lists the facts as OPTS MLST acknowledges them: "type;size;".
func (set factSet) String() string {
	var b strings.Builder
	for _, f := range factNames {
		if set&factSet(f.f) != 0 {
			b.WriteString(f.name + ";")
		}
	}
	return b.String()
}

// feature formats the MLST line of FEAT: every fact, the chosen ones
// starred (RFC 3659 §7.8).
func (set factSet) feature() string {
	var b strings.Builder
	b.WriteString("MLST ")
	for _, f := range factNames {
		b.WriteString(f.name)
		if set&factSet(f.f) != 0 {
			b.WriteByte('*')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// factLine formats one MLSD line or the fact line of an MLST reply
// (without its leading space):
//
//	type=file;size=1234;modify=20240102150405;perm=r; name
//
// kind overrides the type fact ("cdir" for the directory itself); write
// says whether the session may change the entry, for the perm fact.
func factLine(fi fs.FileInfo, name, kind string, facts factSet, write bool) string {
	var b strings.Builder
	if facts&factSet(factType) != 0 {
		if kind == "" {
			kind = "file"
			if fi.IsDir() {
				kind = "dir"
			}
		}
		b.WriteString("type=" + kind + ";")
	}
	if facts&factSet(factSize) != 0 {
		fmt.Fprintf(&b, "size=%d;", fi.Size())
	}
	if facts&factSet(factModify) != 0 {
		b.WriteString("modify=" + fi.ModTime().UTC().Format("20060102150405") + ";")
	}
	if facts&factSet(factPerm) != 0 {
		b.WriteString("perm=" + permFact(fi, write) + ";")
	}
	if facts&factSet(factUnique) != 0 {
		if u := uniqueID(fi); u != "" {
			b.WriteString("unique=" + u + ";")
		}
	}
	b.WriteString(" " + name)
	return b.String()
}

// permFact says what the session may do with an entry (RFC 3659 §7.5.5).
func permFact(fi fs.FileInfo, write bool) string {
	switch {
	case fi.IsDir() && write:
		return "elcmpdf"
	case fi.IsDir():
		return "el"
	case write:
		return "radfw"
	default:
		return "r"
	}
}
