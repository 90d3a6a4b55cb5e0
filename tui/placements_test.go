package tui

import (
	"context"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
)

func (h *harness) placements() *placementsScreen {
	return h.m.screens[screenPlacements].(*placementsScreen)
}

// A placement's price is changed and it is ended in the app, by keys
// alone, through the same service the commands use; a refused end stays in
// its dialog with what was typed and changes nothing.
func TestPlacementsScreenChangesAndEnds(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	ctx := context.Background()
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.keys("P")
	if h.screen() != screenPlacements {
		t.Fatalf("P opened %v", h.screen())
	}
	h.mustSee("Harbour View Homes")
	id := h.placements().selected().ID

	// A new price from a date.
	h.keys("w")
	h.typeText("1,180")
	h.keys("tab", "ctrl+u")
	h.typeText("2026-12-01")
	h.keys("tab")
	h.typeText("needs increased")
	h.keys("enter")
	p, err := svc.Placement(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Changes); n != 2 || p.Changes[1].Weekly != 118000 || matching.ShowDate(p.Changes[1].From) != "2026-12-01" {
		t.Fatalf("changes after the dialog: %+v", p.Changes)
	}
	h.mustSee("costs £1,180.00 a week from 2026-12-01")

	// An end before the start is refused in the dialog, and nothing changes.
	h.keys("e")
	h.typeText("2020-01-01")
	h.keys("tab")
	h.typeText("planned move")
	h.keys("enter")
	if h.placements().dlg == nil || !strings.Contains(h.placements().dlg.err, "not after the start") {
		t.Fatalf("a refused end: dialog %+v", h.placements().dlg)
	}
	if p, _ := svc.Placement(ctx, id); !p.End.IsZero() {
		t.Fatal("a refused end was kept")
	}
	h.keys("shift+tab")
	for range 10 {
		h.keys("backspace")
	}
	h.typeText("2027-01-12")
	h.keys("tab", "enter")
	p, _ = svc.Placement(ctx, id)
	if matching.ShowDate(p.End) != "2027-01-12" || p.EndReason != "planned move" {
		t.Fatalf("after the end dialog: end %s reason %q", matching.ShowDate(p.End), p.EndReason)
	}
	h.mustSee("ends on 2027-01-12")

	// Active only leaves out the ended one; the trail still verifies.
	h.keys("a")
	for _, r := range h.placements().rows {
		if r.Status == "ended" {
			t.Fatalf("active only shows %s, ended", r.ID)
		}
	}
	res, err := svc.VerifyAudit(ctx)
	if err != nil || !res.OK() {
		t.Fatalf("verify: %+v %v", res, err)
	}
	if due, _ := svc.PlacementsDue(ctx, "sefton"); len(due) == 0 {
		t.Fatal("an end within 8 weeks is not due")
	}
}

// The spend screen shows the council's figures as the service works them
// out, and moves between years.
func TestSpendScreen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("$")
	ss, err := svc.Spend(context.Background(), service.SpendFilter{Council: "sefton"})
	if err != nil || len(ss) == 0 {
		t.Fatalf("spend: %v %v", ss, err)
	}
	h.mustSee(ss[0].Committed.String())
	h.mustSee("budget £150,000.00")
	h.keys("]")
	h.mustSee("2027/28")
	h.keys("[", "[")
	h.mustSee("2025/26")
}
