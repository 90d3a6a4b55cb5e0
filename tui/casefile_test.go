package tui

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"placematch/matching"
)

// TestMoveStartFromTheDetail: s on an open request asks for the new start
// date and a reason, moves it, and says every invited provider is told; a
// date at another age is refused in the dialog, with what was typed kept.
func TestMoveStartFromTheDetail(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.packages) // born 2014-05-02, 12 on 2026-12-07
	h.keys("s")
	h.mustSee("Move the start date of " + wd.packages)
	h.mustSee("up to 2027-05-01")
	h.keys("ctrl+u")
	h.typeText("2027-05-02")
	h.keys("tab")
	h.typeText("the carers start later")
	h.keys("enter")
	h.mustSee("would be 13 on 2027-05-02")
	h.keys("shift+tab", "ctrl+u")
	h.typeText("2026-12-14")
	h.keys("enter", "enter") // to the reason, kept, and done
	if !strings.Contains(h.m.c.status, "Start date moved to 2026-12-14") {
		t.Fatalf("status %q", h.m.c.status)
	}
	d, err := svc.Show(context.Background(), "officer", wd.packages)
	if err != nil || matching.ShowDate(d.Request.Start) != "2026-12-14" {
		t.Fatalf("start %v %v", d.Request.Start, err)
	}
	if last := d.Timeline[len(d.Timeline)-1]; last.Action != matching.ActionStartMoved || last.Fields.Get("reason") != "the carers start later" || last.Actor != "officer" {
		t.Errorf("the last event %+v", last)
	}
	// Only an open request's start date moves: the key is not offered on
	// an awarded one.
	h.openRequest(wd.awarded)
	h.keys("s")
	if h.m.active().modal() {
		t.Error("s opened a dialog on an awarded request")
	}
}

// TestSaveDecisionFromTheRanking: p on the ranking writes the award report
// to the file the officer confirms, says where, and never overwrites one.
func TestSaveDecisionFromTheRanking(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.awarded)
	h.keys("r")
	if h.screen() != screenRanking {
		t.Fatalf("on %s", h.screen())
	}
	h.keys("p")
	h.mustSee("Save the decision on " + wd.awarded)
	h.mustSee(wd.awarded + "-award-report.md")
	path := filepath.Join(t.TempDir(), "case file.md")
	h.keys("ctrl+u")
	h.typeText(path)
	h.keys("enter")
	if !strings.Contains(h.m.c.status, "Saved in "+path) {
		t.Fatalf("status %q", h.m.c.status)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Award report: " + wd.awarded, "Awarded to", "total = (50 × Q + 35 × P + 15 × A) / 100", "Decided by test"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the report does not say %q:\n%s", want, b)
		}
	}
	// Again to the same file: refused in the dialog, the file kept.
	h.keys("p", "ctrl+u")
	h.typeText(path)
	h.keys("enter")
	h.mustSee("not overwritten")
	if b2, _ := os.ReadFile(path); !bytes.Equal(b, b2) {
		t.Error("the report was overwritten")
	}
	// From the detail too, once the offers are opened; never while sealed.
	h.keys("esc", "esc")
	h.openRequest(wd.open)
	h.keys("p")
	if h.m.active().modal() {
		t.Error("p offered a report of a sealed request")
	}
}

// TestCopyRequestID: y on a request puts its id on the terminal's
// clipboard by OSC 52, in the program's own output, and says so.
func TestCopyRequestID(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.open)
	tm := teatest.NewTestModel(t, h.m, teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(wd.open)) + "\a"
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(want)) && bytes.Contains(b, []byte("Copied "+wd.open))
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	must(t, tm.Quit())
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
