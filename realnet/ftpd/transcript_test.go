package ftpd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// step is one line of a transcript and the reply code it must get.
type step struct {
	line string
	code int
}

// runScript drives a fresh session through steps, in the style of
// net/smtp's tests: every reply code must match.
func runScript(t *testing.T, x *ctl, steps []step) {
	t.Helper()
	for i, s := range steps {
		if err := x.tp.PrintfLine("%s", s.line); err != nil {
			t.Fatalf("#%d %q: send: %v", i, s.line, err)
		}
		code, msg := x.read()
		if code != s.code {
			t.Fatalf("#%d %q: got %d %s, want %d", i, s.line, code, msg, s.code)
		}
	}
}

func TestTranscriptBeforeLogin(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, nil)
	runScript(t, dial(t, addr), []step{
		{"NOOP", 200},
		{"SYST", 215},
		{"FEAT", 211},
		{"HELP", 214},
		{"HELP RETR", 214},
		{"HELP XYZZ", 502},
		{"OPTS UTF8 ON", 200},
		{"STAT", 211},
		{"PWD", 530},
		{"LIST", 530},
		{"RETR README.txt", 530},
		{"PASV", 530},
		{"CWD pub", 530},
		{"STAT pub", 530},
		{"PASS x", 503},
		{"AUTH TLS", 502}, // no TLS configured
		{"BOGUS", 500},
		{"X", 500},
		{"TOOLONGVERB x", 500},
		{"REIN", 502},
		{"SITE CHMOD 644 x", 502},
		{"USER", 501},
		{"USER anonymous", 331},
		{"PASS guest@", 230},
		{"PASS again", 230},
		{"USER alice", 530},
		{"QUIT", 221},
	})
}

func TestTranscriptCommands(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("alice", "secret")
	runScript(t, x, []step{
		{"PWD", 257},
		{"XPWD", 257},
		{"CWD pub", 250},
		{"CWD sub", 250},
		{"CDUP", 250},
		{"XCUP", 250},
		{"CWD /", 250},
		{"CWD nope", 550},
		{"CWD README.txt", 550},
		{"CWD ../../..", 250}, // ".." stops at the root
		{"SIZE README.txt", 213},
		{"SIZE pub", 550},
		{"SIZE missing", 550},
		{"MDTM README.txt", 213},
		{"MDTM missing", 550},
		{"MLST README.txt", 250},
		{"MLST", 250},
		{"MLST missing", 550},
		{"OPTS MLST type;size;", 200},
		{"OPTS MLST", 200},
		{"OPTS NOSUCH", 501},
		{"OPTS", 501},
		{"TYPE A", 200},
		{"TYPE A N", 200},
		{"TYPE I", 200},
		{"TYPE L 8", 200},
		{"TYPE E", 504},
		{"TYPE A T", 504},
		{"TYPE Q", 501},
		{"TYPE", 501},
		{"MODE S", 200},
		{"MODE B", 504},
		{"MODE Z", 501},
		{"STRU F", 200},
		{"STRU R", 504},
		{"STRU Q", 501},
		{"ALLO 100", 202},
		{"ACCT x", 202},
		{"REST 10", 350},
		{"REST -1", 501},
		{"REST x", 501},
		{"REST 0", 350},
		{"RETR README.txt", 425}, // no PORT or PASV yet
		{"MKD newdir", 257},
		{"MKD newdir", 550},
		{"XMKD newdir/inner", 257},
		{"RMD newdir", 550}, // not empty
		{"XRMD newdir/inner", 250},
		{"RMD newdir", 250},
		{"RMD README.txt", 550},
		{"RMD /", 550},
		{"RNTO x", 503},
		{"RNFR missing", 550},
		{"RNFR README.txt", 350},
		{"NOOP", 200},
		{"RNTO README2.txt", 503}, // RNTO must follow RNFR at once
		{"RNFR README.txt", 350},
		{"RNTO README2.txt", 250},
		{"SIZE README2.txt", 213},
		{"SIZE README.txt", 550},
		{"DELE README2.txt", 250},
		{"DELE README2.txt", 550},
		{"DELE pub", 550},
		{"EPSV 3", 522},
		{"EPSV 2", 522}, // IPv4 control connection
		{"EPSV x", 501},
		{"EPRT |3|1.2.3.4|5000|", 522},
		{"EPRT |2|::1|5000|", 522}, // IPv6 on an IPv4 control connection (RFC 2428 §2)
		{"EPRT garbage", 501},
		{"PORT 1,2,3", 501},             // malformed: 501, see handlePORT
		{"PORT 10,0,0,1,39,16", 500},    // another host: bounce attack
		{"PORT 127,0,0,1,0,80", 500},    // a privileged port
		{"EPRT |1|10.0.0.1|5000|", 500}, // another host
		{"EPRT |1|127.0.0.1|21|", 500},
		{"PORT 127,0,0,1,39,16", 200},
		{"EPRT |1|127.0.0.1|5000|", 200},
		{"ABOR", 225},
		{"PBSZ 0", 503},
		{"PROT P", 503},
		{"CCC", 502},
		{"STAT", 211},
		{"STAT pub", 213},
		{"STAT missing", 550},
		{"EPSV ALL", 200},
		{"PASV", 501},
		{"PORT 127,0,0,1,39,16", 501},
		{"EPRT |1|127.0.0.1|5000|", 501},
		{"EPSV", 229},
		{"QUIT", 221},
	})
	if _, err := os.Stat(filepath.Join(root, "README.txt")); !os.IsNotExist(err) {
		t.Errorf("README.txt still there after the rename: %v", err)
	}
}

