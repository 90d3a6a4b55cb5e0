package tui

import (
	"context"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
)

// clock is a test clock that tests move on by hand.
type clock struct{ now time.Time }

// demoService is a real store on a temp file with the demo data, loaded at
// the fixed test time, and a clock the test can move.
func demoService(t testing.TB) (*service.Service, *clock) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{now: testNow}
	svc := service.New(st, service.WithClock(func() time.Time { return clk.now }))
	must(t, demo.Load(ctx, svc, "presenter"))
	return svc, clk
}

// providerHarness opens the app as a provider on the demo data.
func providerHarness(t testing.TB, svc *service.Service, pid string, w, h int) *harness {
	t.Helper()
	return newHarness(t, svc, Options{User: "someone", Provider: pid, Demo: true}, w, h)
}

// invitationOf finds the id of the first invitation of a provider that
// matches.
func invitationOf(t testing.TB, svc *service.Service, pid string, match func(service.RequestSummary) bool) string {
	t.Helper()
	rows, err := svc.ProviderInvitations(context.Background(), pid)
	must(t, err)
	for _, r := range rows {
		if match(r) {
			return r.ID
		}
	}
	t.Fatalf("%s has no such invitation", pid)
	return ""
}

func isOpen(r service.RequestSummary) bool { return r.Status == matching.StatusOpen }

func isStatus(st matching.Status) func(service.RequestSummary) bool {
	return func(r service.RequestSummary) bool { return r.Status == st }
}

// openInvitation goes to an invitation from the provider's list, as a
// provider would: down the list to it, then enter.
func (h *harness) openInvitation(id string) {
	h.t.Helper()
	for h.screen() != screenInvites {
		h.keys("esc")
	}
	s := h.m.screens[screenInvites].(*invitesScreen)
	h.keys("g")
	for i := 0; i < len(s.rows) && s.selected() != nil && s.selected().ID != id; i++ {
		h.keys("down")
	}
	if s.selected() == nil || s.selected().ID != id {
		h.t.Fatalf("%s is not in the provider's list", id)
	}
	h.keys("enter")
	if h.screen() != screenInvitation {
		h.t.Fatalf("enter opened %s", h.screen())
	}
}

func (h *harness) invitation() *invitationScreen {
	return h.m.screens[screenInvitation].(*invitationScreen)
}

// liveHarness starts the live demonstration on the demo data at the fixed
// test time.
func liveHarness(t testing.TB, w, h int) (*harness, *clock) {
	t.Helper()
	return liveHarnessWith(t, Options{liveQuick: true}, w, h)
}

// liveHarnessWith is liveHarness with options of the test's: the presenter's
// options are added.
func liveHarnessWith(t testing.TB, opts Options, w, h int) (*harness, *clock) {
	t.Helper()
	svc, clk := demoService(t)
	opts.User, opts.Demo, opts.Live = "presenter", true, true
	opts.LiveFork = forkStores(t)
	hs := newHarness(t, svc, opts, w, h)
	t.Cleanup(hs.m.close)
	if hs.live().live == nil {
		t.Fatalf("the live demo did not start: %v (%s)", hs.live().err, hs.m.c.status)
	}
	return hs, clk
}

// forkStores copies a store as the command line does for the live
// demonstration: a backup to a new file of the test's, opened.
func forkStores(t testing.TB) func(ctx context.Context, from service.Store) (service.Store, error) {
	dir := t.TempDir()
	var n atomic.Int64
	return func(ctx context.Context, from service.Store) (service.Store, error) {
		path := filepath.Join(dir, "copy-"+strconv.FormatInt(n.Add(1), 10)+".db")
		if err := from.Backup(ctx, path); err != nil {
			return nil, err
		}
		return store.OpenExisting(ctx, path)
	}
}

func (h *harness) live() *liveScreen { return h.m.screens[screenLive].(*liveScreen) }

func (h *harness) whatIf() *whatIfScreen { return h.m.screens[screenWhatIf].(*whatIfScreen) }

// advanceLive moves the clock to d after the live start, a tick at every
// step on the way, as the timer would.
func (h *harness) advanceLive(clk *clock, d time.Duration) {
	h.t.Helper()
	l := h.live().live
	to := l.Start.Add(d)
	for i := range l.Steps {
		at := l.StepTime(i)
		if at.After(to) {
			break
		}
		if at.After(clk.now) {
			clk.now = at
		}
		h.send(liveTickMsg{gen: h.live().gen})
	}
	if to.After(clk.now) {
		clk.now = to
	}
	h.send(liveTickMsg{gen: h.live().gen})
}

// modeState is a screen of the provider app or of the live demo, reached
// from a fresh demo store.
type modeState struct {
	name  string
	start func(t testing.TB, w, h int) *harness
}

func providerState(name, pid string, setup func(h *harness, svc *service.Service)) modeState {
	return modeState{name: name, start: func(t testing.TB, w, h int) *harness {
		svc, _ := demoService(t)
		hs := providerHarness(t, svc, pid, w, h)
		if setup != nil {
			setup(hs, svc)
		}
		return hs
	}}
}

