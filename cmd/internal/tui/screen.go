package tui

import "github.com/gdamore/tcell/v2"

// keyScreen is the lab's screen (Options.Screen, or the terminal's): it
// passes everything on, except the frame tview draws after a key that
// changed nothing on screen. tview v0.42.0 draws after every key its
// input capture handles, also when the capture returns nil
// (Application.Run: "if event == nil { a.draw() }"), and a draw starts
// with Clear and ends with Show; while skip is set both are dropped, and
// beforeDraw tells tview to draw nothing (see labwait.go).
type keyScreen struct {
	tcell.Screen
	// skip drops the next draw (set by the input capture, cleared by
	// that draw's Show; both on the UI goroutine)
	skip    bool
	initErr error // Init's error (tview's SetScreen drops it)
}

func (s *keyScreen) Init() error {
	s.initErr = s.Screen.Init()
	return s.initErr
}

func (s *keyScreen) Clear() {
	if !s.skip {
		s.Screen.Clear()
	}
}

func (s *keyScreen) Show() {
	if s.skip {
		s.skip = false
		return
	}
	s.Screen.Show()
}

// setScreen makes s, wrapped, the application's screen; SetScreen
// initialises it.
func (a *App) setScreen(s tcell.Screen) error {
	a.scr = &keyScreen{Screen: s}
	a.app.SetScreen(a.scr)
	return a.scr.initErr
}

// openTerminal opens the terminal's screen, as tview's Run would when
// given none.
func (a *App) openTerminal() error {
	s, err := tcell.NewScreen()
	if err != nil {
		return err
	}
	if err := a.setScreen(s); err != nil {
		return err
	}
	if a.opts.Mouse {
		s.EnableMouse() // tview's EnableMouse reached no screen in New
	}
	return nil
}
