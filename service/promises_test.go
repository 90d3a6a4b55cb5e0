package service_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestCloseEarlyTellsEveryInvitedProvider: closing early queues one
// message to each invited provider, greeting it, saying that the request
// closed early and when (London time), that nothing more is taken and that
// the offers made will be opened and scored; never the reason, nor anything
// that identifies the young person. A refused close queues nothing.
func TestCloseEarlyTellsEveryInvitedProvider(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, _, _, now := deliveryStore(t, kind, 3)
		reqs, err := a.Requests(ctx, service.RequestFilter{})
		if err != nil || len(reqs) != 1 {
			t.Fatal(len(reqs), err)
		}
		id := reqs[0].ID
		updates := func() []service.Delivery {
			ds, err := a.Deliveries(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []service.Delivery
			for _, d := range ds {
				if d.Kind == "update" {
					out = append(out, d)
				}
			}
			return out
		}
		if err := a.Close(ctx, "t", id, "  "); err == nil {
			t.Fatal("a close without a reason was accepted")
		}
		if n := len(updates()); n != 0 {
			t.Fatalf("a refused close queued %d messages", n)
		}
		// 25 Nov 2026 14:30 UTC is 14:30 in London (GMT); in summer it
		// would read an hour later.
		*now = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
		if err := a.Close(ctx, "t", id, "KM's social worker (case S-1) found a place in house"); err == nil {
			t.Fatal("a close reason naming the young person was accepted")
		}
		if n := len(updates()); n != 0 {
			t.Fatalf("a refused close queued %d messages", n)
		}
		if err := a.Close(ctx, "t", id, "The social worker found a place in house"); err != nil {
			t.Fatal(err)
		}
		got := updates()
		if len(got) != 3 {
			t.Fatalf("%d messages for 3 invited providers", len(got))
		}
		for i, d := range got {
			name := fmt.Sprintf("Provider %d", i+1)
			if !strings.HasPrefix(d.Body, "Dear "+name+",\n") || d.To != fmt.Sprintf("p%d@example.org", i+1) || d.Status != "pending" {
				t.Errorf("message %d: to %s, %s, begins %q", i, d.To, d.Status, d.Body[:min(30, len(d.Body))])
			}
			text := d.Subject + "\n" + d.Body
			for _, want := range []string{"Closed early " + id, "closed the mini-competition " + id, "early, at 2026-11-25 14:30 (London time)",
				"before its deadline of 2026-11-27 12:00", "No more offers, revisions, withdrawals or declines can be taken",
				"Offers already made will be opened and scored", "The council's contact: "} {
				if !strings.Contains(text, want) {
					t.Errorf("message %d does not say %q:\n%s", i, want, text)
				}
			}
			for _, private := range []string{"S-1", "KM", "2014-05-05", "social worker", "in house"} {
				if strings.Contains(text, private) {
					t.Errorf("message %d carries %q:\n%s", i, private, text)
				}
			}
		}
		// Closed once: a second close is refused and tells no one again.
		if err := a.Close(ctx, "t", id, "again"); err == nil {
			t.Fatal("a closed request closed again")
		}
		if n := len(updates()); n != 3 {
			t.Errorf("%d messages after a refused second close", n)
		}
	})
}

// TestCloseAtTheDeadlineTellsNoOneAnew: a request that closes at its
// deadline queues no letter (the invitation said when it closes).
func TestCloseAtTheDeadlineTellsNoOneAnew(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _, _, now := deliveryStore(t, storetest.SQLite, 2)
	reqs, _ := a.Requests(ctx, service.RequestFilter{})
	*now = time.Date(2026, 11, 27, 12, 0, 1, 0, time.UTC)
	if n, err := a.CloseDue(ctx); err != nil || n != 1 {
		t.Fatalf("closed %d (%v)", n, err)
	}
	ds, _ := a.Deliveries(ctx, reqs[0].ID)
	for _, d := range ds {
		if d.Kind != "invitation" {
			t.Errorf("a close at the deadline queued a %s message", d.Kind)
		}
	}
}

