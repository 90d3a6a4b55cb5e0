package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestProviderFilterTextIsNoPattern: a council or capability to filter on
// is text to find, never a LIKE pattern: "%" used to find every provider,
// "sefto_" Sefton's.
func TestProviderFilterTextIsNoPattern(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		db := storetest.Open(t, kind)
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		row := func(id, serves, caps string) matching.ProviderLot {
			return matching.ProviderLot{ProviderID: id, ProviderName: "Home " + id, Kind: "company", Framework: "leaving-care",
				Lot: "group-living", Status: matching.ProviderAdmitted, AdmittedOn: now, Quality: 80, Serves: []string{serves},
				MinAge: 16, CoverUntil: 25, Capabilities: []string{caps}}
		}
		rows := []matching.ProviderLot{row("P1", "sefton", "autism"), row("P2", "wirral", "self-harm"), row("P3", "*", "mental-health")}
		if err := db.Update(ctx, func(tx service.Tx) error { _, err := tx.UpsertProviderLots(rows, now); return err }); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			f    service.ProviderFilter
			want []string
		}{
			{service.ProviderFilter{Council: "sefton"}, []string{"P1", "P3"}},
			{service.ProviderFilter{Council: "%"}, []string{"P3"}},
			{service.ProviderFilter{Council: "sefto_"}, []string{"P3"}},
			{service.ProviderFilter{Council: "%sefton"}, []string{"P3"}},
			{service.ProviderFilter{Council: `sefton\`}, []string{"P3"}},
			{service.ProviderFilter{Capability: "autism"}, []string{"P1"}},
			{service.ProviderFilter{Capability: "%"}, nil},
			{service.ProviderFilter{Capability: "self_harm"}, nil},
			{service.ProviderFilter{Capability: "_"}, nil},
		} {
			var got []string
			err := db.View(ctx, func(tx service.Tx) error {
				lots, err := tx.ProviderLots(tc.f)
				for _, p := range lots {
					got = append(got, p.ProviderID)
				}
				return err
			})
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("%+v: %v, %v; want %v", tc.f, got, err, tc.want)
			}
		}
	})
}
