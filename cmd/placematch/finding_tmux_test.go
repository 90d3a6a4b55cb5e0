package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

// TestFindingThingsInTmux drives the real binary in a real terminal: two
// requests made on the command line with the words officers use ("ASD"),
// found with a two-word filter, sorted by deadline, and the register
// filtered by two words and sorted by quality.
func TestFindingThingsInTmux(t *testing.T) {
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
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init")
	run("providers", "import", "testdata/register.csv")
	today := matching.Today(time.Now())
	start := matching.ShowDate(today.AddDate(0, 0, 10))
	request := func(needs, deadlineIn string, days int) string {
		deadline := matching.ShowDate(today.AddDate(0, 0, days)) + " 17:00"
		return run("request", "new", "--org", "manchester", "--lot", "group-living", "--case", "MC-"+deadlineIn, "--initials", "JT",
			"--dob", "2009-06-01", "--start", start, "--deadline", deadline, "--needs", needs, "--locality", "Ancoats")
	}
	autism := request("ASD", "later", 5) // the officers' word, taken for autism
	health := request("mental-health", "sooner", 2)

	x := tmuxRun{t: t, socket: fmt.Sprintf("placematch-finding-%d", os.Getpid()), name: "finding"}
	t.Cleanup(func() {
		x.cmd("kill-session", "-t", x.name)
		x.cmd("kill-server")
	})
	command := fmt.Sprintf("env HOME=%s %s --db %s --council manchester --user duty", dir, bin, db)
	if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", "100", "-y", "30", command); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	x.toRequests()
	x.waitFor("2 requests")

	// Two words: both requests are in Ancoats; one needs autism.
	x.key("/")
	x.text("ancoats autism")
	x.key("Enter")
	s := x.waitFor("(1 shown)")
	if !strings.Contains(s, autism) || strings.Contains(s, health) {
		t.Errorf("\"ancoats autism\" should show %s alone:\n%s", autism, s)
	}
	x.key("Escape")
	x.waitFor(health)

	// The sort: the sooner deadline first, and the summary says so.
	x.key("o")
	s = x.waitFor("sorted by deadline")
	if a, h := strings.Index(s, autism), strings.Index(s, health); a < 0 || h < 0 || h > a {
		t.Errorf("sorted by deadline, %s (sooner) should come before %s:\n%s", health, autism, s)
	}

	// The register: two words, then a sort by quality.
	x.key("p")
	x.waitFor("Provider register")
	x.key("/")
	x.text("bolton mental")
	x.key("Enter")
	// Those serving Bolton (every council, or Bolton by name) that list
	// mental health.
	s = x.waitFor("2 rows")
	if !strings.Contains(s, "Damson Homes") || !strings.Contains(s, "Alder House Living") || strings.Contains(s, "Juniper Place") {
		t.Errorf("\"bolton mental\" should find Alder House Living and Damson Homes:\n%s", s)
	}
	x.key("Escape")
	x.waitFor("14 rows")
	x.key("o")
	s = x.waitFor("sorted by quality")
	if d, a := strings.Index(s, "Damson Homes"), strings.Index(s, "Alder House Living"); d < 0 || a < 0 || d > a {
		t.Errorf("sorted by quality, Damson Homes (95) should lead:\n%s", s)
	}
	x.key("q")
}
