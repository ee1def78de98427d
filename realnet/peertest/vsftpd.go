package peertest

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// VsftpdOptions says what a test's vsftpd serves and how.
type VsftpdOptions struct {
	// Files are written into the anonymous root, keyed by slash-separated
	// path ("pub/a.bin"), world-readable and read-only to the session.
	Files map[string][]byte
	// FilesDir, if set, is a directory copied into the root first.
	FilesDir string
	// Upload makes Root/upload writable by the anonymous session
	// (anon_upload_enable, anon_mkdir_write_enable, write_enable).
	Upload bool
	// TLS enables explicit FTPS (AUTH TLS) with a certificate made at test
	// time; plain sessions are still accepted unless ForceTLS.
	TLS bool
	// ForceTLS refuses anonymous logins and data connections without TLS.
	ForceTLS bool
	// Config sets more vsftpd.conf(5) options, or overrides the ones
	// StartVsftpd chose.
	Config map[string]string
}

// StartVsftpd starts vsftpd on a free loopback port with a private
// configuration that allows anonymous login only (user "anonymous", any
// password), and waits until it greets. ASCII mode transfers are enabled
// both ways. The server stops when the test ends.
//
// vsftpd has no MLSD/MLST. Its anonymous root must not be writable by the
// session ("refusing to run with writable root inside chroot()"), so
// uploads go to the subdirectory "upload".
func StartVsftpd(t testing.TB, opts VsftpdOptions) *Server {
	t.Helper()
	bin := Require(t, "vsftpd")
	requireRoot(t, "vsftpd")
	uid, gid := sessionIDs(t)
	s, base := newServer(t, opts.Files, opts.FilesDir, opts.Upload, uid, gid)
	s.User, s.Password = "anonymous", "ftplab@example.com"

	empty := filepath.Join(base, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatalf("peer: %v", err)
	}
	logFile := filepath.Join(base, "vsftpd.log")
	s.logs.files = append(s.logs.files, logFile)

	conf := vsftpdBaseConfig(s, empty, logFile)
	if opts.Upload {
		conf["write_enable"] = "YES"
		conf["anon_upload_enable"] = "YES"
		conf["anon_mkdir_write_enable"] = "YES"
		conf["anon_umask"] = "022"
	}
	if opts.TLS || opts.ForceTLS {
		s.CertFile = vsftpdTLS(t, conf, base, opts.ForceTLS)
	}
	maps.Copy(conf, opts.Config)

	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(conf)) {
		b.WriteString(k + "=" + conf[k] + "\n")
	}
	confFile := filepath.Join(base, "vsftpd.conf")
	// vsftpd refuses a configuration file that others can write.
	if err := os.WriteFile(confFile, []byte(b.String()), 0o600); err != nil {
		t.Fatalf("peer: %v", err)
	}
	start(t, s, "vsftpd", []string{bin, confFile})
	return s
}

// vsftpdBaseConfig is the configuration of StartVsftpd before options:
// anonymous, read-only, on s's port and passive range.
func vsftpdBaseConfig(s *Server, empty, logFile string) map[string]string {
	return map[string]string{
		"listen":                  "YES",
		"listen_ipv6":             "NO",
		"listen_address":          "127.0.0.1",
		"listen_port":             strconv.Itoa(s.Port),
		"background":              "NO",
		"pasv_enable":             "YES",
		"pasv_min_port":           strconv.Itoa(s.PasvMin),
		"pasv_max_port":           strconv.Itoa(s.PasvMax),
		"port_enable":             "YES",
		"connect_from_port_20":    "NO",
		"anonymous_enable":        "YES",
		"local_enable":            "NO",
		"no_anon_password":        "YES",
		"ftp_username":            sessionUser,
		"nopriv_user":             "nobody",
		"anon_root":               s.Root,
		"secure_chroot_dir":       empty,
		"ascii_upload_enable":     "YES",
		"ascii_download_enable":   "YES",
		"write_enable":            "NO",
		"anon_upload_enable":      "NO",
		"anon_mkdir_write_enable": "NO",
		"dirmessage_enable":       "NO",
		"use_localtime":           "NO",
		"xferlog_enable":          "YES",
		"xferlog_std_format":      "NO",
		"log_ftp_protocol":        "YES",
		"vsftpd_log_file":         logFile,
		"syslog_enable":           "NO",
		"tcp_wrappers":            "NO",
		// Namespaces and seccomp may be missing in a container; the
		// chroot and the change of user stay.
		"seccomp_sandbox":         "NO",
		"isolate":                 "NO",
		"isolate_network":         "NO",
		"max_clients":             "0",
		"max_per_ip":              "0",
		"idle_session_timeout":    "60",
		"data_connection_timeout": "60",
	}
}

// vsftpdTLS adds explicit FTPS to conf with a fresh certificate in base,
// forced for anonymous sessions when force; it returns the certificate's
// file.
func vsftpdTLS(t testing.TB, conf map[string]string, base string, force bool) string {
	certFile, keyFile := writeCert(t, base)
	forced := "NO"
	if force {
		forced = "YES"
	}
	maps.Copy(conf, map[string]string{
		"ssl_enable":             "YES",
		"allow_anon_ssl":         "YES",
		"force_anon_logins_ssl":  forced,
		"force_anon_data_ssl":    forced,
		"force_local_logins_ssl": "NO",
		"force_local_data_ssl":   "NO",
		"rsa_cert_file":          certFile,
		"rsa_private_key_file":   keyFile,
		// vsftpd 3.0.3 defaults to DES-CBC3-SHA, which OpenSSL 3
		// no longer offers: no handshake would succeed.
		"ssl_ciphers":       "HIGH",
		"require_ssl_reuse": "NO",
	})
	return certFile
}
