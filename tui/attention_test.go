package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
)

// TestAttentionIsTheFirstScreen: with Attention, the app opens on what
// needs attention, most urgent first; enter opens the screen that deals
// with each line, and esc goes on to the requests list.
func TestAttentionIsTheFirstScreen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton", Attention: true}, 120, 40)
	termDue(h)
	h.keys("ctrl+r")
	if h.screen() != screenAttention {
		t.Fatalf("the app opened on %s", h.screen())
	}
	h.mustSee("Waiting on you, most urgent first")
	// The opened request waits longest, then the closed one, then the one
	// closing at 18:00, then the term.
	v := h.view()
	iOpened, iClosed, iOpen, iTerm := strings.Index(v, wd.opened), strings.Index(v, wd.closed), strings.Index(v, wd.open), strings.Index(v, "leaving-care: extend")
	if iOpened < 0 || iClosed < 0 || iOpen < 0 || iTerm < 0 || !(iOpened < iClosed && iClosed < iOpen && iOpen < iTerm) {
		t.Fatalf("not most urgent first:\n%s", v)
	}
	if strings.Contains(v, wd.awarded) || strings.Contains(v, wd.draft) {
		t.Errorf("an awarded request or a draft needs attention:\n%s", v)
	}
	// enter on the first: its ranking, where it is awarded.
	h.keys("enter")
	if h.screen() != screenRanking {
		t.Fatalf("enter on an opened request went to %s", h.screen())
	}
	h.keys("esc", "j", "j", "enter")
	if h.screen() != screenDetail || h.detail().id != wd.open {
		t.Fatalf("enter on the request closing soon went to %s", h.screen())
	}
	h.keys("esc", "G", "enter")
	if h.screen() != screenTerm {
		t.Fatalf("enter on the term went to %s", h.screen())
	}
	h.mustSee("Framework leaving-care")
	h.keys("esc", "esc")
	if h.screen() != screenRequests {
		t.Fatalf("esc from what needs attention went to %s", h.screen())
	}
	h.mustSee(wd.awarded)
	// And t comes back to it.
	h.keys("t")
	if h.screen() != screenAttention {
		t.Fatalf("t went to %s", h.screen())
	}
}

// TestTermScreenRecordsAnExtension: x records the decision with its
// reason, through the service, and the screen shows the new end; with
// none left, x is not offered.
func TestTermScreenRecordsAnExtension(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "commissioner", Council: "sefton"}, 120, 40)
	termDue(h)
	h.keys("F", "tab")
	h.mustSee("31 March 2027")
	h.keys("x", "enter")
	if h.m.active().modal() == false || !strings.Contains(h.view(), "reason") {
		t.Fatalf("an extension without a reason was taken:\n%s", h.view())
	}
	h.typeText("providers steady; value for money")
	h.keys("enter")
	h.mustSee("leaving-care extended: it now runs to 31 March 2028")
	v, err := svc.Framework(context.Background(), "leaving-care")
	if err != nil || len(v.Term.Decisions) != 1 || v.Term.Decisions[0].Actor != "commissioner" || v.Term.Decisions[0].Reason != "providers steady; value for money" {
		t.Fatalf("the decision kept: %+v %v", v.Term.Decisions, err)
	}
	h.keys("x")
	h.typeText("again")
	h.keys("enter")
	h.mustSee("31 March 2029")
	h.keys("x")
	if h.m.active().modal() {
		t.Error("x offered an extension with none left")
	}
	h.mustSee("no extension left")
}

// TestSettingsScreenSetsTheGuidePrice: the council settings screen
// changes a lot's weights and guide price through the service, and a bad
// value is refused in the dialog, changing nothing.
func TestSettingsScreenSetsTheGuidePrice(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("S", "j", "e", "ctrl+u")
	h.typeText("60,30,20")
	h.keys("tab")
	h.typeText("1250")
	h.keys("enter")
	h.mustSee("add up to 110")
	h.keys("shift+tab", "ctrl+u")
	h.typeText("60,30,10")
	h.keys("tab", "enter")
	h.mustSee("£1,250.00 a week")
	cv, err := svc.Council(context.Background(), "sefton")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range cv.Lots {
		if l.Lot == "group-living" && (l.GuidePence != 125000 || l.Weights != "60/30/10") {
			t.Errorf("group-living kept %+v", l)
		}
		if l.Lot == "packages" && l.GuidePence != 0 {
			t.Errorf("another lot changed: %+v", l)
		}
	}
	// An emptied guide price is none, as the dialog says.
	h.keys("e", "tab", "ctrl+u", "enter")
	if cv, _ := svc.Council(context.Background(), "sefton"); !slices.ContainsFunc(cv.Lots, func(l service.CouncilLot) bool {
		return l.Lot == "group-living" && l.GuidePence == 0 && l.Weights == "60/30/10"
	}) {
		t.Errorf("an empty guide price did not clear it: %+v", cv.Lots)
	}
	// The contact, and its words in the status line.
	h.keys("c", "ctrl+u")
	h.typeText("Placements team")
	h.keys("enter", "enter", "enter")
	h.mustSee("Placements team")
	if cv, _ := svc.Council(context.Background(), "sefton"); cv.Contact.Name != "Placements team" {
		t.Errorf("contact = %+v", cv.Contact)
	}
	_ = matching.Pence(0)
}

// TestAttentionOpensPlacementsAndProviders: enter on a young person turning
// 18 opens the placements screen on that placement; on an application, the
// provider's details.
func TestAttentionOpensPlacementsAndProviders(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	if _, err := svc.Apply(context.Background(), "ann", matching.ApplyInput{ProviderID: "N9", Name: "Newcome Care", Kind: "company",
		Lot: "group-living", Email: "n9@example.org"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton", Attention: true}, 120, 40)
	h.keys("ctrl+r")
	h.mustSee("the young person turns 18 in it")
	h.mustSee("N9 Newcome Care")
	h.keys("G")
	for i := 0; i < 10 && !strings.Contains(h.m.screens[screenAttention].(*attentionScreen).selected().Title, "turns 18"); i++ {
		h.keys("k")
	}
	it := h.m.screens[screenAttention].(*attentionScreen).selected()
	h.keys("enter")
	if h.screen() != screenPlacements {
		t.Fatalf("enter on %q went to %s", it.Title, h.screen())
	}
	ps := h.m.screens[screenPlacements].(*placementsScreen)
	h.mustSee("Harbour View Homes")
	if p := ps.selected(); p == nil || p.ID != it.Target.ID {
		t.Fatalf("the placements screen is on %+v, not %s", p, it.Target.ID)
	}
	h.keys("esc")
	for i := 0; i < 12 && !strings.Contains(h.m.screens[screenAttention].(*attentionScreen).selected().Title, "N9"); i++ {
		h.keys("k")
	}
	h.keys("enter")
	if h.screen() != screenProviders {
		t.Fatalf("enter on an application went to %s", h.screen())
	}
	h.mustSee("Newcome Care (N9)")
}
