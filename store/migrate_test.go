package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrationGivesQueuedMessagesTheirOwnNonce: a store from before
// Message-IDs had a random part (schema 6) is brought up to date with one
// for every message it had queued, each its own, and keeps the messages.
func TestMigrationGivesQueuedMessagesTheirOwnNonce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	files := migrations("sqlite")
	for _, f := range files {
		if f > "migrations/sqlite/0007" {
			break
		}
		body, _ := migrationFiles.ReadFile(f)
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	// The request the messages belong to (a later migration rebuilds the
	// table, and holds each message to its request).
	if _, err := raw.Exec(`INSERT INTO requests(id, council, framework, lot, case_ref, initials, dob, start_date, deadline, urgency,
		w_quality, w_price, w_age_cover, status, created_at, created_by)
		VALUES ('R-2026-0001', 'sefton', 'care-support', 'packages', 'C', 'AB', '2010-01-01', '2026-12-01', '2026-11-26T12:00:00Z',
		'planned', 50, 35, 15, 'awarded', '2026-11-20T09:00:00Z', 't')`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"P1", "P2", "P3"} {
		if _, err := raw.Exec(`INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at)
			VALUES ('R-2026-0001', ?, 'outcome', 'a@example.org', 's', 'b', 'failed', '2026-11-25T09:00:00.000000000Z')`, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec("PRAGMA user_version = 6"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	db.reader.QueryRow("PRAGMA user_version").Scan(&version)
	if version < 7 {
		t.Fatalf("the store is at schema %d after opening", version)
	}
	rows, err := db.reader.Query("SELECT provider_id, nonce FROM deliveries ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var p, nonce string
		rows.Scan(&p, &nonce)
		n++
		if len(nonce) != 16 || strings.Trim(nonce, "0123456789abcdef") != "" || seen[nonce] {
			t.Errorf("%s's message has the nonce %q after the migration: want 16 hex digits of its own", p, nonce)
		}
		seen[nonce] = true
	}
	if n != 3 {
		t.Errorf("%d messages after the migration, want 3", n)
	}
}
