package wire

import (
	"net/netip"
	"testing"
)

func TestPORTRoundTrip(t *testing.T) {
	tests := []struct {
		arg  string
		want string // "" means an error
	}{
		{"192,168,1,10,195,80", "192.168.1.10:50000"},
		{" 10, 200, 1, 2, 220, 103", "10.200.1.2:56423"},
		{"127,0,0,1,0,21", "127.0.0.1:21"},
		{"127,0,0,1,0", ""},
		{"127,0,0,1,0,21,9", ""},
		{"256,0,0,1,0,21", ""},
		{"a,0,0,1,0,21", ""},
		{"-1,0,0,1,0,21", ""},
		{"", ""},
	}
	for i, tt := range tests {
		got, err := ParsePORT(tt.arg)
		if tt.want == "" {
			if err == nil {
				t.Errorf("#%d: ParsePORT(%q) = %v, want an error", i, tt.arg, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("#%d: ParsePORT(%q) = %v, %v; want %s", i, tt.arg, got, err, tt.want)
			continue
		}
		back, err := FormatPORT(got)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := ParsePORT(back); again != got {
			t.Errorf("#%d: FormatPORT(%v) = %q does not parse back", i, got, back)
		}
	}
	if _, err := FormatPORT(netip.MustParseAddrPort("[::1]:21")); err == nil {
		t.Error("FormatPORT accepted an IPv6 address")
	}
}

func TestParse227(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"Entering Passive Mode (198,51,100,20,156,64).", "198.51.100.20:40000"},
		{"Entering Passive Mode 198,51,100,20,156,64", "198.51.100.20:40000"}, // no parentheses: RFC 1123
		{"=198,51,100,20,156,64", "198.51.100.20:40000"},
		{"Entering Passive Mode (10,200,2,2,156,66). extra 1,2", "10.200.2.2:40002"},
		{"Entering Passive Mode", ""},
		{"Entering Passive Mode (1,2,3)", ""},
	}
	for i, tt := range tests {
		got, err := Parse227(tt.text)
		if tt.want == "" {
			if err == nil {
				t.Errorf("#%d: Parse227(%q) = %v, want an error", i, tt.text, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("#%d: Parse227(%q) = %v, %v; want %s", i, tt.text, got, err, tt.want)
		}
	}
	text, _ := Format227(netip.MustParseAddrPort("198.51.100.20:40000"))
	if text != "Entering Passive Mode (198,51,100,20,156,64)." {
		t.Errorf("Format227 = %q", text)
	}
}

func TestEPRT(t *testing.T) {
	tests := []struct {
		arg  string
		want string
	}{
		{"|1|132.235.1.2|6275|", "132.235.1.2:6275"}, // RFC 2428 §2 examples
		{"|2|1080::8:800:200C:417A|5282|", "[1080::8:800:200c:417a]:5282"},
		{"!1!10.0.0.1!21!", "10.0.0.1:21"},
		{"|1|::1|5282|", ""},
		{"|2|10.0.0.1|5282|", ""},
		{"|3|10.0.0.1|5282|", ""},
		{"|1|10.0.0.1|0|", ""},
		{"|1|10.0.0.1|70000|", ""},
		{"|1|10.0.0.1|21", ""},
		{"|1|fe80::1%eth0|21|", ""},
		{"", ""},
	}
	for i, tt := range tests {
		got, err := ParseEPRT(tt.arg)
		if tt.want == "" {
			if err == nil {
				t.Errorf("#%d: ParseEPRT(%q) = %v, want an error", i, tt.arg, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("#%d: ParseEPRT(%q) = %v, %v; want %s", i, tt.arg, got, err, tt.want)
			continue
		}
		if again, err := ParseEPRT(FormatEPRT(got)); err != nil || again != got {
			t.Errorf("#%d: FormatEPRT(%v) = %q does not parse back: %v", i, got, FormatEPRT(got), err)
		}
	}
}

func TestParse229(t *testing.T) {
	tests := []struct {
		text string
		want uint16
	}{
		{"Entering Extended Passive Mode (|||6446|)", 6446}, // RFC 2428 §3
		{"Entering Extended Passive Mode (!!!40000!)", 40000},
		{"Entering Extended Passive Mode (|1|10.0.0.1|6446|)", 0},
		{"Entering Extended Passive Mode", 0},
		{"Entering Extended Passive Mode (|||0|)", 0},
	}
	for i, tt := range tests {
		got, err := Parse229(tt.text)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("#%d: Parse229(%q) = %d, want an error", i, tt.text, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("#%d: Parse229(%q) = %d, %v; want %d", i, tt.text, got, err, tt.want)
		}
	}
	if got, _ := Parse229(Format229(40009)); got != 40009 {
		t.Errorf("Format229 does not parse back: %d", got)
	}
}

func FuzzParsePORT(f *testing.F) {
	f.Add("192,168,1,10,195,80")
	f.Add("1,2,3")
	f.Fuzz(func(t *testing.T, s string) {
		ap, err := ParsePORT(s)
		if err != nil {
			return
		}
		text, err := FormatPORT(ap)
		if err != nil {
			t.Fatalf("FormatPORT(%v): %v", ap, err)
		}
		if again, err := ParsePORT(text); err != nil || again != ap {
			t.Fatalf("%q → %v → %q → %v, %v", s, ap, text, again, err)
		}
	})
}

func FuzzParse227(f *testing.F) {
	f.Add("Entering Passive Mode (198,51,100,20,156,64).")
	f.Fuzz(func(t *testing.T, s string) {
		ap, err := Parse227(s)
		if err != nil {
			return
		}
		text, _ := Format227(ap)
		if again, err := Parse227(text); err != nil || again != ap {
			t.Fatalf("%q → %v → %q → %v, %v", s, ap, text, again, err)
		}
	})
}

func FuzzParseEPRT(f *testing.F) {
	f.Add("|1|132.235.1.2|6275|")
	f.Add("|2|::1|21|")
	f.Fuzz(func(t *testing.T, s string) {
		ap, err := ParseEPRT(s)
		if err != nil {
			return
		}
		if again, err := ParseEPRT(FormatEPRT(ap)); err != nil || again != ap {
			t.Fatalf("%q → %v → %q → %v, %v", s, ap, FormatEPRT(ap), again, err)
		}
	})
}

func FuzzParse229(f *testing.F) {
	f.Add("Entering Extended Passive Mode (|||6446|)")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse229(s)
		if err != nil {
			return
		}
		if again, err := Parse229(Format229(p)); err != nil || again != p {
			t.Fatalf("%q → %d → %d, %v", s, p, again, err)
		}
	})
}
