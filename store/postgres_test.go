package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestStoreNamesAreNeverMistaken: a URL of a kind placematch does not know
// is refused, and never becomes a file or folder (postgres:// used to make
// a folder called "postgres:"); a password in a URL is refused, as it would
// sit on a command line.
func TestStoreNamesAreNeverMistaken(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wd, _ := os.Getwd()
	for _, dsn := range []string{"mysql://root@localhost/pm", "sqlite://pm.db", "file:///tmp/pm.db", "https://example.org/pm.db"} {
		_, err := store.Open(context.Background(), dsn)
		if !errors.Is(err, matching.ErrInvalid) || !strings.Contains(err.Error(), "URL") {
			t.Errorf("%s: %v, want a refusal naming the URL", dsn, err)
		}
	}
	for _, dsn := range []string{"postgres://pm:secret@127.0.0.1:1/pm", "postgresql://127.0.0.1:1/pm?password=secret"} {
		_, err := store.Open(context.Background(), dsn)
		if !errors.Is(err, matching.ErrInvalid) || !strings.Contains(err.Error(), "PGPASSWORD") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %v, want a refusal that points at PGPASSWORD and never repeats the password", dsn, err)
		}
	}
	// An unreachable server says so, and makes nothing on disk.
	_, err := store.Open(context.Background(), "postgres://pm@127.0.0.1:1/pm?connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "cannot reach the store") {
		t.Errorf("an unreachable server: %v", err)
	}
	for _, d := range []string{dir, wd} {
		for _, name := range []string{"postgres:", "mysql:", "postgresql:"} {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				t.Errorf("a folder %q was made in %s", name, d)
			}
		}
	}
}

// TestOneChainUnderConcurrentWriters: eight writers on their own
// connections (as eight processes would have) append to one chain with no
// fork, no gap and no event lost.
func TestOneChainUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		dsn := storetest.DSN(t, kind)
		ctx := context.Background()
		const writers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := store.Open(ctx, dsn)
				if err != nil {
					errs <- err
					return
				}
				defer db.Close()
				svc := service.New(db)
				for i := range each {
					if err := svc.SetDefaults(ctx, fmt.Sprintf("w%d", w), "sefton", "packages",
						matching.Defaults{Weights: matching.Weights{Quality: 50, Price: 30 + i%5, AgeCover: 20 - i%5}}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		v, err := service.New(db).VerifyAudit(ctx)
		if err != nil || v.Break != nil || v.Events != writers*each {
			t.Fatalf("after %d concurrent writes: %d events, break %v, %v", writers*each, v.Events, v.Break, err)
		}
	})
}

// TestPostgresTrailIsAppendOnly: on PostgreSQL the app's role may read the
// trail and add to it but never change or delete an event, and even the
// store's owner is stopped by the trigger; two events can never follow the
// same one.
func TestPostgresTrailIsAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	ctx := context.Background()
	dsn := storetest.DSN(t, storetest.Postgres)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.GrantAppRole(ctx); err != nil {
		t.Fatal(err)
	}
	svc := service.New(db)
	if err := svc.SetDefaults(ctx, "owner", "sefton", "packages", matching.Defaults{Weights: matching.DefaultWeights()}); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	must := func(err error, want string, what string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", what, err, want)
		}
	}
	_, err = raw.Exec("UPDATE audit_events SET actor = 'someone-else'")
	must(err, "append-only", "the owner editing an event")
	_, err = raw.Exec("DELETE FROM audit_events")
	must(err, "append-only", "the owner deleting events")
	_, err = raw.Exec("INSERT INTO audit_events(seq, at, actor, action, prev_hash, hash) SELECT seq + 1, at, actor, action, prev_hash, hash FROM audit_events")
	must(err, "duplicate key", "a second event following the same one")

	// As the app's role: reads and inserts, never updates or deletes.
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET ROLE "+store.AppRole); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM audit_events").Scan(&n); err != nil || n != 1 {
		t.Fatalf("the app's role reads %d events: %v", n, err)
	}
	_, err = conn.ExecContext(ctx, "UPDATE audit_events SET actor = 'someone-else'")
	must(err, "permission denied", "the app's role editing an event")
	_, err = conn.ExecContext(ctx, "DELETE FROM audit_events")
	must(err, "permission denied", "the app's role deleting events")
	if _, err := conn.ExecContext(ctx, "UPDATE council_settings SET w_quality = w_quality"); err != nil {
		t.Errorf("the app's role cannot write the rest of the store: %v", err)
	}
	conn.ExecContext(ctx, "RESET ROLE")
}

