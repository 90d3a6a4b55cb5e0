package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestBroadcastRowsReadBackAsWritten: the invitations of a broadcast, which
// PostgreSQL takes as arrays unnested in one statement, read back as they
// were written, on both stores: a vacancy count of none (NULL) beside
// counts, a quality of many digits, names with quotes, commas and letters
// outside ASCII, no missing needs or several, a phone or none.
func TestBroadcastRowsReadBackAsWritten(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		db := storetest.Open(t, kind)
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		var lot []matching.ProviderLot
		for i := range 700 { // more than one statement's worth of rows for a multi-row INSERT
			p := matching.ProviderLot{ProviderID: fmt.Sprintf("P%04d", i), ProviderName: fmt.Sprintf(`O'Neill, "Ŵrexham" & Sons %d`, i),
				Kind: "company", Framework: "leaving-care", Lot: "floating-support", Status: matching.ProviderAdmitted,
				Quality: 70 + float64(i)/7, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25, Town: "Bootle"}
			if i%3 != 0 {
				v := i % 4
				p.Vacancies = &v
			}
			lot = append(lot, p)
		}
		if err := db.Update(ctx, func(tx service.Tx) error { _, err := tx.UpsertProviderLots(lot, now); return err }); err != nil {
			t.Fatal(err)
		}
		var want []matching.Invitation
		for i, p := range lot {
			inv := matching.Invitation{ProviderID: p.ProviderID, ProviderName: p.ProviderName, Email: "", Quality: p.Quality,
				CoverUntil: 25, MissingNeeds: []string{}, Vacancies: p.Vacancies, Town: "Bootle"}
			if i%2 == 0 {
				inv.MissingNeeds = []string{"mental-health", "self-harm"}
				inv.Phone = "0151 496 0001"
			}
			want = append(want, inv)
		}
		r := matching.Request{ID: "R-1", Council: "sefton", Framework: "leaving-care", Lot: "floating-support", CaseRef: "C",
			Initials: "AB", DOB: now.AddDate(-17, 0, 0), Start: now, Deadline: now, Weights: matching.DefaultWeights(), CreatedAt: now}
		if err := db.Update(ctx, func(tx service.Tx) error {
			if err := tx.InsertRequest(r); err != nil {
				return err
			}
			return tx.InsertBroadcast(r.ID, want, nil, "")
		}); err != nil {
			t.Fatal(err)
		}
		var got []matching.Invitation
		if err := db.View(ctx, func(tx service.Tx) error {
			var err error
			got, err = tx.Invitations(r.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d invitations read back, %d written", len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("invitation %d read back as\n%+v\nwritten as\n%+v", i, got[i], want[i])
			}
		}
	})
}

// TestRowSecurityHoldsBulkInvitations: the invitations written in bulk are
// checked by the policies as any insert is: an officer of one council
// cannot add invitations to another council's request through the app's
// login, and the failed write leaves nothing behind.
func TestRowSecurityHoldsBulkInvitations(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	ctx := context.Background()
	db := storetest.Open(t, storetest.Postgres)
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	owner := service.New(db, service.WithClock(func() time.Time { return now }))
	if _, err := owner.ImportProviders(ctx, "t", strings.NewReader(rlsRegister)); err != nil {
		t.Fatal(err)
	}
	r, err := owner.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "C-1", Initials: "AB",
		DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Needs: "autism"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.GrantAppRole(ctx); err != nil {
		t.Fatal(err)
	}
	app, err := store.Open(ctx, appLogin(t, db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	invs := []matching.Invitation{{ProviderID: "P1", ProviderName: "One", Quality: 80, CoverUntil: 25, MissingNeeds: []string{}},
		{ProviderID: "P2", ProviderName: "Two", Quality: 70, CoverUntil: 25, MissingNeeds: []string{}}}
	write := func(p matching.Person) error {
		return app.Update(service.WithPerson(ctx, p), func(tx service.Tx) error { return tx.InsertBroadcast(r.ID, invs, nil, "") })
	}
	if err := write(matching.Person{Name: "W", Role: matching.RoleOfficer, Scope: "wirral"}); err == nil {
		t.Fatal("Wirral's officer added invitations to Sefton's request")
	}
	count := func() int {
		var n int
		if err := db.View(ctx, func(tx service.Tx) error {
			got, err := tx.Invitations(r.ID)
			n = len(got)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("the refused write left %d invitations", n)
	}
	if err := write(matching.Person{Name: "S", Role: matching.RoleOfficer, Scope: "sefton"}); err != nil {
		t.Fatalf("Sefton's officer, on Sefton's request: %v", err)
	}
	if n := count(); n != 2 {
		t.Fatalf("Sefton's officer's write left %d invitations, want 2", n)
	}
}
