package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// TestAuditTrailScreen: A on the requests list shows the whole trail,
// newest first, read a page at a time as it is scrolled (never all at
// once), o turns it oldest first, / keeps the events with every word
// typed, and v runs audit verify in the background and says what it found
// and what it cannot prove.
func TestAuditTrailScreen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	all, err := svc.Audit(context.Background(), "")
	must(t, err)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 30)
	as := h.m.screens[screenAudit].(*auditScreen)
	as.pageSize = 5
	h.keys("A")
	if h.screen() != screenAudit {
		t.Fatalf("A went to %s", h.screen())
	}
	h.mustSee("The whole trail: " + itoa(len(all)) + " events · newest first")
	if n := len(as.events); n == 0 || n >= len(all) || as.events[0].Seq != all[len(all)-1].Seq {
		t.Fatalf("%d events loaded of %d, the first %d", n, len(all), as.events[0].Seq)
	}
	h.mustSee("draft created")
	for range len(all) {
		h.keys("G")
	}
	if len(as.events) != len(all) || as.next != 0 {
		t.Fatalf("scrolled to the end: %d of %d events, next %d", len(as.events), len(all), as.next)
	}
	for i, e := range as.events {
		if e.Seq != all[len(all)-1-i].Seq {
			t.Fatalf("row %d is event %d, want %d", i, e.Seq, all[len(all)-1-i].Seq)
		}
	}
	h.keys("o")
	h.mustSee("oldest first")
	if as.events[0].Seq != all[0].Seq {
		t.Fatalf("oldest first begins with %d", as.events[0].Seq)
	}
	h.keys("/")
	h.typeText("awarded " + strings.ToLower(wd.awarded))
	h.keys("enter")
	if len(as.events) != 1 || as.events[0].Action != matching.ActionAwarded || as.events[0].RequestID != wd.awarded {
		t.Fatalf("filtered: %+v", as.events)
	}
	h.mustSee("1 match")
	h.keys("v")
	h.mustSee("audit verify")
	h.mustSee("✓ Hash chain intact: " + itoa(len(all)) + " events")
	h.mustSee("✓ State against the trail")
	h.mustSee("Not proven by the trail")
	h.keys("esc")
	if as.verified != nil || h.screen() != screenAudit {
		t.Fatal("esc closes the check first")
	}
	h.keys("esc", "esc")
	if h.screen() != screenRequests {
		t.Fatalf("esc twice more: on %s", h.screen())
	}
}

// TestNewPanelsFit: the verify panel, the import and report dialogs and the
// provider's record fit every size from the minimum up, with no key shared
// by two bindings (their views name this machine's folder or a random
// hash, so they are not goldens).
func TestNewPanelsFit(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	for _, st := range []state{
		{"audit-verified", func(h *harness, w world) { h.keys("A", "v") }},
		{"import-dialog", func(h *harness, w world) { h.keys("p", "i") }},
		{"import-preview", func(h *harness, w world) { h.keys("p", "i"); h.typeText("testdata/register.csv"); h.keys("enter") }},
		{"report-dialog", func(h *harness, w world) { h.openRequest(w.awarded); h.keys("r", "p") }},
		{"provider-record", func(h *harness, w world) { h.keys("p", "/"); h.typeText("P004"); h.keys("enter", "enter") }},
	} {
		t.Run(st.name, func(t *testing.T) {
			h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 80, 24)
			st.setup(h, wd)
			checkScope(t, h, st.name)
			for _, sz := range sizes() {
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				checkFits(t, h.m.render(), sz[0], sz[1], st.name)
			}
		})
	}
}
