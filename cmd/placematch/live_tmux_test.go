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

// stepOnScreen reads the banner's "step N of M".
var stepOnScreen = regexp.MustCompile(`step (\d+) of (\d+)`)

func stepOf(screen string) int {
	m := stepOnScreen.FindStringSubmatch(screen)
	if m == nil {
		return -1
	}
	n := 0
	fmt.Sscan(m[1], &n)
	return n
}

// sealedScreen: a screen of the show before the offers are opened, where
// no price but the cap may appear.
func sealedScreen(s string) bool {
	return strings.Contains(s, "Answers close in") || strings.Contains(s, "Closed at the deadline") ||
		strings.Contains(s, "sees: the invitation")
}

// TestLiveDemoInTmux runs `placematch --demo --live` in a real terminal
// (tmux, 100x30), sped up a hundred times, as a presenter would: it pauses
// (the screen stands still), steps forward and back, restarts, and then
// lets the show run unattended from the broadcast to the award, checking
// the screens on the way: the countdown, answers sealed (no price before
// the opening), the close, the ranking with its scores; then the what-if
// screen, and q quits.
func TestLiveDemoInTmux(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a real terminal: not with -short")
	}
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
	command := fmt.Sprintf("env PLACEMATCH_LIVE_SPEED=100 HOME=%s XDG_DATA_HOME=%s TMPDIR=%s %s --demo --live --user presenter",
		dir, dir, dir, bin)
	if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), command); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	wait := func(what string, ok func(string) bool) string {
		t.Helper()
		last := ""
		for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if !x.alive() {
				t.Fatalf("the app ended waiting for %s; last screen:\n%s", what, last)
			}
			if last = x.capture(); ok(last) {
				return last
			}
		}
		t.Fatalf("never saw %s; last screen:\n%s", what, last)
		return ""
	}

	// The presenter pauses while the answers come in: nothing moves.
	wait("the countdown", func(s string) bool { return strings.Contains(s, "Answers close in") && stepOf(s) >= 2 })
	x.key("Space")
	paused := wait("the pause", func(s string) bool { return strings.Contains(s, "PAUSED") })
	time.Sleep(800 * time.Millisecond)
	if still := x.capture(); still != paused {
		t.Fatalf("the paused screen moved:\n%s\nthen:\n%s", paused, still)
	}
	if strings.Contains(paused, "presenter") {
		t.Errorf("the header shows the login name:\n%s", paused)
	}
	for _, want := range []string{"space play", "← back", "→ next", "r restart", "+/- speed ×100"} {
		if !strings.Contains(paused, want) {
			t.Errorf("the footer has no %q:\n%s", want, paused)
		}
	}
	at := stepOf(paused)
	x.key("Right")
	x.key("Right")
	wait("two steps forward", func(s string) bool { return stepOf(s) == at+2 && strings.Contains(s, "PAUSED") })
	x.key("Left")
	back := wait("a step back", func(s string) bool { return stepOf(s) == at+1 })
	if !strings.Contains(back, "PAUSED") {
		t.Errorf("a step back unpaused the show:\n%s", back)
	}
	// r starts again from the broadcast, playing.
	x.key("r")
	wait("the restart", func(s string) bool {
		return stepOf(s) == 0 && strings.Contains(s, "0 of 6") && !strings.Contains(s, "PAUSED")
	})

	var screens []string
	last := ""
	final := wait("the award", func(s string) bool {
		if s != last {
			screens = append(screens, s)
			last = s
		}
		return stepOf(s) == 14 && strings.Contains(s, "awarded")
	})
	for _, want := range []string{"LIVE", "Rank 1", "Stepping Stones Tameside", "90.55", "90.38", "88.79", "80.96", "(received after the deadline)", "(declined)"} {
		if !strings.Contains(final, want) {
			t.Errorf("the ranking has no %q:\n%s", want, final)
		}
	}
	seen := map[string]bool{}
	for i, s := range screens {
		for _, phase := range []string{"Answers close in", "sees: the invitation", "Closed at the deadline", "offers opened", "sees: the outcome"} {
			if strings.Contains(s, phase) {
				seen[phase] = true
			}
		}
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
		if sealedScreen(s) {
			for _, l := range lines {
				if priceOnScreen.MatchString(l) && !strings.Contains(strings.ToLower(l), "price cap") {
					t.Errorf("a price is on screen while the offers are sealed: %q\n%s", l, s)
				}
			}
		}
	}
	for _, phase := range []string{"Answers close in", "sees: the invitation", "Closed at the deadline", "offers opened", "sees: the outcome"} {
		if !seen[phase] {
			t.Errorf("the run after the restart never showed %q", phase)
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
	t.Logf("%d distinct screens from the restart to the award", len(screens))
}
