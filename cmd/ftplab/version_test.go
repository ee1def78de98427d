package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	vcs := func(rev, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified},
		}}
	}
	for _, c := range []struct {
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"v1.2.0-3-gabc1234-dirty", vcs("0123456789abcdef", "true"), "v1.2.0-3-gabc1234-dirty"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.3.0"},
		{"", vcs("0123456789abcdef0123", "false"), "devel-0123456789ab"},
		{"", vcs("0123456789abcdef0123", "true"), "devel-0123456789ab-dirty"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"", nil, "devel"},
	} {
		if got := versionFrom(c.stamped, c.bi); got != c.want {
			t.Errorf("versionFrom(%q, %+v) = %q, want %q", c.stamped, c.bi, got, c.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	out := runOK(t, "version")
	if !strings.HasPrefix(out, "ftplab ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("ftplab version = %q, want ftplab VERSION and %s", out, runtime.Version())
	}
}
