package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestLetterReachesEveryInvitedProvider: a letter queued once becomes one
// message per invited provider, to the invitation's address (no_address
// without one), carrying the letter and the name to greet; a whole message
// beside it is read as it was written; a failed update leaves neither.
func TestLetterReachesEveryInvitedProvider(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	r := matching.Request{ID: "SEF-2026-0001", Council: "sefton", Framework: "care-support", Lot: "packages", CaseRef: "C-1",
		Initials: "AB", DOB: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: now.Add(48 * time.Hour), Urgency: matching.UrgencyPlanned, Weights: matching.DefaultWeights(),
		Status: matching.StatusOpen, CreatedAt: now, CreatedBy: "me", BroadcastAt: now}
	lots := []matching.ProviderLot{}
	invs := []matching.Invitation{}
	for _, p := range []struct{ id, name, email string }{{"P2", "Brook House", "b@example.org"}, {"P1", "Alder Care", ""}, {"P3", "Cedar", "c@example.org"}} {
		lots = append(lots, matching.ProviderLot{ProviderID: p.id, ProviderName: p.name, Kind: "company", Email: p.email,
			Framework: "care-support", Lot: "packages", Status: matching.ProviderAdmitted, Quality: 80, Serves: []string{"*"}, CoverUntil: 25})
		invs = append(invs, matching.Invitation{ProviderID: p.id, ProviderName: p.name, Email: p.email, Quality: 80, CoverUntil: 25})
	}
	letter := service.Letter{RequestID: r.ID, Kind: "invitation", Subject: "Invitation SEF-2026-0001", Body: "the letter\nin two lines", CreatedAt: now}
	setUp := func(tx service.Tx) error {
		if _, err := tx.UpsertProviderLots(lots, now); err != nil {
			return err
		}
		if err := tx.InsertRequest(r); err != nil {
			return err
		}
		return tx.InsertBroadcast(r.ID, invs, nil, "")
	}
	// A broadcast that fails after queueing leaves no letter and no message.
	if err := db.Update(ctx, func(tx service.Tx) error {
		if err := setUp(tx); err != nil {
			return err
		}
		if err := tx.QueueLetter(letter); err != nil {
			return err
		}
		return matching.ErrConflict
	}); err == nil {
		t.Fatal("the failing update succeeded")
	}
	var left int
	db.reader.QueryRow("SELECT (SELECT count(*) FROM letters) + (SELECT count(*) FROM deliveries)").Scan(&left)
	if left != 0 {
		t.Fatalf("a rolled-back broadcast left %d letters and messages", left)
	}
	var got []service.Delivery
	if err := db.Update(ctx, func(tx service.Tx) error {
		if err := setUp(tx); err != nil {
			return err
		}
		if err := tx.QueueLetter(letter); err != nil {
			return err
		}
		if err := tx.QueueDeliveries([]service.Delivery{{RequestID: r.ID, ProviderID: "P2", Kind: "outcome", To: "b@example.org",
			Subject: "Outcome", Body: "Dear Brook House,\nwhole", Status: "pending", CreatedAt: now}}); err != nil {
			return err
		}
		var err error
		got, err = tx.Deliveries(r.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	type msg struct{ provider, to, status, name, subject, body string }
	want := []msg{
		{"P1", "", "no_address", "Alder Care", letter.Subject, letter.Body},
		{"P2", "b@example.org", "pending", "Brook House", letter.Subject, letter.Body},
		{"P3", "c@example.org", "pending", "Cedar", letter.Subject, letter.Body},
		{"P2", "b@example.org", "pending", "", "Outcome", "Dear Brook House,\nwhole"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d: %+v", len(got), len(want), got)
	}
	for i, d := range got {
		m := msg{d.ProviderID, d.To, d.Status, d.ProviderName, d.Subject, d.Body}
		if m != want[i] || (d.LetterID != 0) != (i < 3) || !d.CreatedAt.Equal(now) {
			t.Errorf("message %d: %+v (letter %d), want %+v", i, m, d.LetterID, want[i])
		}
	}
	// Each message has its own random part for its Message-ID, from the
	// letter and whole alike.
	nonces := map[string]bool{}
	for _, d := range got {
		if len(d.Nonce) != 16 || strings.Trim(d.Nonce, "0123456789abcdef") != "" || nonces[d.Nonce] {
			t.Errorf("message %d has the nonce %q: want 16 hex digits of its own", d.ID, d.Nonce)
		}
		nonces[d.Nonce] = true
	}
	var pending []service.Delivery
	db.View(ctx, func(tx service.Tx) error {
		var err error
		pending, err = tx.PendingDeliveries(0, 10)
		return err
	})
	if len(pending) != 3 || pending[0].Body != letter.Body || pending[0].ProviderName != "Brook House" {
		t.Errorf("pending: %+v", pending)
	}
	// Read again, to send or to retry, a message keeps its nonce.
	for _, p := range pending {
		if i := slices.IndexFunc(got, func(d service.Delivery) bool { return d.ID == p.ID }); i < 0 || got[i].Nonce != p.Nonce {
			t.Errorf("message %d read to send has the nonce %q, not the one it was queued with", p.ID, p.Nonce)
		}
	}
}
