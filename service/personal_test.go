package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// issueReason is the issue's award reason, for the fixture's young person
// (KM, S-1, born 2014-05-05).
const issueReason = "KM (S-1, dob 05/05/2014) chose it after visits"

// opened is a request whose offers are opened, with two ranked: P2 (the
// cheaper) first.
func (f *fixture) opened(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	id := f.draft(t, nil)
	if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
		t.Fatal(err)
	}
	for _, a := range []matching.ResponseInput{{ProviderID: "P1", Weekly: "950"}, {ProviderID: "P2", Weekly: "900"}} {
		if _, err := f.svc.Respond(ctx, "t", id, a); err != nil {
			t.Fatal(err)
		}
	}
	if d, err := f.svc.Show(ctx, "t", id); err != nil {
		t.Fatal(err)
	} else if d.Request.Status == matching.StatusOpen {
		if err := f.svc.Close(ctx, "t", id, "both have answered"); err != nil {
			t.Fatal(err)
		}
	}
	res, err := f.svc.Rank(ctx, "t", id)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Ranking.Ranked) != 2 {
		t.Fatalf("ranked %+v", res.Ranking.Ranked)
	}
	return id
}

// storeState is everything a refused operation must leave as it was: the
// request, its notes and answers, the whole trail and every message queued.
func storeState(t *testing.T, f *fixture, id string) string {
	t.Helper()
	ctx := context.Background()
	d, err := f.svc.Show(ctx, "t", id)
	if err != nil {
		t.Fatal(err)
	}
	trail, err := f.svc.Audit(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	mail, err := f.svc.Deliveries(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	bodies := make([]string, len(mail))
	for i, m := range mail {
		bodies[i] = m.Body
	}
	list, err := f.svc.Requests(ctx, service.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		R     matching.Request
		N     []service.Note
		A     []service.Answer
		T     []matching.Event
		M     []service.Delivery
		B     []string
		L     []service.RequestSummary
		Count int
	}{d.Request, d.Notes, d.Answers, trail, mail, bodies, list, len(list)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPersonalDataRefusedWhereTextsEnter tries the issue's text at every
// place a text providers read comes in: each refuses it, naming the field
// and what it holds, and the store stays exactly as it was.
func TestPersonalDataRefusedWhereTextsEnter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		draft := f.draft(t, nil)
		open := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
			t.Fatal(err)
		}
		opened := f.opened(t)
		rk, err := f.svc.Rank(ctx, "t", opened)
		if err != nil {
			t.Fatal(err)
		}
		first, second := rk.Ranking.Ranked[0].ProviderID, rk.Ranking.Ranked[1].ProviderID
		tests := []struct {
			name, id, field string
			run             func() error
		}{
			{"a new request's summary", draft, "summary", func() error {
				_, err := f.svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
					DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Summary: "born 5th May 2014, case s 1"})
				return err
			}},
			{"a new request's locality", draft, "locality", func() error {
				_, err := f.svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
					DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Locality: "near K.M.'s school"})
				return err
			}},
			{"an edited summary", draft, "summary", func() error {
				_, err := f.svc.EditDraft(ctx, "t", draft, func(in *matching.RequestInput) { in.Summary = issueReason })
				return err
			}},
			{"an edited locality", draft, "locality", func() error {
				_, err := f.svc.EditDraft(ctx, "t", draft, func(in *matching.RequestInput) { in.Locality = "Bootle, KM's home" })
				return err
			}},
			{"closing early", open, "reason for closing early", func() error { return f.svc.Close(ctx, "t", open, issueReason) }},
			{"cancelling an open request", open, "cancellation reason", func() error { return f.svc.Cancel(ctx, "t", open, issueReason) }},
			{"awarding rank 2", opened, "award reason", func() error { return f.svc.Award(ctx, "t", opened, second, issueReason) }},
			{"awarding rank 1 with a reason", opened, "award reason", func() error {
				return f.svc.Award(ctx, "t", opened, first, "highest score; born May 5th, 2014")
			}},
			{"no award", opened, "no-award reason", func() error { return f.svc.NoAward(ctx, "t", opened, issueReason, "") }},
		}
		for _, tc := range tests {
			before := storeState(t, f, tc.id)
			err := tc.run()
			if !errors.Is(err, matching.ErrInvalid) {
				t.Errorf("%s: %v, want a refusal", tc.name, err)
				continue
			}
			msg := err.Error()
			for _, want := range []string{"the " + tc.field + " contains the young person's", "providers will read it", "request note"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s: the message lacks %q: %s", tc.name, want, msg)
				}
			}
			var fe matching.FieldErrors
			if errors.As(err, &fe) && fe.Get(tc.field) == "" {
				t.Errorf("%s: the form's error is not on the %s field: %v", tc.name, tc.field, fe)
			}
			if after := storeState(t, f, tc.id); after != before {
				t.Errorf("%s: a refusal changed the store:\nbefore %s\nafter  %s", tc.name, before, after)
			}
		}
		// A draft's cancellation reason reaches nobody: a draft may be
		// cancelled in the file's own words.
		if err := f.svc.Cancel(ctx, "t", draft, "duplicate of KM's other request"); err != nil {
			t.Errorf("cancelling a draft: %v", err)
		}
		// The same texts without the personal data pass.
		if err := f.svc.Award(ctx, "t", opened, second, "chosen after visits: a better fit with the current residents"); err != nil {
			t.Errorf("an ordinary award reason: %v", err)
		}
	})
}

