package ftpclient

import (
	"crypto/tls"
	"io"
	"time"

	"ftplab/realnet"
)

// An Option configures a Conn at Dial.
type Option func(*config)

type config struct {
	network           realnet.Network
	timeout           time.Duration // dial, each control reply, data idle
	dataTimeout       time.Duration // data connect or accept
	trace             io.Writer
	tls               *tls.Config
	mode              Mode
	noEPSV            bool
	noEPRT            bool
	noFallback        bool
	pasvAddress       bool
	serverClosesFirst bool
}

func defaultConfig() config {
	return config{
		network:     realnet.OS{},
		timeout:     30 * time.Second,
		dataTimeout: 15 * time.Second,
	}
}

// WithNetwork makes every connection through n instead of the OS network:
// the lab passes its simulated network here.
func WithNetwork(n realnet.Network) Option { return func(c *config) { c.network = n } }

// WithTimeout bounds dialing, the wait for each control reply, and the
// time a data connection may stay idle. Zero means no limit. The default
// is 30 s.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithDataTimeout bounds how long opening one data connection may take:
// connecting to the server in passive mode, waiting for the server's
// connection in active mode. Zero means no limit. The default is 15 s.
func WithDataTimeout(d time.Duration) Option { return func(c *config) { c.dataTimeout = d } }

// WithTrace writes the control dialogue ("> USER x", "< 331 ..."; the
// password is masked) and the life of every data connection to w, one
// line per event, as it happens.
func WithTrace(w io.Writer) Option { return func(c *config) { c.trace = w } }

// WithTLS secures the session with explicit FTPS (RFC 4217): AUTH TLS right
// after the greeting, PBSZ 0 and PROT P after login, and TLS on every data
// connection, resuming the control connection's TLS session because
// servers such as vsftpd (require_ssl_reuse) refuse a data connection that
// does not. cfg is cloned; a ClientSessionCache is added when it has none,
// and ServerName defaults to the host dialed.
func WithTLS(cfg *tls.Config) Option { return func(c *config) { c.tls = cfg } }

// WithMode sets how data connections are opened (default Passive).
func WithMode(m Mode) Option { return func(c *config) { c.mode = m } }

// WithoutEPSV makes Passive use PASV only (RFC 959), as curl's
// --disable-epsv does.
func WithoutEPSV() Option { return func(c *config) { c.noEPSV = true } }

// WithoutEPRT makes Active use PORT only, as curl's --disable-eprt does.
func WithoutEPRT() Option { return func(c *config) { c.noEPRT = true } }

// WithoutFallback makes Passive send only EPSV and Active only EPRT: a
// refusal is an error instead of a retry with PASV or PORT.
func WithoutFallback() Option { return func(c *config) { c.noFallback = true } }

// WithPasvAddress makes Passive connect to the address of a 227 reply
// instead of the control connection's peer.
func WithPasvAddress() Option { return func(c *config) { c.pasvAddress = true } }

// WithServerClosesFirst makes the client, after a TLS download ends with
// the server's close_notify, wait (up to 2 s) for the server to close the
// TCP connection before it closes its own side. The order in which the two
// ends close is then always the same, which the lab's timeline needs. Not
// for general use: vsftpd waits for the client's close_notify first, so
// each download would pay the full wait.
func WithServerClosesFirst() Option { return func(c *config) { c.serverClosesFirst = true } }
