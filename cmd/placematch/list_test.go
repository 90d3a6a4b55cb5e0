package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestPrintJSONListIsPrintJSON: a list written an element at a time is
// byte for byte the list printJSON writes whole: empty and nil lists, HTML,
// invalid UTF-8, and DEL and C1 controls (escaped) in lists long enough to
// be written in many pieces.
func TestPrintJSONListIsPrintJSON(t *testing.T) {
	t.Parallel()
	row := func(i int, locality string) service.RequestSummary {
		return service.RequestSummary{ID: fmt.Sprintf("SEF-2026-%04d", i), Council: "sefton", Lot: "group-living",
			Status: matching.StatusOpen, Needs: []string{"autism"}, Locality: locality,
			Deadline: time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC), Invited: i}
	}
	many := func(n int, locality func(int) string) []service.RequestSummary {
		out := make([]service.RequestSummary, n)
		for i := range out {
			out[i] = row(i, locality(i))
		}
		return out
	}
	cases := map[string][]service.RequestSummary{
		"nil":   nil,
		"empty": {},
		"one":   {row(1, "Bootle")},
		"html":  {row(1, "<b>&</b>")},
		"controls": many(2000, func(i int) string {
			return strings.Repeat("Ŵ", i%7) + "\x7f\u0085\u009b" + string([]byte{0xc2}) + "\xff" + "\u00a0é"
		}),
		"long": many(5000, func(i int) string { return strings.Repeat("Crosby ", i%13) }),
	}
	for name, rows := range cases {
		var whole, each bytes.Buffer
		want := rows
		if want == nil {
			want = []service.RequestSummary{} // both write an empty list as []
		}
		if err := printJSON(&whole, want); err != nil {
			t.Fatal(err)
		}
		if err := printJSONList(&each, rows); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole.Bytes(), each.Bytes()) {
			i := 0
			for i < min(whole.Len(), each.Len()) && whole.Bytes()[i] == each.Bytes()[i] {
				i++
			}
			t.Errorf("%s: the lists differ from byte %d of %d/%d: %q vs %q", name, i, whole.Len(), each.Len(),
				whole.Bytes()[max(0, i-20):min(whole.Len(), i+20)], each.Bytes()[max(0, i-20):min(each.Len(), i+20)])
		}
		if name == "controls" && (bytes.Contains(each.Bytes(), []byte("\u009b")) || bytes.IndexByte(each.Bytes(), 0x7f) >= 0) {
			t.Errorf("a control character reached the output unescaped")
		}
	}
}

// TestOutputKeepsItsOrder: what a command writes to stdout and stderr comes
// out in the order written, although stdout is buffered.
func TestOutputKeepsItsOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	// A broadcast prints its result, then reports on stderr that the
	// messages could not be sent (no relay listens there).
	var both bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &both, stderr: &both, getenv: func(string) string { return "tester" },
		now: func() time.Time { return h.now }}
	if code := run(t.Context(), []string{"--db", h.db, "--smtp", "127.0.0.1:1", "request", "broadcast", id}, e); code != 0 {
		t.Fatalf("broadcast: exit %d: %s", code, both.String())
	}
	out := both.String()
	res, warn := strings.Index(out, "Invited"), strings.Index(out, "could not be sent")
	if res < 0 || warn < 0 || warn < res {
		t.Fatalf("the result and the warning came out of order:\n%s", out)
	}
	// An action on the request says what it did before that too.
	both.Reset()
	if code := run(t.Context(), []string{"--db", h.db, "--smtp", "127.0.0.1:1", "request", "cancel", id, "--reason", "placed with family"}, e); code != 0 {
		t.Fatalf("cancel: exit %d: %s", code, both.String())
	}
	out = both.String()
	res, warn = strings.Index(out, "cancelled"), strings.Index(out, "could not be sent")
	if res < 0 || warn < 0 || warn < res {
		t.Fatalf("the cancel and the warning came out of order:\n%s", out)
	}
}

// TestBroadcastNamesProvidersWithoutEmail: the broadcast's list marks each
// invited provider the register gives no email, whose invitation cannot be
// sent, and only those.
func TestBroadcastNamesProvidersWithoutEmail(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	out := h.ok("request", "broadcast", newRequest(h))
	marked := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.Contains(line, "to phone: ") {
			marked[f[0]] = true
		}
	}
	if !marked["P002"] || marked["P001"] {
		t.Fatalf("marked %v in:\n%s", marked, out)
	}
}
