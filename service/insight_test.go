package service_test

import (
	"context"
	"errors"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestInsightFromTheStore: what the data shows, read from each kind of
// store: the award to P1 at £1,000 went to rank 1 but not to the lowest
// compliant price (P2's £900); one no award with a spot purchase; one
// cancelled; the draft not counted; P7 never answered; bad scopes refused.
func TestInsightFromTheStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, _, _, _ := exportFixture(t, kind)
		ctx := context.Background()
		in, err := f.svc.Insight(ctx, "t", service.InsightQuery{Council: "sefton", From: "2026-11-25", To: "2026-11-25"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Requests != 4 || in.Awards != 1 || in.AwardsToRank1 != 1 || in.AwardsToLowestPrice != 0 || in.NoAwards != 1 || in.SpotPurchases != 1 || in.Cancelled != 1 {
			t.Errorf("%+v", in)
		}
		by := map[string]matching.ProviderInsight{}
		for _, p := range in.Providers {
			by[p.ProviderID] = p
		}
		if p := by["P1"]; p.Invited != 4 || p.Answered != 2 || p.Awarded != 1 || p.ResponseRate != 50 || p.ProviderName != "One" {
			t.Errorf("P1 %+v", p)
		}
		if p := by["P5"]; p.Declined != 1 || len(p.DeclineReasons) != 1 || p.DeclineReasons[0].Reason != "no vacancy" {
			t.Errorf("P5 %+v", p)
		}
		found := false
		for _, n := range in.NeverAnswered {
			found = found || n.ProviderID == "P7"
		}
		if !found {
			t.Errorf("P7 never answered: %+v", in.NeverAnswered)
		}
		if in, _ := f.svc.Insight(ctx, "t", service.InsightQuery{Council: "sefton", From: "2026-11-26"}); in.Requests != 0 || len(in.Providers) != 0 {
			t.Errorf("a period after every request: %+v", in)
		}
		for _, q := range []service.InsightQuery{{Council: "atlantis"}, {Framework: "nope"}, {From: "March"}, {From: "2026-12-01", To: "2026-11-01"}} {
			if _, err := f.svc.Insight(ctx, "t", q); !errors.Is(err, matching.ErrInvalid) {
				t.Errorf("%+v: %v", q, err)
			}
		}
	})
}
