package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store"
)

// TestDemoGenerateInANewFile: on SQLite the region is made beside the store
// and put in its place whole: what a killed run left is removed, nothing is
// left beside the store, the store has every index of the schema and its
// write-ahead log, and its trail verifies.
func TestDemoGenerateInANewFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	leftover := store.GeneratingPath(h.db)
	if err := os.WriteFile(leftover, []byte("half a region from a killed run"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.ok("demo", "generate", "--providers", "60", "--requests", "40", "--seed", "2")
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("%s is still there after generating (%v)", leftover, err)
	}
	if st, err := os.Stat(h.db); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the store's file: %v, %v (want readable by its owner only)", st, err)
	}
	var mode string
	if err := h.sql("").QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	// Every index a store made by init has, with the same definition.
	want := h.indexes(t, newHarness(t).db)
	if got := h.indexes(t, h.db); got != want || !strings.Contains(got, "invitations_by_provider") {
		t.Errorf("the generated store's indexes differ from a new store's:\n%s\nwant\n%s", got, want)
	}
	var ok string
	if err := h.sql("").QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity check: %q %v", ok, err)
	}
	if v := h.ok("audit", "verify"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("audit verify: %s", v)
	}
}

// indexes are the CREATE INDEX statements of the store at path, sorted.
func (h *harness) indexes(t *testing.T, path string) string {
	t.Helper()
	o := &harness{t: h.t, db: path, kind: h.kind}
	rows, err := o.sql("").Query("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// TestDemoGenerateRefusesAStoreInUse: a store with anything in its trail
// would lose it to the new file, so it is refused, unchanged, with nothing
// left beside it.
func TestDemoGenerateRefusesAStoreInUse(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	key, _ := newKeyFile(t)
	h.ok("people", "add", "Ann Lee", "--key", key, "--officer", "Sefton")
	before := h.count("audit_events")
	h.fails(1, "changes in its audit trail", "demo", "generate", "--providers", "10", "--requests", "5")
	if n := h.count("audit_events"); n != before || h.count("people") != 1 || h.count("provider_lots") != 0 {
		t.Errorf("a refused generation changed the store: %d events (was %d), %d people", n, before, h.count("people"))
	}
	if _, err := os.Stat(store.GeneratingPath(h.db)); !os.IsNotExist(err) {
		t.Errorf("a refused generation left %s (%v)", store.GeneratingPath(h.db), err)
	}
}

// TestDemoGenerateRefusesAStoreOpenElsewhere: the region replaces the
// store's file, so while another program has it open (its write-ahead log
// still there, which would be read into the region) nothing is put in
// place, and the refusal says what to do.
func TestDemoGenerateRefusesAStoreOpenElsewhere(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	other := h.sql("")
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM audit_events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	h.fails(1, "is in use", "demo", "generate", "--providers", "10", "--requests", "5")
	if got := h.count("provider_lots"); got != 0 {
		t.Errorf("the store open elsewhere was filled: %d register rows", got)
	}
	if _, err := os.Stat(store.GeneratingPath(h.db)); !os.IsNotExist(err) {
		t.Errorf("a refused generation left %s (%v)", store.GeneratingPath(h.db), err)
	}
}

// TestDemoGenerateThroughALink: a store path that is a link to the store
// fills the store it names, and the link stays a link.
func TestDemoGenerateThroughALink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(h.db, link); err != nil {
		t.Fatal(err)
	}
	l := &harness{t: t, db: link, kind: h.kind, now: h.now}
	l.ok("demo", "generate", "--providers", "20", "--requests", "5", "--seed", "4")
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link %s is no longer a link: %v, %v", link, st, err)
	}
	if n := h.count("provider_lots"); n != 20 {
		t.Errorf("the store the link names has %d register rows, want 20", n)
	}
	if _, err := os.Stat(store.GeneratingPath(link)); !os.IsNotExist(err) {
		t.Errorf("a file was left beside the link: %v", err)
	}
}
