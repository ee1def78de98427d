package wire

import "time"

// Entry is one file of a directory listing, as a LIST line (ParseListLine)
// or an MLSD/MLST fact line (ParseFactLine) describes it. Fields the
// listing did not give keep their zero value, except Size, which is -1
// when unknown.
type Entry struct {
	Name    string
	Type    EntryType
	Size    int64     // bytes; -1 when the listing does not say
	ModTime time.Time // zero when the listing does not say
	// Perm is the permission text as listed: "-rw-r--r--" from LIST, the
	// perm fact ("adfr") from MLSD.
	Perm string
	// Target is where a symbolic link points, from "name -> target" in a
	// LIST line.
	Target string
	// Facts are all the facts of an MLSD/MLST line, keys in lower case
	// (RFC 3659 §7.5: fact names are case-insensitive); nil for LIST.
	Facts map[string]string
}

// EntryType says what kind of file an Entry is.
type EntryType string

// The entry types. The MLSD ones are the values of the type fact (RFC 3659
// §7.5.1): cdir is the listed directory itself, pdir its parent.
const (
	TypeFile  EntryType = "file"
	TypeDir   EntryType = "dir"
	TypeLink  EntryType = "link"
	TypeCDir  EntryType = "cdir"
	TypePDir  EntryType = "pdir"
	TypeOther EntryType = "other"
)
