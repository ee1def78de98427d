package ftpclient

import (
	"errors"
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

// Bounds on one reply. A multi-line reply is held whole in memory, so a
// server that never ends one ("331-" forever) must not make the client
// grow without limit. FEAT or HELP take a few dozen lines; STAT of a big
// directory is the longest legitimate reply, and may hit the bound.
const (
	maxReplyLines = 1000
	maxReplyBytes = 256 << 10
)

// ErrReplyTooLong is the error (wrapped) when one reply exceeds a bound:
// its line, its number of lines or its bytes. The control connection is
// unusable after it.
var ErrReplyTooLong = errors.New("reply too long")

// replyLimit fails a read once a line grows past wire.MaxLine bytes, or
// the reply being read past maxReplyLines lines or maxReplyBytes bytes
// (net/textproto itself sets no limit). readReply calls start before each
// reply; counts are of bytes read from the socket, so read-ahead makes
// the reply bound exact to within net/textproto's buffer (4 KiB).
type replyLimit struct {
	r            io.Reader
	run          int // bytes since the last '\n'
	lines, bytes int // since start
	err          error
}

func (l *replyLimit) start() { l.lines, l.bytes = 0, 0 }

func (l *replyLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		l.bytes++
		if p[i] == '\n' {
			l.run = 0
			l.lines++
		} else {
			l.run++
		}
		switch {
		case l.run >= wire.MaxLine:
			l.err = fmt.Errorf("%w: a line longer than %d bytes", ErrReplyTooLong, wire.MaxLine)
		case l.lines > maxReplyLines:
			l.err = fmt.Errorf("%w: more than %d lines", ErrReplyTooLong, maxReplyLines)
		case l.bytes > maxReplyBytes:
			l.err = fmt.Errorf("%w: more than %d bytes", ErrReplyTooLong, maxReplyBytes)
		}
		if l.err != nil {
			return i, l.err
		}
	}
	return n, err
}
