package classroom

import (
	"fmt"
	"path/filepath"

	"github.com/gdamore/tcell/v2"
	"github.com/gliderlabs/ssh"

	"ftplab/cmd/internal/tui"
	"ftplab/lessons"
)

// handle serves one student: their own lab on their terminal, their
// progress kept under their name.
func (s *Server) handle(sess ssh.Session) {
	s.labs.Add(1)
	defer s.labs.Done()
	if sess.RawCommand() != "" {
		refuse(sess, msgExec)
		return
	}
	pty, winch, ok := sess.Pty()
	if !ok {
		refuse(sess, msgNoPTY)
		return
	}
	name, err := StudentName(sess.User())
	if err != nil {
		refuse(sess, "ftplab classroom: "+err.Error())
		return
	}
	st, err := s.class.join(name, hostOf(sess.RemoteAddr()))
	if err != nil {
		refuse(sess, "ftplab classroom: "+err.Error())
		return
	}
	defer s.class.leave(st)
	keys, left := s.pace.student()
	defer left()
	screen, err := s.screen(sess, pty, winch, keys)
	if err != nil {
		refuse(sess, "ftplab classroom: "+err.Error())
		return
	}
	app := tui.New(tui.Options{
		Screen:    screen,
		Start:     s.cfg.Start,
		Course:    s.cfg.Course,
		Store:     lessons.NewStore(filepath.Join(s.cfg.StateDir, "students", name)),
		SaveAside: true,
		Mono:      s.cfg.Mono,
		Animate:   true,
		Busy:      func() bool { return s.pace.busyBut(keys) },
		Observer:  st,
	})
	s.class.attach(st, app)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sess.Context().Done(): // the student left, or the class ended
			app.Stop()
		case <-done:
		}
	}()
	app.Run() // restores the student's terminal (the screen's Fini)
	sess.Exit(0)
}

// screen is a terminal screen on the student's SSH channel, for the
// terminal their PTY request names.
func (s *Server) screen(sess ssh.Session, pty ssh.Pty, winch <-chan ssh.Window, keys *keyWait) (tcell.Screen, error) {
	ti, err := tcell.LookupTerminfo(pty.Term)
	if err != nil {
		if ti, err = tcell.LookupTerminfo("xterm"); err != nil {
			return nil, fmt.Errorf("no terminal description for %q", pty.Term)
		}
	}
	tty := newTTY(sess, pty.Window, winch, func() { s.pace.key(keys) })
	ts, err := tcell.NewTerminfoScreenFromTtyTerminfo(tty, ti)
	if err != nil {
		return nil, err
	}
	d := newTermScreen(ts, tty, ti)
	d.drawn = keys.drawn
	return d, nil
}

// refuse tells the client why and ends the session.
func refuse(sess ssh.Session, msg string) {
	fmt.Fprintln(sess.Stderr(), msg)
	sess.Exit(1)
}
