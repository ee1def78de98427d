package ftpclient

import (
	"fmt"
	"io"
	"strconv"

	"ftplab/realnet/wire"
)

// Reply is one server reply: its code and its text, the lines of a
// multi-line reply joined by "\n" (as net/textproto returns them).
type Reply struct {
	Code int
	Msg  string
}

func (r Reply) String() string { return strconv.Itoa(r.Code) + " " + r.Msg }

// matches reports whether code is what expect asks for, in net/textproto's
// convention: one digit is a class (2 = 2xx), two a decade, three a code;
// 0 accepts anything.
func matches(code, expect int) bool {
	switch {
	case expect <= 0:
		return true
	case expect < 10:
		return code/100 == expect
	case expect < 100:
		return code/10 == expect
	}
	return code == expect
}

// lineLimit fails a read once a line grows past wire.MaxLine bytes, so a
// server that never ends its line cannot make the client hold unbounded
// memory (net/textproto itself sets no limit).
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last '\n'
	err error
}

func (l *lineLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.run = 0
			continue
		}
		l.run++
		if l.run >= wire.MaxLine {
			l.err = fmt.Errorf("reply line longer than %d bytes", wire.MaxLine)
			return i, l.err
		}
	}
	return n, err
}
