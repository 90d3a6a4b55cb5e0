package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "pm.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestOpenCreatesPrivateSeededStore(t *testing.T) {
	t.Parallel()
	db, path := openTemp(t)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			continue // WAL files appear lazily
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("store folder mode %v, want 0700", st.Mode().Perm())
	}
	counts := map[string]int{"councils": 24, "frameworks": 2, "lots": 4, "framework_members": 29,
		"vocabulary": len(matching.Needs()) + len(matching.Risks())}
	for table, want := range counts {
		var n int
		if err := db.reader.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s has %d rows, want %d", table, n, want)
		}
	}
	var gss string
	db.reader.QueryRow("SELECT gss FROM councils WHERE slug = 'westmorland-and-furness'").Scan(&gss)
	if gss != "E06000064" {
		t.Errorf("Westmorland and Furness GSS %q", gss)
	}
	var mode string
	db.reader.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal mode %q, want wal", mode)
	}
	var fk int
	db.writer.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Error("foreign keys are off")
	}
}

func TestReopenKeepsDataAndNewerSchemaIsRefused(t *testing.T) {
	t.Parallel()
	db, path := openTemp(t)
	ctx := context.Background()
	if err := db.Update(ctx, func(tx service.Tx) error {
		err := tx.AppendEvents(matching.Event{At: time.Now(), Actor: "t", Action: "x"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	var n int
	db2.reader.QueryRow("SELECT count(*) FROM audit_events").Scan(&n)
	db2.reader.QueryRow("SELECT count(*) FROM councils").Scan(&n)
	if n != 24 {
		t.Fatalf("reopen reseeded or lost councils: %d", n)
	}
	db2.writer.Exec("PRAGMA user_version = 99")
	db2.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer version of placematch") {
		t.Fatalf("opening a newer store: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a refused newer store was changed")
	}
}

func TestNotAStoreIsRefusedClearly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 400)), 0o644)
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "not a placematch store") {
		t.Fatalf("opening junk: %v", err)
	}
	// Refused means untouched: not even its mode changes.
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Fatalf("a refused file's mode became %v", st.Mode().Perm())
	}
}

func TestFailedUpdateChangesNothing(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx service.Tx) error {
		if err := tx.AppendEvents(matching.Event{At: time.Now(), Actor: "t", Action: "x"}); err != nil {
			return err
		}
		p := matching.ProviderLot{ProviderID: "P1", ProviderName: "A", Kind: "company", Framework: "leaving-care",
			Lot: "floating-support", Status: matching.ProviderAdmitted, Quality: 50, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25}
		if _, err := tx.UpsertProviderLots([]matching.ProviderLot{p}, time.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	var n int
	db.reader.QueryRow("SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM provider_lots)").Scan(&n)
	if n != 0 {
		t.Fatalf("a rolled-back update left %d rows", n)
	}
}

func TestRequestRoundTripAndIDs(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	in := matching.Request{Council: "sefton", Framework: "care-support", Lot: "packages", CaseRef: "C-1", Initials: "AB",
		DOB: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Deadline: now.Add(48 * time.Hour), Urgency: matching.UrgencyPlanned, Hours: 12.5, Needs: []string{"autism", "bsl"},
		Risks: []string{}, Locality: "Bootle", Summary: "Line one\nline two", Weights: matching.DefaultWeights(),
		PriceCap: 140050, Status: matching.StatusDraft, CreatedAt: now, CreatedBy: "me"}
	var ids []string
	err := db.Update(ctx, func(tx service.Tx) error {
		for i := 0; i < 2; i++ {
			id, err := tx.NextRequestID("sefton", now)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		in.ID = ids[1]
		return tx.InsertRequest(in)
	})
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] != "SEF-2026-0001" || ids[1] != "SEF-2026-0002" {
		t.Fatalf("ids %v", ids)
	}
	var got matching.Request
	db.View(ctx, func(tx service.Tx) error {
		var err error
		got, err = tx.Request(in.ID)
		return err
	})
	if got.Summary != in.Summary || got.PriceCap != in.PriceCap || !got.Deadline.Equal(in.Deadline) || got.Hours != 12.5 ||
		strings.Join(got.Needs, ";") != "autism;bsl" || got.DOB != in.DOB || got.Status != matching.StatusDraft {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, in)
	}
	err = db.View(ctx, func(tx service.Tx) error { _, err := tx.Request("SEF-2026-9999"); return err })
	if !errors.Is(err, matching.ErrNotFound) {
		t.Fatalf("missing request: %v", err)
	}
}

