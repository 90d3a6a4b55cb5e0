package main

// Personal data in the texts providers read (issue 13): the summary and
// the reasons are refused when they carry the young person's details in
// any usual form, the commands say so and change nothing, and a note for
// the record takes what the file needs without reaching any provider.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The young person of the issue.
const (
	issueCase     = "MC-88001"
	issueInitials = "AB"
	issueDOB      = "2009-03-15"
	issueReason   = "AB (MC-88001, dob 15/03/2009) chose it after visits"
	// issueNote is what the officer keeps for the file instead.
	issueNote = "AB (MC-88001, dob 15/03/2009) chose it after visits; social worker phoned on Tuesday"
)

// assertNoIssueData fails if text carries the issue's case reference, its
// number, the initials as a word, the date of birth as the issue wrote it, or
// the note's own words.
func assertNoIssueData(t *testing.T, where, text string) {
	t.Helper()
	low := strings.ToLower(text)
	for _, s := range []string{"mc-88001", "mc88001", "88001", "15/03/2009", "2009-03-15", "15.03.09", "tuesday", "social worker"} {
		if strings.Contains(low, s) {
			t.Errorf("%s shows %q:\n%s", where, s, text)
		}
	}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) {
		if f == issueInitials {
			t.Errorf("%s shows the initials:\n%s", where, text)
			break
		}
	}
}

func TestTrustPersonalDataInReasonsIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	newArgs := func(summary string) []string {
		return []string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", issueCase,
			"--initials", issueInitials, "--dob", issueDOB, "--start", "2026-12-01", "--deadline", "2026-11-26 17:00",
			"--needs", "independence-skills", "--locality", "North Manchester", "--summary", summary}
	}
	// The summaries the issue found accepted.
	for _, s := range []string{"born 15.03.09", "born March 15th, 2009", "case mc88001", "case MC 88001", "A.B. is quiet"} {
		h.fails(1, "--summary: the summary contains the young person's", newArgs(s)...)
	}
	if n := h.count("requests"); n != 0 {
		t.Fatalf("%d requests saved from refused summaries", n)
	}
	id := strings.TrimSpace(h.ok(newArgs("Needs a calm home near college.")...))
	h.ok("request", "broadcast", id)
	h.now = h.now.Add(time.Hour)
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000", "--cover-until", "25")
	h.ok("request", "respond", id, "--provider", "P004", "--weekly", "1100", "--cover-until", "25")

	events := h.count("audit_events")
	h.fails(1, "the reason for closing early contains the young person's", "request", "close", id, "--reason", issueReason)
	if n := h.count("audit_events"); n != events {
		t.Errorf("a refused close wrote %d events", n-events)
	}
	h.ok("request", "close", id, "--reason", "enough offers to decide; the placement is needed sooner")
	var rk struct {
		Ranked []struct {
			ProviderID string `json:"provider_id"`
		} `json:"ranked"`
	}
	if err := json.Unmarshal([]byte(h.ok("request", "rank", id, "--json")), &rk); err != nil || len(rk.Ranked) != 2 {
		t.Fatalf("ranking %v %+v", err, rk)
	}
	second := rk.Ranked[1].ProviderID
	events = h.count("audit_events")
	// The issue's award reason: refused, saying where it goes instead.
	msg := h.fails(1, "the award reason contains the young person's initials (\"AB\"), case reference (\"MC-88001\") and date of birth (\"15/03/2009\")",
		"request", "award", id, "--provider", second, "--reason", issueReason)
	if !strings.Contains(msg, "request note") || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
		t.Errorf("the refusal should be one line pointing to request note: %q", msg)
	}
	h.fails(1, "the no-award reason contains the young person's", "request", "no-award", id, "--reason", "AB's plan changed")
	if n := h.count("audit_events"); n != events {
		t.Errorf("refused reasons wrote %d events", n-events)
	}
	if show := h.ok("request", "show", id); !strings.Contains(show, "OPENED") {
		t.Fatalf("a refused award changed the request:\n%s", show)
	}
	// What the file needs goes in a note; the award goes ahead in words
	// providers may read.
	h.fails(1, "a note needs its text", "request", "note", id, "--text", " ")
	h.fails(2, "request note needs --text", "request", "note", id)
	if out := h.ok("request", "note", id, "--text", issueNote); !strings.Contains(out, "never shown to providers") {
		t.Errorf("request note printed %q", out)
	}
	h.ok("request", "award", id, "--provider", second, "--reason", "chosen after visits: a better fit with the current residents")
	h.fails(1, "for council officers", "--provider", "P001", "request", "note", id, "--text", "hello")

	// The officer sees the note.
	show := h.ok("request", "show", id)
	if !strings.Contains(show, "Notes for the record (never shown to providers):") || !strings.Contains(show, issueNote) {
		t.Errorf("request show lacks the note:\n%s", show)
	}
	var js struct {
		Notes []struct{ Text, By string } `json:"notes"`
	}
	if err := json.Unmarshal([]byte(h.ok("request", "show", id, "--json")), &js); err != nil || len(js.Notes) != 1 || js.Notes[0].Text != issueNote || js.Notes[0].By != "tester" {
		t.Errorf("request show --json notes: %v %+v", err, js.Notes)
	}

	// Providers see neither the young person nor the note: their screens,
	// their JSON and every message to them.
	for _, pid := range []string{"P001", "P002", "P004", "P005"} {
		for _, args := range [][]string{{"request", "show", id}, {"request", "show", id, "--json"}, {"request", "list"}, {"request", "list", "--json"}} {
			args = append([]string{"--provider", pid}, args...)
			assertNoIssueData(t, "placematch "+strings.Join(args, " "), h.ok(args...))
		}
	}
	rows, err := h.sql("").Query(`SELECT d.kind, coalesce(l.subject, d.subject), coalesce(l.body, d.body)
		FROM deliveries d LEFT JOIN letters l ON l.id = d.letter_id`)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for rows.Next() {
		var kind, subj, body string
		if err := rows.Scan(&kind, &subj, &body); err != nil {
			t.Fatal(err)
		}
		kinds[kind]++
		assertNoIssueData(t, "a message to a provider ("+kind+")", subj+"\n"+body)
	}
	rows.Close()
	if kinds["outcome"] == 0 {
		t.Fatalf("no outcome messages: %v", kinds)
	}
	emls, _ := filepath.Glob(filepath.Join(filepath.Dir(h.db), "outbox", "*.eml"))
	for _, e := range emls {
		raw, _ := os.ReadFile(e)
		assertNoIssueData(t, e, string(raw))
	}
	// The trail says a note was made, not what it says, and still verifies.
	for _, args := range [][]string{{"audit", "list"}, {"audit", "list", "--json"}} {
		out := h.ok(args...)
		assertNoIssueData(t, "placematch "+strings.Join(args, " "), out)
		if !strings.Contains(out, "note") {
			t.Errorf("%s does not list the note", strings.Join(args, " "))
		}
	}
	h.ok("audit", "verify")
}
