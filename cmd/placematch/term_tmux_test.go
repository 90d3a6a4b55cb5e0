package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTermDecisionInTmux drives the real binary on the demo data: the
// first screen lists the leaving-care term's decision, enter opens the
// framework, x records the extension with its reason, and the command
// line then shows it; the council settings screen is a key away.
func TestTermDecisionInTmux(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("drives the binary in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := placematchBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "pm.db")
	if out, err := exec.Command(bin, "--db", db, "init", "--demo").CombinedOutput(); err != nil {
		t.Fatalf("init --demo: %v\n%s", err, out)
	}
	x := tmuxRun{t: t, socket: fmt.Sprintf("placematch-term-%d", os.Getpid()), name: "term"}
	t.Cleanup(func() {
		x.cmd("kill-session", "-t", x.name)
		x.cmd("kill-server")
	})
	command := fmt.Sprintf("env HOME=%s %s --db %s --user commissioner", dir, bin, db)
	if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", "120", "-y", "40", command); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	x.waitFor("What needs attention")
	x.waitFor("leaving-care: extend its term")
	x.key("G")
	x.key("Enter")
	x.waitFor("Framework leaving-care")
	x.waitFor("1 extension left")
	x.key("x")
	x.waitFor("Extend leaving-care by 1 year")
	x.text("Prices steady; the review is not yet done")
	x.key("Enter")
	x.waitFor("leaving-care extended")
	x.waitFor("no extension left")
	x.key("Escape")
	x.key("S")
	x.waitFor("Settings of")
	x.key("Escape")
	x.key("Escape")
	x.waitFor("Requests")
	x.key("q")

	out, err := exec.Command(bin, "--db", db, "framework", "show", "leaving-care").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Prices steady; the review is not yet done") || !strings.Contains(string(out), "no extension left") {
		t.Fatalf("framework show after the app's decision: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "--db", db, "audit", "verify").CombinedOutput(); err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
}
