package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// withApplications adds two applications to the register, once: one made
// 20 days before the test time (overdue), one today.
func withApplications(h *harness) {
	h.t.Helper()
	if rows, err := h.svc.Providers(context.Background(), service.ProviderFilter{ProviderID: "N200"}); err != nil || len(rows) > 0 {
		return // a test that draws every state on one store has them already
	}
	past := service.New(h.svc.Store(), service.WithClock(func() time.Time { return testNow.AddDate(0, 0, -20) }))
	_, err := past.Apply(context.Background(), "test", matching.ApplyInput{ProviderID: "N200", Name: "Newfield Homes", Kind: "charity",
		Lot: "group-living", OfstedURN: "2799200", Email: "hello@newfield.example.org"})
	must(h.t, err)
	_, err = h.svc.Apply(context.Background(), "test", matching.ApplyInput{ProviderID: "N201", Name: "Oakwood Support", Kind: "company",
		Lot: "floating-support"})
	must(h.t, err)
	// The older one assessed: it may be admitted (m); the newer not yet.
	_, err = past.Assess(context.Background(), "test", "N200", "group-living", "72", "a visit")
	must(h.t, err)
}

// TestTheCommissionerTakesAnApplicationToAdmission: the register says how
// many applications wait and how many are overdue; a shows them with their
// due dates; e assesses, m admits from the next admission date; each
// action the row's status does not allow is not offered, and a refused
// input stays in its dialog with what was typed.
func TestTheCommissionerTakesAnApplicationToAdmission(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	withApplications(h)
	h.keys("p")
	h.mustSee("2 applications waiting, 1 overdue (a)")
	h.keys("a")
	h.mustSee("a decision is due within 10 working days")
	h.mustSee("OVERDUE")
	if v := h.view(); !strings.Contains(v, "Newfield Homes") || !strings.Contains(v, "Oakwood Support") {
		t.Fatalf("the applications view:\n%s", v)
	}
	// Suspending an application is not offered: nothing opens.
	h.keys("u")
	if h.m.active().modal() {
		t.Fatal("u opened a dialog on an application")
	}
	h.keys("e")
	h.mustSee("Quality assessment")
	h.typeText("140")
	h.keys("tab")
	h.typeText("Good move-on plans.")
	h.keys("enter")
	h.mustSee("140 is over 100")
	h.mustSee("Good move-on plans.") // what was typed is kept
	h.keys("shift+tab", "ctrl+u")
	h.typeText("82")
	h.keys("tab", "enter")
	h.mustSee("quality 82.00 from")
	h.keys("m")
	h.mustSee("Admit N200?")
	h.mustSee("next admission date, 2027-02-01")
	h.keys("y")
	h.mustSee("N200 on group-living: admitted from 2027-02-01")
	rows, err := svc.Providers(context.Background(), service.ProviderFilter{ProviderID: "N200"})
	if err != nil || rows[0].Status != matching.ProviderAdmitted || matching.ShowDate(rows[0].AdmittedOn) != "2027-02-01" || rows[0].Quality != 82 {
		t.Fatalf("N200 after admission: %+v, %v", rows, err)
	}
	h.mustSee("1 application waiting")
}

// TestTheCommissionerSuspendsUntilADateAndRemoves: u on an admitted row
// asks for a reason and an end date; r reinstates; R removes with a reason.
func TestTheCommissionerSuspendsUntilADateAndRemoves(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("p") // P001 floating-support first, admitted
	h.keys("r")
	if h.m.active().modal() {
		t.Fatal("r opened a dialog on an admitted row")
	}
	h.keys("u")
	h.mustSee("Suspend P001")
	h.typeText("Inspection follow-up")
	h.keys("tab")
	h.typeText("soon")
	h.keys("enter")
	h.mustSee(`"soon" is not a date`)
	h.keys("ctrl+u")
	h.typeText("2027-01-04")
	h.keys("enter")
	h.mustSee("suspended until 2027-01-04: Inspection follow-up")
	h.keys("r")
	h.mustSee("Reinstate P001?")
	h.keys("y")
	h.mustSee("P001 on floating-support: admitted")
	h.keys("R")
	h.mustSee("Remove P001 from the lot")
	h.keys("enter")
	h.mustSee("give the reason for the removal")
	h.typeText("Lost its registration")
	h.keys("enter")
	h.mustSee("removed: Lost its registration")
	if v, err := svc.VerifyAudit(context.Background()); err != nil || !v.OK() {
		t.Fatalf("audit verify: %+v, %v", v, err)
	}
}
