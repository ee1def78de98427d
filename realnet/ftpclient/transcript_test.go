package ftpclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/wire"
)

// dialFake dials a fake server, logs in, and shows the trace if the test
// fails.
func dialFake(t *testing.T, addr string, opts ...Option) (*Conn, *syncBuffer) {
	t.Helper()
	tr := &syncBuffer{}
	opts = append([]Option{WithTimeout(testDeadline), WithDataTimeout(testDeadline), WithTrace(tr)}, opts...)
	c, err := Dial(context.Background(), addr, opts...)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() {
		c.Close()
		if t.Failed() {
			t.Logf("client trace:\n%s", tr)
		}
	})
	if err := c.Login("anonymous", "secret@example.com"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	return c, tr
}

func port(ln net.Listener) int { return ln.Addr().(*net.TCPAddr).Port }

// serveData plays the data connection of one transfer in an exact mode:
// the mode's command, then cmd, 150, the data (sent for a download, read
// and returned for an upload), 226.
func serveData(s *session, m Mode, cmd string, send []byte) (got []byte) {
	s.t.Helper()
	switch m {
	case EPSV, PASV, PASVCtlIP:
		ln := s.listen()
		if m == EPSV {
			s.expect("EPSV")
			s.reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port(ln)))
		} else {
			s.expect("PASV")
			ip := "127,0,0,1"
			if m == PASVCtlIP {
				ip = "10,9,8,7" // a private address behind NAT: the client must ignore it
			}
			s.reply(fmt.Sprintf("227 Entering Passive Mode (%s,%d,%d).", ip, port(ln)>>8, port(ln)&0xff))
		}
		s.expect(cmd)
		s.reply("150 Here comes the data.")
		if send != nil {
			s.sendData(ln, send)
		} else {
			got = s.recvData(ln)
		}
	case PORT, EPRT:
		var ap string
		if m == PORT {
			arg, _ := strings.CutPrefix(s.expect("PORT *"), "PORT ")
			a, err := wire.ParsePORT(arg)
			if err != nil {
				s.t.Errorf("fake server: %v", err)
			}
			ap = a.String()
		} else {
			arg, _ := strings.CutPrefix(s.expect("EPRT *"), "EPRT ")
			a, err := wire.ParseEPRT(arg)
			if err != nil {
				s.t.Errorf("fake server: %v", err)
			}
			ap = a.String()
		}
		if !strings.HasPrefix(ap, "127.0.0.1:") {
			s.t.Errorf("fake server: client announced %s, want its control address 127.0.0.1", ap)
		}
		s.reply("200 PORT command successful.")
		s.expect(cmd)
		c := s.dial("", ap)
		s.reply("150 Here comes the data.")
		if c != nil {
			if send != nil {
				c.Write(send)
			} else {
				var b bytes.Buffer
				b.ReadFrom(c)
				got = b.Bytes()
			}
			c.Close()
		}
	}
	s.reply("226 Transfer complete.")
	return got
}

func TestLoginDialogue(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.reply("220-Welcome to the", "220-fake server", "220 ready")
		s.expect("USER anonymous")
		s.reply("331 Please specify the password.")
		s.expect("PASS secret@example.com")
		s.reply("230 Login successful.")
		s.expect("PWD")
		s.reply(`257 "/pub ""new""" is the current directory`)
		s.expect("FEAT")
		s.reply("211-Features:", " EPRT", " EPSV", " MDTM", " REST STREAM", " SIZE", "211 End")
		s.expect("SIZE big.bin")
		s.reply("213 1048576")
		s.expect("MDTM big.bin")
		s.reply("213 20231125133200")
		s.expect("QUIT")
		s.reply("221 Goodbye.")
	})
	c, tr := dialFake(t, addr)
	if dir, err := c.Pwd(); err != nil || dir != `/pub "new"` {
		t.Errorf("Pwd = %q, %v", dir, err)
	}
	feats, err := c.Features()
	if err != nil || feats["REST"] != "STREAM" || len(feats) != 5 {
		t.Errorf("Features = %v, %v", feats, err)
	}
	if n, err := c.Size("big.bin"); err != nil || n != 1<<20 {
		t.Errorf("Size = %d, %v", n, err)
	}
	if m, err := c.ModTime("big.bin"); err != nil || !m.Equal(time.Date(2023, 11, 25, 13, 32, 0, 0, time.UTC)) {
		t.Errorf("ModTime = %v, %v", m, err)
	}
	if err := c.Quit(); err != nil {
		t.Errorf("Quit: %v", err)
	}
	trace := tr.String()
	for _, want := range []string{"< 220-Welcome to the\n", "< 220 ready\n", "> USER anonymous\n", "> PASS ****\n", "< 211 End\n"} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q", want)
		}
	}
	if strings.Contains(trace, "secret") {
		t.Errorf("trace shows the password:\n%s", trace)
	}
}

