package sim

import (
	"fmt"
	"strings"
)

// tokKind is the kind of an nftables token.
type tokKind uint8

const (
	tokEOF     tokKind = iota
	tokNewline         // end of a line: ends a rule or a declaration
	tokWord            // a keyword, name, number, address, prefix or range
	tokString          // a double-quoted string, unquoted
	tokPunct           // one of { } ( ) ; , | & or an operator == != < > <= >=
)

// nftToken is one lexeme of an nftables text and where it starts.
type nftToken struct {
	kind      tokKind
	text      string
	line, col int
	off       int // byte offset of its first character
}

func (t nftToken) String() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokNewline:
		return "end of line"
	case tokString:
		return fmt.Sprintf("%q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// isWordByte reports whether c may be part of a word: names, numbers,
// addresses (with ':' for IPv6 and ports), prefixes ('/' inside a word) and
// ranges ('-').
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '$' || c == '@' || c == '*' || c == '+'
}

// lexNft splits src into tokens. '#' starts a comment to the end of the
// line; a backslash before a newline joins two lines. Errors (an
// unterminated string, a stray character) carry their position; lenient
// (ParseRulesetLenient), a stray character is a token for the parser.
func lexNft(file, src string, lenient bool) ([]nftToken, LineErrors) {
	var toks []nftToken
	var errs LineErrors
	line, lineStart := 1, 0
	for i := 0; i < len(src); {
		c := src[i]
		col := i - lineStart + 1
		switch {
		case c == '\n':
			toks = append(toks, nftToken{tokNewline, "", line, col, i})
			i++
			line, lineStart = line+1, i
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			i++
			if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			i++
			line, lineStart = line+1, i
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' && src[j] != '\n' {
				j++
			}
			if j >= len(src) || src[j] != '"' {
				errs = append(errs, &LineError{file, line, col, "nft: string not closed on this line"})
				i = j
				continue
			}
			toks = append(toks, nftToken{tokString, src[i+1 : j], line, col, i})
			i = j + 1
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			toks = append(toks, nftToken{tokWord, src[i:j], line, col, i})
			i = j
		case strings.IndexByte("{}();,|&", c) >= 0:
			toks = append(toks, nftToken{tokPunct, string(c), line, col, i})
			i++
		case strings.IndexByte("=!<>", c) >= 0:
			n := 1
			if i+1 < len(src) && src[i+1] == '=' {
				n = 2
			}
			op := src[i : i+n]
			if (op == "=" || op == "!") && !lenient {
				errs = append(errs, &LineError{file, line, col, fmt.Sprintf("nft: %q is not an operator nft knows here (want == or !=)", op)})
			} else {
				toks = append(toks, nftToken{tokPunct, op, line, col, i})
			}
			i += n
		default:
			if lenient { // a token for the parser to report, in context
				toks = append(toks, nftToken{tokPunct, src[i : i+1], line, col, i})
			} else {
				errs = append(errs, &LineError{file, line, col, fmt.Sprintf("nft: unexpected character %q", c)})
			}
			i++
		}
	}
	toks = append(toks, nftToken{tokEOF, "", line, len(src) - lineStart + 1, len(src)})
	return toks, errs
}
