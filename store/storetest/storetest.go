// Package storetest opens stores for tests, of every kind placematch runs
// on: SQLite on a temporary file always, and PostgreSQL in a schema of its
// own (dropped afterwards) when PLACEMATCH_TEST_PG names a server, so that
// the same test holds both stores to one behaviour.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for making and dropping schemas

	"placematch/store"
)

// EnvPG names the environment variable holding the URL of a PostgreSQL
// database the tests may make schemas in (as a role that may create them),
// for example postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable.
const EnvPG = "PLACEMATCH_TEST_PG"

// The kinds of store.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Each runs fn as a subtest on each kind of store. Without a PostgreSQL
// server the postgres subtest is skipped, saying how to run it; in CI
// (CI=true) it fails instead, so that it never passes unrun.
func Each(t *testing.T, fn func(t *testing.T, kind string)) {
	t.Helper()
	for _, kind := range []string{SQLite, Postgres} {
		t.Run(kind, func(t *testing.T) {
			if kind == Postgres {
				Need(t)
			}
			fn(t, kind)
		})
	}
}

// Need skips t (or fails it, in CI) when no PostgreSQL server is given.
func Need(t testing.TB) {
	t.Helper()
	if os.Getenv(EnvPG) != "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: CI must run the tests on PostgreSQL too (.ci/run starts a server)", EnvPG)
	}
	t.Skipf("no PostgreSQL: set %s=postgres://USER@HOST:PORT/DB?sslmode=disable to run this on PostgreSQL too (.ci/run shows how to start a throwaway server)", EnvPG)
}

// Open opens a new, empty store of the kind for t, closed (and on
// PostgreSQL dropped) when t ends.
func Open(t testing.TB, kind string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t, kind))
	if err != nil {
		t.Fatalf("opening a %s store: %v", kind, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// DSN is where a new, empty store of the kind for t lives: a file in t's
// temporary folder, or a new schema in the test server's database (made
// now, dropped when t ends).
func DSN(t testing.TB, kind string) string {
	t.Helper()
	if kind != Postgres {
		return filepath.Join(t.TempDir(), "store.db")
	}
	Need(t)
	base := os.Getenv(EnvPG)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("making a schema for the test in %s: %v", EnvPG, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPG, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
