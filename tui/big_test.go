package tui

import (
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestFiftyThousandRequests: the list draws only its visible rows, so a
// council with 50,000 requests scrolls and filters without lag.
func TestFiftyThousandRequests(t *testing.T) {
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	rows := make([]service.RequestSummary, 50000)
	for i := range rows {
		rows[i] = service.RequestSummary{
			ID: "R-2026-" + itoa(100000+i), Council: "sefton", Framework: "leaving-care", Lot: "group-living",
			Status: matching.Statuses[i%len(matching.Statuses)], Urgency: matching.UrgencyToday, Age: 17,
			Deadline: testNow.Add(time.Duration(i) * time.Minute), Locality: "Bootle", Invited: 12, Answered: i % 12,
		}
	}
	rows[49999].Locality = "Needle"
	frame := func() time.Duration {
		start := time.Now()
		for range 20 {
			_ = h.m.View()
		}
		return time.Since(start) / 20
	}
	h.send(requestsLoaded{token: rs.token, rows: rows[:50]})
	small := frame()
	h.send(requestsLoaded{token: rs.token, rows: rows})
	big := frame()
	// Drawing only the visible rows, 50,000 cost what 50 do.
	if big > 4*small+5*time.Millisecond {
		t.Errorf("a frame of 50,000 requests took %s; of 50, %s", big, small)
	}
	if n := strings.Count(h.view(), "R-2026-"); n > 40 {
		t.Errorf("%d rows drawn in a 40-line terminal", n)
	}
	start := time.Now()
	h.keys("G")
	h.keys("/")
	h.typeText("needle")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("filtering 50,000 requests took %s", d)
	}
	h.mustSee("R-2026-149999")
	if len(rs.visible) != 1 {
		t.Errorf("%d rows match", len(rs.visible))
	}
}

// TestControlCharactersAreInert: text from the store can never drive the
// terminal or break a line.
func TestControlCharactersAreInert(t *testing.T) {
	for in, want := range map[string]string{
		"red\x1b[31mtext":   "red␛[31mtext",
		"a\nb\tc\rd":        "a b c d",
		"bell\x07":          "bell␇",
		"\u202eevil":        "�evil",
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
	h.send(requestsLoaded{token: rs.token, rows: []service.RequestSummary{{
		ID: "R-2026-0001\x1b[2J", Council: "sefton", Lot: "group-living\x07", Status: matching.StatusOpen,
		Deadline: testNow.Add(time.Hour), Locality: "Boo\x1b]0;pwned\x07tle\nnext", Invited: 1,
	}}})
	out := h.m.render()
	if strings.ContainsAny(out, "\x07\n\r") && strings.Contains(out, "\x07") {
		t.Fatal("a bell reached the terminal")
	}
	if strings.Contains(strings.ReplaceAll(out, "\x1b[", ""), "\x1b") || strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\x1b]0") {
		t.Fatalf("an escape sequence from the data reached the terminal:\n%q", out)
	}
	checkFits(t, out, 120, 30, "hostile data")
}
