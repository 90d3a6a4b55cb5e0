package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store/storetest"
)

// TestRequestMoveStart: request move-start moves an open request's start
// date later at the same age, tells the invited providers and is on the
// record; a draft, an earlier date, another age, personal data in the
// reason and a missing --start are refused with one message each.
func TestRequestMoveStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("init")
		h.ok("providers", "import", "testdata/register.csv")
		id := newRequest(h) // born 2010-06-01, 16 on 2026-12-01
		h.fails(1, "only an open request", "request", "move-start", id, "--start", "2026-12-08")
		h.ok("request", "broadcast", id)
		h.fails(2, "--start", "request", "move-start", id)
		h.fails(1, "not a date", "request", "move-start", id, "--start", "next week")
		h.fails(1, "can only move later", "request", "move-start", id, "--start", "2026-11-30")
		h.fails(1, "the latest start date at age 16 is 2027-05-31", "request", "move-start", id, "--start", "2027-06-01")
		h.fails(1, "initials", "request", "move-start", id, "--start", "2026-12-08", "--reason", "JT starts college later")
		out := h.ok("request", "move-start", id, "--start", "2026-12-08", "--reason", "the room is decorated first")
		if !strings.Contains(out, "is now 2026-12-08") {
			t.Errorf("move-start said %q", out)
		}
		if show := h.ok("request", "show", id); !strings.Contains(show, "2026-12-08") {
			t.Errorf("show after the move:\n%s", show)
		}
		if audit := h.ok("audit", "list", "--request", id); !strings.Contains(audit, "start moved: from: 2026-12-01; to: 2026-12-08; reason: the room is decorated first") {
			t.Errorf("audit list:\n%s", audit)
		}
		if v := h.ok("audit", "verify"); !strings.Contains(v, "audit trail verified") {
			t.Errorf("verify:\n%s", v)
		}
		if mail := h.ok("outbox", "list", "--request", id); strings.Count(mail, "update") != 8 {
			t.Errorf("outbox:\n%s", mail)
		}
	})
}

// TestProvidersShowAndRequestReport: providers show puts the provider's
// record first and each request's answer (a price only once opened);
// request report prints the ranking and decision, or writes it to a new
// file, never over one.
func TestProvidersShowAndRequestReport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("init")
		h.ok("providers", "import", "testdata/register.csv")
		id := newRequest(h)
		h.ok("request", "broadcast", id)
		h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000", "--cover-until", "25")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1,250")
		show := h.ok("providers", "show", "P001")
		if lines := strings.Split(show, "\n"); len(lines) < 2 || !strings.Contains(lines[1], "invited 1 · answered 1 (100%)") || !strings.Contains(lines[1], "0 awards") {
			t.Errorf("providers show, record first:\n%s", show)
		}
		if !strings.Contains(show, "sealed until the offers are opened") || strings.Contains(show, "1,000") {
			t.Errorf("providers show while sealed:\n%s", show)
		}
		h.fails(1, "wait for the deadline, or close it early", "request", "report", id)
		h.ok("request", "close", id, "--reason", "enough offers")
		h.ok("request", "rank", id)
		h.ok("request", "award", id, "--provider", "P001")
		show = h.ok("providers", "show", "P001")
		if !strings.Contains(show, "1 award") || !strings.Contains(show, "awarded to this provider · offer £1,000.00 a week · rank 1 of 2") {
			t.Errorf("providers show after the award:\n%s", show)
		}
		h.fails(1, "not on the register", "providers", "show", "P999")
		rep := h.ok("request", "report", id)
		for _, want := range []string{"# Award report: " + id, "Case reference: MC-77123", "| 1 | ", "Awarded to", "Decided by tester"} {
			if !strings.Contains(rep, want) {
				t.Errorf("report does not say %q:\n%s", want, rep)
			}
		}
		file := filepath.Join(t.TempDir(), "award.md")
		if out := h.ok("request", "report", id, "--output", file); !strings.Contains(out, file) {
			t.Errorf("report --output said %q", out)
		}
		h.fails(1, "not overwritten", "request", "report", id, "--output", file)
		h.fails(2, "needs --output", "request", "report", id, "--format", "pdf")
		h.fails(2, "give md (Markdown) or pdf", "request", "report", id, "--format", "docx")
		pdf := filepath.Join(filepath.Dir(file), "award.pdf")
		if out := h.ok("request", "report", id, "--format", "pdf", "--output", pdf); !strings.Contains(out, pdf) {
			t.Errorf("report --format pdf said %q", out)
		}
		if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-1.") || !strings.HasSuffix(strings.TrimSpace(string(b)), "%%EOF") {
			t.Errorf("the PDF file: %v %.20q", err, b)
		}
		h.fails(1, "not overwritten", "request", "report", id, "--format", "pdf", "--output", pdf)
	})
}