func TestRetrEachMode(t *testing.T) {
	want := []byte("hello, data connection\r\nbinary \x00\xff\n")
	for _, m := range []Mode{PORT, EPRT, PASV, EPSV, PASVCtlIP} {
		t.Run(m.String(), func(t *testing.T) {
			addr := startFake(t, func(s *session) {
				s.login()
				s.typeI()
				serveData(s, m, "RETR f.bin", want)
				got := serveData(s, m, "STOR up.bin", nil)
				if !bytes.Equal(got, want) {
					s.t.Errorf("server received %q, want %q", got, want)
				}
			})
			c, tr := dialFake(t, addr, WithMode(m))
			var got bytes.Buffer
			if err := c.Retr("f.bin", &got, 0); err != nil {
				t.Fatalf("Retr: %v", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("Retr got %q, want %q", got.Bytes(), want)
			}
			if err := c.Stor("up.bin", bytes.NewReader(want), 0); err != nil {
				t.Fatalf("Stor: %v", err)
			}
			trace := tr.String()
			wantTrace := map[Mode][]string{
				PORT:      {"data: listening on 127.0.0.1:", "(PORT)", "data: accepted from 127.0.0.1:"},
				EPRT:      {"(EPRT)", "> EPRT |1|127.0.0.1|", "data: accepted from"},
				PASV:      {"data: connecting to 127.0.0.1:", "(PASV)", "data: connected 127.0.0.1:"},
				EPSV:      {"< 229 Entering Extended Passive Mode", "data: connecting to 127.0.0.1:"},
				PASVCtlIP: {"data: ignoring the 227 address 10.9.8.7, connecting to the control peer 127.0.0.1 instead"},
			}[m]
			wantTrace = append(wantTrace, fmt.Sprintf("data: closed 127.0.0.1:"), fmt.Sprintf("%d bytes received, 0 sent", len(want)))
			for _, w := range wantTrace {
				if !strings.Contains(trace, w) {
					t.Errorf("trace lacks %q", w)
				}
			}
		})
	}
}

// Passive tries EPSV; a server that refuses it gets PASV, now and for the
// rest of the session, and its 227 address is ignored.
func TestPassiveFallsBackToPASV(t *testing.T) {
	want := []byte("data")
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("EPSV")
		s.reply("500 Unknown command.")
		serveData(s, PASVCtlIP, "RETR a", want)
		serveData(s, PASVCtlIP, "RETR b", want)
	})
	c, tr := dialFake(t, addr)
	for _, name := range []string{"a", "b"} {
		var got bytes.Buffer
		if err := c.Retr(name, &got, 0); err != nil || got.String() != "data" {
			t.Fatalf("Retr %s = %q, %v", name, got.String(), err)
		}
	}
	if !strings.Contains(tr.String(), "data: EPSV refused (500), falling back to PASV") {
		t.Error("trace does not show the fallback")
	}
}

// WithoutFallback: the lab's single mode. EPSV refused is an error.
func TestPassiveWithoutFallback(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("EPSV")
		s.reply("500 Unknown command.")
		s.expect("NOOP")
		s.reply("200 NOOP ok.")
	})
	c, _ := dialFake(t, addr, WithoutFallback())
	err := c.Retr("a", &bytes.Buffer{}, 0)
	var re *ReplyError
	if !errors.As(err, &re) || re.Code != 500 || re.Cmd != "EPSV" {
		t.Fatalf("Retr = %v, want EPSV's 500 as a *ReplyError", err)
	}
	if err := c.Noop(); err != nil {
		t.Errorf("Noop after the refusal: %v", err)
	}
}

