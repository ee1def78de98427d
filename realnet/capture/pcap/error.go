package pcap

import "fmt"

// FormatError is a problem with the capture file itself: where it is and
// what is wrong.
type FormatError struct {
	File   string
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: offset %d: %s", e.File, e.Offset, e.Msg)
}
