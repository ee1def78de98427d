package labrun

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"ftplab/realnet/ftpclient"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/lab"
	"ftplab/sim"
)

// FileName and FileSize describe the file every run downloads, the same
// size as the oracle's data.bin.
const (
	FileName = "data.bin"
	FileSize = 200000
)

// Options say what to run.
type Options struct {
	Scenario sim.Scenario
	Mode     sim.Mode
	Seed     uint64   // seeds the model's port allocator, the server's passive ports and the file
	Pace     lab.Pace // FullSpeed unless a UI steps through the run
	// Script holds raw command lines the client sends after logging in,
	// before its download (see Run.Command): a lesson's PORT naming a
	// third host for the bounce attack, say. A line starting with "!" is
	// a directive to the lab instead: "!steal" makes the scenario's
	// attacker connect to the next passive data port before the client
	// (see steal.go).
	Script []string
	// KeepOpen leaves the client logged in after the download or script,
	// for commands typed by hand; Close ends the session.
	KeepOpen bool
}

// Result is the outcome of a run, in the oracle's words.
type Result struct {
	Outcome   string // ok, 425, 500, timeout, refused, or error
	BlockedAt string // "firewall:rule" or "host: reason" that stopped the data connection, "-" if none
	Err       error  // what the client saw, nil when ok
}

// Run is a scenario under way.
type Run struct {
	Lab  *lab.Lab
	opts Options

	root   string
	server *ftpd.Server
	done   chan struct{}
	result Result

	mu      sync.Mutex // serializes use of client
	client  *ftpclient.Conn
	console *ftpclient.Console // typed commands (command.go), on client

	stealMu     sync.Mutex // guards the attacker's state (steal.go)
	stealArmed  bool
	stealClosed bool
	thieves     []net.Conn
	thiefWG     sync.WaitGroup

	cancel context.CancelFunc
}

// Generous real-time limits: in the lab every timeout that matters is
// logical (a dropped SYN fails at once at full speed), and a user
// stepping through a run may pause for minutes.
const patience = time.Hour

// playInterval is the pause between events when a run plays.
const playInterval = 500 * time.Millisecond

