package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// runGolden hands a model to a real Bubble Tea program at a fixed size,
// lets it draw, quits, and compares the final view with
// testdata/<test name>.golden (go test ./tui -update rewrites them).
func runGolden(t *testing.T, m tea.Model, w, h int, waitFor string) {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(waitFor)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	must(t, tm.Quit())
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	golden.RequireEqual(t, []byte(fm.View()))
}

// TestGolden draws every screen in every state at 80x24 and 120x40.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, st := range states() {
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

// TestGoldenModes draws the provider's screens and the live demonstration
// at 80x24 and 120x40, on the demo data at the fixed test time.
func TestGoldenModes(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, st := range modeStates() {
			t.Run(st.name+"_"+itoa(size[0])+"x"+itoa(size[1]), func(t *testing.T) {
				t.Parallel()
				h := st.start(t, size[0], size[1])
				runGolden(t, h.m, size[0], size[1], "placematch")
			})
		}
	}
}

// TestGoldenWelcome is the first run on an empty store.
func TestGoldenWelcome(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(itoa(size[0])+"x"+itoa(size[1]), func(t *testing.T) {
			t.Parallel()
			svc := newService(t)
			m := newModel(t.Context(), svc, Options{User: "officer"}, NewStyles(lipglossDefault()))
			runGolden(t, m, size[0], size[1], "providers import")
		})
	}
}

// TestGoldenTooSmall is the message below the minimum size.
func TestGoldenTooSmall(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	m := newModel(t.Context(), svc, Options{User: "officer"}, NewStyles(lipglossDefault()))
	runGolden(t, m, 50, 12, "too small")
}

// TestProgramDutyOfficer drives a real program by keys alone, from launch
// to an open request, and keeps the screen it ends on.
func TestProgramDutyOfficer(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	m := newModel(t.Context(), svc, Options{User: "duty", Council: "sefton"}, NewStyles(lipglossDefault()))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	// wait reads the program's output until all of want has been drawn.
	wait := func(want ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, s := range want {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("No requests for Sefton")
	tm.Type("n")
	wait("Case reference")
	for _, step := range []string{"gr\r", "t\r", "LC-4471\r", "JS\r", "2009-03-14"} {
		for _, r := range step {
			if r == '\r' {
				tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
				continue
			}
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	wait("age 17")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	wait("locked")
	tm.Type("b")
	// The broadcast's message, then the request it opens, read after it:
	// quitting between the two would keep a page still loading.
	wait("Invited 4", "0 of 4 answered")
	must(t, tm.Quit())
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	v := fm.View()
	if !strings.Contains(v, "SEF-2026-0001 · open · today") {
		t.Fatalf("not on the open request:\n%s", v)
	}
	golden.RequireEqual(t, []byte(v))
}
