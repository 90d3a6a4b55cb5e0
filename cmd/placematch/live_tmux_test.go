package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmuxRun is a tmux command on the test's own server, so that a developer's
// sessions are never touched.
type tmuxRun struct {
	t      *testing.T
	socket string
	name   string
}

func (x tmuxRun) cmd(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (x tmuxRun) capture() string {
	out, err := x.cmd("capture-pane", "-p", "-t", x.name)
	if err != nil {
		return ""
	}
	return out
}

func (x tmuxRun) alive() bool {
	_, err := x.cmd("has-session", "-t", x.name)
	return err == nil
}

// key sends one key and lets the app read it on its own.
func (x tmuxRun) key(k string) {
	x.t.Helper()
	if out, err := x.cmd("send-keys", "-t", x.name, k); err != nil {
		x.t.Fatalf("send-keys %s: %v %s", k, err, out)
	}
	time.Sleep(150 * time.Millisecond)
}

var priceOnScreen = regexp.MustCompile(`£\d[\d,]*\.\d\d`)

// TestLiveDemoInTmux runs `placematch --demo --live` unattended in a real
// terminal (tmux, 100x30), sped up ten times, from the broadcast to the
// ranking, and checks the screens on the way: the countdown, answers
// sealed (no price before the opening), the close, and the ranking with
// its scores; then the what-if screen, and q quits.
func TestLiveDemoInTmux(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := placematchBinary(t)
	dir := t.TempDir()
	x := tmuxRun{t: t, socket: fmt.Sprintf("placematch-test-%d", os.Getpid()), name: "live"}
	t.Cleanup(func() {
		x.cmd("kill-session", "-t", x.name)
		x.cmd("kill-server")
	})
	const w, h = 100, 30
	command := fmt.Sprintf("env PLACEMATCH_LIVE_SPEED=10 HOME=%s XDG_DATA_HOME=%s TMPDIR=%s %s --demo --live --user presenter",
		dir, dir, dir, bin)
	if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), command); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}

	var screens []string
	seen := map[string]bool{}
	phases := []string{"Answers close in", "Closed at the deadline", "offers opened"}
	deadline := time.Now().Add(60 * time.Second)
	last := ""
	for time.Now().Before(deadline) && !seen["offers opened"] {
		if !x.alive() {
			t.Fatalf("the app ended before the ranking; last screen:\n%s", last)
		}
		s := x.capture()
		if s != last {
			screens = append(screens, s)
			last = s
		}
		for _, p := range phases {
			if strings.Contains(s, p) {
				seen[p] = true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, p := range phases {
		if !seen[p] {
			t.Errorf("never saw %q; last screen:\n%s", p, last)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	// Let the last redraw land.
	time.Sleep(300 * time.Millisecond)
	final := x.capture()
	for _, want := range []string{"LIVE", "Rank 1", "Stepping Stones Tameside", "90.55", "90.38", "88.79", "80.96", "(received after the deadline)", "(declined)"} {
		if !strings.Contains(final, want) {
			t.Errorf("the ranking has no %q:\n%s", want, final)
		}
	}
	for i, s := range screens {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		if len(lines) > h {
			t.Errorf("screen %d has %d lines", i, len(lines))
		}
		for _, l := range lines {
			if n := len([]rune(l)); n > w {
				t.Errorf("screen %d has a line %d wide: %q", i, n, l)
			}
		}
		// Sealed until opened: no weekly price on screen but the cap.
		if !strings.Contains(s, "offers opened") {
			for _, l := range lines {
				if priceOnScreen.MatchString(l) && !strings.Contains(l, "price cap") {
					t.Errorf("a price is on screen while the offers are sealed: %q\n%s", l, s)
				}
			}
		}
	}

	// The presenter's what-if: the second offer, £30 less, goes to the top.
	x.key("j")
	x.key("w")
	x.key("-")
	x.key("-")
	x.key("-")
	s := x.capture()
	for _, want := range []string{"How an offer is scored", "Pennine Futures CIC", "£1,090.00", "91.42", "rank 1 of 4"} {
		if !strings.Contains(s, want) {
			t.Errorf("the what-if screen has no %q:\n%s", want, s)
		}
	}
	x.key("Escape")
	x.key("q")
	for i := 0; i < 50 && x.alive(); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if x.alive() {
		t.Errorf("q did not quit:\n%s", x.capture())
	}
	t.Logf("%d distinct screens from the broadcast to the ranking", len(screens))
}
