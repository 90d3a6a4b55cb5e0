package service

import (
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

// letterTx catches the letter queued.
type letterTx struct {
	Tx
	got      []Letter
	contact  matching.Contact
	settings matching.Settings
}

func (q *letterTx) QueueLetter(l Letter) error { q.got = append(q.got, l); return nil }

func (q *letterTx) CouncilContact(string) (matching.Contact, error) { return q.contact, nil }

func (q *letterTx) Settings() (matching.Settings, error) { return q.settings, nil }

// TestInvitationLetterIsEachLetterWhole: the letter kept once and given each
// provider's greeting when read is, for every provider, the letter written
// for that provider, hostile names and text included.
func TestInvitationLetterIsEachLetterWhole(t *testing.T) {
	t.Parallel()
	r := matching.Request{ID: "SEF-2026-0001", Council: "sefton", Framework: "leaving-care", Lot: "group-living",
		DOB: time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC), Urgency: matching.UrgencyPlanned, Hours: 12,
		Needs: []string{"mental-health"}, Locality: "Bootle\x1b[2J", Summary: "Two lines\nof summary \x07",
		Weights: matching.DefaultWeights(), PriceCap: 120000, BroadcastAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	invs := []matching.Invitation{
		{ProviderID: "P1", ProviderName: "Brook House", Email: "a@example.org"},
		{ProviderID: "P2", ProviderName: "Evil\x1b[31m\nName\tLtd", Email: ""},
		{ProviderID: "P3", ProviderName: "", Email: "c@example.org"},
	}
	tx := &letterTx{contact: matching.Contact{Name: "Placements team", Email: "placements@sefton.example.gov.uk", Phone: "0161 496 0140"},
		settings: matching.Settings{ServerAddress: "placematch.example.gov.uk:2222"}}
	if err := queueInvitations(tx, r, invs); err != nil {
		t.Fatal(err)
	}
	if len(tx.got) != 1 {
		t.Fatalf("%d letters queued for one broadcast", len(tx.got))
	}
	l := tx.got[0]
	if l.RequestID != r.ID || l.Kind != "invitation" || !l.CreatedAt.Equal(r.BroadcastAt) {
		t.Errorf("letter filed as %+v", l)
	}
	p := matching.ProfileOf(r)
	for _, inv := range invs {
		// What the store gives back for this provider's message.
		ds := []Delivery{{LetterID: 7, ProviderID: inv.ProviderID, ProviderName: inv.ProviderName, Subject: l.Subject, Body: l.Body}}
		whole(ds)
		subj, body := invitationMessage(p, letterhead{council: "Sefton Council", contact: tx.contact, server: tx.settings.ServerAddress}, inv.ProviderName, inv.ProviderID)
		want := newDelivery(r, inv, "invitation", subj, body)
		if !strings.Contains(ds[0].Body, "give your provider id: "+matching.Inert(inv.ProviderID)+".") {
			t.Errorf("%s's message does not give its own id to answer with:\n%s", inv.ProviderID, ds[0].Body)
		}
		if ds[0].Subject != want.Subject || ds[0].Body != want.Body {
			t.Errorf("%s's message:\n got %q\n     %q\nwant %q\n     %q", inv.ProviderID, ds[0].Subject, ds[0].Body, want.Subject, want.Body)
		}
	}
	// A message kept whole (an outcome) is left as it is.
	ds := []Delivery{{Body: "Dear Brook House,\nYour outcome"}}
	whole(ds)
	if ds[0].Body != "Dear Brook House,\nYour outcome" {
		t.Errorf("a whole message was changed to %q", ds[0].Body)
	}
	// No one invited, nothing queued.
	tx = &letterTx{}
	if err := queueInvitations(tx, r, nil); err != nil || len(tx.got) != 0 {
		t.Errorf("a broadcast that invites no one queued %d letters (%v)", len(tx.got), err)
	}
}

// TestInvitationSaysHowToAnswer: an invitation says how to answer (in the
// app over SSH when the server has an address, else by email or phone to
// the council), how to decline, and names the council's contact; it never
// gives a command only the council can run.
func TestInvitationSaysHowToAnswer(t *testing.T) {
	t.Parallel()
	p := matching.Profile{RequestID: "SEF-2026-0001", Council: "sefton", Framework: "care-support", Lot: "packages", Age: 15,
		Start: "2026-12-07", Deadline: time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC), Hours: 12, Weights: matching.DefaultWeights()}
	contact := matching.Contact{Name: "Placements team", Email: "placements@sefton.example.gov.uk", Phone: "0161 496 0140"}
	for _, tc := range []struct {
		name      string
		h         letterhead
		want, not []string
	}{
		{"server and contact", letterhead{council: "Sefton Council", contact: contact, server: "pm.example.gov.uk:2222"},
			[]string{"ssh -p 2222 pm.example.gov.uk", "choose SEF-2026-0001, then offer or decline", "Or by email or phone",
				"The council's contact: Placements team, Sefton Council", "Email: placements@sefton.example.gov.uk",
				"Phone: 0161 496 0140", "To decline, say so", "provider id: P007", "an hourly rate, for 12 hours a week",
				"before 2026-12-03 17:00 (London time)", "not 2026-12-07"}, nil},
		{"no server", letterhead{council: "Sefton Council", contact: contact},
			[]string{"By email or phone to the council's placements team (below), who log your answer.", "Phone: 0161 496 0140"},
			[]string{"ssh"}},
		{"no contact", letterhead{council: "Sefton Council"},
			[]string{"The council's contact: the placements team at Sefton Council", "Email: reply to this message"},
			[]string{"Phone:"}},
	} {
		_, body := invitationMessage(p, tc.h, "Brook House", "P007")
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the letter lacks %q:\n%s", tc.name, w, body)
			}
		}
		for _, n := range append(tc.not, "placematch --", "request respond") {
			if strings.Contains(body, n) {
				t.Errorf("%s: the letter says %q:\n%s", tc.name, n, body)
			}
		}
	}
}
