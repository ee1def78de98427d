package ftpclient

import "fmt"

// Cmd sends one command line and returns its reply, whatever its code; a
// 4xx or 5xx reply is returned as a *ReplyError too. For commands the
// client has no method for (SITE, HELP, STAT). A command that uses a
// data connection belongs to Transfer or the Console.
func (c *Conn) Cmd(line string) (Reply, error) {
	r, err := c.raw(line)
	if err == nil && r.Code >= 400 {
		err = &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: maskPassword(line)}
	}
	return r, err
}

// raw sends one command line and returns the server's reply, whatever its
// code. The error is for a line that could not be sent or a reply that
// could not be read.
func (c *Conn) raw(line string) (Reply, error) {
	if err := c.send(line); err != nil {
		return Reply{}, err
	}
	r, err := c.readReply()
	if err != nil {
		return Reply{}, fmt.Errorf("%s: %w", maskPassword(line), err)
	}
	return r, nil
}
