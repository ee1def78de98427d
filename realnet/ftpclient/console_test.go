package ftpclient

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ftplab/realnet/wire"
)

// quit plays the end of a session.
func (s *session) quit() {
	s.expect("QUIT")
	s.reply("221 Goodbye.")
}

// step is one console line and what it must give.
type step struct {
	line       string
	sent       string // "" means the line itself
	reply      int
	final      int
	bytes      int64
	sink       string // what the download brought
	wantErr    error
	upload     string
	wantUpload string // what the fake server received
}

// runConsole types each step into a console on a fake server playing
// script, then quits, and returns the transcript of what was sent.
func runConsole(t *testing.T, steps []step, script func(s *session, uploaded chan<- string)) string {
	t.Helper()
	uploaded := make(chan string, 1)
	addr, seen := startRecorded(t, func(s *session) {
		s.login()
		script(s, uploaded)
		s.quit()
	})
	c, _ := dialFake(t, addr)
	k := c.Console()
	for i, st := range steps {
		var sink bytes.Buffer
		x, err := k.Do(st.line, &sink, strings.NewReader(st.upload))
		sent := st.sent
		if sent == "" {
			sent = st.line
		}
		switch {
		case !errors.Is(err, st.wantErr):
			t.Fatalf("#%d %q: err %v, want %v", i, st.line, err, st.wantErr)
		case !strings.HasPrefix(x.Sent, sent):
			t.Errorf("#%d: sent %q, want %q", i, x.Sent, sent)
		case x.Reply.Code != st.reply || x.Final.Code != st.final || x.Bytes != st.bytes:
			t.Errorf("#%d %q: reply %d, final %d, %d bytes; want %d, %d, %d",
				i, st.line, x.Reply.Code, x.Final.Code, x.Bytes, st.reply, st.final, st.bytes)
		case sink.String() != st.sink:
			t.Errorf("#%d %q: data %q, want %q", i, st.line, sink.String(), st.sink)
		}
		if st.wantUpload != "" {
			if got := <-uploaded; got != st.wantUpload {
				t.Errorf("#%d: server received %q, want %q", i, got, st.wantUpload)
			}
		}
	}
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}
	return seen.String()
}

// A typed PASV opens the data connection the next LIST uses; a reply
// that refuses is a reply, not an error.
func TestConsolePASVThenLIST(t *testing.T) {
	got := runConsole(t, []step{
		{line: "PASV", reply: wire.CodePassive},
		{line: "LIST", reply: wire.CodeFileStatusOK, final: wire.CodeClosingData, bytes: 7, sink: "listing"},
		{line: "XYZ", reply: wire.CodeSyntaxError},
	}, func(s *session, _ chan<- string) {
		ln := s.listen()
		s.expect("PASV")
		// A private address: the client connects to the control peer.
		s.reply(fmt.Sprintf("227 Entering Passive Mode (10,1,1,1,%d,%d).", port(ln)>>8, port(ln)&0xff))
		s.expect("LIST")
		s.reply("150 Here comes the directory listing.")
		s.sendData(ln, []byte("listing"))
		s.reply("226 Directory send OK.")
		s.expect("XYZ")
		s.reply("500 Unknown command.")
	})
	want := "USER anonymous\nPASS secret@example.com\nPASV\nLIST\nXYZ\nQUIT\n"
	if got != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, want)
	}
}

// A bare PORT listens and announces the client's address; the server
// connects for RETR. An EPSV then prepares a STOR.
func TestConsolePORTRetrThenEPSVStor(t *testing.T) {
	var portLine string
	got := runConsole(t, []step{
		{line: "PORT", sent: "PORT 127,0,0,1,", reply: wire.CodeOK},
		{line: "RETR f", reply: wire.CodeFileStatusOK, final: wire.CodeClosingData, bytes: 5, sink: "hello"},
		{line: "EPSV", reply: wire.CodeExtendedPassive},
		{line: "STOR up", reply: wire.CodeFileStatusOK, final: wire.CodeClosingData, bytes: 6, upload: "upload", wantUpload: "upload"},
	}, func(s *session, uploaded chan<- string) {
		portLine = s.expect("PORT *")
		ap, err := wire.ParsePORT(strings.TrimPrefix(portLine, "PORT "))
		if err != nil {
			t.Errorf("fake server: %v", err)
		}
		s.reply("200 PORT command successful.")
		s.expect("RETR f")
		s.reply("150 Opening BINARY mode data connection for f (5 bytes).")
		if d := s.dial("", ap.String()); d != nil {
			d.Write([]byte("hello"))
			d.Close()
		}
		s.reply("226 Transfer complete.")
		ln := s.listen()
		s.expect("EPSV")
		s.reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port(ln)))
		s.expect("STOR up")
		s.reply("150 Ok to send data.")
		uploaded <- string(s.recvData(ln))
		s.reply("226 Transfer complete.")
	})
	want := "USER anonymous\nPASS secret@example.com\n" + portLine + "\nRETR f\nEPSV\nSTOR up\nQUIT\n"
	if got != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, want)
	}
}

// A refused EPRT leaves no data connection: the server's 425 to the
// LIST that follows is a reply; a typed PORT with an argument (a bounce
// attempt) goes out as typed.
func TestConsoleRefusedEPRTAndTypedPORT(t *testing.T) {
	got := runConsole(t, []step{
		{line: "EPRT", sent: "EPRT |1|127.0.0.1|", reply: wire.CodeSyntaxError},
		{line: "LIST", reply: wire.CodeCantOpenData},
		{line: "PORT 203,0,113,25,0,25", reply: wire.CodeSyntaxError},
		{line: "NLST", reply: wire.CodeFileStatusOK, wantErr: ErrNoDataConnection},
		{line: "NOOP", reply: wire.CodeOK},
	}, func(s *session, _ chan<- string) {
		s.expect("EPRT |1|127.0.0.1|*")
		s.reply("500 EPRT not understood.")
		s.expect("LIST")
		s.reply("425 Use PORT or PASV first.")
		s.expect("PORT 203,0,113,25,0,25")
		s.reply("500 Illegal PORT command.")
		s.expect("NLST")
		s.reply("150 Here it comes.") // a broken server: then its 425
		s.reply("425 No data connection.")
		s.expect("NOOP")
		s.reply("200 NOOP ok.")
	})
	want := "USER anonymous\nPASS secret@example.com\n"
	if !strings.HasPrefix(got, want+"EPRT |1|127.0.0.1|") ||
		!strings.HasSuffix(got, "|\nLIST\nPORT 203,0,113,25,0,25\nNLST\nNOOP\nQUIT\n") {
		t.Errorf("transcript:\n%s", got)
	}
}
