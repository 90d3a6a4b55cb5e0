package store_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// events counts a store's audit events as its own reads see them.
func events(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.View(context.Background(), func(tx service.Tx) error {
		evs, err := tx.Events("")
		n = len(evs)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func setDefaults(db *store.DB) error {
	return service.New(db).SetDefaults(context.Background(), "t", "sefton", "packages", matching.Defaults{Weights: matching.DefaultWeights()})
}

func wantReplaced(t *testing.T, err error, what string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), "deleted or replaced since placematch opened it") || !strings.Contains(err.Error(), "restart placematch") {
		t.Fatalf("%s: a write gave %v, want it refused as a store deleted or replaced", what, err)
	}
}

// TestTrustWriteRefusedWhenStoreFileDeleted: a store file deleted while a
// program holds it open is noticed at the next write, which is refused:
// nothing is written, and no file appears where the store was.
func TestTrustWriteRefusedWhenStoreFileDeleted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "store.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := setDefaults(db); err != nil {
		t.Fatal(err)
	}
	before := events(t, db)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	wantReplaced(t, setDefaults(db), "after the file was deleted")
	if n := events(t, db); n != before {
		t.Errorf("the deleted store took the write: %d events, was %d", n, before)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file appeared where the deleted store was: %v", err)
	}
}

// TestTrustWriteRefusedWhenStoreFileRenamed: a store moved away is not
// written to under its new name either.
func TestTrustWriteRefusedWhenStoreFileRenamed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "store.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := setDefaults(db); err != nil {
		t.Fatal(err)
	}
	before := events(t, db)
	moved := filepath.Join(dir, "moved.db")
	if err := os.Rename(path, moved); err != nil {
		t.Fatal(err)
	}
	wantReplaced(t, setDefaults(db), "after the file was renamed")
	if n := events(t, db); n != before {
		t.Errorf("the moved store took the write: %d events, was %d", n, before)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file appeared where the moved store was: %v", err)
	}
}

// TestTrustWriteRefusedWhenStoreReplaced: a store deleted and made anew
// (or another put in its place) while a program runs is neither written by
// that program nor taken for the one it opened; on PostgreSQL, a schema
// dropped and made anew.
func TestTrustWriteRefusedWhenStoreReplaced(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		ctx := context.Background()
		dsn := storetest.DSN(t, kind)
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := setDefaults(db); err != nil {
			t.Fatal(err)
		}
		if kind == storetest.SQLite {
			if err := os.Remove(dsn); err != nil {
				t.Fatal(err)
			}
		} else {
			u, _ := url.Parse(dsn)
			schema := u.Query().Get("search_path")
			raw, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec("DROP SCHEMA " + schema + " CASCADE; CREATE SCHEMA " + schema); err != nil {
				t.Fatal(err)
			}
			raw.Close()
		}
		fresh, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		err = setDefaults(db)
		if kind == storetest.SQLite {
			wantReplaced(t, err, "after the file was replaced")
		} else if err == nil || !strings.Contains(err.Error(), "dropped or replaced since placematch opened it") {
			t.Fatalf("after the schema was made anew: %v, want the write refused", err)
		}
		if n := events(t, fresh); n != 0 {
			t.Errorf("the new store holds %d events written by the program that opened the old one", n)
		}
		// The program that opened the new store writes as usual.
		if err := setDefaults(fresh); err != nil {
			t.Fatal(err)
		}
	})
}
