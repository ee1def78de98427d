package ftpclient

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestParse257(t *testing.T) {
	tests := []struct {
		msg, want string
		err       bool
	}{
		{`"/" is the current directory`, "/", false},
		{`"/pub ""new""" created`, `/pub "new"`, false},
		{`MKD command successful: "/a b"`, "/a b", false},
		{`no quotes`, "", true},
		{`"/unclosed`, "", true},
	}
	for i, tt := range tests {
		got, err := parse257(tt.msg)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("#%d: parse257(%q) = %q, %v; want %q", i, tt.msg, got, err, tt.want)
		}
	}
}

func TestParseFeatures(t *testing.T) {
	f := parseFeatures("Features:\n EPRT\n mlst type*;size*;\n REST STREAM\n\nEnd")
	if len(f) != 3 || f["MLST"] != "type*;size*;" || f["REST"] != "STREAM" || f["EPRT"] != "" {
		t.Errorf("parseFeatures = %q", f)
	}
	if f := parseFeatures("No features"); len(f) != 0 {
		t.Errorf("parseFeatures of a one-line reply = %q", f)
	}
}

func FuzzParse257(f *testing.F) {
	f.Add(`"/pub ""new""" created`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parse257(s)
		if err != nil {
			return
		}
		// Quoting the path back and parsing gives it again.
		q := `"` + strings.ReplaceAll(p, `"`, `""`) + `" x`
		if again, err := parse257(q); err != nil || again != p {
			t.Fatalf("%q → %q → %q → %q, %v", s, p, q, again, err)
		}
	})
}

func FuzzParseFeatures(f *testing.F) {
	f.Add("Features:\n EPRT\n REST STREAM\nEnd")
	f.Fuzz(func(t *testing.T, s string) {
		for k := range parseFeatures(s) {
			if k == "" || k != strings.ToUpper(k) || strings.ContainsAny(k, " \n") {
				t.Fatalf("parseFeatures(%q): bad feature name %q", s, k)
			}
		}
	})
}

// oneByte reads one byte at a time, to split CRLF across reads and writes.
type oneByte struct{ r io.Reader }

func (o oneByte) Read(p []byte) (int, error) { return o.r.Read(p[:min(1, len(p))]) }

// FuzzASCII: text without CR survives upload conversion then download
// conversion, however the stream is cut.
func FuzzASCII(f *testing.F) {
	f.Add([]byte("one\ntwo\n\nthree"), true)
	f.Fuzz(func(t *testing.T, text []byte, small bool) {
		text = bytes.ReplaceAll(text, []byte("\r"), nil)
		var src io.Reader = bytes.NewReader(text)
		if small {
			src = oneByte{src}
		}
		wireText, err := io.ReadAll(newLFToCRLF(src))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Count(wireText, []byte("\r\n")) != bytes.Count(text, []byte("\n")) {
			t.Fatalf("%q → %q: line ends not all CRLF", text, wireText)
		}
		var back bytes.Buffer
		conv := &crlfToLF{w: &back}
		var w io.Writer = conv
		if small {
			for _, b := range wireText {
				w.Write([]byte{b})
			}
		} else {
			w.Write(wireText)
		}
		conv.Flush()
		if !bytes.Equal(back.Bytes(), text) {
			t.Fatalf("%q → %q → %q", text, wireText, back.Bytes())
		}
	})
}
