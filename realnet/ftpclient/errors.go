package ftpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"
)

// ReplyError is a server reply that says a command failed, or a reply the
// client did not expect at that point of the dialogue.
//
//	RETR nofile: 550 No such file
type ReplyError struct {
	Code int
	Msg  string // the reply text; lines of a multi-line reply joined by "\n"
	Cmd  string // the command as sent, the password masked
}

func (e *ReplyError) Error() string {
	if e.Cmd == "" {
		return fmt.Sprintf("%d %s", e.Code, e.Msg)
	}
	return fmt.Sprintf("%s: %d %s", e.Cmd, e.Code, e.Msg)
}

// Temporary reports a 4xx reply: the command may succeed if repeated
// (RFC 959 §4.2).
func (e *ReplyError) Temporary() bool { return e.Code/100 == 4 }

// DataFailure says why a data connection could not be made. The lab uses
// it to class a transfer's outcome the way its oracle does.
type DataFailure int

const (
	// DataOther is any failure other than a timeout or a refusal.
	DataOther DataFailure = iota
	// DataTimeout: nothing answered in time. Passive: the SYN got no
	// answer (a firewall dropped it). Active: the server never
	// connected.
	DataTimeout
	// DataRefused: the connection was refused (RST, or ICMP port
	// unreachable from a rejecting firewall).
	DataRefused
	// DataUnreachable: the network said there is no way there
	// (EHOSTUNREACH, ENETUNREACH: no route, or ICMP host/net unreachable
	// from a router or a firewall's reject with icmp host-unreachable).
	DataUnreachable
)

func (f DataFailure) String() string {
	switch f {
	case DataTimeout:
		return "timeout"
	case DataRefused:
		return "refused"
	case DataUnreachable:
		return "unreachable"
	}
	return "error"
}

// DataError is a data connection that could not be opened.
//
//	data connection (EPSV): connect 192.168.1.10 -> 198.51.100.20:40002: timeout after 15s
//	data connection (PORT): accept on 192.168.1.10:50123: timeout after 15s: the server never connected
type DataError struct {
	Mode    Mode          // the mode used: PORT, EPRT, PASV, EPSV or PASV_CTLIP
	Op      string        // "connect", "listen" or "accept"
	Local   string        // our end: the listener (accept) or the local address if known
	Remote  string        // the address connected to (connect), "" for accept
	Failure DataFailure   // timeout, refused or other
	After   time.Duration // how long the attempt took
	Err     error
}

func (e *DataError) Error() string {
	var where string
	switch e.Op {
	case "connect":
		where = "connect "
		if e.Local != "" {
			where += e.Local + " "
		}
		where += "-> " + e.Remote
	default:
		where = e.Op + " on " + e.Local
	}
	s := fmt.Sprintf("data connection (%s): %s: ", e.Mode, where)
	switch e.Failure {
	case DataTimeout:
		s += fmt.Sprintf("timeout after %v", e.After.Round(time.Millisecond))
		if e.Op == "accept" {
			s += ": the server never connected"
		}
	case DataRefused:
		s += "refused"
	case DataUnreachable:
		s += "unreachable: " + e.Err.Error()
	default:
		s += e.Err.Error()
	}
	return s
}

func (e *DataError) Unwrap() error { return e.Err }

// Timeout reports a data connection that timed out.
func (e *DataError) Timeout() bool { return e.Failure == DataTimeout }

// DialError is a control connection that could not be made.
//
//	ftp connect 10.0.0.9:21: unreachable: dial tcp 10.0.0.9:21: connect: no route to host
type DialError struct {
	Addr    string      // as dialed
	Failure DataFailure // timeout, refused, unreachable or other
	Err     error
}

func (e *DialError) Error() string {
	if e.Failure == DataOther {
		return fmt.Sprintf("ftp connect %s: %v", e.Addr, e.Err)
	}
	return fmt.Sprintf("ftp connect %s: %s: %v", e.Addr, e.Failure, e.Err)
}

func (e *DialError) Unwrap() error { return e.Err }

// classify tells a timeout, a refusal and an unreachable network apart in
// a dial or accept error.
func classify(err error) DataFailure {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return DataRefused
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return DataUnreachable
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return DataTimeout
	}
	return DataOther
}

// elapsed is how long a failed attempt took: measured, unless the network
// says otherwise. A network with logical time (the lab) fails a dial at
// once where the real one would have waited; its error says how long the
// wait was with an Elapsed method.
func elapsed(err error, measured time.Duration) time.Duration {
	var e interface{ Elapsed() time.Duration }
	if errors.As(err, &e) {
		return e.Elapsed()
	}
	return measured
}
