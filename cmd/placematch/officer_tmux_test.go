package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// text types literal text into the app, as a person typing quickly would.
func (x tmuxRun) text(s string) {
	x.t.Helper()
	if out, err := x.cmd("send-keys", "-t", x.name, "-l", s); err != nil {
		x.t.Fatalf("send-keys %q: %v %s", s, err, out)
	}
	time.Sleep(200 * time.Millisecond)
}

// waitFor polls the screen until it shows want, or fails with the screen.
func (x tmuxRun) waitFor(want string) string {
	x.t.Helper()
	var s string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if s = x.capture(); strings.Contains(s, want) {
			return s
		}
		if !x.alive() {
			x.t.Fatalf("the app ended while waiting for %q; last screen:\n%s", want, s)
		}
	}
	x.t.Fatalf("the screen never showed %q:\n%s", want, s)
	return s
}

// toRequests goes on from the app's first screen, what needs attention,
// to the requests list beneath it, as an officer does with esc.
func (x tmuxRun) toRequests() {
	x.t.Helper()
	x.waitFor("What needs attention")
	x.key("Escape")
	x.waitFor("Requests")
}

// TestOfficerPathInTmux drives the real binary in a real terminal on a
// fresh store, through the screens alone: a request made with the form,
// broadcast, three offers and a decline logged, closed early, the offers
// opened and ranked, and an award; the screen is checked at each step and
// the store afterwards.
func TestOfficerPathInTmux(t *testing.T) {
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
	if out, err := exec.Command(bin, "--db", db, "init").CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	// The register comes from the import command: the app has no import screen.
	if out, err := exec.Command(bin, "--db", db, "providers", "import", "testdata/register.csv").CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	// An application waiting, on a lot the request below does not use.
	if out, err := exec.Command(bin, "--db", db, "providers", "apply", "--provider", "N100", "--name", "Newfield Homes", "--kind", "charity",
		"--lot", "floating-support", "--email", "hello@newfield.example.org").CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	x := tmuxRun{t: t, socket: fmt.Sprintf("placematch-officer-%d", os.Getpid()), name: "officer"}
	t.Cleanup(func() {
		x.cmd("kill-session", "-t", x.name)
		x.cmd("kill-server")
	})
	command := fmt.Sprintf("env HOME=%s %s --db %s --council manchester --user duty", dir, bin, db)
	if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", "100", "-y", "30", command); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	x.waitFor("placematch")
	x.toRequests()

	// The application taken from applied to admitted in the register:
	// assessed, then admitted from the framework's next admission date.
	x.key("p")
	x.waitFor("2 applications waiting")
	x.key("a")
	s := x.waitFor("a decision is due within 10 working days")
	if !strings.Contains(s, "Newfield Homes") {
		t.Fatalf("the applications lack N100:\n%s", s)
	}
	x.key("e")
	x.waitFor("Quality assessment")
	x.text("82")
	x.key("Tab")
	x.text("Good tenancy support plans.")
	x.key("Enter")
	x.waitFor("quality 82.00 from")
	x.key("m")
	x.waitFor("Admit N100?")
	x.key("y")
	x.waitFor("N100 on floating-support: admitted from")
	x.key("Escape")
	x.waitFor("Provider register")
	x.key("Escape")

	// The form: lot, urgency, case, initials, date of birth; save; preview.
	x.key("n")
	x.waitFor("New request")
	x.text("gr")
	x.key("Enter")
	x.text("w")
	x.key("Enter")
	x.text("MC-1")
	x.key("Enter")
	x.text("JT")
	x.key("Enter")
	x.text("2010-06-01")
	x.waitFor("age 16")
	x.key("C-s")
	s = x.waitFor("Will be invited (8)")
	for _, w := range []string{"Will not be invited (5)", "locked"} {
		if !strings.Contains(s, w) {
			t.Errorf("the preview lacks %q:\n%s", w, s)
		}
	}
	x.key("b")
	x.waitFor("Invited 8 providers")

	// Three offers and a decline, each sealed once logged.
	offers := []struct{ who, price string }{{"alder", "1000"}, {"birch", "1200"}, {"cedar", "900"}}
	for i, o := range offers {
		x.key("o")
		x.waitFor("Log an answer")
		x.text(o.who)
		x.key("Enter")
		x.key("Enter") // an offer, the first choice
		x.text(o.price)
		x.key("C-s")
		s := x.waitFor(fmt.Sprintf("%d of 8 answered", i+1))
		if strings.Contains(s, "£1,000") || strings.Contains(s, "£1,200") {
			t.Errorf("a price shows while sealed:\n%s", s)
		}
	}
	x.key("o")
	x.waitFor("Log an answer")
	x.text("elm")
	x.key("Enter")
	x.text("d")
	x.key("Enter")
	x.text("no vacancy")
	x.key("C-s")
	x.waitFor("4 of 8 answered")

	// Close early with a reason, open the offers, check the ranking, award.
	x.key("c")
	x.waitFor("Close MAN-2026-")
	x.text("urgent move")
	x.key("Enter")
	x.waitFor("closed early")
	x.key("r")
	x.waitFor("Open the offers")
	x.key("y")
	s = x.waitFor("Ranked offers (3)")
	for _, w := range []string{"Alder House Living", "86.50", "79.58", "73.33", "Not ranked (1)", "declined: no vacancy", "No response (4)"} {
		if !strings.Contains(s, w) {
			t.Errorf("the ranking lacks %q:\n%s", w, s)
		}
	}
	x.key("a")
	x.waitFor("Award MAN-2026-")
	x.key("y")
	x.waitFor("Awarded")

	// The award made a placement: back to the list, the council's
	// placements, and it is ended with a date and a reason.
	x.key("Escape")
	x.key("Escape")
	x.waitFor("1 request")
	x.key("P")
	s = x.waitFor("Placements of Manchester")
	if !strings.Contains(s, "Alder House Living") || !strings.Contains(s, "£1,000.00") {
		t.Errorf("the placements screen lacks the award's placement:\n%s", s)
	}
	x.key("e")
	x.waitFor("End PL-MAN-0001")
	x.text("2030-01-01")
	x.key("Tab")
	x.text("planned move")
	x.key("Enter")
	x.waitFor("ends on 2030-01-01")
	x.key("q")
	out, err := exec.Command(bin, "--db", db, "placements", "list", "--json").Output()
	if err != nil {
		t.Fatalf("placements list: %v", err)
	}
	var pls []struct {
		ID, Kind, End, ProviderID string
		Weekly                    int64 `json:"weekly_price_pence"`
	}
	if err := json.Unmarshal(out, &pls); err != nil {
		t.Fatal(err)
	}
	if len(pls) != 1 || pls[0].ID != "PL-MAN-0001" || pls[0].Kind != "award" || pls[0].End != "2030-01-01" || pls[0].Weekly != 100000 {
		t.Fatalf("the placement after the screens: %s", out)
	}

	// The store agrees with what the screens said.
	out, err = exec.Command(bin, "--db", db, "request", "rank", "MAN-2026-0001", "--json").Output()
	if err != nil {
		t.Fatalf("rank: %v", err)
	}
	var rk rankJSON
	if err := json.Unmarshal(out, &rk); err != nil {
		t.Fatal(err)
	}
	if rk.Status != "awarded" || rk.AwardedTo != "P001" || len(rk.Ranked) != 3 || len(rk.Excluded) != 1 {
		t.Fatalf("the store after the screens: %+v", rk)
	}
	out, err = exec.Command(bin, "--db", db, "providers", "show", "N100", "--json").Output()
	if err != nil {
		t.Fatalf("providers show: %v", err)
	}
	if !strings.Contains(string(out), `"status": "admitted"`) || !strings.Contains(string(out), `"quality_note": "Good tenancy support plans."`) {
		t.Fatalf("N100 after the screens: %s", out)
	}
	if out, err := exec.Command(bin, "--db", db, "audit", "verify").CombinedOutput(); err != nil {
		t.Fatalf("audit verify: %v %s", err, out)
	}
}

