package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// BenchmarkSnapshotAtClose records the register standing of 100 invited
// providers, on a lot of 3,000 rows: done at every close.
func BenchmarkSnapshotAtClose(b *testing.B) {
	db, err := Open(context.Background(), b.TempDir()+"/s.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var rows []matching.ProviderLot
	for i := range 3000 {
		rows = append(rows, matching.ProviderLot{ProviderID: fmt.Sprintf("P%05d", i), ProviderName: "P", Kind: "company",
			Framework: "leaving-care", Lot: "floating-support", Status: matching.ProviderAdmitted, Quality: 70,
			Serves: []string{"*"}, MinAge: 16, CoverUntil: 25})
	}
	r := matching.Request{ID: "R-1", Council: "sefton", Framework: "leaving-care", Lot: "floating-support", CaseRef: "C",
		Initials: "AB", DOB: now.AddDate(-17, 0, 0), Start: now, Deadline: now, Weights: matching.DefaultWeights(), CreatedAt: now}
	var inv []matching.Invitation
	for i := 0; i < 3000; i += 30 {
		inv = append(inv, matching.Invitation{ProviderID: rows[i].ProviderID, ProviderName: "P", Quality: 70, CoverUntil: 25})
	}
	if err := db.Update(ctx, func(tx service.Tx) error {
		if _, err := tx.UpsertProviderLots(rows, now); err != nil {
			return err
		}
		if err := tx.InsertRequest(r); err != nil {
			return err
		}
		return tx.InsertBroadcast("R-1", inv, nil, "")
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := db.Update(ctx, func(tx service.Tx) error { return tx.SnapshotAtClose("R-1") }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsertBroadcast100 writes a broadcast of 100 invitations to one
// of 3,000 providers, a request at a time: the table grows with b.N, as a
// region's does.
func BenchmarkInsertBroadcast100(b *testing.B) {
	db, err := Open(context.Background(), b.TempDir()+"/s.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var rows []matching.ProviderLot
	for i := range 3000 {
		rows = append(rows, matching.ProviderLot{ProviderID: fmt.Sprintf("P%05d", i), ProviderName: "P", Kind: "company",
			Framework: "leaving-care", Lot: "floating-support", Status: matching.ProviderAdmitted, Quality: 70,
			Serves: []string{"*"}, MinAge: 16, CoverUntil: 25})
	}
	if err := db.Update(ctx, func(tx service.Tx) error { _, err := tx.UpsertProviderLots(rows, now); return err }); err != nil {
		b.Fatal(err)
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		id := fmt.Sprintf("R-%07d", i)
		r := matching.Request{ID: id, Council: "sefton", Framework: "leaving-care", Lot: "floating-support", CaseRef: "C",
			Initials: "AB", DOB: now.AddDate(-17, 0, 0), Start: now, Deadline: now, Weights: matching.DefaultWeights(), CreatedAt: now}
		var inv []matching.Invitation
		for j := i % 30; j < 3000; j += 30 {
			inv = append(inv, matching.Invitation{ProviderID: rows[j].ProviderID, ProviderName: "Provider name of some length Ltd",
				Email: "referrals@example.org", Quality: 70, CoverUntil: 25, MissingNeeds: []string{"mental-health"}, Town: "Bootle"})
		}
		if err := db.Update(ctx, func(tx service.Tx) error {
			if err := tx.InsertRequest(r); err != nil {
				return err
			}
			return tx.InsertBroadcast(id, inv, nil, "")
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProviderLots10k reads a lot of 10,000 rows, as a broadcast to it
// does.
func BenchmarkProviderLots10k(b *testing.B) {
	db, err := Open(context.Background(), b.TempDir()+"/s.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var rows []matching.ProviderLot
	for i := range 10000 {
		v := i % 5
		rows = append(rows, matching.ProviderLot{ProviderID: fmt.Sprintf("P%05d", i), ProviderName: fmt.Sprintf("Provider %05d Support Ltd", i),
			Kind: "company", Email: "referrals@example.org", Framework: "leaving-care", Lot: "floating-support",
			Status: matching.ProviderAdmitted, AdmittedOn: now, Quality: 70.25, Serves: []string{"bolton", "wigan"}, MinAge: 16, CoverUntil: 25,
			Capabilities: []string{"independence-skills", "mental-health", "self-harm"}, Vacancies: &v, Town: "Wigan"})
	}
	if err := db.Update(ctx, func(tx service.Tx) error { _, err := tx.UpsertProviderLots(rows, now); return err }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := db.View(ctx, func(tx service.Tx) error {
			got, err := tx.ProviderLots(service.ProviderFilter{Framework: "leaving-care", Lot: "floating-support"})
			if len(got) != 10000 {
				b.Fatalf("%d rows", len(got))
			}
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}