// TestOffersThatWillNotBeScoredAreRecordedWithWarnings: an offer above the
// cap, one whose cover does not reach past the age and a price ten times
// the cap are recorded, from the officer and from the provider alike, and
// come back with their warnings; CheckAnswer says the same and writes
// nothing. With no cap, ten times the council's guide price is warned of
// and scored as given.
func TestOffersThatWillNotBeScoredAreRecordedWithWarnings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		// Age 12 on the start date; P2's cover on the register ends at 18.
		id := f.draft(t, func(in *matching.RequestInput) { in.PriceCap = "1,500"; in.Needs = "autism" })
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		codes := func(ws []matching.Warning) []string {
			var out []string
			for _, w := range ws {
				out = append(out, w.Code)
			}
			return out
		}
		trail := func() int {
			evs, err := f.svc.Audit(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		before := trail()
		in := matching.ResponseInput{ProviderID: "P1", Weekly: "1,000,000"}
		checked, err := f.svc.CheckAnswer(ctx, "t", id, in)
		if err != nil || !slices.Equal(codes(checked), []string{matching.ExclAbovePriceCap, matching.WarnPriceImplausible}) {
			t.Fatalf("CheckAnswer: %v, %v", codes(checked), err)
		}
		if n := trail(); n != before {
			t.Fatalf("CheckAnswer wrote %d events", n-before)
		}
		if d, _ := f.svc.Show(ctx, "t", id); d.AnsweredCount() != 0 {
			t.Fatal("CheckAnswer logged the answer")
		}
		l, err := f.svc.Respond(ctx, "t", id, in)
		if err != nil {
			t.Fatalf("an offer above the cap was refused: %v", err)
		}
		if !slices.Equal(codes(l.Warnings), codes(checked)) || l.Warnings[0].Text != "This offer will not be scored: £1,000,000.00 a week is above the price cap of £1,500.00 a week." {
			t.Fatalf("the logged offer's warnings %v", l.Warnings)
		}
		if l.Response.Weekly != 100000000 {
			t.Fatalf("recorded %v", l.Response.Weekly)
		}
		// The provider's own: cover that ends at the age, and cover past
		// its register's.
		pl, err := f.svc.ProviderRespond(ctx, "P2", id, matching.ResponseInput{Weekly: "900", CoverUntil: "12"})
		if err != nil || !slices.Equal(codes(pl.Warnings), []string{matching.ExclAgeNotCovered}) || pl.Answered != 0 || pl.Invited != 0 {
			t.Fatalf("the provider's offer: %+v, %v", pl, err)
		}
		pc, err := f.svc.ProviderCheckAnswer(ctx, "P2", id, matching.ResponseInput{Weekly: "900", CoverUntil: "21"})
		if err != nil || !slices.Equal(codes(pc), []string{matching.WarnCoverPastRegister}) || !strings.Contains(pc[0].Text, "until age 18") {
			t.Fatalf("the provider's check: %v, %v", pc, err)
		}
		// A provider is not told of a request it was not invited to, even
		// by a check.
		if _, err := f.svc.ProviderCheckAnswer(ctx, "P3", id, matching.ResponseInput{Weekly: "900"}); matching.KindOf(err) != matching.KindNotFound {
			t.Fatalf("P3's check: %v", err)
		}
		// Both are on the record, and ranked as the rules say once opened.
		if err := f.svc.Close(ctx, "t", id, "both answered"); err != nil {
			t.Fatal(err)
		}
		rk, err := f.svc.Rank(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rk.Ranking.Ranked) != 0 || len(rk.Ranking.Excluded) != 2 {
			t.Fatalf("ranking %+v", rk.Ranking)
		}

		// No cap on the request: the council's guide price (set after
		// the draft, so the cap stays none) is what a price is measured
		// against, and the offer is scored as given.
		id2 := f.draft(t, func(in *matching.RequestInput) { in.PriceCap = "none"; in.Needs = "autism" })
		if err := f.svc.SetDefaults(ctx, "t", "sefton", "packages", matching.Defaults{Weights: matching.DefaultWeights(), GuidePrice: 120000}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Broadcast(ctx, "t", id2); err != nil {
			t.Fatal(err)
		}
		g, err := f.svc.Respond(ctx, "t", id2, matching.ResponseInput{ProviderID: "P1", Weekly: "12,000"})
		if err != nil || !slices.Equal(codes(g.Warnings), []string{matching.WarnPriceImplausible}) || !g.Warnings[0].Scored {
			t.Fatalf("ten times the guide price: %+v, %v", g.Warnings, err)
		}
		ok, err := f.svc.Respond(ctx, "t", id2, matching.ResponseInput{ProviderID: "P2", Weekly: "11,999.99"})
		if err != nil || len(ok.Warnings) != 0 {
			t.Fatalf("under ten times the guide price: %+v, %v", ok.Warnings, err)
		}
		// A refused answer is refused by the check too, with the same
		// message.
		bad := matching.ResponseInput{ProviderID: "P1", Weekly: "0"}
		_, e1 := f.svc.CheckAnswer(ctx, "t", id2, bad)
		_, e2 := f.svc.Respond(ctx, "t", id2, bad)
		if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
			t.Fatalf("a price of 0: check %v, respond %v", e1, e2)
		}
	})
}

// TestRevisingAnOfferKeepsWhatIsNotChanged: a provider's revision of the
// price alone keeps the start date, the note and the cover it gave before,
// in the app's call and the officer's alike; a field cleared on purpose is
// cleared.
func TestRevisingAnOfferKeepsWhatIsNotChanged(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, func(in *matching.RequestInput) { in.Needs = "autism" })
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1,180", CoverUntil: "21", Start: "2026-12-07", Note: "Room free now."}); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Hour)
		l, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1,100"})
		if err != nil {
			t.Fatal(err)
		}
		own := func() *service.OwnAnswer {
			inv, err := f.svc.ProviderShow(ctx, "P1", id)
			if err != nil {
				t.Fatal(err)
			}
			return inv.Answer
		}
		if a := own(); a.WeeklyPence != 110000 || a.CoverUntil != 21 || a.Start != "2026-12-07" || a.Note != "Room free now." || !a.Received.Equal(f.now) {
			t.Fatalf("after revising the price: %+v", a)
		}
		if l.Response.Start.IsZero() || l.Response.Note != "Room free now." {
			t.Fatalf("the revision as logged %+v", l.Response)
		}
		// The officer logs a revision by phone: the note only changes.
		if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "1,050", Note: "Two rooms now."}); err != nil {
			t.Fatal(err)
		}
		if a := own(); a.WeeklyPence != 105000 || a.CoverUntil != 21 || a.Start != "2026-12-07" || a.Note != "Two rooms now." {
			t.Fatalf("after the officer's revision: %+v", a)
		}
		// Cleared on purpose: gone.
		if _, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1,050", Clear: []string{"start", "note", "cover-until"}}); err != nil {
			t.Fatal(err)
		}
		if a := own(); a.CoverUntil != 0 || a.Start != "" || a.Note != "" {
			t.Fatalf("after clearing: %+v", a)
		}
	})
}
