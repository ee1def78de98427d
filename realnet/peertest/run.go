package peertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Run runs a client program (found with Require) with arguments args, no
// standard input, and a deadline: after timeout the program is killed and
// err says so. It returns what the program wrote to standard output and
// standard error; err is nil when it exited 0. Run never fails the test by
// itself: what a failed command means is the caller's to judge.
func Run(t testing.TB, timeout time.Duration, name string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return RunInput(t, timeout, nil, name, args...)
}

// RunInput is Run with stdin as the program's standard input.
func RunInput(t testing.TB, timeout time.Duration, stdin []byte, name string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	path := Require(t, name)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// A program that leaves a child holding its pipes must not hold us.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s %s: killed after %v: %w", name, strings.Join(args, " "), timeout, context.DeadlineExceeded)
	} else if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
		}
	}
	return out.String(), errOut.String(), err
}
