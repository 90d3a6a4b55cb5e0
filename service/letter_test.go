package service

import (
	"testing"
	"time"

	"placematch/matching"
)

// queueTx catches what is queued.
type queueTx struct {
	Tx
	got []Delivery
}

func (q *queueTx) QueueDeliveries(ds []Delivery) error { q.got = append(q.got, ds...); return nil }

// TestQueueInvitationsWritesEachLetterWhole: the letter written once and
// given each provider's greeting is the letter written for that provider,
// hostile names included.
func TestQueueInvitationsWritesEachLetterWhole(t *testing.T) {
	r := matching.Request{ID: "R-2026-0001", Council: "sefton", Framework: "leaving-care", Lot: "group-living",
		DOB: time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC), Urgency: matching.UrgencyPlanned, Hours: 12,
		Needs: []string{"mental-health"}, Locality: "Bootle\x1b[2J", Summary: "Two lines\nof summary \x07",
		Weights: matching.DefaultWeights, PriceCap: 120000, BroadcastAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	invs := []matching.Invitation{
		{ProviderID: "P1", ProviderName: "Brook House", Email: "a@example.org"},
		{ProviderID: "P2", ProviderName: "Evil\x1b[31m\nName\tLtd", Email: ""},
		{ProviderID: "P3", ProviderName: "", Email: "c@example.org"},
	}
	tx := &queueTx{}
	if err := queueInvitations(tx, r, invs); err != nil {
		t.Fatal(err)
	}
	if len(tx.got) != len(invs) {
		t.Fatalf("%d messages for %d providers", len(tx.got), len(invs))
	}
	p := matching.ProfileOf(r)
	for i, inv := range invs {
		subj, body := invitationMessage(p, inv.ProviderName)
		if want := newDelivery(r, inv, "invitation", subj, body); tx.got[i] != want {
			t.Errorf("message %d:\n got %+v\nwant %+v", i, tx.got[i], want)
		}
	}
}

// BenchmarkQueueInvitations10k writes the invitation letters of a broadcast
// to 10,000 providers.
func BenchmarkQueueInvitations10k(b *testing.B) {
	r := matching.Request{ID: "R-2026-0001", Council: "sefton", Framework: "leaving-care", Lot: "group-living",
		DOB: time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC), Urgency: matching.UrgencyPlanned,
		Summary: "A summary of some length that providers read before they answer.", Weights: matching.DefaultWeights}
	invs := make([]matching.Invitation, 10000)
	for i := range invs {
		invs[i] = matching.Invitation{ProviderID: "P", ProviderName: "Provider Support Services Ltd", Email: "a@example.org"}
	}
	b.ReportAllocs()
	for b.Loop() {
		tx := &queueTx{}
		if err := queueInvitations(tx, r, invs); err != nil {
			b.Fatal(err)
		}
	}
}