func TestTranscriptReadOnly(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, nil) // Write is off
	x := dial(t, addr)
	x.login("anonymous", "me@")
	x.epsv().Close()
	runScript(t, x, []step{
		{"STOR x", 550},
		{"APPE x", 550},
		{"STOU", 550},
		{"DELE README.txt", 550},
		{"MKD d", 550},
		{"RMD pub", 550},
		{"RNFR README.txt", 550},
	})
}

func TestMultiLineReplies(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.TLS = tlsServer(t); c.Welcome = "Welcome\n220 looks like a code\nto ftplab" })
	x := dial(t, addr)
	feat := x.cmd(211, "FEAT")
	for _, f := range []string{"EPRT", "EPSV", "MDTM", "MLST type*;size*;modify*;perm*;unique*;", "PASV", "REST STREAM", "SIZE", "TVFS", "UTF8", "AUTH TLS", "PBSZ", "PROT"} {
		if !strings.Contains(feat, "\n "+f+"\n") && !strings.HasSuffix(feat, "\n "+f) && !strings.Contains(feat, " "+f+"\n") {
			t.Errorf("FEAT lacks %q:\n%s", f, feat)
		}
	}
	x.login("anonymous", "x")
	mlst := x.cmd(250, "MLST /pub/hello.txt")
	if !strings.Contains(mlst, "type=file;size=18;") || !strings.Contains(mlst, " /pub/hello.txt") || !strings.Contains(mlst, "perm=r;") {
		t.Errorf("MLST reply:\n%s", mlst)
	}
	x.cmd(200, "OPTS MLST size;")
	if mlst := x.cmd(250, "MLST /pub/hello.txt"); !strings.Contains(mlst, "\n size=18; /pub/hello.txt\n") {
		t.Errorf("MLST after OPTS MLST size;:\n%q", mlst)
	}
	if pwd := x.cmd(257, "PWD"); pwd != `"/" is the current directory.` {
		t.Errorf("PWD: %q", pwd)
	}
}

func TestQuotedPath(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("anonymous", "x")
	if got := x.cmd(257, `MKD say "hi"`); got != `"/say ""hi""" created.` {
		t.Errorf("MKD: %q", got)
	}
	x.cmd(250, `CWD say "hi"`)
	if got := x.cmd(257, "PWD"); got != `"/say ""hi""" is the current directory.` {
		t.Errorf("PWD: %q", got)
	}
}
