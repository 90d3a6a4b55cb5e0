package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := matching.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func verified(t *testing.T, svc *service.Service) {
	t.Helper()
	res, err := svc.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("audit verify: break %v, differences %v", res.Break, res.Differences)
	}
}

// TestFrameworkTermOnBothStores: a term recorded and extended is kept,
// reminds from six months before its current end, refuses a third
// extension of 2+1+1 and, after its last possible end, new requests and
// broadcasts, each refusal changing nothing; audit verify stays green.
func TestFrameworkTermOnBothStores(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind) // 25 November 2026
		ctx := context.Background()
		// care-support from 7 March 2024, 2+1+1: runs to 6 March 2026 at
		// first, so an extension decided now is too late.
		if _, err := f.svc.SetTerm(ctx, "t", "care-support", date(t, "2024-03-07"), "2+1+1"); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.ExtendTerm(ctx, "t", "care-support", "late")
		if err == nil || !strings.Contains(err.Error(), "run out") {
			t.Fatalf("extended after the current end: %v", err)
		}
		// Recorded from 7 March 2025 instead: runs to 6 March 2027, and
		// the reminder began on 6 September 2026.
		v, err := f.svc.SetTerm(ctx, "t", "care-support", date(t, "2025-03-07"), "2+1+1")
		if err != nil {
			t.Fatal(err)
		}
		if !v.Term.ReminderDue(f.now) || matching.ShowDate(v.Term.CurrentEnd()) != "2027-03-06" {
			t.Fatalf("term %+v: reminder due %v", v.Term, v.Term.ReminderDue(f.now))
		}
		l, err := f.svc.Attention(ctx, service.AttentionScope{})
		if err != nil {
			t.Fatal(err)
		}
		if n := l.Counts[service.AttentionExtension]; n != 1 {
			t.Fatalf("extension decisions due: %d, want 1 (%+v)", n, l.Items)
		}
		// Extend twice; a third is refused and changes nothing.
		for _, why := range []string{"good value", "re-procurement under way"} {
			if v, err = f.svc.ExtendTerm(ctx, "commissioner", "care-support", why); err != nil {
				t.Fatal(err)
			}
		}
		if matching.ShowDate(v.Term.CurrentEnd()) != "2029-03-06" || len(v.Decisions()) != 2 || v.Decisions()[1].Reason != "re-procurement under way" || v.Decisions()[0].Actor != "commissioner" {
			t.Fatalf("after two extensions: %+v", v.Decisions())
		}
		before, _ := f.svc.Audit(ctx, "")
		_, err = f.svc.ExtendTerm(ctx, "t", "care-support", "once more")
		if err == nil || !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "no extension left") {
			t.Fatalf("a third extension: %v", err)
		}
		after, _ := f.svc.Audit(ctx, "")
		if len(after) != len(before) {
			t.Error("a refused extension went on the record")
		}
		if again, _ := f.svc.Framework(ctx, "care-support"); len(again.Decisions()) != 2 {
			t.Errorf("a refused extension changed the term: %+v", again.Decisions())
		}
		verified(t, f.svc)

		// A draft made on the last day, broadcast the day after: refused;
		// a new request the day after: refused; nothing changed.
		f.now = time.Date(2029, 3, 6, 12, 0, 0, 0, time.UTC)
		id := f.draft(t, func(in *matching.RequestInput) {
			in.DOB, in.Start, in.Deadline = "2014-05-05", "2029-03-20", "2029-03-08 12:00"
		})
		f.now = f.now.Add(24 * time.Hour)
		if _, err := f.svc.Broadcast(ctx, "t", id); err == nil || !strings.Contains(err.Error(), "6 March 2029") {
			t.Errorf("broadcast after the last end: %v", err)
		}
		_, err = f.svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-2", Initials: "KM",
			DOB: "2014-05-05", Start: "2029-03-20", Deadline: "2029-03-10 12:00"})
		if err == nil || !strings.Contains(err.Error(), "last possible end") {
			t.Errorf("a new request after the last end: %v", err)
		}
		if _, err := f.svc.NewDraft(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages"}); err == nil {
			t.Error("an app's draft after the last end was kept")
		}
		rs, _ := f.svc.Requests(ctx, service.RequestFilter{})
		if len(rs) != 1 || rs[0].Status != matching.StatusDraft {
			t.Errorf("requests after the refusals: %+v", rs)
		}
		// The other framework has no term: nothing refused.
		if _, err := f.svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "group-living", CaseRef: "S-3", Initials: "KM",
			DOB: "2011-05-05", Start: "2029-03-20", Deadline: "2029-03-10 12:00"}); err != nil {
			t.Errorf("a request on a framework with no term: %v", err)
		}
		verified(t, f.svc)
	})
}

