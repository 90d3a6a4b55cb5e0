package store_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
)

// demoStoreFile makes a store with the demo data in dir, closed (its WAL
// checkpointed into the file and removed), and returns its path.
func demoStoreFile(t testing.TB, dir string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "base.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, service.WithClock(func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }))
	if err := demo.Load(ctx, svc, "demo"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatalf("the closed store left its WAL")
	}
	return path
}

// verifyFile runs audit verify on a store file as the command does: the
// store opened (which may refuse it), then checked. It reports whether the
// store was caught (refused, or failing a check) and what was said.
func verifyFile(path string) (caught bool, said string) {
	ctx := context.Background()
	db, err := store.OpenExisting(ctx, path)
	if err != nil {
		return true, err.Error()
	}
	defer db.Close()
	res, err := service.New(db).VerifyAudit(ctx)
	switch {
	case err != nil:
		return true, err.Error()
	case len(res.File.Problems) > 0:
		return true, "file: " + res.File.Problems[0]
	case res.Break != nil:
		return true, res.Break.Error()
	case len(res.Differences) > 0:
		return true, res.Differences[0]
	}
	return false, ""
}

// integrityProblems is what SQLite's own integrity check says of a file,
// read apart from placematch ("" when it passes).
func integrityProblems(path string) string {
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err.Error()
	}
	defer raw.Close()
	rows, err := raw.Query("PRAGMA integrity_check")
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err.Error()
		}
		if s != "ok" {
			out = append(out, s)
		}
	}
	if err := rows.Err(); err != nil {
		out = append(out, err.Error())
	}
	return strings.Join(out, "; ")
}

// TestTrustDamagedPageFailsVerify: a store whose page of request rows has
// its header flipped still opens, and audit verify says plainly that the
// file is damaged (as SQLite's integrity check finds).
func TestTrustDamagedPageFailsVerify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := demoStoreFile(t, dir)
	// The page that holds the requests table: its root, a leaf at this
	// size (type 0x0d).
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'requests'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Down the right-most children of interior pages (type 0x05) to a
	// leaf of rows (0x0d).
	at := (root - 1) * pageSize
	for b[at] == 0x05 {
		at = (int64(binary.BigEndian.Uint32(b[at+8:at+12])) - 1) * pageSize
	}
	if b[at] != 0x0d {
		t.Fatalf("the requests table's page at %d is of type %#x, not a table leaf", at, b[at])
	}
	// The cell count and the start of the cell content area, flipped.
	for _, off := range []int64{3, 4, 5, 6} {
		b[at+off] ^= 0xa5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if integrityProblems(path) == "" {
		t.Fatal("SQLite finds nothing wrong with the flipped page")
	}
	ctx := context.Background()
	db, err := store.OpenExisting(ctx, path)
	if err != nil {
		t.Fatalf("the damaged store does not open, so verify cannot say why: %v", err)
	}
	defer db.Close()
	res, err := service.New(db).VerifyAudit(ctx)
	if err != nil {
		t.Fatalf("verify gave up with %v, want the damage named", err)
	}
	if res.OK() || len(res.File.Problems) == 0 || res.File.Check != "integrity_check" {
		t.Fatalf("verify passed a damaged file: %+v", res)
	}
}

// TestTrustFlippedBytesAreCaught: 30 copies of a demo store, each with 16
// bytes flipped at random offsets after the file's header page (a fixed
// seed): every copy SQLite's integrity check finds damaged, and every
// copy whose records were changed, is caught by verify (refused at open,
// the file check, the chain, or the state against the trail). The figures
// are logged for the record (go test -run FlippedBytes -v ./store).
func TestTrustFlippedBytesAreCaught(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("30 stores")
	}
	dir := t.TempDir()
	base := demoStoreFile(t, dir)
	orig, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint16(orig[16:18]))
	const stores, flips = 30, 16
	rng := rand.New(rand.NewPCG(17, 2026))
	var damaged, caught, damagedCaught, silent int
	for i := range stores {
		b := append([]byte(nil), orig...)
		for range flips {
			off := pageSize + rng.IntN(len(b)-pageSize)
			b[off] ^= byte(1 + rng.IntN(255))
		}
		path := filepath.Join(dir, "flipped-"+string(rune('a'+i))+".db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		problem := integrityProblems(path)
		ok, said := verifyFile(path)
		if problem != "" {
			damaged++
			if ok {
				damagedCaught++
			} else {
				t.Errorf("store %d: SQLite finds %q, and verify passed it", i, problem)
			}
		}
		if ok {
			caught++
			t.Logf("store %2d caught: %s", i, said)
		} else if problem == "" {
			silent++
			t.Logf("store %2d passes: SQLite finds nothing and no record placematch checks changed (the flips fell in free space, indexes or what the trail does not cover)", i)
		}
	}
	t.Logf("%d stores with %d bytes flipped: %d damaged by SQLite's integrity check, all %d of those caught; %d caught in all; %d pass",
		stores, flips, damaged, damagedCaught, caught, silent)
	if damaged == 0 {
		t.Fatal("no flip damaged a store: the test tests nothing")
	}
}