// TestNoteForTheRecord: a note is kept in any status, its text committed to
// in the trail and kept out of the trail's words, shown with the request to
// the council and never to a provider; an empty note is refused and changes
// nothing.
func TestNoteForTheRecord(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.opened(t)
		const text = "KM (S-1) visited P1 on Tuesday; the file needs the visit form"
		before := storeState(t, f, id)
		for _, empty := range []string{"", "  \n "} {
			if err := f.svc.Note(ctx, "t", id, empty); !errors.Is(err, matching.ErrInvalid) || !strings.Contains(err.Error(), "a note needs its text") {
				t.Errorf("an empty note: %v", err)
			}
		}
		if err := f.svc.Note(ctx, "t", "SEF-2026-9999", text); !errors.Is(err, matching.ErrNotFound) {
			t.Errorf("a note on no request: %v", err)
		}
		if after := storeState(t, f, id); after != before {
			t.Errorf("a refused note changed the store")
		}
		if err := f.svc.Note(ctx, "alice", id, "  "+text+" "); err != nil {
			t.Fatal(err)
		}
		rk, err := f.svc.Rank(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Award(ctx, "t", id, rk.Ranking.Ranked[0].ProviderID, ""); err != nil {
			t.Fatal(err)
		}
		// Allowed in a final status too, and on a draft.
		if err := f.svc.Note(ctx, "bob", id, "award letter posted"); err != nil {
			t.Fatalf("a note after the award: %v", err)
		}
		if err := f.svc.Note(ctx, "bob", f.draft(t, nil), "waiting for the health assessment"); err != nil {
			t.Fatalf("a note on a draft: %v", err)
		}
		d, err := f.svc.Show(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Notes) != 2 || d.Notes[0].Text != text || d.Notes[0].Actor != "alice" || d.Notes[1].Text != "award letter posted" {
			t.Fatalf("notes %+v", d.Notes)
		}
		if d.Request.Status != matching.StatusAwarded {
			t.Errorf("status %s", d.Request.Status)
		}
		// The trail: a note event whose text is a commitment, opened by
		// what the store keeps beside it, and not in the words anyone reads.
		var raw []matching.Event
		if err := f.svc.Store().View(ctx, func(tx service.Tx) error {
			raw, err = tx.Events(id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		notes := 0
		for _, e := range raw {
			if e.Action != matching.ActionNote {
				continue
			}
			notes++
			c := e.Fields.Get(matching.FieldNote)
			if !strings.HasPrefix(c, "sha256:") || strings.Contains(c, "Tuesday") || !e.Opens(matching.FieldNote, e.Openings[matching.FieldNote]) {
				t.Errorf("the note's event does not commit to its text: %+v", e)
			}
		}
		if notes != 2 {
			t.Errorf("%d note events, want 2", notes)
		}
		trail, err := f.svc.Audit(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(trail)
		if strings.Contains(string(b), "Tuesday") || strings.Contains(string(b), "award letter") {
			t.Errorf("the trail as read shows a note's text: %s", b)
		}
		if v, err := f.svc.VerifyAudit(ctx); err != nil || v.Break != nil {
			t.Errorf("audit verify: %v %+v", err, v.Break)
		}
		// Providers: their views and every message to them.
		for _, pid := range []string{"P1", "P2"} {
			inv, err := f.svc.ProviderShow(ctx, pid, id)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(inv)
			if strings.Contains(string(b), "Tuesday") || strings.Contains(string(b), "award letter") {
				t.Errorf("%s sees a note: %s", pid, b)
			}
		}
		mail, err := f.svc.Deliveries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(mail) == 0 {
			t.Fatal("no messages queued to providers")
		}
		for _, m := range mail {
			if text := m.Subject + "\n" + m.Body; m.Body == "" || strings.Contains(text, "Tuesday") || strings.Contains(text, "award letter") {
				t.Errorf("a message to %s carries a note (or is empty): %s", m.ProviderID, text)
			}
		}
	})
}
