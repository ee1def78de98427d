package tui

// arrange lays out the panes between the diagram and the status bar. In
// a lesson its text is the main pane, on the left, half the width and
// the full height, beside the timeline above the state tables; in the
// free lab the timeline is the main pane, beside the state tables above
// the scenario's text.
func (a *App) arrange(lesson bool) {
	u := a.ui
	if u.middle.GetItemCount() > 0 && u.inLesson == lesson {
		return
	}
	u.inLesson = lesson
	u.middle.Clear()
	u.right.Clear()
	if lesson {
		u.right.AddItem(u.timeline, 0, 1, false).AddItem(u.state, 0, 1, false)
		u.middle.AddItem(u.lesson, 0, 1, false).AddItem(u.right, 0, 1, false)
		return
	}
	u.right.AddItem(u.state, 0, 1, false).AddItem(u.lesson, 0, 1, false)
	u.middle.AddItem(u.timeline, 0, 3, true).AddItem(u.right, 0, 2, false)
}
