package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestAttentionRegisterAndPlacements: applications (the overdue one
// first), suspensions ending within 14 days, placements ending within 8
// weeks and a young person turning 18 in one join the list, each due on
// its day, each opening the provider or the placement; an officer sees
// their council's placements but not the register's work, a commissioner
// the register's but no placements.
func TestAttentionRegisterAndPlacements(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind) // Wednesday 25 November 2026, 09:00
		ctx := context.Background()
		apply := func(id string) {
			t.Helper()
			if _, err := f.svc.Apply(ctx, "ann", matching.ApplyInput{ProviderID: id, Name: "New " + id, Kind: "company", Lot: "packages",
				Email: strings.ToLower(id) + "@example.org"}); err != nil {
				t.Fatal(err)
			}
		}
		f.now = time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)
		apply("N1") // due 9 November: overdue
		f.now = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		apply("N2") // due 9 December
		if _, err := f.svc.Suspend(ctx, "ann", "P1", "packages", "review", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		place := func(council, end, dob string) string {
			t.Helper()
			in := matching.PlacementInput{Council: council, Lot: "packages", Kind: "legacy", ProviderName: "Oak House",
				Weekly: "800", Start: "2025-06-01", End: end, CaseRef: "S-9", DOB: dob}
			if end != "" {
				in.Reason = "planned move"
			}
			p, err := f.svc.AddPlacement(ctx, "t", in)
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		ending := place("sefton", "2026-12-20", "")
		place("sefton", "2027-06-01", "")           // beyond 8 weeks
		place("sefton", "2026-11-01", "2008-12-01") // ended before
		adult := place("sefton", "", "2009-01-10")  // 18 on 10 January 2027
		place("sefton", "", "2009-06-10")           // 18 beyond 8 weeks
		place("wirral", "2026-12-10", "")           // another council's
		// A term with a decision due (runs to 6 March 2027), and a Sefton
		// request closing within two days.
		if _, err := f.svc.SetTerm(ctx, "t", "care-support", time.Date(2025, 3, 7, 0, 0, 0, 0, time.UTC), "2+1+1"); err != nil {
			t.Fatal(err)
		}
		closing := f.draft(t, func(in *matching.RequestInput) { in.Deadline = "2026-11-26 17:00" })
		if _, err := f.svc.Broadcast(ctx, "t", closing); err != nil {
			t.Fatal(err)
		}

		got := func(ctx context.Context, scope service.AttentionScope) string {
			t.Helper()
			l, err := f.svc.Attention(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, it := range l.Items {
				s = append(s, string(it.Kind)+" "+it.Target.Kind+" "+it.Target.ID+" "+it.Due.In(matching.London).Format("2006-01-02"))
			}
			return strings.Join(s, ", ")
		}
		want := "application provider N1 2026-11-09, closing request " + closing + " 2026-11-26, suspension provider P1 2026-12-05, application provider N2 2026-12-09, " +
			"ending placement " + ending + " 2026-12-20, adult placement " + adult + " 2027-01-10"
		if g := got(ctx, service.AttentionScope{Council: "sefton"}); !strings.Contains(g, want) || strings.Contains(g, "WIR") {
			t.Errorf("the owner's list for sefton:\n%s\nwant it to hold\n%s", g, want)
		}
		officer := service.WithPerson(ctx, matching.Person{Name: "o", Role: matching.RoleOfficer, Scope: "sefton"})
		if g := got(officer, service.AttentionScope{Council: "sefton"}); strings.Contains(g, "provider") || strings.Contains(g, "framework") ||
			!strings.Contains(g, "adult placement "+adult) || !strings.Contains(g, "request "+closing) {
			t.Errorf("an officer's list: %s", g)
		}
		comm := service.WithPerson(ctx, matching.Person{Name: "c", Role: matching.RoleCommissioner, Scope: "care-support"})
		if g := got(comm, service.AttentionScope{}); strings.Contains(g, "placement") || strings.Contains(g, "request") ||
			!strings.Contains(g, "application provider N1") || !strings.Contains(g, "framework care-support") {
			t.Errorf("a commissioner's list: %s", g)
		}
		if g := got(comm, service.AttentionScope{Frameworks: []string{"leaving-care"}}); strings.Contains(g, "provider") {
			t.Errorf("a commissioner of another framework sees the register's work: %s", g)
		}
		l, _ := f.svc.Attention(ctx, service.AttentionScope{})
		if l.Counts[service.AttentionEnding] != 2 || l.Counts[service.AttentionApplied] != 2 || l.Counts[service.AttentionAdult] != 1 {
			t.Errorf("counts for every council: %+v", l.Counts)
		}
	})
}

// TestPurchaserPlacementsBudgetAndSpend: a health body added as a purchaser
// records a legacy placement and a budget, and its spend counts the one
// against the other, as a council's does; a slug neither a council nor a
// purchaser is refused.
func TestPurchaserPlacementsBudgetAndSpend(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		const icb = "nhs-cheshire-merseyside"
		if _, err := f.svc.AddPurchaser(ctx, "t", icb, "NHS Cheshire and Merseyside ICB", "care-support", "E54000008"); err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: icb, Lot: "packages", Kind: "legacy",
			ProviderName: "Oak House", Weekly: "1,000", Start: "2026-04-01", CaseRef: "H-1", DOB: "2009-01-10"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetBudget(ctx, "t", icb, "care-support", "2026", "100000"); err != nil {
			t.Fatal(err)
		}
		rows, err := f.svc.Placements(ctx, service.PlacementFilter{Council: icb})
		if err != nil || len(rows) != 1 || rows[0].ID != p.ID {
			t.Fatalf("the purchaser's placements: %+v, %v", rows, err)
		}
		bs, err := f.svc.Budgets(ctx, icb)
		if err != nil || len(bs) != 1 || bs[0].Amount != 100000*100 {
			t.Fatalf("the purchaser's budgets: %+v, %v", bs, err)
		}
		sp, err := f.svc.Spend(ctx, service.SpendFilter{Council: icb, Framework: "care-support"})
		if err != nil || len(sp) != 1 || sp[0].Council != icb || !sp[0].HasBudget || sp[0].Committed <= 0 {
			t.Fatalf("the purchaser's spend: %+v, %v", sp, err)
		}
		due, err := f.svc.PlacementsDue(ctx, icb)
		if err != nil || len(due) != 1 || due[0].Why != matching.PlacementAttentionAdult {
			t.Fatalf("the purchaser's placements due: %+v, %v", due, err)
		}
		if _, err := f.svc.Placements(ctx, service.PlacementFilter{Council: "nhs-nowhere"}); err == nil || !strings.Contains(err.Error(), "not known") {
			t.Errorf("an unknown purchaser: %v", err)
		}
	})
}
