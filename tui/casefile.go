package tui

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"placematch/matching"
	"placematch/service"
)

// reportPath is where a request's award report goes unless the officer
// says otherwise: the current folder, under a name no file there has yet
// (a report is never written over another).
func reportPath(id string) string {
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	base := clean(id) + "-award-report"
	p := filepath.Join(dir, base+".md")
	for n := 2; n < 100; n++ {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			break
		}
		p = filepath.Join(dir, base+"-"+strconv.Itoa(n)+".md")
	}
	return p
}

// reportDialog asks where to save a request's award report, suggesting
// reportPath.
func reportDialog(id string) *dialog {
	return promptDialog("report", "Save the decision on "+id,
		[]string{"The ranking and the decision for the case file, as Markdown: the scores and formula, each offer not ranked and why, the award and its reason, who acted and when.",
			"It names the case reference: keep it with the case, never send it to providers. An existing file is never overwritten."},
		field1("File", "a new file", reportPath(id), 1024))
}

// saveReport writes the award report of id to path.
func saveReport(ctx context.Context, svc *service.Service, user, id, path string) (string, error) {
	text, err := svc.AwardReport(ctx, user, id)
	if err != nil {
		return "", err
	}
	if err := service.SaveText(path, text); err != nil {
		return "", err
	}
	return "Saved in " + path + ": the decision on " + id + ".", nil
}

// copyText puts text on the clipboard of the terminal the app is shown in,
// by OSC 52: it travels with the screen's output, so it reaches the
// officer's own terminal over SSH and through tmux (with set-clipboard
// on). Bubble Tea v1 writes only a window title raw, so the sequence rides
// after one.
func copyText(text string) tea.Cmd {
	seq := ansi.SetSystemClipboard(text)
	return tea.SetWindowTitle("placematch\a" + seq[:len(seq)-1])
}

// copiedWords says what was copied, and how, since a terminal may not take
// it.
func copiedWords(id string) string {
	return "Copied " + id + " to the clipboard (by OSC 52: the terminal must allow it; in tmux, set-clipboard on)."
}

// moveStartDialog asks for an open request's new start date and the
// reason providers will read.
func moveStartDialog(r matching.Request) *dialog {
	last := matching.LastDayAtAge(r.DOB, r.Age())
	return promptDialog("move-start", "Move the start date of "+r.ID,
		[]string{"The start date is " + matching.ShowDate(r.Start) + ". It can move later while the young person is still " + itoa(r.Age()) +
			" (eligibility and scores stand): up to " + matching.ShowDate(last) + ". Every invited provider is told; answers stand.",
			"Providers read the reason: no names, initials, case reference or date of birth."},
		field1("New start date", "YYYY-MM-DD", matching.ShowDate(r.Start.AddDate(0, 0, 1)), 10),
		field1("Reason", "optional, e.g. the room is ready a week later", "", matching.MaxReason))
}
