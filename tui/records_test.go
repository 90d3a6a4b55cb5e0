package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// recordStates are the award report and what the data shows, for the
// goldens.
func recordStates() []state {
	return []state{
		{"report-awarded", func(h *harness, w world) { h.openRequest(w.awarded); h.keys("v") }},
		{"report-no-award-scrolled", func(h *harness, w world) { h.openRequest(w.noAward); h.keys("v", "pgdown") }},
		{"insight", func(h *harness, w world) { h.keys("I") }},
		{"insight-scrolled", func(h *harness, w world) { h.keys("I", "pgdown") }},
	}
}

// TestGoldenRecords draws the report and insight screens at 80x24 and
// 120x40.
func TestGoldenRecords(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, st := range recordStates() {
			t.Run(st.name+"_"+itoa(size[0])+"x"+itoa(size[1]), func(t *testing.T) {
				t.Parallel()
				svc := newService(t)
				wd := buildWorld(t, svc)
				h := newHarness(t, svc, Options{User: "officer", Council: "sefton", Demo: true}, size[0], size[1])
				st.setup(h, wd)
				runGolden(t, h.m, size[0], size[1], "placematch")
			})
		}
	}
}

// TestReportScreen: v on an awarded request's detail shows its award
// report drawn for the terminal, to its end by scrolling; esc goes back;
// a request whose offers are sealed has no v.
func TestReportScreen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.open)
	h.keys("v")
	if h.screen() != screenDetail {
		t.Fatalf("v on an open request went to %s", h.screen())
	}
	h.openRequest(wd.awarded)
	h.keys("v")
	if h.screen() != screenReport {
		t.Fatalf("v went to %s", h.screen())
	}
	h.mustSee("Award report: " + wd.awarded)
	h.mustSee("Contracting authority")
	if strings.Contains(h.view(), "|---|") || strings.Contains(h.view(), "- Contracting") {
		t.Error("the Markdown is shown raw, not drawn")
	}
	h.keys("G")
	h.mustSee("Made by placematch")
	h.keys("esc")
	if h.screen() != screenDetail {
		t.Errorf("esc went to %s", h.screen())
	}
}

// TestInsightScreen: I on the requests list shows what the data shows for
// the session's council, with its charts and providers.
func TestInsightScreen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("I")
	if h.screen() != screenInsight {
		t.Fatalf("I went to %s", h.screen())
	}
	for _, want := range []string{"Sefton", "Awards to rank 1:", "Requests by urgency", "all awards", "Response rate"} {
		h.mustSee(want)
	}
}

// TestDocStyleFollowsTheSession: the report's style follows the session's
// renderer, never the process's terminal: no colour, dark or light.
func TestDocStyleFollowsTheSession(t *testing.T) {
	t.Parallel()
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	if st := docStyleOf(r); st.Name != "notty" {
		t.Errorf("no colour: %+v", st)
	}
	r = lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	if st := docStyleOf(r); st.Name != "dark" || st.Profile != termenv.TrueColor {
		t.Errorf("dark: %+v", st)
	}
	r.SetHasDarkBackground(false)
	if st := docStyleOf(r); st.Name != "light" {
		t.Errorf("light: %+v", st)
	}
	lines, err := renderMarkdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", DocStyle{Name: "dark", Profile: termenv.TrueColor}, 60)
	if err != nil || !strings.Contains(strings.Join(lines, "\n"), "\x1b[") {
		t.Errorf("a dark style draws no colour: %v %q", err, lines)
	}
	lines, _ = renderMarkdown("# Title\n", DocStyle{Name: "notty", Profile: termenv.Ascii}, 60)
	if strings.Contains(strings.Join(lines, "\n"), "\x1b[") {
		t.Errorf("no colour draws colour: %q", lines)
	}
}