func liveState(name string, at time.Duration, setup func(h *harness)) modeState {
	return modeState{name: name, start: func(t testing.TB, w, h int) *harness {
		hs, clk := liveHarness(t, w, h)
		hs.advanceLive(clk, at)
		if setup != nil {
			setup(hs)
		}
		return hs
	}}
}

// The live script ends a little over two and a half minutes in.
const liveEnd = 2*time.Minute + 40*time.Second

// liveStepAt is the time of the nth step (from 1) of a kind in the live
// script, from the start.
func liveStepAt(kind demo.LiveKind, nth int) time.Duration {
	for _, st := range demo.LiveScript() {
		if st.Kind == kind {
			if nth--; nth == 0 {
				return st.At
			}
		}
	}
	panic("no such step in the live script")
}

func modeStates() []modeState {
	openOf := func(pid string) func(h *harness, svc *service.Service) {
		return func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, pid, isOpen))
		}
	}
	return []modeState{
		providerState("provider-invites", "P017", nil),
		providerState("provider-invitation-open", "P017", openOf("P017")),
		providerState("provider-offer-dialog", "P017", func(h *harness, svc *service.Service) {
			openOf("P017")(h, svc)
			h.keys("o")
			h.typeText("1,150")
		}),
		providerState("provider-offered", "P017", func(h *harness, svc *service.Service) {
			openOf("P017")(h, svc)
			h.keys("o")
			h.typeText("1,150")
			h.keys("enter")
			h.typeText("25")
			h.keys("enter")
			h.typeText("2026-11-25")
			h.keys("enter")
			h.typeText("Room ready tonight.")
			h.keys("enter")
		}),
		// An offer above the cap: asked before it is sent.
		providerState("provider-offer-unscored", "P017", func(h *harness, svc *service.Service) {
			openOf("P017")(h, svc)
			h.keys("o")
			h.typeText("1,300")
			h.keys("enter", "enter", "enter", "enter")
		}),
		providerState("provider-decline-dialog", "P017", func(h *harness, svc *service.Service) {
			openOf("P017")(h, svc)
			h.keys("d")
		}),
		providerState("provider-withdraw-dialog", "P020", func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, "P020", isOpen))
			h.keys("x")
		}),
		providerState("provider-closed", "P017", func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, "P017", isStatus(matching.StatusClosed)))
		}),
		providerState("provider-outcome-lost", "P017", func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, "P017", func(r service.RequestSummary) bool {
				return r.Status == matching.StatusAwarded && r.Council == "manchester"
			}))
		}),
		providerState("provider-outcome-won", "P020", func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, "P020", isStatus(matching.StatusAwarded)))
		}),
		providerState("provider-no-award", "P001", func(h *harness, svc *service.Service) {
			h.openInvitation(invitationOf(h.t, svc, "P001", isStatus(matching.StatusNoAward)))
		}),
		providerState("provider-help", "P017", func(h *harness, svc *service.Service) { h.keys("?") }),
		providerState("provider-none", "P010", nil),
		providerState("provider-unknown", "P999", nil),
		liveState("live-start", 0, nil),
		liveState("live-answers", 40*time.Second, nil),
		liveState("live-closed", demo.LiveDeadline+12*time.Second, nil),
		liveState("live-invitation", liveStepAt(demo.LiveInvitation, 1), nil),
		liveState("live-paused", 40*time.Second, func(h *harness) { h.keys(" ") }),
		liveState("live-ranked", liveStepAt(demo.LiveOpen, 1), nil),
		liveState("live-ranked-second", liveStepAt(demo.LiveOpen, 1), func(h *harness) { h.keys("down") }),
		liveState("live-awarded", liveStepAt(demo.LiveAward, 1), nil),
		liveState("live-outcome-lost", liveStepAt(demo.LiveOutcome, 1), nil),
		liveState("live-outcome-won", liveStepAt(demo.LiveOutcome, 2), nil),
		liveState("live-end", liveEnd, nil),
		liveState("live-whatif", liveEnd, func(h *harness) { h.keys("down", "w") }),
		liveState("live-whatif-changed", liveEnd, func(h *harness) { h.keys("down", "w", "-", "-", "-") }),
		liveState("live-whatif-cover", liveEnd, func(h *harness) { h.keys("w", "down", "down", "down", "]", "]", "]", "]") }),
		liveState("live-whatif-late", liveEnd, func(h *harness) { h.keys("w", "down", "down", "down", "down") }),
		liveState("live-whatif-declined", liveEnd, func(h *harness) { h.keys("w", "down", "down", "down", "down", "down") }),
		liveState("live-whatif-price-dialog", liveEnd, func(h *harness) { h.keys("w", "p") }),
		liveState("live-whatif-weights", liveEnd, func(h *harness) { h.keys("w", "Q", "Q") }),
		liveState("live-officer-ranking", liveEnd, func(h *harness) { h.keys("o") }),
	}
}
