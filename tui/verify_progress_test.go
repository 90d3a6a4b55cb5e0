package tui

import (
	"strings"
	"testing"

	"placematch/service"
)

// TestAuditVerifyShowsProgress: while audit verify runs, the panel shows a
// bar and the events checked of the trail's, moved by the check's reports
// of the check under way only; the result says how long each check took.
func TestAuditVerifyShowsProgress(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 30)
	as := h.m.screens[screenAudit].(*auditScreen)
	h.keys("A")
	h.keys("v")
	h.mustSee("✓ Hash chain intact")
	h.mustSee("Took ")
	h.mustSee("the hash chain ")

	// A check under way, as the screen holds it.
	as.verified = nil
	as.verify.loading, as.verify.token = true, 41
	as.update(verifyProgressMsg{token: 41, ok: true, p: service.VerifyProgress{Stage: service.VerifyChain, Done: 16384, Total: 20000}, ch: make(chan service.VerifyProgress)})
	as.update(verifyProgressMsg{token: 7, ok: true, p: service.VerifyProgress{Stage: service.VerifyChain, Done: 5, Total: 20000}})
	text := strings.Join(as.verifyLines(100), "\n")
	if !strings.Contains(text, "Checking the hash chain: 16,384 of 20,000 events") {
		t.Errorf("the panel does not show the check's progress (or a stale report moved it):\n%s", text)
	}
	if !strings.Contains(text, "█") {
		t.Errorf("the panel shows no bar:\n%s", text)
	}
	as.update(verifyProgressMsg{token: 41, ok: true, p: service.VerifyProgress{Stage: service.VerifyState, Done: 20000, Total: 20000}, ch: make(chan service.VerifyProgress)})
	if text := strings.Join(as.verifyLines(100), "\n"); !strings.Contains(text, "Checking the state against the trail") {
		t.Errorf("the panel does not move to the state's check:\n%s", text)
	}
}