func TestActiveFallsBackToPORT(t *testing.T) {
	want := []byte("data")
	addr := startFake(t, func(s *session) {
		s.login()
		s.expect("EPRT |1|127.0.0.1|*")
		s.reply("500 Unknown command.")
		serveData(s, PORT, "LIST", want)
		serveData(s, PORT, "NLST", []byte("a\r\nb\r\n"))
	})
	c, _ := dialFake(t, addr, WithMode(Active))
	got, err := c.List("")
	if err != nil || string(got) != "data" {
		t.Fatalf("List = %q, %v", got, err)
	}
	names, err := c.NameList("")
	if err != nil || strings.Join(names, ",") != "a,b" {
		t.Fatalf("NameList = %q, %v", names, err)
	}
}

func TestReplyError(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		ln := s.listen()
		s.expect("EPSV")
		s.reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port(ln)))
		s.expect("RETR nofile")
		s.reply("550 No such file")
		ln.Close()
		s.expect("CWD /x")
		s.reply("550-Failed to change directory:", "550 no such directory")
		s.expect("NOOP")
		s.reply("200 ok")
	})
	c, _ := dialFake(t, addr)
	err := c.Retr("nofile", &bytes.Buffer{}, 0)
	var re *ReplyError
	if !errors.As(err, &re) || err.Error() != "RETR nofile: 550 No such file" {
		t.Fatalf("Retr = %v, want RETR nofile: 550 No such file", err)
	}
	err = c.Cwd("/x")
	if !errors.As(err, &re) || re.Code != 550 || re.Msg != "Failed to change directory:\nno such directory" {
		t.Fatalf("Cwd = %#v", err)
	}
	if err := c.Noop(); err != nil {
		t.Errorf("Noop: %v", err)
	}
}

// A reply line longer than wire.MaxLine is an error, not a hang or an
// unbounded buffer.
func TestOverlongReply(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.reply("220 ready")
		s.expect("USER anonymous")
		s.reply("331 " + strings.Repeat("x", 2*wire.MaxLine))
	})
	c, err := Dial(context.Background(), addr, WithTimeout(testDeadline))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Login("anonymous", "x")
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("Login = %v, want a line-too-long error", err)
	}
}

// A passive connection refused is a *DataError of kind refused, at once.
func TestDataRefused(t *testing.T) {
	ln, _ := net.Listen("tcp4", "127.0.0.1:0")
	closed := port(ln)
	ln.Close()
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("PASV")
		s.reply(fmt.Sprintf("227 Entering Passive Mode (127,0,0,1,%d,%d).", closed>>8, closed&0xff))
	})
	c, _ := dialFake(t, addr, WithMode(PASV))
	err := c.Retr("a", &bytes.Buffer{}, 0)
	var de *DataError
	if !errors.As(err, &de) || de.Failure != DataRefused || de.Mode != PASV || de.Op != "connect" {
		t.Fatalf("Retr = %v, want a refused *DataError", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("-> 127.0.0.1:%d: refused", closed)) {
		t.Errorf("error %q does not name the endpoint", err)
	}
}

// Active mode: the server says 150 but never connects. The client gives up
// after the data timeout with a timeout *DataError, and the 425 the server
// sends later does not get mixed up with the next command's reply.
func TestActiveTimeout(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("PORT *")
		s.reply("200 PORT command successful.")
		s.expect("RETR a")
		s.reply("150 Here comes the data.")
		s.reply("425 Failed to establish connection.")
		s.expect("NOOP")
		s.reply("200 NOOP ok.")
	})
	c, _ := dialFake(t, addr, WithMode(PORT), WithDataTimeout(200*time.Millisecond))
	err := c.Retr("a", &bytes.Buffer{}, 0)
	var de *DataError
	if !errors.As(err, &de) || !de.Timeout() || de.Op != "accept" {
		t.Fatalf("Retr = %v, want an accept timeout", err)
	}
	if err := c.Noop(); err != nil {
		t.Errorf("Noop after the timeout: %v", err)
	}
}

