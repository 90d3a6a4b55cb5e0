package main

import (
	"strings"
	"testing"
)

// A draft the app kept unfinished (the form saves it as it is typed):
// the command line shows what it lacks, refuses to broadcast it naming
// that, and edits it a field at a time; `request new` keeps its required
// flags.
func TestUnfinishedDraftOnTheCommandLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	// As the form leaves it after a ctrl+c before the initials and date of birth.
	h.sql("UPDATE requests SET initials = '', dob = '' WHERE id = ?", id)
	show := h.ok("request", "show", id)
	if !strings.Contains(show, "still needs the initials and date of birth") {
		t.Errorf("show:\n%s", show)
	}
	h.fails(1, "has no initials or date of birth yet", "request", "broadcast", id)
	h.fails(1, "has no initials or date of birth yet", "request", "preview", id)
	// One field at a time: still unfinished is fine, a wrong value is not.
	h.ok("request", "edit", id, "--initials", "JT")
	h.fails(1, "not a date", "request", "edit", id, "--dob", "1st June")
	h.ok("request", "edit", id, "--dob", "2010-06-01")
	if out := h.ok("request", "broadcast", id); !strings.Contains(out, "Invited") && !strings.Contains(out, "invited") {
		t.Errorf("broadcast:\n%s", out)
	}
	h.fails(2, "--dob", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "MC-1",
		"--initials", "JT", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00")
}
