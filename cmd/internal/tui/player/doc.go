// Package player is the lab's lesson player: a plain value that decides
// what the screen shows of a run, and the one place where the teaching
// rule lives: "stop one step before the checkpoint's event, ask, then
// show".
//
// A Player owns the cursor (the step on screen, the furthest step seen,
// a step released to the live run and not yet seen), a resumed lesson's
// step still to reach, the checkpoint gate (which checkpoints are due,
// asked, revealed), the open lesson's runs, and the student's progress.
// Its moves (Forward, Back, JumpTo, Update, End, Answer, Choose, Reveal,
// Continue, Restart, SwitchRun) return a Do: what the view must do
// (release one operation of the live run, show the question asked, save
// the progress, show a message). Stopped at a checkpoint is a State
// (Asking, then Answered): no move steps past it but Continue.
//
// Invariants: no tview, no goroutines, no clock (the view's clock ticks
// play; the Player only keeps its pace); a checkpoint is asked before its
// event is on screen and never twice in one run; in a lesson the furthest
// step seen bounds what the timeline may list.
package player
