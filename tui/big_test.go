package tui

import (
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// fakeRequests are n requests newest first, as the list reads them.
func fakeRequests(n int) []service.RequestSummary {
	rows := make([]service.RequestSummary, n)
	for i := range rows {
		rows[i] = service.RequestSummary{
			ID: "SEF-2026-" + itoa(100000+n-i), Council: "sefton", Framework: "leaving-care", Lot: "group-living",
			Status: matching.Statuses()[i%len(matching.Statuses())], Urgency: matching.UrgencyToday, Age: 17,
			Deadline: testNow.Add(time.Duration(i) * time.Minute), Locality: "Bootle", Invited: 12, Answered: i % 12,
			CreatedAt: testNow.Add(-time.Duration(i) * time.Minute),
		}
	}
	return rows
}

// TestFiftyThousandRequests: the list draws only its visible rows and its
// filter finds the one request that matches among 50,000. How fast is for
// the benchmarks (scale_bench_test.go): a test does not time.
func TestFiftyThousandRequests(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	rows := fakeRequests(50000)
	rows[49999].Locality = "Needle"
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows}})
	if n := strings.Count(h.view(), "SEF-2026-"); n > 40 {
		t.Errorf("%d rows drawn in a 40-line terminal", n)
	}
	h.mustSee("50,000 requests")
	h.keys("G")
	h.mustSee("SEF-2026-100001")
	h.keys("/")
	h.typeText("needle")
	h.mustSee("SEF-2026-100001")
	h.mustSee("(1 shown)")
	if len(rs.visible) != 1 {
		t.Errorf("%d rows match", len(rs.visible))
	}
	// Erasing goes back through what was shown.
	h.keys("backspace", "backspace", "backspace")
	if len(rs.visible) != 1 {
		t.Errorf("\"nee\" matches %d rows", len(rs.visible))
	}
	h.keys("ctrl+u")
	h.typeText("bootle")
	if len(rs.visible) != 49999 {
		t.Errorf("\"bootle\" matches %d rows", len(rs.visible))
	}
}

// TestControlCharactersAreInert: text from the store can never drive the
// terminal or break a line.
func TestControlCharactersAreInert(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"red\x1b[31mtext":   "red␛[31mtext",
		"a\nb\tc\rd":        "a b c d",
		"bell\x07":          "bell␇",
		"\u202eevil":        "�evil",
		"mark\u061c\u200f":  "mark��",
		"c1\u009bx":         "c1�x",
		"Ŵelsh Cŵtch 🏠":     "Ŵelsh Cŵtch 🏠",
		"del\x7f":           "del␡",
		"plain, unchanged.": "plain, unchanged.",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanBlock("line one\nline\x1b two"); got != "line one\nline␛ two" {
		t.Errorf("cleanBlock kept %q", got)
	}
	// Through a screen: a hostile locality in the list.
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: []service.RequestSummary{{
		ID: "SEF-2026-0001\x1b[2J", Council: "sefton", Lot: "group-living\x07", Status: matching.StatusOpen,
		Deadline: testNow.Add(time.Hour), Locality: "Boo\x1b]0;pwned\x07tle\nnext", Invited: 1,
	}}}})
	out := h.m.render()
	if strings.ContainsAny(out, "\x07\n\r") && strings.Contains(out, "\x07") {
		t.Fatal("a bell reached the terminal")
	}
	if strings.Contains(strings.ReplaceAll(out, "\x1b[", ""), "\x1b") || strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\x1b]0") {
		t.Fatalf("an escape sequence from the data reached the terminal:\n%q", out)
	}
	checkFits(t, out, 120, 30, "hostile data")
}
