package wire

import (
	"fmt"
	"strings"
)

// Reply codes used by ftplab, with the RFC section that defines each.
const (
	CodeRestartMarker     = 110 // RFC 959 §4.2: restart marker reply
	CodeReadyInMinutes    = 120 // RFC 959 §4.2
	CodeDataOpenStarting  = 125 // RFC 959 §4.2: data connection already open
	CodeFileStatusOK      = 150 // RFC 959 §4.2: about to open data connection
	CodeOK                = 200 // RFC 959 §4.2
	CodeNotImplementedOK  = 202 // RFC 959 §4.2: superfluous command
	CodeSystemStatus      = 211 // RFC 959 §4.2; RFC 2389 FEAT
	CodeDirStatus         = 212 // RFC 959 §4.2
	CodeFileStatus        = 213 // RFC 959 §4.2; RFC 3659 SIZE, MDTM
	CodeHelp              = 214 // RFC 959 §4.2
	CodeSystemType        = 215 // RFC 959 §4.2
	CodeReady             = 220 // RFC 959 §4.2
	CodeClosing           = 221 // RFC 959 §4.2
	CodeDataOpen          = 225 // RFC 959 §4.2: data connection open; no transfer in progress
	CodeClosingData       = 226 // RFC 959 §4.2
	CodePassive           = 227 // RFC 959 §4.2
	CodeExtendedPassive   = 229 // RFC 2428 §3
	CodeLoggedIn          = 230 // RFC 959 §4.2
	CodeAuthOK            = 234 // RFC 4217 §4.1 (RFC 2228)
	CodeFileActionOK      = 250 // RFC 959 §4.2
	CodePathCreated       = 257 // RFC 959 §4.2
	CodeNeedPassword      = 331 // RFC 959 §4.2
	CodeNeedAccount       = 332 // RFC 959 §4.2
	CodePendingInfo       = 350 // RFC 959 §4.2
	CodeNotAvailable      = 421 // RFC 959 §4.2
	CodeCantOpenData      = 425 // RFC 959 §4.2
	CodeTransferAborted   = 426 // RFC 959 §4.2
	CodeFileBusy          = 450 // RFC 959 §4.2
	CodeLocalError        = 451 // RFC 959 §4.2
	CodeInsufficientSpace = 452 // RFC 959 §4.2
	CodeSyntaxError       = 500 // RFC 959 §4.2
	CodeBadArguments      = 501 // RFC 959 §4.2
	CodeNotImplemented    = 502 // RFC 959 §4.2
	CodeBadSequence       = 503 // RFC 959 §4.2
	CodeBadParameter      = 504 // RFC 959 §4.2
	CodeProtRequired      = 521 // RFC 4217 §9 (RFC 2228): data connection cannot be opened with this PROT setting
	CodeBadProtocol       = 522 // RFC 2428 §2: network protocol not supported
	CodeNotLoggedIn       = 530 // RFC 959 §4.2
	CodeProtectionDenied  = 534 // RFC 4217 (RFC 2228)
	CodeFileUnavailable   = 550 // RFC 959 §4.2
	CodePageTypeUnknown   = 551 // RFC 959 §4.2
	CodeExceededStorage   = 552 // RFC 959 §4.2
	CodeBadFileName       = 553 // RFC 959 §4.2
	CodeBadRestart        = 554 // RFC 3659 §5.4: invalid REST parameter
)

// FormatReply formats a reply as sent, CRLF included. A message of several
// lines becomes a multi-line reply (RFC 959 §4.2): the first line starts
// "code-", the last "code ", and a middle line that starts with three
// digits is indented by one space so that no reader takes it for the end.
//
//	211-Features:
//	 MDTM
//	211 End
func FormatReply(code int, msg string) string {
	lines := strings.Split(strings.TrimRight(msg, "\r\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		switch {
		case len(lines) == 1:
			fmt.Fprintf(&b, "%03d %s\r\n", code, l)
		case i == 0:
			fmt.Fprintf(&b, "%03d-%s\r\n", code, l)
		case i == len(lines)-1:
			fmt.Fprintf(&b, "%03d %s\r\n", code, l)
		case startsWithCode(l):
			b.WriteString(" " + l + "\r\n")
		default:
			b.WriteString(l + "\r\n")
		}
	}
	return b.String()
}

func startsWithCode(l string) bool {
	return len(l) >= 3 && isDigit(l[0]) && isDigit(l[1]) && isDigit(l[2])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
