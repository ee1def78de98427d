package wire

import (
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		line      string
		verb, arg string
		err       bool
	}{
		{"USER anonymous", "USER", "anonymous", false},
		{"retr my file.txt", "RETR", "my file.txt", false},
		{"PASV", "PASV", "", false},
		{"PWD\r\n", "PWD", "", false},
		{"EPSV ALL", "EPSV", "ALL", false},
		{"", "", "", true},
		{"   ", "", "", true},
		{"XY", "", "", true},
		{"TOOLONG x", "", "", true},
		{"R3TR x", "", "", true},
	}
	for i, tt := range tests {
		c, err := ParseCommand(tt.line)
		if tt.err {
			if err == nil {
				t.Errorf("#%d: ParseCommand(%q) = %+v, want an error", i, tt.line, c)
			}
			continue
		}
		if err != nil || c.Verb != tt.verb || c.Arg != tt.arg {
			t.Errorf("#%d: ParseCommand(%q) = %+v, %v; want %s %q", i, tt.line, c, err, tt.verb, tt.arg)
		}
	}
}

func TestFormatReply(t *testing.T) {
	tests := []struct {
		code int
		msg  string
		want string
	}{
		{200, "OK", "200 OK\r\n"},
		{211, "Features:\nMDTM\nSIZE\nEnd", "211-Features:\r\nMDTM\r\nSIZE\r\n211 End\r\n"},
		{214, "Help:\n123 looks like a code\nEnd", "214-Help:\r\n 123 looks like a code\r\n214 End\r\n"},
	}
	for i, tt := range tests {
		if got := FormatReply(tt.code, tt.msg); got != tt.want {
			t.Errorf("#%d: FormatReply(%d, %q) = %q, want %q", i, tt.code, tt.msg, got, tt.want)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("RETR file")
	f.Add("eprt |1|1.2.3.4|5|")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCommand(s)
		if err != nil {
			return
		}
		if c.Verb != strings.ToUpper(c.Verb) || len(c.Verb) < 3 || len(c.Verb) > 4 {
			t.Fatalf("ParseCommand(%q) verb %q", s, c.Verb)
		}
		again, err := ParseCommand(c.String())
		if err != nil || again != c {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, c, c.String(), again, err)
		}
	})
}
