package ftpd

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// SelfSignedCertificate makes an ECDSA P-256 certificate for hosts (names
// or IP addresses), valid for a year from now. It suits a lab or a test:
// clients must be told not to verify it (curl -k, lftp "set
// ssl:verify-certificate no").
func SelfSignedCertificate(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate key: %w", err)
	}
	return SelfSignedCertificateFor(key, hosts...)
}

// SelfSignedCertificateFor is SelfSignedCertificate with the caller's key.
// With the same key type and hosts, every certificate it makes has the
// same length: the lab uses an Ed25519 key (fixed-size signatures) so that
// the ciphertext counts in its timelines are the same on every run.
func SelfSignedCertificateFor(key crypto.Signer, hosts ...string) (tls.Certificate, error) {
	// A random serial of exactly 16 bytes: the top bit clear (positive)
	// and the next one set (no shorter encoding).
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return tls.Certificate{}, fmt.Errorf("serial number: %w", err)
	}
	b[0] = b[0]&0x7f | 0x40
	serial := new(big.Int).SetBytes(b[:])
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"ftplab"}, CommonName: "ftplab self-signed"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("create certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
