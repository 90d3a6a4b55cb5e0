package store

import (
	"context"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestUpsertProviderLotsWritesOnlyChanges: a new row given twice in one
// call is added and then changed, the second seeing the first as its state
// before; a row given again as the store holds it is not written (its time
// of writing stays), and one changed is.
func TestUpsertProviderLotsWritesOnlyChanges(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	row := func(id, lot string, q float64) matching.ProviderLot {
		fw, _, _ := matching.FindLot(lot)
		return matching.ProviderLot{ProviderID: id, ProviderName: "Name " + id, Kind: "company", Framework: fw.Code, Lot: lot,
			Status: matching.ProviderAdmitted, Quality: q, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25, Capabilities: []string{"mental-health"}}
	}
	upsert := func(at time.Time, rows ...matching.ProviderLot) []*matching.ProviderLot {
		var before []*matching.ProviderLot
		if err := db.Update(ctx, func(tx service.Tx) error {
			var err error
			before, err = tx.UpsertProviderLots(rows, at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return before
	}
	updated := func(id string) (string, float64) {
		var at string
		var q float64
		if err := db.reader.QueryRow("SELECT updated_at, quality FROM provider_lots WHERE provider_id = ?", id).Scan(&at, &q); err != nil {
			t.Fatal(err)
		}
		return at, q
	}
	first := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	b := upsert(first, row("P1", "group-living", 70), row("P2", "group-living", 60), row("P1", "group-living", 75))
	if b[0] != nil || b[1] != nil || b[2] == nil || b[2].Quality != 70 {
		t.Fatalf("before %v %v %+v", b[0], b[1], b[2])
	}
	if _, q := updated("P1"); q != 75 {
		t.Fatalf("a row given twice holds %v, not its second version", q)
	}
	wasP1, _ := updated("P1")
	b = upsert(first.Add(time.Hour), row("P1", "group-living", 75), row("P2", "group-living", 65))
	if b[0] == nil || b[0].Quality != 75 || b[1] == nil || b[1].Quality != 60 {
		t.Fatalf("before %+v %+v", b[0], b[1])
	}
	if at, _ := updated("P1"); at != wasP1 {
		t.Errorf("an unchanged row was written again (%s, was %s)", at, wasP1)
	}
	if at, q := updated("P2"); q != 65 || at == wasP1 {
		t.Errorf("the changed row holds %v written %s", q, at)
	}
}
