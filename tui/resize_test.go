package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// state is a way to bring the app into one of its screens.
type state struct {
	name  string
	setup func(h *harness, w world)
}

func states() []state {
	return []state{
		{"requests", func(h *harness, w world) {}},
		{"requests-all-councils", func(h *harness, w world) {
			h.keys("c")
			h.typeText("all")
			h.keys("enter")
		}},
		{"council-picker", func(h *harness, w world) { h.keys("c") }},
		{"requests-filter", func(h *harness, w world) { h.keys("/"); h.typeText("bootle") }},
		{"full-help", func(h *harness, w world) { h.keys("?") }},
		{"form", func(h *harness, w world) { h.keys("n") }},
		{"form-errors", func(h *harness, w world) { h.keys("n", "ctrl+s") }},
		{"form-needs", func(h *harness, w world) {
			h.keys("n")
			h.m.screens[screenForm].(*formScreen).form.focusKey("needs")
			h.typeText("a")
		}},
		{"form-summary", func(h *harness, w world) {
			h.keys("n")
			h.m.screens[screenForm].(*formScreen).form.focusKey("summary")
			h.typeText("Likes football. Needs help with budgeting and cooking; anxious at night.")
		}},
		{"form-discard", func(h *harness, w world) { h.keys("n", "tab", "tab"); h.typeText("LC"); h.keys("esc") }},
		{"form-kept", func(h *harness, w world) {
			h.keys("n")
			h.typeText("gr")
			h.keys("enter")
			h.typeText("LC")
			h.keys("esc")
		}},
		{"form-urgent", func(h *harness, w world) { h.keys("u") }},
		{"form-edit", func(h *harness, w world) { h.openRequest(w.draft); h.keys("e") }},
		{"preview", func(h *harness, w world) { h.openRequest(w.draft); h.keys("b") }},
		{"detail-draft", func(h *harness, w world) { h.openRequest(w.draft) }},
		{"detail-open", func(h *harness, w world) { h.openRequest(w.open) }},
		{"detail-opened", func(h *harness, w world) { h.openRequest(w.opened) }},
		{"detail-awarded", func(h *harness, w world) { h.openRequest(w.awarded) }},
		{"detail-no-award", func(h *harness, w world) { h.openRequest(w.noAward) }},
		{"detail-cancelled", func(h *harness, w world) { h.openRequest(w.cancelled) }},
		{"close-dialog", func(h *harness, w world) { h.openRequest(w.open); h.keys("c"); h.typeText("no longer needed tonight") }},
		{"extend-dialog", func(h *harness, w world) { h.openRequest(w.open); h.keys("e") }},
		{"note-dialog", func(h *harness, w world) { h.openRequest(w.open); h.keys("w"); h.typeText("phoned the social worker") }},
		{"detail-with-note", func(h *harness, w world) {
			h.openRequest(w.draft)
			h.keys("w")
			h.typeText("AB's social worker says a visit is possible on Tuesday; file needs the visit form")
			h.keys("enter")
		}},
		{"offer", func(h *harness, w world) { h.openRequest(w.open); h.keys("o") }},
		{"offer-hourly", func(h *harness, w world) {
			h.openRequest(w.packages)
			h.keys("o")
			h.typeText("ivy")
			h.keys("enter", "enter", "tab")
			h.typeText("25.50")
		}},
		{"ranking-confirm", func(h *harness, w world) { h.openRequest(w.closed); h.keys("r") }},
		{"ranking", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r") }},
		{"ranking-awarded", func(h *harness, w world) { h.openRequest(w.awarded); h.keys("r") }},
		{"ranking-whatif", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r", "w") }},
		{"ranking-whatif-changed", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r", "down", "w", "-", "-", "]") }},
		{"ranking-whatif-above-cap", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r", "w", "down", "down") }},
		{"award-dialog", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r", "down", "a") }},
		{"no-award-dialog", func(h *harness, w world) { h.openRequest(w.opened); h.keys("r", "n") }},
		{"providers", func(h *harness, w world) { h.keys("p") }},
		{"provider-detail", func(h *harness, w world) { h.keys("p", "enter") }},
		{"providers-no-match", func(h *harness, w world) { h.keys("p", "/"); h.typeText("zzz"); h.keys("enter") }},
		{"capability-picker", func(h *harness, w world) { h.keys("p", "t") }},
		{"providers-applications", func(h *harness, w world) { withApplications(h); h.keys("p", "a") }},
		{"provider-admit-dialog", func(h *harness, w world) { withApplications(h); h.keys("p", "a", "m") }},
		{"provider-suspend-dialog", func(h *harness, w world) { h.keys("p", "u") }},
		{"audit", func(h *harness, w world) { h.keys("A") }},
		{"audit-filter", func(h *harness, w world) { h.keys("A", "/"); h.typeText("awarded") }},
		{"move-start-dialog", func(h *harness, w world) { h.openRequest(w.packages); h.keys("s") }},
		{"placements", func(h *harness, w world) { h.keys("P") }},
		{"placements-price-dialog", func(h *harness, w world) { h.keys("P", "w"); h.typeText("1,180") }},
		{"placements-end-dialog", func(h *harness, w world) { h.keys("P", "down", "e") }},
		{"spend", func(h *harness, w world) { h.keys("$") }},
		{"attention", func(h *harness, w world) { termDue(h); h.keys("t") }},
		{"terms", func(h *harness, w world) { termDue(h); h.keys("F") }},
		{"term-extend-dialog", func(h *harness, w world) { termDue(h); h.keys("F", "tab", "x") }},
		{"settings", func(h *harness, w world) { h.keys("S") }},
		{"settings-lot-dialog", func(h *harness, w world) { h.keys("S", "j", "e") }},
	}
}

// termDue records leaving-care's term from 1 April 2025, 2+1+1: it runs to
// 31 March 2027, so at the tests' time an extension decision is due.
func termDue(h *harness) {
	h.t.Helper()
	start, _ := matching.ParseDate("2025-04-01")
	if _, err := h.svc.SetTerm(context.Background(), "commissioner", "leaving-care", start, "2+1+1"); err != nil {
		h.t.Fatal(err)
	}
}

func sizes() [][2]int {
	var out [][2]int
	for w := minWidth; w <= 140; w += 9 {
		for h := minHeight; h <= 50; h += 7 {
			out = append(out, [2]int{w, h})
		}
	}
	return append(out, [2]int{80, 24}, [2]int{minWidth, minHeight}, [2]int{140, 50}, [2]int{81, 25}, [2]int{120, 40}, [2]int{200, 50})
}

// checkFits fails when a drawing is wider or taller than the terminal.
func checkFits(t *testing.T, out string, w, h int, what string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) > h {
		t.Errorf("%s at %dx%d: %d lines, more than the height", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := width(l); lw > w {
			t.Errorf("%s at %dx%d: line %d is %d wide: %q", what, w, h, i, lw, l)
			return
		}
	}
}

// TestResizeMatrix draws every screen at every size from the minimum up
// and checks nothing is wider or taller than the terminal. It checks
// render, which View only clamps as a last guard.
func TestResizeMatrix(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	for _, st := range states() {
		t.Run(st.name, func(t *testing.T) {
			h := newHarness(t, svc, Options{User: "officer", Council: "sefton", Demo: true}, 80, 24)
			st.setup(h, wd)
			for _, sz := range sizes() {
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				checkFits(t, h.m.render(), sz[0], sz[1], st.name)
			}
		})
	}
}

// TestTooSmall says so rather than drawing a broken screen.
func TestTooSmall(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "officer"}, 80, 24)
	for _, sz := range [][2]int{{minWidth - 1, 30}, {100, minHeight - 1}, {20, 5}, {1, 1}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		out := h.m.render()
		checkFits(t, out, sz[0], sz[1], "too small")
		if sz[0] >= 18 && !strings.Contains(out, "terminal too small") {
			t.Errorf("at %dx%d: no 'terminal too small' in %q", sz[0], sz[1], out)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(h.m.render(), "terminal too small") {
		t.Error("80x24 is big enough")
	}
}

// TestResizeMatrixModes is the matrix for the provider's screens and the
// live demonstration's.
func TestResizeMatrixModes(t *testing.T) {
	t.Parallel()
	for _, st := range modeStates() {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			h := st.start(t, 80, 24)
			for _, sz := range sizes() {
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				checkFits(t, h.m.render(), sz[0], sz[1], st.name)
			}
		})
	}
}
