package ftpd

// encodeASCII appends src to dst with every LF turned into CR LF, the
// NVT-ASCII line ending of TYPE A (RFC 959 §3.1.1.1). A CR LF already in
// the file is sent as CR CR LF, so that receiveASCII gives back the same
// bytes.
func encodeASCII(dst, src []byte) []byte {
	for _, b := range src {
		if b == '\n' {
			dst = append(dst, '\r')
		}
		dst = append(dst, b)
	}
	return dst
}

// asciiDecoder turns CR LF into LF in a TYPE A upload. It remembers a CR
// that ends one chunk, since its LF may start the next.
type asciiDecoder struct{ cr bool }

// decode appends src, converted, to dst. len(dst) grows by at most
// len(src)+1.
func (d *asciiDecoder) decode(dst, src []byte) []byte {
	for _, b := range src {
		if d.cr {
			d.cr = false
			if b == '\n' {
				dst = append(dst, '\n')
				continue
			}
			dst = append(dst, '\r')
		}
		if b == '\r' {
			d.cr = true
			continue
		}
		dst = append(dst, b)
	}
	return dst
}

// flush appends a CR left pending at the end of the data.
func (d *asciiDecoder) flush(dst []byte) []byte {
	if d.cr {
		d.cr = false
		dst = append(dst, '\r')
	}
	return dst
}