// TestPostgresNewerSchemaIsRefused: a store whose schema is newer than this
// program knows is refused unchanged.
func TestPostgresNewerSchemaIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	ctx := context.Background()
	dsn := storetest.DSN(t, storetest.Postgres)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE placematch_schema SET version = 99"); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, dsn)
	if !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("a newer schema: %v", err)
	}
	var v int
	if err := raw.QueryRow("SELECT version FROM placematch_schema").Scan(&v); err != nil || v != 99 {
		t.Fatalf("the refused store was changed: version %d, %v", v, err)
	}
}

// TestPostgresBackupIsAnSQLiteStore: a backup of a PostgreSQL store is an
// SQLite store file that opens as it is, holds every request and verifies;
// it is made with the owner's connection and never over a file.
func TestPostgresBackupIsAnSQLiteStore(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	db := storetest.Open(t, storetest.Postgres)
	svc := service.New(db, service.WithClock(func() time.Time { return now }))
	if _, err := svc.ImportProviders(ctx, "t", strings.NewReader(
		"provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n"+
			"P1,Alder,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,1,Bootle,p1@example.org\n")); err != nil {
		t.Fatal(err)
	}
	r, err := svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
		DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Summary: "Loves trains."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Broadcast(ctx, "t", r.ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := svc.Backup(ctx, "t", path); err != nil {
		t.Fatal(err)
	}
	if err := svc.Backup(ctx, "t", path); !errors.Is(err, matching.ErrConflict) {
		t.Errorf("a backup over an existing file: %v", err)
	}
	copyDB, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	csvc := service.New(copyDB)
	d, err := csvc.Show(ctx, "t", r.ID)
	if err != nil || d.Request.CaseRef != "S-1" || len(d.Answers) != 1 || d.Answers[0].ProviderName != "Alder" {
		t.Fatalf("the copy's request: %+v, %v", d.Request, err)
	}
	v, err := csvc.VerifyAudit(ctx)
	if err != nil || v.Break != nil || v.Events < 4 {
		t.Fatalf("the copy's trail: %d events, %v, %v", v.Events, v.Break, err)
	}
	if ds, err := csvc.Deliveries(ctx, ""); err != nil || len(ds) != 1 || ds[0].Nonce == "" {
		t.Fatalf("the copy's outbox: %+v, %v", ds, err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the backup file: %v, %v", st, err)
	}
	// A login with the app's role works the store but may not back it up.
	if err := db.GrantAppRole(ctx); err != nil {
		t.Fatal(err)
	}
	login := appLogin(t, db.Path())
	app, err := store.Open(ctx, login)
	if err != nil {
		t.Fatalf("the app's login cannot open the store: %v", err)
	}
	defer app.Close()
	err = service.New(app).Backup(ctx, "t", filepath.Join(t.TempDir(), "b2.db"))
	if !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "owner") {
		t.Fatalf("a backup as the app's role: %v", err)
	}
}

// appLogin makes a login role that holds the app's role (dropped when t
// ends) and returns the store's URL for it.
func appLogin(t *testing.T, dsn string) string {
	t.Helper()
	raw, err := sql.Open("pgx", os.Getenv(storetest.EnvPG))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	name := fmt.Sprintf("pm_login_%d", time.Now().UnixNano())
	if _, err := raw.Exec("CREATE ROLE " + name + " LOGIN IN ROLE " + store.AppRole); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Exec("DROP OWNED BY " + name); raw.Exec("DROP ROLE " + name) })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(name)
	return u.String()
}
