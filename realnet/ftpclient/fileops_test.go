package ftpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// epsv answers an EPSV with a fresh passive listener.
func (s *session) epsv() *net.TCPListener {
	ln := s.listen()
	s.expect("EPSV")
	s.reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port(ln)))
	return ln
}

// retrieveCase is one Retrieve against a scripted server.
type retrieveCase struct {
	name       string
	part       string // the .part file before, "" for none
	resume     bool
	size       string // the SIZE reply
	rest       string // the REST line expected, "" for none
	opening    string // the 150 reply
	send       string // what the server sends
	want       string // the transcript
	wantFile   string // dst after, "" for none
	wantPart   string // the .part file after, "" for none
	wantErr    bool
	wantShort  bool // a *SizeError, short
	wantIgnore bool // a *SizeError, too much after REST
}

func TestRetrieve(t *testing.T) {
	const login = "USER anonymous\nPASS secret@example.com\n"
	cases := []retrieveCase{
		{name: "whole", size: "213 5", opening: "150 Opening.", send: "hello",
			want: login + "TYPE I\nSIZE f\nEPSV\nRETR f\nQUIT\n", wantFile: "hello"},
		{name: "resume from the .part", part: "hel", resume: true, size: "213 5", rest: "REST 3",
			opening: "150 Opening.", send: "lo",
			want: login + "TYPE I\nSIZE f\nEPSV\nREST 3\nRETR f\nQUIT\n", wantFile: "hello"},
		{name: "short before 226", size: "213 10", opening: "150 Opening.", send: "hello",
			want: login + "TYPE I\nSIZE f\nEPSV\nRETR f\nQUIT\n", wantPart: "hello", wantErr: true, wantShort: true},
		{name: "short, size from the 150", size: "502 SIZE not implemented.",
			opening: "150 Opening BINARY mode data connection for f (10 bytes).", send: "hello",
			want: login + "TYPE I\nSIZE f\nEPSV\nRETR f\nQUIT\n", wantPart: "hello", wantErr: true, wantShort: true},
		{name: "REST answered 350 but ignored", part: "hel", resume: true, size: "213 5", rest: "REST 3",
			opening: "150 Opening.", send: "hello",
			want: login + "TYPE I\nSIZE f\nEPSV\nREST 3\nRETR f\nQUIT\n", wantPart: "hel", wantErr: true, wantIgnore: true},
		{name: "already complete", part: "hello", resume: true, size: "213 5",
			want: login + "TYPE I\nSIZE f\nQUIT\n", wantFile: "hello"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { testRetrieve(t, tc) })
	}
}

func testRetrieve(t *testing.T, tc retrieveCase) {
	addr, seen := startRecorded(t, func(s *session) {
		s.login()
		s.typeI()
		s.expect("SIZE f")
		s.reply(tc.size)
		if tc.opening != "" {
			ln := s.epsv()
			if tc.rest != "" {
				s.expect(tc.rest)
				s.reply("350 Restart position accepted.")
			}
			s.expect("RETR f")
			s.reply(tc.opening)
			s.sendData(ln, []byte(tc.send))
			s.reply("226 Transfer complete.")
		}
		s.quit()
	})
	dst := filepath.Join(t.TempDir(), "f")
	if tc.part != "" {
		os.WriteFile(dst+PartSuffix, []byte(tc.part), 0o644)
	}
	c, _ := dialFake(t, addr)
	_, err := c.Retrieve(context.Background(), "f", dst, tc.resume)
	var se *SizeError
	switch {
	case (err != nil) != tc.wantErr:
		t.Fatalf("Retrieve: %v, want error %v", err, tc.wantErr)
	case (tc.wantShort || tc.wantIgnore) && !errors.As(err, &se):
		t.Fatalf("Retrieve: %v, want a *SizeError", err)
	case se != nil && se.Short() != tc.wantShort:
		t.Fatalf("Retrieve: %v: short %v, want %v", err, se.Short(), tc.wantShort)
	}
	c.Quit()
	if got := seen.String(); got != tc.want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, tc.want)
	}
	for _, f := range []struct{ path, want string }{{dst, tc.wantFile}, {dst + PartSuffix, tc.wantPart}} {
		got, err := os.ReadFile(f.path)
		if f.want == "" && err == nil {
			t.Errorf("%s exists (%q), want none", filepath.Base(f.path), got)
		} else if f.want != "" && string(got) != f.want {
			t.Errorf("%s = %q (%v), want %q", filepath.Base(f.path), got, err, f.want)
		}
	}
}

// Store with resume asks SIZE and sends the rest after REST; a file not
// there yet (550) is sent whole.
func TestStoreResume(t *testing.T) {
	for _, tc := range []struct {
		size, rest, want string
	}{
		{"213 3", "REST 3", "lo"},
		{"550 No such file.", "", "hello"},
	} {
		got := make(chan string, 1)
		addr, seen := startRecorded(t, func(s *session) {
			s.login()
			s.typeI()
			s.expect("SIZE up")
			s.reply(tc.size)
			ln := s.epsv()
			if tc.rest != "" {
				s.expect(tc.rest)
				s.reply("350 Restart position accepted.")
			}
			s.expect("STOR up")
			s.reply("150 Ok to send data.")
			got <- string(s.recvData(ln))
			s.reply("226 Transfer complete.")
			s.quit()
		})
		src := filepath.Join(t.TempDir(), "up")
		os.WriteFile(src, []byte("hello"), 0o644)
		c, _ := dialFake(t, addr)
		x, err := c.Store(context.Background(), src, "up", true)
		if err != nil || x.Bytes != int64(len(tc.want)) {
			t.Fatalf("Store: %+v, %v", x, err)
		}
		if g := <-got; g != tc.want {
			t.Errorf("server received %q, want %q", g, tc.want)
		}
		c.Quit()
		rest := ""
		if tc.rest != "" {
			rest = tc.rest + "\n"
		}
		if want := "USER anonymous\nPASS secret@example.com\nTYPE I\nSIZE up\nEPSV\n" + rest + "STOR up\nQUIT\n"; seen.String() != want {
			t.Errorf("transcript:\n%s\nwant:\n%s", seen, want)
		}
	}
}
