//go:build linux

package netnstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ftplab/realnet/peertest"
)

// Vsftpd is how the oracle's vsftpd is set up (oracle/servers/vsftpd.sh):
// anonymous, read-only, listening on port 21 of the server namespace,
// passive range 40000-40009.
type Vsftpd struct {
	Root        string // the anonymous root (must be readable by the ftp account)
	PasvAddress string // pasv_address, "" for the server's own
	Promiscuous bool   // port_promiscuous=YES: PORT may name any address
	NotFrom20   bool   // connect_from_port_20=NO
	// DataTimeout is connect_timeout and accept_timeout in seconds: a
	// blocked data connection is answered 425 after it (default 1).
	DataTimeout int
	// TLS offers explicit FTPS (AUTH TLS) with a self-signed certificate;
	// ForceTLS refuses plain logins.
	TLS, ForceTLS bool
}

// PasvMin and PasvMax are the passive range of the oracle's servers.
const PasvMin, PasvMax = 40000, 40009

// StartVsftpd starts vsftpd in the server's namespace and waits until it
// listens on port 21.
func (l *Lab) StartVsftpd(t testing.TB, v Vsftpd) *Proc {
	t.Helper()
	bin := peertest.Require(t, "vsftpd")
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	yes := map[bool]string{true: "YES", false: "NO"}
	if v.DataTimeout == 0 {
		v.DataTimeout = 1
	}
	conf := fmt.Sprintf(`listen=YES
listen_ipv6=NO
listen_port=21
background=NO
anonymous_enable=YES
local_enable=NO
write_enable=NO
no_anon_password=YES
anon_root=%s
ftp_username=ftp
secure_chroot_dir=%s
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
connect_from_port_20=%s
port_enable=YES
pasv_enable=YES
pasv_min_port=%d
pasv_max_port=%d
connect_timeout=%d
accept_timeout=%d
data_connection_timeout=10
idle_session_timeout=30
port_promiscuous=%s
max_clients=0
max_per_ip=0
syslog_enable=NO
log_ftp_protocol=YES
vsftpd_log_file=%s
`, v.Root, empty, yes[!v.NotFrom20], PasvMin, PasvMax, v.DataTimeout, v.DataTimeout,
		yes[v.Promiscuous], filepath.Join(dir, "vsftpd.log"))
	if v.PasvAddress != "" {
		conf += "pasv_address=" + v.PasvAddress + "\n"
	}
	if v.TLS || v.ForceTLS {
		cert, key := writeCert(t, dir)
		conf += fmt.Sprintf("ssl_enable=YES\nrsa_cert_file=%s\nrsa_private_key_file=%s\nallow_anon_ssl=YES\n"+
			"force_anon_logins_ssl=%s\nforce_anon_data_ssl=%s\nrequire_ssl_reuse=NO\nssl_ciphers=HIGH\n",
			cert, key, yes[v.ForceTLS], yes[v.ForceTLS])
	}
	file := filepath.Join(dir, "vsftpd.conf")
	if err := os.WriteFile(file, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	p := l.Start(t, Server, bin, file)
	l.WaitListening(t, Server, 21, p, 5*time.Second)
	return p
}

// writeCert writes a self-signed ECDSA certificate and its key as PEM.
func writeCert(t testing.TB, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "netnstest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// PublicDir makes a directory that the FTP session account can read,
// holding files, for a server's root.
func PublicDir(t testing.TB, files map[string][]byte) string {
	t.Helper()
	base := t.TempDir()
	for _, d := range []string{base, filepath.Dir(base)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	root := filepath.Join(base, "root")
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}
