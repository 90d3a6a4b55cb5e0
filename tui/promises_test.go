package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

// TestAllAnsweredTheOfficerDecides: when the last invited provider's
// answer is logged, the request stays open; the officer is told, on the
// status line, in the request's headline and in the list, that c closes it
// now; closing it early says who, when and why, and its providers read
// that it closed early (not why).
func TestAllAnsweredTheOfficerDecides(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	ctx := context.Background()
	d := show(t, svc, w.open)
	var last matching.Invitation
	for i, a := range d.Answers {
		if a.Answered {
			continue
		}
		if i == len(d.Answers)-1 {
			last = matching.Invitation{ProviderID: a.ProviderID, ProviderName: a.ProviderName}
			break
		}
		_, err := svc.Respond(ctx, "test", w.open, matching.ResponseInput{ProviderID: a.ProviderID, Weekly: "900"})
		must(t, err)
	}
	if last.ProviderID == "" {
		t.Fatal("every provider of the open request has answered already")
	}
	n := itoa(len(d.Answers))
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, size[0], size[1])
		h.openRequest(w.open)
		if strings.Contains(h.view(), "have answered") {
			t.Fatalf("%v: all answered before the last answer:\n%s", size, h.view())
		}
	}
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	h.keys("o")
	h.typeText(strings.ToLower(last.ProviderName[:4]))
	h.keys("enter", "enter")
	h.typeText("950")
	h.keys("ctrl+s")
	if h.screen() != screenDetail {
		t.Fatalf("on %s after logging: %q", h.screen(), h.m.c.status)
	}
	if st := h.m.c.status; !strings.Contains(st, "All "+n+" invited providers have answered: c on the request closes it now") {
		t.Errorf("the status line after the last answer: %q", st)
	}
	if r := show(t, svc, w.open).Request; r.Status != matching.StatusOpen {
		t.Fatalf("the request is %s once all answered, want open", r.Status)
	}
	flat := func() string { return strings.Join(strings.Fields(h.view()), " ") }
	if v := flat(); !strings.Contains(v, "All "+n+" invited providers have answered: c closes now, with a reason; otherwise it stays open for revisions until the deadline.") {
		t.Errorf("the headline once all answered:\n%s", h.view())
	}
	// In the list, too.
	h.keys("esc")
	if v := h.view(); !strings.Contains(v, "all "+n+" answered: may close early") {
		t.Errorf("the list once all answered:\n%s", v)
	}
	h.openRequest(w.open)

	clk.now = clk.now.Add(10 * time.Minute)
	h.keys("c")
	h.typeText("every provider has answered")
	h.keys("enter")
	r := show(t, svc, w.open).Request
	if r.Status != matching.StatusClosed || r.CloseReason != "every provider has answered" {
		t.Fatalf("after c: %s, %q", r.Status, r.CloseReason)
	}
	want := "Closed early by u at " + matching.ShowTime(clk.now) + ": every provider has answered"
	if v := flat(); !strings.Contains(v, want) || strings.Contains(v, "at the deadline") {
		t.Errorf("the headline after the early close does not say %q:\n%s", want, h.view())
	}
	// Every invited provider is told, in a letter of its own.
	ds, err := svc.Deliveries(ctx, w.open)
	must(t, err)
	told := map[string]bool{}
	for _, dl := range ds {
		if dl.Kind == "update" && strings.Contains(dl.Body, "closed the mini-competition "+w.open) && strings.Contains(dl.Body, "early, at "+matching.ShowTime(clk.now)) {
			told[dl.ProviderID] = true
		}
	}
	if len(told) != len(d.Answers) {
		t.Errorf("%d of %d invited providers were told of the early close", len(told), len(d.Answers))
	}
	// A provider reads that it closed early, and when; never why.
	p := providerHarness(t, svc, last.ProviderID, 80, 24)
	p.openInvitation(w.open)
	p.mustSee("Closed early by the council at " + matching.ShowTime(clk.now))
	if v := p.view(); strings.Contains(v, "every provider has answered") || strings.Contains(v, "at the deadline") {
		t.Errorf("the provider's view of the early close:\n%s", v)
	}
}

// TestOfficerRevisionKeepsTheStart: an officer logging a provider's revised
// price leaves the start blank (it cannot see the sealed answer), and the
// start the provider gave before is kept.
func TestOfficerRevisionKeepsTheStart(t *testing.T) {
	t.Parallel()
	svc, _ := newClockedService(t)
	w := buildWorld(t, svc)
	ctx := context.Background()
	_, err := svc.Respond(ctx, "test", w.open, matching.ResponseInput{ProviderID: "P001", Weekly: "975", Start: "2026-11-25", Note: "Room ready."})
	must(t, err)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	h.keys("o")
	h.typeText("alder")
	h.keys("enter", "enter")
	h.typeText("940")
	h.keys("ctrl+s")
	if h.screen() != screenDetail {
		t.Fatalf("on %s: %q", h.screen(), h.m.c.status)
	}
	inv, err := svc.ProviderShow(ctx, "P001", w.open)
	must(t, err)
	if a := inv.Answer; a == nil || a.WeeklyPence != 94000 || a.Start != "2026-11-25" || a.Note != "Room ready." {
		t.Fatalf("the revision logged by the officer: %+v", a)
	}
}
