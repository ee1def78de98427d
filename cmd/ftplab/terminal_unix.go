//go:build unix

package main

import "os"

// checkTerminal reports why the lab cannot draw, or nil: tcell draws on
// the controlling terminal, /dev/tty, which a process started with
// setsid, cron or a service manager does not have.
func checkTerminal() error {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return f.Close()
}