// TestTwoStoresWriteConcurrently opens the file twice, as two processes
// would, and writes from both at once: nothing is lost and the chain holds.
func TestTwoStoresWriteConcurrently(t *testing.T) {
	t.Parallel()
	a, path := openTemp(t)
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const each = 100
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for _, db := range []*DB{a, b} {
		wg.Add(1)
		go func(db *DB) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				errs <- db.Update(context.Background(), func(tx service.Tx) error {
					err := tx.AppendEvents(matching.Event{At: time.Now(), Actor: "t", Action: "write"})
					return err
				})
			}
		}(db)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent write failed: %v", err)
		}
	}
	v := matching.NewChainVerifier()
	err = a.View(context.Background(), func(tx service.Tx) error {
		return tx.EachEvent(func(e matching.Event) error {
			if br := v.Next(e); br != nil {
				return br
			}
			return nil
		})
	})
	if err != nil || v.Count() != 2*each {
		t.Fatalf("chain after concurrent writes: %v, %d events", err, v.Count())
	}
}

func TestHotQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	plans := map[string]string{
		"SELECT id FROM requests WHERE status = 'open' AND deadline <= '2026'":                  "requests_by_status",
		"SELECT id FROM requests WHERE council = 'sefton' AND status = 'open'":                  "requests_by_council",
		"SELECT * FROM provider_lots WHERE framework = 'leaving-care' AND lot = 'group-living'": "provider_lots_by_lot",
		"SELECT seq FROM audit_events WHERE request_id = 'R-1' ORDER BY seq":                    "audit_by_request",
		"SELECT request_id FROM invitations WHERE provider_id = 'P001'":                         "invitations_by_provider",
		"SELECT * FROM responses WHERE request_id = 'R-1'":                                      "PRIMARY KEY",
		// Lists of requests, newest first, read in order (issue 6).
		"SELECT id FROM requests ORDER BY created_at DESC, id DESC":                          "requests_by_created",
		"SELECT id FROM requests WHERE council = 'sefton' ORDER BY created_at DESC, id DESC": "requests_by_council_created",
		"SELECT ranking_json FROM rankings WHERE request_id = 'R-1'":                         "sqlite_autoindex_rankings_1",
		"SELECT id FROM not_invited_lists WHERE sha256 = 'ab'":                               "sqlite_autoindex_not_invited_lists_1",
		"SELECT pl.status FROM provider_lots pl WHERE pl.provider_id IN ('P1', 'P2')":        "PRIMARY KEY",
		// The outbox: a message's letter and greeting are looked up, never
		// searched for (the plan must not scan letters or invitations).
		"SELECT " + deliveryCols + " WHERE d.status IN ('pending', 'failed') AND d.id > 0 ORDER BY d.id LIMIT 200": "deliveries_unsent",
		"SELECT " + deliveryCols + " WHERE d.request_id = 'R-1' ORDER BY d.id":                                     "deliveries_by_request",
	}
	for q, want := range plans {
		rows, err := db.reader.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, " | ")
		if !strings.Contains(p, want) {
			t.Errorf("%s\n plan %q does not use %s", q, p, want)
		}
		if strings.Contains(p, "SCAN l") || strings.Contains(p, "SCAN i") || strings.Contains(p, "AUTOMATIC") {
			t.Errorf("%s\n plan %q scans a joined table", q, p)
		}
	}
	_ = sql.ErrNoRows
}
