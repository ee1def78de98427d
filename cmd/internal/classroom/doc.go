// Package classroom serves the terminal lab to a class over SSH (ftplab
// classroom): each student who logs in with the class's join code gets
// their own lab on their own terminal, their own run and their own
// progress under their name; the teacher's dashboard shows who is where
// and how the class answered each checkpoint before the answer is
// revealed, and follow mode moves every student to the step of the
// teacher's run.
//
// The SSH protocol is github.com/gliderlabs/ssh on golang.org/x/crypto/ssh.
// The server offers one thing, the lab on a terminal: commands, shells
// without a terminal, subsystems and port forwarding are refused with a
// message. Limits (connections per address, students, failed logins per
// address, idle time) are in limits.go.
//
// A student's screen (diffscreen.go) sends only the cells a frame changed,
// encoded for the student's terminal by termwrite.go (as tcell encodes
// them, without tcell walking its whole buffer for each frame), in one SSH
// write: with sixty students on two cores, each frame sent whole was most
// of the server's work.
// While some student's key waits for its frame (pace.go), the labs skip
// their animations: a class pressing together made each key wait behind
// the others' animation frames.
// BenchmarkStudentKey and BenchmarkStudentStepAnimated measure a key's
// cost on the server.
package classroom
