package diagnose

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func i1Report(t *testing.T) Report {
	e := evidence(t, serverNAT, "PORT=ok EPRT=ok PASV=timeout EPSV=refused PASV_CTLIP=refused", "")
	return NewReport(e, Diagnose(e), Options{})
}

func TestRenderText(t *testing.T) {
	var b bytes.Buffer
	if err := i1Report(t).WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"[likely] server behind NAT announces its private address in 227",
		"reproduce:      ftplab lab --scenario i1 --mode PASV",
		"lesson:         assets/lessons/10-server-nat.md",
		"fix (server):", "fix (firewall):", "fix (client):",
		"PASV              10.200.2.2:40001       fails: no answer",
		"Transcript of PASV:",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestRenderMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := i1Report(t).WriteMarkdown(&b, false); err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(b.String(), "\n| ")
	if rows != 6 || !strings.Contains(b.String(), "### likely: passive port range not forwarded") {
		t.Errorf("markdown: %d table rows, want 6:\n%s", rows, b.String())
	}
}

func TestRenderJSONRoundTrip(t *testing.T) {
	r := i1Report(t)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("JSON round trip changed the report:\n%s", b.String())
	}
	for _, key := range []string{`"schema": "ftplab.diagnose/1"`, `"culprit": "server-nat-private-address"`, `"exit_code": 1`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}
