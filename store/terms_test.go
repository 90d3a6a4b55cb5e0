package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestBackupKeepsTermsAndPurchasers: a backup (of either store) keeps the
// frameworks' terms with their decisions and the purchasers with their
// frameworks and settings, and the copy verifies against its trail.
func TestBackupKeepsTermsAndPurchasers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		svc := service.New(storetest.Open(t, kind), service.WithClock(func() time.Time { return now }))
		start, _ := matching.ParseDate("2025-04-01")
		if _, err := svc.SetTerm(ctx, "t", "leaving-care", start, "2+1+1"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ExtendTerm(ctx, "t", "leaving-care", "steady"); err != nil {
			t.Fatal(err)
		}
		for _, fw := range []string{"care-support", "leaving-care"} {
			if _, err := svc.AddPurchaser(ctx, "t", "nhs-cm", "NHS Cheshire and Merseyside ICB", fw, ""); err != nil {
				t.Fatal(err)
			}
		}
		name := "ICB team"
		if err := svc.SetCouncil(ctx, "t", "nhs-cm", service.CouncilChange{Contact: service.ContactChange{Name: &name}}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := svc.Backup(ctx, "t", path); err != nil {
			t.Fatal(err)
		}
		copyDB, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer copyDB.Close()
		csvc := service.New(copyDB, service.WithClock(func() time.Time { return now }))
		v, err := csvc.Framework(ctx, "leaving-care")
		if err != nil || len(v.Term.Decisions) != 1 || v.Term.Decisions[0].Reason != "steady" || len(v.Purchasers) != 1 {
			t.Fatalf("the copy's leaving-care: %+v %v", v, err)
		}
		ps, err := csvc.Purchasers(ctx)
		if err != nil || len(ps) != 1 || strings.Join(ps[0].Frameworks, ",") != "care-support,leaving-care" {
			t.Fatalf("the copy's purchasers: %+v %v", ps, err)
		}
		if cv, err := csvc.Council(ctx, "nhs-cm"); err != nil || cv.Contact.Name != "ICB team" {
			t.Fatalf("the copy's purchaser settings: %+v %v", cv, err)
		}
		if res, err := csvc.VerifyAudit(ctx); err != nil || !res.OK() {
			t.Fatalf("the copy does not verify: %v %v %v", res.Break, res.Differences, err)
		}
	})
}