// In active mode the server answers 425 itself when it cannot connect:
// that is a *ReplyError, and the client stops waiting at once.
func TestActive425(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("EPRT *")
		s.reply("200 EPRT command successful.")
		s.expect("RETR a")
		s.reply("425 Failed to establish connection.")
	})
	c, _ := dialFake(t, addr, WithMode(EPRT))
	start := time.Now()
	err := c.Retr("a", &bytes.Buffer{}, 0)
	var re *ReplyError
	if !errors.As(err, &re) || re.Code != 425 {
		t.Fatalf("Retr = %v, want 425", err)
	}
	if time.Since(start) > testDeadline/2 {
		t.Errorf("Retr took %v after a 425", time.Since(start))
	}
}

// Only the control connection's peer may make the active data connection:
// a connection from elsewhere (here 127.0.0.2) is closed unread.
func TestActiveAcceptsOnlyControlPeer(t *testing.T) {
	want := []byte("the real data")
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		arg, _ := strings.CutPrefix(s.expect("PORT *"), "PORT ")
		ap, _ := wire.ParsePORT(arg)
		s.reply("200 PORT command successful.")
		s.expect("RETR a")
		if thief := s.dial("127.0.0.2", ap.String()); thief != nil {
			thief.Write([]byte("stolen"))
			// The client closes it: the read ends.
			var b [1]byte
			thief.Read(b[:])
			thief.Close()
		}
		c := s.dial("", ap.String())
		s.reply("150 Here comes the data.")
		c.Write(want)
		c.Close()
		s.reply("226 Transfer complete.")
	})
	c, tr := dialFake(t, addr, WithMode(PORT))
	var got bytes.Buffer
	if err := c.Retr("a", &got, 0); err != nil || !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("Retr = %q, %v", got.Bytes(), err)
	}
	if !strings.Contains(tr.String(), "data: refused a connection from 127.0.0.2:") {
		t.Errorf("trace does not show the refused stranger")
	}
}

// TYPE A: CRLF on the wire, LF here, both ways.
func TestASCIIConversion(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.expect("TYPE A")
		s.reply("200 Switching to ASCII mode.")
		serveData(s, EPSV, "RETR t.txt", []byte("one\r\ntwo\r\nlone\rcr\r"))
		got := serveData(s, EPSV, "STOR u.txt", nil)
		if string(got) != "one\r\ntwo\r\n" {
			s.t.Errorf("server received %q, want CRLF line ends", got)
		}
	})
	c, _ := dialFake(t, addr)
	if err := c.Type(true); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := c.Retr("t.txt", &got, 0); err != nil || got.String() != "one\ntwo\nlone\rcr\r" {
		t.Fatalf("Retr = %q, %v", got.String(), err)
	}
	if err := c.Stor("u.txt", strings.NewReader("one\ntwo\n"), 0); err != nil {
		t.Fatal(err)
	}
}

// A resumed download sends REST after the data command and before RETR.
func TestResumeSendsREST(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.typeI()
		ln := s.listen()
		s.expect("EPSV")
		s.reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port(ln)))
		s.expect("REST 5")
		s.reply("350 Restart position accepted (5).")
		s.expect("RETR f")
		s.reply("150 Here comes the data.")
		s.sendData(ln, []byte("world"))
		s.reply("226 Transfer complete.")
	})
	c, _ := dialFake(t, addr)
	var got bytes.Buffer
	if err := c.Retr("f", &got, 5); err != nil || got.String() != "world" {
		t.Fatalf("Retr = %q, %v", got.String(), err)
	}
}

// A file name holding CRLF would smuggle a second command: refused before
// anything is sent.
func TestCommandInjectionRefused(t *testing.T) {
	addr := startFake(t, func(s *session) {
		s.login()
		s.expect("NOOP")
		s.reply("200 ok")
	})
	c, _ := dialFake(t, addr)
	if err := c.Delete("x\r\nRMD /"); err == nil {
		t.Fatal("Delete with CRLF in the name was sent")
	}
	if err := c.Noop(); err != nil {
		t.Fatal(err)
	}
}
