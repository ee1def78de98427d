//go:build !windows

package realnet

// portableErr returns err: the OS's errno values are the Unix ones.
func portableErr(err error) error { return err }
