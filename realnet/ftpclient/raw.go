package ftpclient

// These calls let a terminal UI drive the protocol by hand: a student
// types a command, sees the reply, and, for PASV, EPSV, PORT and EPRT,
// gets the data connection the command arranges (DialPassive,
// ListenActive), or runs a whole transfer with Transfer.

// Raw sends one command line and returns the server's reply, whatever its
// code: a 5xx is a reply here, not an error. The error is for a line that
// could not be sent or a reply that could not be read. After a 1xx reply
// (a transfer started), read the final reply with ReadReply.
func (c *Conn) Raw(line string) (Reply, error) {
	if err := c.send(line); err != nil {
		return Reply{}, err
	}
	return c.readReply()
}

// Cmd sends one command line and returns its reply; a 4xx or 5xx reply is
// returned as a *ReplyError too.
func (c *Conn) Cmd(line string) (Reply, error) {
	r, err := c.Raw(line)
	if err == nil && r.Code >= 400 {
		err = &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: maskPassword(line)}
	}
	return r, err
}

// ReadReply reads one more reply: the final reply of a transfer that Raw
// started.
func (c *Conn) ReadReply() (Reply, error) { return c.readReply() }
