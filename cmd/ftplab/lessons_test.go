package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestLessonsList(t *testing.T) {
	code, out, errs := runCmd("lessons", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"ORDER", "two-connections", "a/PASV", "client-firewall", "c/PORT", "debugging"} {
		if !strings.Contains(out, want) {
			t.Errorf("list output lacks %q:\n%s", want, out)
		}
	}
}

func TestLessonsListDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "one.md", "---\nid: one\ntitle: One\norder: 5\nscenario: a\nmode: PORT\n---\nText.\n")
	write(t, dir, "bad.md", "no front matter\n")
	code, out, errs := runCmd("lessons", "list", "--lessons", dir)
	if code != 0 || !strings.Contains(out, "one") || !strings.Contains(out, "broken") || !strings.Contains(errs, "1 broken") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

// TestLessonsCheckShipped runs every shipped lesson's scenarios in the lab
// and checks that each checkpoint's label occurs.
func TestLessonsCheckShipped(t *testing.T) {
	code, out, errs := runCmd("lessons", "check", "../../assets/lessons")
	if code != 0 || !strings.Contains(out, "no problems") || strings.Contains(out+errs, "skip") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

// TestLessonsCheckRunsTheLab binds a checkpoint to a label its scenario
// never produces: only a real run of the lab can tell.
func TestLessonsCheckRunsTheLab(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.md", `---
id: x
title: Passive without firewalls
order: 1
scenario: a
mode: PASV
checkpoints:
  - at: reply.227
    question: Which reply?
    answer: "227"
  - at: fw.drop
    question: Which firewall drops it?
    answer: none
---
# x
`)
	code, out, _ := runCmd("lessons", "check", dir)
	if code != 1 || !strings.Contains(out, "x.md:11: checkpoint 2") || !strings.Contains(out, "fw.drop") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestLessonsCheckErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.md", `---
id: a
title: A
order: 1
scenario: nowhere
mode: PASV
checkpoints:
  - at: reply.227
    question: Who listens?
    choices: [client, server]
    answer: 3
---
`)
	write(t, dir, "b.md", `---
id: a
title: B
order: 2
scenario: a
mode: PASV
colour: red
checkpoints:
  - at: data.conect
    question: Port?
    answer: "21"
---
`)
	code, out, errs := runCmd("lessons", "check", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		filepath.Join(dir, "a.md") + `:5: unknown scenario "nowhere"`,
		filepath.Join(dir, "a.md") + ":11: checkpoint 1: answer 3 is out of range",
		filepath.Join(dir, "b.md") + ":2: duplicate id a (also in a.md:2)",
		filepath.Join(dir, "b.md") + `:7: front matter: unknown key "colour"`,
		filepath.Join(dir, "b.md") + `:9: checkpoint 1: unknown label "data.conect"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "5 problem(s)") {
		t.Errorf("stderr: %s", errs)
	}
}

func TestLessonsUsage(t *testing.T) {
	for _, args := range [][]string{{"lessons"}, {"lessons", "grade"}, {"lessons", "check"}} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func write(t *testing.T, dir, name, s string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLessonsCheckOverrides: a lesson's overrides change the run the lab
// makes (i1 announcing the router's address behaves as i3: refused), and
// an unknown override is reported.
func TestLessonsCheckOverrides(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.md", `---
id: x
title: Announcing the public address
order: 1
scenario: i1
mode: PASV
overrides:
  pasv_address: 203.0.113.1
checkpoints:
  - at: refused
    question: What happens?
    answer: refused
---
# x
`)
	if code, out, errs := runCmd("lessons", "check", dir); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	write(t, dir, "x.md", `---
id: x
title: A bogus override
order: 1
scenario: i1
mode: PASV
overrides:
  pasv_min: 1
checkpoints:
  - at: reply.227
    question: Which reply?
    answer: "227"
---
# x
`)
	if code, out, _ := runCmd("lessons", "check", dir); code != 1 || !strings.Contains(out, `unknown override "pasv_min"`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
