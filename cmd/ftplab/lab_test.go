package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestRunDescriptorUsage: lab and run resolve their flags through the one
// run resolver (sim.Run.Resolve) and refuse what it refuses, before any
// terminal or lab is opened.
func TestRunDescriptorUsage(t *testing.T) {
	for i, c := range []struct {
		cmd  func(context.Context, []string, io.Writer, io.Writer) error
		args []string
		want string
	}{
		{runLab, []string{"--scenario", "zz"}, `unknown scenario "zz"`},
		{runLab, []string{"--scenario", "i1", "--set", "colour=red"}, `unknown override "colour"`},
		{runLab, []string{"--scenario", "i1", "--set", "pasv_address=nowhere"}, `pasv_address: "nowhere"`},
		{runLab, []string{"--set", "tls=YES"}, "--set needs --scenario"},
		{runLab, []string{"--mode", "sideways"}, `unknown mode "sideways"`},
		{runRun, []string{"--scenario", "a", "--set", "tls=maybe"}, `"maybe": want YES or NO`},
		{runRun, []string{"--scenario", "zz"}, `unknown scenario "zz"`},
	} {
		err := c.cmd(context.Background(), c.args, io.Discard, io.Discard)
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("#%d %v: error %v, want a usage error with %q", i, c.args, err, c.want)
		}
	}
}
