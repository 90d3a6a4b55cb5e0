package main

import (
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
