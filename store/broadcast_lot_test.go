package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestEligibilityReadsTheLotAsTheFullRead: the lot as read for eligibility
// holds, row for row, what the full read holds of every field eligibility
// and the invitations use, on both stores, whatever the rows hold (a
// suspension with an end, an admission to come, no vacancy count, no
// Ofsted number); and only the rows of that lot.
func TestEligibilityReadsTheLotAsTheFullRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		db := storetest.Open(t, kind)
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		var rows []matching.ProviderLot
		for i := range 300 {
			p := matching.ProviderLot{ProviderID: fmt.Sprintf("P%04d", i), ProviderName: fmt.Sprintf("Provider %d", i), Kind: "charity",
				Email: fmt.Sprintf("p%d@example.org", i), Framework: "leaving-care", Lot: "floating-with-accommodation",
				Status: matching.ProviderAdmitted, AdmittedOn: now.AddDate(0, 0, i%3-1), Quality: 60 + float64(i)/3,
				Serves: []string{"sefton", "wirral"}, MinAge: 16, CoverUntil: 25, Capabilities: []string{"mental-health", "esol"},
				Town: "Bootle", QualityNote: "a note", StatusReason: ""}
			switch i % 5 {
			case 0:
				p.Status, p.StatusReason, p.SuspendedUntil = matching.ProviderSuspended, "under review", now.AddDate(0, 0, 4)
			case 1:
				p.OfstedURN, p.Phone = "SC123456", "0151 496 0001"
			case 2:
				v := i % 4
				p.Vacancies = &v
				p.Serves = []string{"*"}
			}
			rows = append(rows, p)
			other := p
			other.Lot = "group-living"
			rows = append(rows, other)
		}
		if err := db.Update(ctx, func(tx service.Tx) error { _, err := tx.UpsertProviderLots(rows, now); return err }); err != nil {
			t.Fatal(err)
		}
		var full, lean []matching.ProviderLot
		if err := db.View(ctx, func(tx service.Tx) error {
			var err error
			if full, err = tx.ProviderLots(service.ProviderFilter{Framework: "leaving-care", Lot: "floating-with-accommodation"}); err != nil {
				return err
			}
			lean, err = tx.ProviderLots(service.ProviderFilter{Framework: "leaving-care", Lot: "floating-with-accommodation", Eligibility: true})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(full) != 300 || len(lean) != len(full) {
			t.Fatalf("the full read has %d rows and the read for eligibility %d, want 300", len(full), len(lean))
		}
		r := matching.Request{ID: "R-1", Council: "sefton", Framework: "leaving-care", Lot: "floating-with-accommodation", DOB: now.AddDate(-17, 0, 0), Start: now,
			Needs: []string{"mental-health", "self-harm"}}
		for i := range full {
			f, l := full[i], lean[i]
			// What eligibility does not read, dropped from the full row.
			f.Kind, f.AppliedOn, f.AssessedOn, f.DecidedOn, f.QualityNote, f.StatusReason = "", time.Time{}, time.Time{}, time.Time{}, "", ""
			fv, lv := vac(f.Vacancies), vac(l.Vacancies)
			f.Vacancies, l.Vacancies = nil, nil
			if fmt.Sprintf("%+v %v", f, fv) != fmt.Sprintf("%+v %v", l, lv) {
				t.Fatalf("row %d read for eligibility as\n%+v\nand in full as\n%+v", i, l, f)
			}
		}
		for _, day := range []time.Time{now, now.AddDate(0, 0, 5)} {
			inF, leftF := matching.Eligibility(r, full, day)
			inL, leftL := matching.Eligibility(r, lean, day)
			if fmt.Sprint(inF) != fmt.Sprint(inL) || fmt.Sprint(leftF) != fmt.Sprint(leftL) {
				t.Fatalf("on %s eligibility differs: %d/%d invited, %d/%d left out", day, len(inF), len(inL), len(leftF), len(leftL))
			}
			if len(inF) == 0 || len(leftF) == 0 {
				t.Fatalf("on %s %d invited and %d left out: the rows test nothing", day, len(inF), len(leftF))
			}
		}
	})
}

func vac(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}