// Start begins a run and returns at once; Done is closed when the
// client's part is over.
func Start(ctx context.Context, opts Options) (*Run, error) {
	sc := opts.Scenario
	if _, err := sim.ParseMode(string(opts.Mode)); err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "ftplab-lab-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, FileName), fileContent(opts.Seed), 0o644); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	// The server's listen is set-up, not a step: it happens at full speed
	// before the run takes the caller's pace.
	st := lab.NewStepper(lab.FullSpeed)
	l := lab.New(sim.New(sc, opts.Seed), st)
	cfg := ftpd.Config{
		Network:          l.Host(sc.ServerHost),
		Root:             root,
		Anonymous:        true,
		PasvMin:          sc.PasvMin,
		PasvMax:          sc.PasvMax,
		PasvAddress:      sc.PasvAddress,
		ActiveFromPortL1: sc.ActiveFromPort20,
		PortPromiscuous:  sc.PortPromiscuous,
		IdleTimeout:      patience,
		DataTimeout:      patience,
		Rand:             rand.New(rand.NewPCG(opts.Seed, 0x5eed)),
	}
	if sc.TLS {
		if cfg.TLS, err = selfSigned(); err != nil {
			os.RemoveAll(root)
			return nil, err
		}
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	ln, err := l.Host(sc.ServerHost).Listen(ctx, "tcp", net.JoinHostPort(sc.ServerAddr.String(), "21"))
	if err != nil {
		os.RemoveAll(root)
		l.Close()
		return nil, fmt.Errorf("lab server: %w", err)
	}
	go srv.Serve(ln)
	st.SetPace(opts.Pace, playInterval)
	ctx, cancel := context.WithCancel(ctx)
	r := &Run{Lab: l, opts: opts, root: root, server: srv, done: make(chan struct{}), cancel: cancel}
	// The scenario's attacker goes after the first passive data port.
	r.stealArmed = sc.AttackerHost != ""
	go r.drive(ctx)
	return r, nil
}

// Exec runs a scenario at full speed to its end and returns its outcome
// and timeline.
func Exec(ctx context.Context, opts Options) (Result, *sim.Timeline, error) {
	opts.Pace = lab.FullSpeed
	opts.KeepOpen = false
	r, err := Start(ctx, opts)
	if err != nil {
		return Result{}, nil, err
	}
	defer r.Close()
	select {
	case <-r.Done():
	case <-ctx.Done():
		return Result{}, nil, ctx.Err()
	}
	r.Close() // let the server finish its part before the timeline is read
	return r.Result(), r.Lab.Timeline(), nil
}

// Done is closed when the client has finished its part.
func (r *Run) Done() <-chan struct{} { return r.done }

// Result is the run's outcome; valid once Done is closed.
func (r *Run) Result() Result {
	<-r.done
	return r.result
}

// Close ends the run: the client quits, the server and the lab stop, the
// served files are removed. It is safe to call more than once.
func (r *Run) Close() error {
	// Nothing is held any more: the goodbyes happen at once.
	r.Lab.Stepper.SetPace(lab.FullSpeed, 0)
	r.cancel()
	r.mu.Lock()
	select {
	case <-r.done:
	default:
		r.abortSession()
	}
	r.mu.Unlock()
	<-r.done
	r.mu.Lock()
	r.endSession() // the run is over: a client left is ours to say goodbye
	r.mu.Unlock()
	r.closeThieves()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	r.server.Shutdown(ctx)
	cancel()
	r.Lab.Close()
	r.server.Close()
	return os.RemoveAll(r.root)
}

func (r *Run) drive(ctx context.Context) {
	defer close(r.done)
	sc := r.opts.Scenario
	mode, err := ftpclient.ParseMode(string(r.opts.Mode))
	if err != nil {
		r.result = Result{Outcome: "error", BlockedAt: "-", Err: err}
		return
	}
	opts := []ftpclient.Option{
		ftpclient.WithNetwork(clientNet{Network: r.Lab.Host(sc.ClientHost), r: r}),
		ftpclient.WithMode(mode),
		ftpclient.WithoutFallback(),
		ftpclient.WithTimeout(patience),
		ftpclient.WithDataTimeout(patience),
		ftpclient.WithServerClosesFirst(),
	}
	if sc.TLS {
		opts = append(opts, ftpclient.WithTLS(&tls.Config{InsecureSkipVerify: true}))
	}
	c, err := ftpclient.Dial(ctx, sc.ServerTarget.String(), opts...)
	if err == nil {
		r.mu.Lock()
		r.client, r.console = c, c.Console()
		r.mu.Unlock()
		err = r.session(ctx, c)
	}
	r.result = classify(err, r.Lab.Timeline())
	if !r.opts.KeepOpen {
		r.mu.Lock()
		r.endSession()
		r.mu.Unlock()
	}
}

// abortSession closes the connection under a session still under way;
// r.mu held. The run's goroutine is in the middle of a command on the
// client (Login, RETR): a QUIT from here would write on the same
// connection and read its reply, racing with it; closing is safe from
// any goroutine and makes that command fail at once.
func (r *Run) abortSession() {
	if r.client == nil {
		return
	}
	r.console.Close()
	r.client.Close()
	r.client, r.console = nil, nil
}

// endSession closes the console's data connection and quits; r.mu held.
func (r *Run) endSession() {
	if r.client == nil {
		return
	}
	r.console.Close()
	r.client.Quit()
	r.client, r.console = nil, nil
}

func (r *Run) session(ctx context.Context, c *ftpclient.Conn) error {
	if err := c.Login("anonymous", "lab@ftplab"); err != nil {
		return err
	}
	for _, line := range r.opts.Script {
		if _, err := r.command(line); err != nil {
			return err
		}
	}
	var got bytes.Buffer
	if err := c.Retr(FileName, &got, 0); err != nil {
		return err
	}
	if want := sha256.Sum256(fileContent(r.opts.Seed)); sha256.Sum256(got.Bytes()) != want {
		return fmt.Errorf("%s: got %d bytes that differ from the %d served", FileName, got.Len(), FileSize)
	}
	return nil
}

// classify puts a client error in the oracle's words, with what the
// timeline says blocked the data connection.
func classify(err error, tl *sim.Timeline) Result {
	res := Result{Outcome: "ok", BlockedAt: tl.BlockedAt(), Err: err}
	var re *ftpclient.ReplyError
	var de *ftpclient.DataError
	switch {
	case err == nil:
	case errors.As(err, &re):
		res.Outcome = fmt.Sprint(re.Code)
	case errors.As(err, &de):
		res.Outcome = de.Failure.String()
	default:
		res.Outcome = "error"
	}
	return res
}

// fileContent is the file a run serves: FileSize bytes from a seeded
// generator, so a download can be checked without keeping a copy.
func fileContent(seed uint64) []byte {
	g := rand.New(rand.NewPCG(seed, 0xda7a))
	b := make([]byte, FileSize)
	for i := range b {
		b[i] = byte(g.Uint32())
	}
	return b
}