// TestDraftAfterCtrlCInTmux: a duty officer's urgent request, half typed,
// left with ctrl+c; the next start finds it as a draft in the list, with
// what was typed, and it is finished and sent from there.
func TestDraftAfterCtrlCInTmux(t *testing.T) {
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
	if out, err := exec.Command(bin, "--db", db, "init").CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "--db", db, "providers", "import", "testdata/register.csv").CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	x := tmuxRun{t: t, socket: fmt.Sprintf("placematch-draft-%d", os.Getpid()), name: "draft"}
	t.Cleanup(func() {
		x.cmd("kill-session", "-t", x.name)
		x.cmd("kill-server")
	})
	// The council comes from the environment, as a desk would set it once.
	command := fmt.Sprintf("env HOME=%s PLACEMATCH_COUNCIL=manchester %s --db %s --user duty", dir, bin, db)
	start := func() {
		t.Helper()
		if out, err := x.cmd("new-session", "-d", "-s", x.name, "-x", "80", "-y", "24", command); err != nil {
			t.Fatalf("tmux new-session: %v %s", err, out)
		}
		x.waitFor("placematch")
		x.toRequests()
	}
	start()
	x.key("u")
	x.waitFor("New urgent request")
	x.text("gr")
	x.key("Enter")
	x.text("MC-7")
	x.key("Enter")
	x.text("JT")
	x.key("C-c")
	for end := time.Now().Add(10 * time.Second); x.alive(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("ctrl+c did not end the app:\n%s", x.capture())
		}
	}
	out, err := exec.Command(bin, "--db", db, "request", "show", "MAN-2026-0001", "--json").Output()
	if err != nil {
		t.Fatalf("the draft is not in the store: %v", err)
	}
	var got struct{ Status, Urgency string }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "draft" || got.Urgency != "today" || !strings.Contains(string(out), `"MC-7"`) || !strings.Contains(string(out), `"JT"`) {
		t.Fatalf("the draft after ctrl+c: %s", out)
	}

	// The next start: the list shows it, and e carries on.
	start()
	s := x.waitFor("MAN-2026-0001")
	if !strings.Contains(s, "unfinished") {
		t.Errorf("the list does not say the draft is unfinished:\n%s", s)
	}
	x.key("Enter")
	x.waitFor("still needs the date of birth")
	x.key("e")
	s = x.waitFor("Edit draft MAN-2026-0001")
	for _, w := range []string{"MC-7", "JT", "group-living"} {
		if !strings.Contains(s, w) {
			t.Errorf("the form lacks %q:\n%s", w, s)
		}
	}
	// On to the date of birth (from the urgency: case, initials, date of birth).
	x.key("Tab")
	x.key("Tab")
	x.key("Tab")
	x.text("2010-06-01")
	x.waitFor("age 16")
	x.key("C-s")
	x.waitFor("Will be invited (8)")
	x.key("b")
	x.waitFor("Invited 8 providers")
	x.key("q")
	out, err = exec.Command(bin, "--db", db, "request", "list", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), `"id"`); n != 1 || !strings.Contains(string(out), `"MAN-2026-0001"`) {
		t.Errorf("one request, the draft sent: %s", out)
	}
}
