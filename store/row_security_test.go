package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

const rlsRegister = `provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town
P1,One,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,1,Bootle
P2,Two,charity,care-support,packages,admitted,2024-01-01,70,wirral,0,25,,autism,1,Wallasey
`

// TestRowSecurityIsASecondWall: on PostgreSQL, a login holding the app's
// role (which does not own the tables) sees, even through a query with no
// filter at all, only the requests of the person acting in the
// transaction, and of the tables kept by request only their rows; the
// service's own work goes on through it as before.
func TestRowSecurityIsASecondWall(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	ctx := context.Background()
	db := storetest.Open(t, storetest.Postgres)
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	clock := service.WithClock(func() time.Time { return now })
	owner := service.New(db, clock)
	if _, err := owner.ImportProviders(ctx, "t", strings.NewReader(rlsRegister)); err != nil {
		t.Fatal(err)
	}
	draft := func(svc *service.Service, ctx context.Context, council string) string {
		r, err := svc.NewRequest(ctx, "t", matching.RequestInput{Council: council, Lot: "packages", CaseRef: "C-1", Initials: "AB", DOB: "2014-05-05",
			Start: "2026-12-07", Deadline: "2026-11-27 12:00", Needs: "autism"})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	sef, wir := draft(owner, ctx, "sefton"), draft(owner, ctx, "wirral")
	for _, id := range []string{sef, wir} {
		if _, err := owner.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.GrantAppRole(ctx); err != nil {
		t.Fatal(err)
	}
	app, err := store.Open(ctx, appLogin(t, db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()

	as := func(p matching.Person) context.Context { return service.WithPerson(ctx, p) }
	wirral := as(matching.Person{Name: "W", Role: matching.RoleOfficer, Scope: "wirral"})
	sefton := as(matching.Person{Name: "S", Role: matching.RoleOfficer, Scope: "sefton"})
	p2 := as(matching.Person{Name: "Two", Role: matching.RoleProvider, Scope: "P2"})
	admin := as(matching.Person{Name: "A", Role: matching.RoleAdmin})
	for _, c := range []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"no one signed in (the owner at work)", ctx, sef + " " + wir},
		{"Wirral's officer", wirral, wir},
		{"Sefton's officer", sefton, sef},
		{"provider P2, invited to Wirral's only", p2, wir},
		{"the admin", admin, ""},
	} {
		err := app.View(c.ctx, func(tx service.Tx) error {
			// The store's list with no filter: a query that forgot it.
			rows, err := tx.Requests(service.RequestFilter{})
			if err != nil {
				return err
			}
			var ids []string
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
			if got := strings.Join(sortStrings(ids), " "); got != c.want {
				t.Errorf("%s sees %q, want %q", c.name, got, c.want)
			}
			invs, err := tx.Invitations(sef)
			if err != nil {
				return err
			}
			if seesSef := strings.Contains(c.want, sef); (len(invs) > 0) != seesSef {
				t.Errorf("%s sees %d invitations of Sefton's request", c.name, len(invs))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	// The owner's connection is not held by the policies.
	if err := db.View(wirral, func(tx service.Tx) error {
		rows, err := tx.Requests(service.RequestFilter{})
		if len(rows) != 2 {
			t.Errorf("the owner's connection sees %d requests", len(rows))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Work goes on through the app's login, each held to their own.
	svc := service.New(app, clock)
	id := draft(svc, sefton, "sefton")
	if _, err := svc.Broadcast(sefton, "t", id); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProviderRespond(as(matching.Person{Name: "One", Role: matching.RoleProvider, Scope: "P1"}), "P1", id, matching.ResponseInput{Weekly: "900"}); err != nil {
		t.Fatal(err)
	}
	if v, err := service.New(app, clock).VerifyAudit(ctx); err != nil || v.Break != nil || len(v.Differences) > 0 {
		t.Fatalf("the trail after work through the app's login: %+v, %v", v, err)
	}
}

func sortStrings(xs []string) []string {
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[j] < xs[i] {
				xs[i], xs[j] = xs[j], xs[i]
			}
		}
	}
	return xs
}

// TestListenHearsOthersChanges: on PostgreSQL a store hears each change
// another program commits, by its request's id alone; SQLite's Listen
// returns at once (its Changed is asked instead).
func TestListenHearsOthersChanges(t *testing.T) {
	t.Parallel()
	sq := storetest.Open(t, storetest.SQLite)
	if err := sq.Listen(context.Background(), func(string) {}); err != nil {
		t.Fatalf("SQLite's Listen: %v", err)
	}
	storetest.Need(t)
	dsn := storetest.DSN(t, storetest.Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	listener, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	heard := make(chan string, 10)
	done := make(chan error, 1)
	go func() { done <- listener.Listen(ctx, func(id string) { heard <- id }) }()
	other, err := store.Open(ctx, dsn) // another program on the same store
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc := service.New(other)
	var id string
	for deadline := time.Now().Add(10 * time.Second); ; {
		r, err := svc.NewDraft(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1"})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-heard:
			id = got
		case <-time.After(300 * time.Millisecond): // the listener not yet listening
			if time.Now().After(deadline) {
				t.Fatal("no change heard")
			}
			continue
		}
		if id != r.ID {
			t.Fatalf("heard %q, want the request's id %q", id, r.ID)
		}
		break
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Listen ended with %v", err)
	}
}
