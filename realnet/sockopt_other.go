//go:build !unix && !windows

package realnet

// setReuseAddr does nothing where the socket API has no SO_REUSEADDR
// (plan9, js, wasip1): binding L-1 twice in a row may then fail, and the
// server falls back to an unbound port.
func setReuseAddr(uintptr) error { return nil }