// TestPurchaserActsAsACouncil: a health body added on a framework makes
// requests there with ids of its own, keeps its own settings, and is
// refused on a framework it does not buy on; audit verify stays green.
func TestPurchaserActsAsACouncil(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		p, err := f.svc.AddPurchaser(ctx, "t", "nhs-cheshire-merseyside", "NHS Cheshire and Merseyside ICB", "care-support", "E54000008")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetCouncil(ctx, "t", p.Slug, service.CouncilChange{Lot: "packages", Weights: &matching.Weights{Quality: 60, Price: 30, AgeCover: 10},
			GuidePrice: ptr(matching.Pence(130000)), Contact: service.ContactChange{Name: ptr("ICB placements")}}); err != nil {
			t.Fatal(err)
		}
		cv, err := f.svc.Council(ctx, p.Slug)
		if err != nil || cv.Name != p.Name || len(cv.Lots) != 1 || cv.Lots[0].GuidePence != 130000 || cv.Contact.Name != "ICB placements" {
			t.Fatalf("its settings: %+v %v", cv, err)
		}
		id := f.draft(t, func(in *matching.RequestInput) { in.Council = p.Slug })
		if !strings.HasPrefix(id, p.Code+"-2026-") {
			t.Errorf("its request's id %s does not begin with its code %s", id, p.Code)
		}
		d, err := f.svc.Show(ctx, "t", id)
		r := d.Request
		if err != nil || r.PriceCap != 130000 || r.Weights.Quality != 60 {
			t.Errorf("its defaults did not fill its request: %+v %v", r, err)
		}
		res, err := f.svc.Broadcast(ctx, "t", id)
		if err != nil || len(res.Invited) == 0 {
			t.Fatalf("broadcast: %+v %v", res, err)
		}
		// Its letters are signed with its name, not its short name.
		ds, err := f.svc.Deliveries(ctx, id)
		if err != nil || len(ds) == 0 || !strings.Contains(ds[0].Body, "NHS Cheshire and Merseyside ICB invites you") || !strings.Contains(ds[0].Body, "ICB placements") {
			t.Errorf("its invitation: %v\n%+v", err, ds)
		}
		// Not on leaving-care.
		_, err = f.svc.NewRequest(ctx, "t", matching.RequestInput{Council: p.Slug, Lot: "group-living", CaseRef: "S-2", Initials: "KM",
			DOB: "2009-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00"})
		if err == nil || !strings.Contains(err.Error(), "not a member of the leaving-care") {
			t.Errorf("a request on a framework it does not buy on: %v", err)
		}
		// Unknown purchasers are still unknown councils.
		if _, err := f.svc.Council(ctx, "nhs-nowhere"); err == nil {
			t.Error("an unknown purchaser's settings were shown")
		}
		v, _ := f.svc.Framework(ctx, "care-support")
		if len(v.Purchasers) != 1 || v.Purchasers[0].Slug != p.Slug {
			t.Errorf("the framework's purchasers: %+v", v.Purchasers)
		}
		verified(t, f.svc)
	})
}

// TestAttentionMostUrgentFirst: what is closing soon, closed and sealed,
// and opened without a decision, from the council's requests only, the
// most urgent first.
func TestAttentionMostUrgentFirst(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind) // Wednesday 25 November 2026, 09:00
		ctx := context.Background()
		mk := func(council, deadline string) string {
			id := f.draft(t, func(in *matching.RequestInput) { in.Council, in.Deadline = council, deadline })
			if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		soon := mk("sefton", "2026-11-26 12:00")
		later := mk("sefton", "2026-12-01 12:00") // not within 48 hours
		sooner := mk("sefton", "2026-11-25 17:00")
		closed := mk("sefton", "2026-11-25 10:00")
		other := mk("wirral", "2026-11-25 16:00")
		f.now = time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)
		if _, err := f.svc.CloseDue(ctx); err != nil {
			t.Fatal(err)
		}
		l, err := f.svc.Attention(ctx, service.AttentionScope{Council: "sefton"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range l.Items {
			got = append(got, string(it.Kind)+" "+it.Target.ID)
		}
		want := []string{"to-open " + closed, "closing " + sooner, "closing " + soon}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("attention = %v, want %v (later %s, other council %s)", got, want, later, other)
		}
		if _, err := f.svc.Rank(ctx, "t", closed); err != nil {
			t.Fatal(err)
		}
		l, _ = f.svc.Attention(ctx, service.AttentionScope{})
		if l.Counts[service.AttentionToDecide] != 1 || l.Counts[service.AttentionToOpen] != 0 || l.Counts[service.AttentionClosing] != 3 {
			t.Errorf("counts for every council: %+v", l.Counts)
		}
		if l.Items[0].Target.ID != closed || !strings.Contains(l.Items[0].Title, "award") {
			t.Errorf("first item: %+v", l.Items[0])
		}
	})
}
