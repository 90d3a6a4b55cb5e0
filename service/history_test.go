package service_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestProviderHistory: one call gives a provider's invitations with what
// it did on each, its offers' prices and ranks only where the offers are
// opened, its awards and its response rate.
func TestProviderHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, id := awardedRequest(t, kind)
		ctx := context.Background()
		// A second request, still open: P1's offer on it is sealed.
		open := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProviderRespond(ctx, "P1", open, matching.ResponseInput{ProviderID: "P1", Weekly: "1234"}); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.ProviderHistory(ctx, "P1")
		if err != nil {
			t.Fatal(err)
		}
		if h.ProviderName != "One" || len(h.Lots) != 1 || len(h.Requests) != 2 {
			t.Fatalf("history %+v", h)
		}
		s := h.Summary
		if s.Invited != 2 || s.Answered != 2 || s.ResponseRate != 100 || s.Offered != 1 || s.Sealed != 1 || s.Ranked != 1 || s.RankOne != 1 || s.Awards != 1 {
			t.Errorf("summary %+v", s)
		}
		var won, sealed service.HistoryRequest
		for _, r := range h.Requests {
			switch r.RequestID {
			case id:
				won = r
			case open:
				sealed = r
			}
		}
		if !won.Awarded || won.Rank != 1 || won.WeeklyPence != 100000 || won.Total == "" || won.RankedOf != 3 {
			t.Errorf("the awarded request %+v", won)
		}
		if !sealed.Sealed || !sealed.Answered || sealed.WeeklyPence != 0 || sealed.Rank != 0 || sealed.Declined {
			t.Errorf("a sealed offer shows through: %+v", sealed)
		}
		// P7 never answered; P6 was not ranked, and why.
		h7, err := f.svc.ProviderHistory(ctx, "P7")
		if err != nil || h7.Summary.Invited != 2 || h7.Summary.Answered != 0 || h7.Summary.ResponseRate != 0 {
			t.Errorf("P7 %+v %v", h7.Summary, err)
		}
		h6, _ := f.svc.ProviderHistory(ctx, "P6")
		if len(h6.Requests) != 2 || h6.Requests[1].RequestID != id || h6.Requests[1].NotRankedWhy != "weekly price above the price cap" {
			t.Errorf("P6 %+v", h6.Requests)
		}
		if _, err := f.svc.ProviderHistory(ctx, "P404"); !errors.Is(err, matching.ErrNotFound) {
			t.Errorf("an unknown provider: %v", err)
		}
	})
}

// TestAwardReport: the report of an awarded request carries the formula,
// each ranked offer's scores, each exclusion with its reason, who never
// answered, the decision with its reason and who made it; a sealed request
// has none. SaveText never overwrites.
func TestAwardReport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, id := awardedRequest(t, kind)
		ctx := context.Background()
		rep, err := f.svc.AwardReport(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"# Award report: " + id, "Case reference: S-1", "total = (50 × Q + 35 × P + 15 × A) / 100",
			"| 1 | One | P1 | £1,000.00 |", "Six (P6): weekly price above the price cap", "Five (P5): declined", "No response: Seven (P7)",
			"Awarded to One (P1), rank 1, at £1,000.00 a week.", "Reason: rank 1", "Decided by t on 2026-11-25 09:00",
			"closed early", "awarded"} {
			if !strings.Contains(rep, want) {
				t.Errorf("the report does not say %q:\n%s", want, rep)
			}
		}
		for _, private := range []string{"KM", "2014-05-05"} {
			if strings.Contains(rep, private) {
				t.Errorf("the report carries %q", private)
			}
		}
		open := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AwardReport(ctx, "t", open); !errors.Is(err, matching.ErrSealed) {
			t.Errorf("a sealed request's report: %v", err)
		}
		path := filepath.Join(t.TempDir(), "report.md")
		if err := service.SaveText(path, rep); err != nil {
			t.Fatal(err)
		}
		if err := service.SaveText(path, "other"); err == nil || !strings.Contains(err.Error(), "not overwritten") {
			t.Errorf("a second save: %v", err)
		}
		if b, _ := os.ReadFile(path); string(b) != rep {
			t.Error("the file was overwritten")
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v", st.Mode().Perm())
		}
	})
}
