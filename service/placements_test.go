package service_test

import (
	"context"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// A store that used every placement action (an award, a spot purchase, a
// legacy package, a price change, an end, a budget) verifies against its
// trail, lists and spends as expected, and a refused change leaves it as
// it was.
func TestPlacementsLifeAndVerify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.opened(t)
		rk, err := f.svc.Rank(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		winner := rk.Ranking.Ranked[0]
		if err := f.svc.Award(ctx, "t", id, winner.ProviderID, ""); err != nil {
			t.Fatal(err)
		}
		rows, err := f.svc.Placements(ctx, service.PlacementFilter{Council: "sefton"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Kind != matching.PlacementAward || rows[0].Weekly != winner.WeeklyPence || rows[0].Start != "2026-12-07" ||
			rows[0].ProviderID != winner.ProviderID || rows[0].Status != "starting" || rows[0].Placement.RequestID != id {
			t.Fatalf("after the award: %+v", rows)
		}
		award := rows[0].ID
		if !strings.HasPrefix(award, "PL-SEF-") {
			t.Fatalf("placement id %s", award)
		}

		// A no award with a spot purchase makes a spot placement; half
		// its details are refused and change nothing.
		id2 := f.opened(t)
		if err := f.svc.NoAwardSpot(ctx, "t", id2, "none suitable", "Beech Lodge", service.SpotPlacement{ProviderName: "Beech Lodge"}); err == nil || !strings.Contains(err.Error(), "both") {
			t.Fatalf("a spot placement without a price: %v", err)
		}
		if err := f.svc.NoAwardSpot(ctx, "t", id2, "none suitable", "", service.SpotPlacement{ProviderName: "Beech", Weekly: "1200"}); err == nil {
			t.Fatal("a spot placement without a spot purchase was taken")
		}
		if err := f.svc.NoAwardSpot(ctx, "t", id2, "none suitable", "Beech Lodge by phone", service.SpotPlacement{ProviderName: "Beech Lodge", Weekly: "1,200"}); err != nil {
			t.Fatal(err)
		}

		legacy, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
			ProviderName: "Oak House", Weekly: "800", Start: "2025-06-01", CaseRef: "S-77", DOB: "2009-01-20"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
			ProviderID: "P99", Weekly: "800", Start: "2025-06-01", CaseRef: "S-78"}); err == nil || !strings.Contains(err.Error(), "not on the register") {
			t.Fatalf("a provider id off the register: %v", err)
		}
		onReg, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
			ProviderID: "P1", Weekly: "700", Start: "2025-09-01", CaseRef: "S-79"})
		if err != nil || onReg.ProviderName != "One" {
			t.Fatalf("a provider on the register: %+v, %v", onReg, err)
		}
		if _, err := f.svc.ChangePlacementPrice(ctx, "t", legacy.ID, "850", "2026-04-04", "uplift"); err != nil {
			t.Fatal(err)
		}
		before, _ := f.svc.Audit(ctx, "")
		if _, err := f.svc.EndPlacement(ctx, "t", legacy.ID, "2025-05-01", "moved"); err == nil {
			t.Fatal("an end before the start was taken")
		}
		if _, err := f.svc.EndPlacement(ctx, "t", "PL-NOPE-1", "2026-05-01", "moved"); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("ending a placement that is not there: %v", err)
		}
		if after, _ := f.svc.Audit(ctx, ""); len(after) != len(before) {
			t.Fatal("a refused end wrote to the trail")
		}
		if _, err := f.svc.EndPlacement(ctx, "t", legacy.ID, "2026-12-20", "18th birthday"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetBudget(ctx, "t", "sefton", "care-support", "2026", "484,400"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetBudget(ctx, "t", "bolton", "care-support", "2026", "1"); err == nil {
			t.Fatal("a budget off the framework was taken")
		}

		res, err := f.svc.VerifyAudit(ctx)
		if err != nil || !res.OK() {
			t.Fatalf("verify: %+v, %v", res, err)
		}
		active, err := f.svc.Placements(ctx, service.PlacementFilter{Council: "sefton", Active: true})
		if err != nil || len(active) != 4 {
			t.Fatalf("active placements (today 2026-11-25, the legacy one ends 2026-12-20): %d, %v", len(active), err)
		}
		for _, r := range active {
			if r.ID == legacy.ID && r.Weekly != 85000 {
				t.Fatalf("the legacy placement's price today: %d", r.Weekly)
			}
		}
		byProvider, _ := f.svc.Placements(ctx, service.PlacementFilter{Provider: "P1"})
		found := false
		for _, r := range byProvider {
			found = found || r.ID == onReg.ID
			if r.ProviderID != "P1" {
				t.Fatalf("P1's placements hold %s's", r.ProviderID)
			}
		}
		if !found || len(byProvider) == 0 {
			t.Fatalf("P1's placements: %+v", byProvider)
		}

		// Due: the legacy placement ends within 8 weeks, and its young
		// person (born 2009-01-20) turns 18 on 2027-01-20, after it ends.
		due, err := f.svc.PlacementsDue(ctx, "sefton")
		if err != nil || len(due) != 1 || due[0].Placement.ID != legacy.ID || due[0].Why != matching.PlacementAttentionEnding {
			t.Fatalf("due: %+v, %v", due, err)
		}

		spend, err := f.svc.Spend(ctx, service.SpendFilter{Council: "sefton", Framework: "care-support", Year: 2026})
		if err != nil || len(spend) != 1 {
			t.Fatalf("spend: %+v, %v", spend, err)
		}
		s := spend[0]
		// Legacy: 3 days of April at £800, 2026-04-04 to 2026-12-19 at
		// £850 (260 days): (3×80000 + 260×85000)/7 = 22340000/7 =
		// 3191428.57. P1's from 2025-09-01 at £700: 365 days, 25550000/7
		// = 3650000. Award from 2026-12-07: 115 days at the winner's
		// price; spot too, at £1,200.
		want := (3*80000 + 260*85000 + 365*70000 + 115*int64(winner.WeeklyPence) + 115*120000)
		if got := int64(s.Committed); got != (2*want+7)/14 || s.Budget != 48440000 || !s.HasBudget {
			t.Fatalf("committed %d, want %d; budget %d", got, (2*want+7)/14, s.Budget)
		}
		cv, err := f.svc.Council(ctx, "sefton")
		if err != nil || len(cv.Budgets) != 1 || cv.Budgets[0].Amount != 48440000 {
			t.Fatalf("council show's budgets: %+v, %v", cv.Budgets, err)
		}
	})
}
