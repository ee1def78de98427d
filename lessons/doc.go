// Package lessons owns the lab's lesson content: Markdown files with YAML
// front matter, split into sections, with checkpoints (predict-then-see
// questions) bound to the event labels of the lab's timeline, and
// validation that reports each problem as file:line: what is wrong. It
// knows no screen: it never imports tview or tcell, and the UI
// (cmd/internal/tui/markdown) renders a section's Markdown.
//
// # A lesson file
//
//	---
//	id: passive-mode              # lower-case letters, digits, -
//	title: Passive mode with PASV
//	order: 4                      # lessons are listed by order
//	scenario: a                   # a scenario of the catalogue (oracle ids a .. j3)
//	mode: PASV                    # PORT, EPRT, PASV, EPSV or PASV_CTLIP
//	overrides:                    # optional settings on top of the scenario
//	  pasv_address: 10.200.1.1
//	script:                       # optional raw lines the lab client sends
//	  - PORT 203,0,113,25,0,25    #   after login, before its own actions
//	rfcs: [RFC 959 §4.1.2, RFC 1123 §4.1.2.6]
//	checkpoints:
//	  - at: reply.227             # asked when the run reaches this event,
//	    nth: 1                    #   its nth occurrence (default 1),
//	    question: Who will listen?  # before the student sees it
//	    choices: [the client, the server]
//	    answer: 2                 # number of the right choice, from 1, or its text
//	    explain: PASV asks the server to listen.
//	  - at: data.connect
//	    scenario: e               # optional: asked in another run
//	    question: Which port will the client dial?
//	    answer_from: data.connect.dst.port  # typed answer read from the timeline
//	---
//
// A typed answer is answer: "text" without choices; answers compare
// ignoring case and extra spaces. answer_from names LABEL.FIELD, FIELD one
// of Fields (host, src, src.addr, src.port, dst, dst.addr, dst.port, line,
// arg, code, verdict, firewall, rule, state, line.addr, line.verb,
// failure); the value is read from the latest event with that label at or
// before the checkpoint's event.
// choice_from: LABEL.FIELD binds a multiple-choice answer to the run:
// validation reads the first event with that label (or of that family,
// fw.*, reply.*; or, for a FIELD alone, any event that has it) at or after
// the checkpoint's event, and the stated answer must be the one choice
// that names its value (MatchChoices). A list of refs binds a choice that
// states several facts: the answer names each value, and no other choice
// names them all. The lab asks
// a checkpoint one step before its event, so validation also fails when
// the event an answer is read from is already on screen then.
//
// Labels are those of the lab's timeline (Labels, plus cmd.VERB and
// reply.NNN). Unknown keys are errors, so a typo never passes silently.
//
// # Sections that follow the session
//
// The body is Markdown. A line holding only an HTML comment that starts
// with a key
//
//	<!-- at: reply.227 -->
//	<!-- at: data.connect, nth: 2 -->
//	<!-- at: timeout, scenario: e, mode: PASV -->
//
// starts a section that is shown once the run reaches that event (Current
// picks the section for the labels seen so far). The text before the first
// marker is shown in the main run: it sets that run's scene. A marker
// naming another scenario or mode belongs to another run of the lesson,
// which shows only its own sections; Runs lists the runs, the main one
// first. Markers must stand at the top level, not inside a list or
// quote; other comments are ordinary comments and are not shown.
//
// # Loading, validating, progress
//
// Load reads a folder (fs.FS); a broken lesson is returned with its
// Problems and never stops the others. Validate checks ids and orders,
// scenarios and modes against a Catalogue, and, through a Runner that runs
// the lab, that every checkpoint, section and answer_from is bound to a
// label its run produces. A Store keeps Progress in the user's state
// directory.
package lessons
