package tui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"placematch/matching"
)

// The reasons providers read: each dialog that asks for one says so, and a
// reason carrying the young person's details is refused in the dialog,
// which stays open with what was typed, the request as it was.
func TestReasonDialogsSayProvidersReadThem(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	const issue = "AB (LC-1, dob 14/03/2009) chose it after visits"
	tests := []struct {
		name   string
		id     string
		open   []string // keys from the request's detail to the dialog
		field  string   // the field named when refused
		status matching.Status
	}{
		{"award to rank 2", wd.opened, []string{"r", "down", "a"}, "the award reason", matching.StatusOpened},
		{"no award", wd.opened, []string{"r", "n"}, "the no-award reason", matching.StatusOpened},
		{"cancel an open request", wd.open, []string{"x"}, "the cancellation reason", matching.StatusOpen},
		{"close early", wd.open, []string{"c"}, "the reason for closing early", matching.StatusOpen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 40)
			h.openRequest(tc.id)
			h.keys(tc.open...)
			v := h.view()
			for _, want := range []string{"Providers will read this reason", "initials", "date of birth", "a note (w on the request)"} {
				if !strings.Contains(flat(v), want) {
					t.Errorf("the dialog does not say %q:\n%s", want, v)
				}
			}
			if strings.Contains(v, "young person's choice") {
				t.Errorf("the dialog suggests the young person's choice as a reason:\n%s", v)
			}
			before, err := svc.Show(context.Background(), "test", tc.id)
			must(t, err)
			h.typeText(issue)
			h.keys("enter")
			if tc.name == "no award" {
				h.keys("enter") // the spot purchase, left empty
			}
			v = flat(h.view())
			for _, want := range []string{tc.field + " contains the young person's", `initials ("AB")`, "request note"} {
				if !strings.Contains(v, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, h.view())
				}
			}
			after, err := svc.Show(context.Background(), "test", tc.id)
			must(t, err)
			if after.Request.Status != tc.status || after.Request.EndReason != "" || after.Request.CloseReason != before.Request.CloseReason ||
				len(after.Timeline) != len(before.Timeline) {
				t.Errorf("a refused reason changed the request: %s, %q, %q, %d events (was %d)", after.Request.Status,
					after.Request.EndReason, after.Request.CloseReason, len(after.Timeline), len(before.Timeline))
			}
		})
	}
}

// flat is the text of a view's dialog (the whole view when none is open),
// its lines joined, so that a sentence wrapped over lines reads whole.
func flat(v string) string {
	var b strings.Builder
	for _, l := range strings.Split(v, "\n") {
		if i, j := strings.Index(l, "│"), strings.LastIndex(l, "│"); i >= 0 && j > i {
			l = l[i+len("│") : j]
		}
		b.WriteString(strings.TrimSpace(l))
		b.WriteString(" ")
	}
	return b.String()
}

// A note from the request's detail: kept, shown to the officer under its
// own heading, never in what the provider sees; an empty one is refused in
// the dialog.
func TestNoteFromTheDetail(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 200, 50)
	h.openRequest(wd.open)
	h.mustSee("w write a note")
	h.keys("w")
	h.mustSee(matching.NoteForTheRecord[:40])
	h.keys("enter")
	if !strings.Contains(flat(h.view()), "a note needs its text") {
		t.Fatalf("an empty note was not refused in the dialog:\n%s", h.view())
	}
	const text = "Phoned AB's social worker about LC-1: visit Tuesday"
	h.typeText(text)
	h.keys("enter")
	if h.m.screens[screenDetail].(*detailScreen).dlg != nil {
		t.Fatalf("the note dialog stayed open:\n%s", h.view())
	}
	h.keys("G")
	h.mustSee("Notes for the record")
	h.mustSee("visit Tuesday")
	d, err := svc.Show(context.Background(), "test", wd.open)
	must(t, err)
	if len(d.Notes) != 1 || d.Notes[0].Text != text || d.Notes[0].Actor != "officer" {
		t.Fatalf("notes %+v", d.Notes)
	}
	// What the invited providers see holds nothing of it.
	for _, a := range d.Answers {
		inv, err := svc.ProviderShow(context.Background(), a.ProviderID, wd.open)
		must(t, err)
		b, _ := json.Marshal(inv)
		if strings.Contains(string(b), "Tuesday") || strings.Contains(string(b), "social worker") {
			t.Errorf("provider %s sees the note: %s", a.ProviderID, b)
		}
		p := newHarness(t, svc, Options{Provider: a.ProviderID}, 200, 50)
		p.openInvitation(wd.open)
		p.mustSee(wd.open)
		if v := p.view(); strings.Contains(v, "Tuesday") || strings.Contains(v, "social worker") {
			t.Errorf("provider %s's screen shows the note:\n%s", a.ProviderID, v)
		}
	}
}
