package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestUpsertProviderLotsBefore: the state before of each row is what the
// store held when that row was written, as if read row by row: a provider
// renamed on two lots shows its old name on the first row only, a new row
// has none, and a row given twice sees its first version.
func TestUpsertProviderLotsBefore(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	row := func(id, name, lot string, q float64) matching.ProviderLot {
		fw, _, _ := matching.FindLot(lot)
		return matching.ProviderLot{ProviderID: id, ProviderName: name, Kind: "company", Framework: fw.Code, Lot: lot,
			Status: matching.ProviderAdmitted, Quality: q, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25}
	}
	upsert := func(rows ...matching.ProviderLot) []*matching.ProviderLot {
		var before []*matching.ProviderLot
		if err := db.Update(ctx, func(tx service.Tx) error {
			var err error
			before, err = tx.UpsertProviderLots(rows, now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return before
	}
	if b := upsert(row("P1", "Old Name", "group-living", 70), row("P1", "Old Name", "floating-support", 71)); b[0] != nil || b[1] != nil {
		t.Fatalf("new rows have a state before: %+v", b)
	}
	b := upsert(row("P1", "New Name", "group-living", 72), row("P1", "New Name", "floating-support", 73),
		row("P2", "Other", "group-living", 60), row("P1", "New Name", "group-living", 74))
	switch {
	case b[0] == nil || b[0].ProviderName != "Old Name" || b[0].Quality != 70:
		t.Errorf("first row before: %+v", b[0])
	case b[1] == nil || b[1].ProviderName != "New Name" || b[1].Quality != 71:
		t.Errorf("second row of the renamed provider before: %+v", b[1])
	case b[2] != nil:
		t.Errorf("a new provider has a state before: %+v", b[2])
	case b[3] == nil || b[3].Quality != 72 || b[3].ProviderName != "New Name":
		t.Errorf("a row given twice does not see its first version: %+v", b[3])
	}
}

// TestRequestsListReadsEveryField: the list reads each request's fields
// whole, whatever its locality holds.
func TestRequestsListReadsEveryField(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	in := matching.Request{ID: "SEF-2026-0007", Council: "sefton", Framework: "care-support", Lot: "packages", CaseRef: "C-1",
		Initials: "AB", DOB: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: now.Add(48 * time.Hour), Urgency: matching.UrgencyPlanned, Needs: []string{"autism", "bsl"},
		Locality: "Bootle\x1fwith a separator; and more", Weights: matching.DefaultWeights(), Status: matching.StatusAwarded,
		CreatedAt: now, CreatedBy: "me", AwardedTo: "P1"}
	var got []service.RequestSummary
	if err := db.Update(ctx, func(tx service.Tx) error {
		if _, err := tx.UpsertProviderLots([]matching.ProviderLot{{ProviderID: "P1", ProviderName: "Brook House", Kind: "company",
			Framework: "care-support", Lot: "packages", Status: matching.ProviderAdmitted, Quality: 80, Serves: []string{"*"},
			MinAge: 0, CoverUntil: 25}}, now); err != nil {
			return err
		}
		if err := tx.InsertRequest(in); err != nil {
			return err
		}
		var err error
		got, err = tx.Requests(service.RequestFilter{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := service.RequestSummary{ID: in.ID, Council: "sefton", Framework: "care-support", Lot: "packages", Status: matching.StatusAwarded,
		Urgency: matching.UrgencyPlanned, Age: 14, Start: in.Start, Deadline: in.Deadline, Locality: in.Locality,
		Needs: []string{"autism", "bsl"}, CreatedAt: now, AwardedTo: "P1", AwardedName: "Brook House"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("listed\n %+v\nwant\n %+v", got, want)
	}
}
