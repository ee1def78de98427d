package labrun

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"

	"ftplab/realnet/ftpd"
)

// selfSigned makes the lab server's certificate for an FTPS scenario. The
// lab's client does not verify it: the lessons are about what the network
// can see, not about trust. Ed25519 signatures have a fixed size (ECDSA's
// DER encoding varies by a byte or two), so the ciphertext counts in the
// timeline are the same on every run.
func selfSigned() (*tls.Config, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	cert, err := ftpd.SelfSignedCertificateFor(key)
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
}
