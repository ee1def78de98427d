package ftpclient

import (
	"context"
	"crypto/tls"
	"fmt"
	"ftplab/realnet/wire"
	"net"
	"time"
)

// authTLS secures the control connection: AUTH TLS, then the handshake
// (RFC 4217 §4).
func (c *Conn) authTLS(ctx context.Context) error {
	if _, err := c.cmd(wire.CodeAuthOK, "AUTH TLS"); err != nil {
		return err
	}
	cfg := c.cfg.tls.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = c.host
	}
	// The data connections resume this session: Go keys its session
	// cache by ServerName, which the data connections share.
	if cfg.ClientSessionCache == nil {
		cfg.ClientSessionCache = tls.NewLRUClientSessionCache(4)
	}
	tc := tls.Client(c.tcp, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return fmt.Errorf("TLS handshake on the control connection: %w", err)
	}
	c.conn, c.tlsConf = tc, cfg
	c.setupText()
	st := tc.ConnectionState()
	c.tr.printf("tls: control connection secured (%s, %s)", tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
	return nil
}

// protect asks for protected data connections: PBSZ 0 then PROT P
// (RFC 4217 §8, §9; PBSZ must come first).
func (c *Conn) protect() error {
	if _, err := c.cmd(2, "PBSZ 0"); err != nil {
		return err
	}
	if _, err := c.cmd(2, "PROT P"); err != nil {
		return err
	}
	c.prot = true
	return nil
}

// secureData starts TLS on a data connection, as the client whatever the
// mode (RFC 4217 §7), resuming the control connection's session. The
// handshake is bounded by timeout and by closing raw.
func (c *Conn) secureData(raw net.Conn, timeout time.Duration) (net.Conn, error) {
	tc := tls.Client(raw, c.tlsConf)
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, fmt.Errorf("TLS handshake on the data connection: %w", err)
	}
	c.tr.printf("tls: data connection secured (%s, session resumed: %v)",
		tls.VersionName(tc.ConnectionState().Version), tc.ConnectionState().DidResume)
	return tc, nil
}
