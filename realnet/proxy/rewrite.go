package proxy

import (
	"fmt"
	"net/netip"
	"strings"

	"ftplab/realnet/wire"
)

// dataCommand is a PORT or EPRT from the client, parsed.
type dataCommand struct {
	verb   string         // PORT or EPRT
	target netip.AddrPort // where the client listens
}

// parseDataCommand reports whether line is PORT or EPRT and, if so, the
// address it names. A malformed argument is an error: the proxy answers it
// itself rather than relay a line it cannot rewrite.
func parseDataCommand(line string) (dataCommand, bool, error) {
	cmd, err := wire.ParseCommand(line)
	if err != nil {
		return dataCommand{}, false, nil
	}
	var ap netip.AddrPort
	switch cmd.Verb {
	case "PORT":
		ap, err = wire.ParsePORT(cmd.Arg)
	case "EPRT":
		ap, err = wire.ParseEPRT(cmd.Arg)
	default:
		return dataCommand{}, false, nil
	}
	if err != nil {
		return dataCommand{}, true, err
	}
	return dataCommand{verb: cmd.Verb, target: netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())}, true, nil
}

// checkTarget applies the server's bounce defence to a PORT/EPRT target:
// it must be the client's own address, at a port above 1023.
func checkTarget(target netip.AddrPort, client netip.Addr) error {
	if target.Addr() != client.Unmap() {
		return fmt.Errorf("%s names %s, not the client's address %s", "PORT/EPRT", target.Addr(), client.Unmap())
	}
	if target.Port() < 1024 {
		return fmt.Errorf("PORT/EPRT names port %d, below 1024", target.Port())
	}
	return nil
}

// formatDataCommand writes the command that announces the proxy's own
// listening address to the server: the client's verb when the address
// family allows it, EPRT for IPv6 (RFC 2428).
func formatDataCommand(verb string, local netip.AddrPort) string {
	if verb == "PORT" && local.Addr().Unmap().Is4() {
		arg, _ := wire.FormatPORT(local)
		return "PORT " + arg
	}
	return "EPRT " + wire.FormatEPRT(local)
}

// passiveReply is a 227 or 229 reply from the server, parsed.
type passiveReply struct {
	code int
	// announced is the address a 227 names; for 229 only the port is set,
	// the address being the control connection's (RFC 2428 §3).
	announced netip.AddrPort
}

// parsePassiveReply reports whether line is the last line of a 227 or 229
// reply and, if so, what it announces.
func parsePassiveReply(line string) (passiveReply, bool, error) {
	if len(line) < 4 || line[3] != ' ' {
		return passiveReply{}, false, nil
	}
	switch line[:3] {
	case "227":
		ap, err := wire.Parse227(line[4:])
		if err != nil {
			return passiveReply{}, true, err
		}
		return passiveReply{code: wire.CodePassive, announced: ap}, true, nil
	case "229":
		port, err := wire.Parse229(line[4:])
		if err != nil {
			return passiveReply{}, true, err
		}
		return passiveReply{code: wire.CodeExtendedPassive, announced: netip.AddrPortFrom(netip.Addr{}, port)}, true, nil
	}
	return passiveReply{}, false, nil
}

// formatPassiveReply writes the reply that sends the client to the
// proxy's own listening address instead of the server's.
func formatPassiveReply(code int, local netip.AddrPort) (string, error) {
	if code == wire.CodeExtendedPassive {
		return fmt.Sprintf("%d %s", code, wire.Format229(local.Port())), nil
	}
	text, err := wire.Format227(local)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %s", code, text), nil
}

// isAuthTLS reports whether line asks to protect the control connection
// (RFC 4217 §4: AUTH TLS; AUTH SSL and the others are older names).
func isAuthTLS(line string) bool {
	cmd, err := wire.ParseCommand(line)
	return err == nil && cmd.Verb == "AUTH" && strings.TrimSpace(cmd.Arg) != ""
}
