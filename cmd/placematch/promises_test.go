package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestAllAnsweredLeavesItOpenForTheOfficer: when every invited provider
// has answered, the request stays open; the command that logs the last
// answer and request show say so and how to close it; closing early says
// who, when and why.
func TestAllAnsweredLeavesItOpenForTheOfficer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	invited := []string{"P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008"}
	h.now = h.now.Add(time.Hour)
	for i, pid := range invited {
		out := h.ok("request", "respond", id, "--provider", pid, "--weekly", "1000")
		last := i == len(invited)-1
		told := strings.Contains(out, "all 8 invited providers have answered: placematch request close "+id+" --reason TEXT closes it now")
		if told != last {
			t.Errorf("answer %d of 8 says all have answered: %v\n%s", i+1, told, out)
		}
		if last && !strings.Contains(out, "otherwise it stays open until the deadline 2026-11-26 17:00") {
			t.Errorf("the last answer's output:\n%s", out)
		}
	}
	show := h.ok("request", "show", id)
	if !strings.Contains(show, "OPEN") || !strings.Contains(show, "All 8 invited providers have answered: placematch request close "+id) {
		t.Fatalf("request show once all answered:\n%s", show)
	}
	// A revision is still taken: the providers were promised it.
	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "990")

	h.now = h.now.Add(time.Hour)
	out := h.ok("request", "close", id, "--reason", "all eight have answered; the move is this week")
	if !strings.Contains(out, id+" closed early: every invited provider is told") {
		t.Errorf("request close said %q", out)
	}
	show = h.ok("request", "show", id)
	if !strings.Contains(show, "Closed early by tester at 2026-11-25 11:00: all eight have answered; the move is this week.") ||
		strings.Contains(show, "have answered: placematch request close") {
		t.Fatalf("request show after the early close:\n%s", show)
	}
	h.fails(1, "closed at 2026-11-25 11:00", "--provider", "P001", "request", "respond", id, "--weekly", "980")
}

// TestOffersThatWillNotBeScoredWarnOnStderr: an offer above the cap, a
// cover that does not reach past the age, a cover past the register's and
// a million pounds a week are each recorded (exit 0, the usual line on
// stdout) with a warning on stderr saying why; an ordinary offer warns of
// nothing.
func TestOffersThatWillNotBeScoredWarnOnStderr(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h) // age 16, price cap £1,500
	h.ok("request", "broadcast", id)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"request", "respond", id, "--provider", "P003", "--weekly", "1,600"},
			[]string{"placematch: warning: This offer will not be scored: £1,600.00 a week is above the price cap of £1,500.00 a week.\n"}},
		{[]string{"--provider", "P004", "request", "respond", id, "--weekly", "1,000", "--cover-until", "16"},
			[]string{"placematch: warning: This offer will not be scored: cover until age 16 does not reach past the young person's age, 16.\n"}},
		{[]string{"--provider", "P002", "request", "respond", id, "--weekly", "1,000", "--cover-until", "25"},
			[]string{"placematch: warning: Check the cover: until age 25 is past the provider's cover on the register (until age 21). The offer is scored as given.\n"}},
		{[]string{"--provider", "P005", "request", "respond", id, "--weekly", "1,000,000"},
			[]string{"£1,000,000.00 a week is above the price cap of £1,500.00 a week.\n", "placematch: warning: Check the price: £1,000,000.00 a week is ten times the price cap or more.\n"}},
		{[]string{"--provider", "P006", "request", "respond", id, "--weekly", "1,400"}, nil},
	}
	for _, tt := range tests {
		r := h.run("", tt.args...)
		if r.code != 0 || !strings.Contains(r.out, id) {
			t.Fatalf("placematch %s: exit %d, stdout %q, stderr %q", strings.Join(tt.args, " "), r.code, r.out, r.err)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.err, w) {
				t.Errorf("placematch %s: stderr %q lacks %q", strings.Join(tt.args, " "), r.err, w)
			}
		}
		if n := strings.Count(r.err, "placematch: warning: "); n != len(tt.want) {
			t.Errorf("placematch %s: %d warnings, want %d: %q", strings.Join(tt.args, " "), n, len(tt.want), r.err)
		}
	}
	if show := h.ok("request", "show", id); !strings.Contains(show, "Invited (5 of 8 answered)") {
		t.Errorf("the offers were not all recorded:\n%s", show)
	}
}

// TestRevisingKeepsTheFlagsNotGiven: request respond --weekly after an
// earlier offer with a start, a note and a cover keeps them; a flag given
// empty clears its field.
func TestRevisingKeepsTheFlagsNotGiven(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	own := func() map[string]any {
		var inv struct {
			Answer map[string]any `json:"answer"`
		}
		if err := json.Unmarshal([]byte(h.ok("--provider", "P001", "request", "show", id, "--json")), &inv); err != nil {
			t.Fatal(err)
		}
		return inv.Answer
	}
	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "1,000", "--cover-until", "24", "--start", "2026-12-01", "--note", "Room ready.")
	out := h.ok("--provider", "P001", "request", "respond", id, "--weekly", "950")
	if !strings.Contains(out, "£950.00 a week, cover until 24, can start 2026-12-01, note: Room ready.") {
		t.Errorf("the revision's output does not say what stands: %q", out)
	}
	a := own()
	if a["weekly_price_pence"] != float64(95000) || a["cover_until"] != float64(24) || a["start"] != "2026-12-01" || a["note"] != "Room ready." {
		t.Fatalf("after revising the price: %v", a)
	}
	// The officer logs the provider's next revision by phone.
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "940", "--note", "Two rooms.")
	if a := own(); a["weekly_price_pence"] != float64(94000) || a["start"] != "2026-12-01" || a["note"] != "Two rooms." {
		t.Fatalf("after the officer's revision: %v", a)
	}
	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "940", "--note", "", "--start", "")
	if a := own(); a["note"] != nil || a["start"] != nil || a["cover_until"] != float64(24) {
		t.Fatalf("after clearing the note and the start: %v", a)
	}
}
