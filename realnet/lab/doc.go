// Package lab is the simulated network the lessons run on: an
// implementation of realnet.Network whose addresses and ports are virtual
// (hosts of a sim scenario) while every byte travels over a real loopback
// socket, and the Stepper that holds each operation until the user steps.
//
// Before each connection, control line, data write and close the lab asks
// the model (package sim) what the network does with it, and makes the
// real sockets behave so: a dropped SYN is a logical timeout, a rejected
// one is refused at once, NAT changes the addresses the peers see, and the
// firewall's FTP helper rewrites lines in flight. A server waiting on a
// passive port its client failed to reach gives up after the same
// logical timeout, and answers 425 without the real wait (missed.go).
// Events are recorded in the goroutine that causes them, so a run's
// timeline is deterministic.
//
// The endpoints read control lines with realnet/wire, the model's FTP
// helper with its own scanner, as a real middlebox does. The two may
// disagree: helperwire_test.go names every allowed disagreement (the list
// lessons on ALG evasion cite) and fuzzes both readers against it.
//
// Package lab/labrun runs one scenario with the real FTP server and client.
package lab
