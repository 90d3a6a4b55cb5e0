package main

// Restoring a backup: placematch restore puts a checked copy in place, with
// no journal of the old store beside it, records the restore in the trail,
// and no Message-ID sent before the restore is ever sent again.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"placematch/service"
	"placematch/store"
)

// emlNames takes the messages out of an outbox folder, as a mail system
// picking them up would, and returns their Message-IDs (the files' names).
func emlNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if id, ok := strings.CutSuffix(e.Name(), ".eml"); ok {
			out = append(out, id)
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// TestTrustRestoreNeverRepeatsAMessageID is the reported fault: after a
// backup was restored, a new request took an id already used and emailed
// before, with the same Message-IDs. With placematch restore the request id
// is taken again (the backup never saw it), but none of its messages
// repeats a Message-ID sent before; the restore is in the trail, which
// verifies, and the old store is kept.
func TestTrustRestoreNeverRepeatsAMessageID(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", trustRegister(t, t.TempDir(), 6, 6, 80))
	backup := filepath.Join(t.TempDir(), "before.db")
	h.ok("backup", backup)
	outbox := filepath.Join(filepath.Dir(h.db), "outbox")
	id1 := newRequest(h)
	h.ok("request", "broadcast", id1)
	sent1 := emlNames(t, outbox)
	if len(sent1) != 6 {
		t.Fatalf("the broadcast wrote %d messages, want 6", len(sent1))
	}

	out := h.ok("restore", backup)
	if !strings.Contains(out, "restored "+backup+" as the store "+h.db) || !strings.Contains(out, "the store it replaced is kept as "+h.db+".replaced-") {
		t.Fatalf("restore said %q", out)
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(h.db + side); err == nil {
			t.Errorf("the restored store has %s beside it", side)
		}
		// The backup, read to restore it, stays the one file it was.
		if _, err := os.Lstat(backup + side); err == nil {
			t.Errorf("the backup has %s beside it after the restore", side)
		}
	}
	if list := h.ok("request", "list"); strings.Contains(list, id1) {
		t.Errorf("the restored store lists the request made after the backup:\n%s", list)
	}
	trail := h.ok("audit", "list")
	if !strings.Contains(trail, "store restored: file: before.db; events: ") || !strings.Contains(trail, "; head: ") {
		t.Errorf("the trail does not record the restore:\n%s", trail)
	}
	if v := h.ok("audit", "verify"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("audit verify: %q", v)
	}

	id2 := newRequest(h)
	if id2 != id1 {
		t.Fatalf("the request after the restore is %s, want %s again (the backup never saw %s)", id2, id1, id1)
	}
	h.ok("request", "broadcast", id2)
	sent2 := emlNames(t, outbox)
	if len(sent2) != 6 {
		t.Fatalf("the second broadcast wrote %d messages, want 6", len(sent2))
	}
	for _, id := range sent2 {
		if slices.Contains(sent1, id) {
			t.Errorf("Message-ID %s was sent before the restore and again after", id)
		}
	}
}

// fileSum is what a file holds, to see that a refused restore changed
// nothing.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestTrustRestoreRefuses: what is not a whole placematch backup whose trail
// verifies, a store in use, and a store on PostgreSQL are refused with a
// clear message, and the store and its folder are left as they were.
func TestTrustRestoreRefuses(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", trustRegister(t, t.TempDir(), 40, 40, 80))
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	h.ok("backup", good)
	copyOf := func(name string, change func(path string)) string {
		t.Helper()
		b, err := os.ReadFile(good)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		change(p)
		return p
	}
	sqlOn := func(path, q string) {
		t.Helper()
		db, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a store at all\n"), 0o600)
	other := filepath.Join(dir, "other.db")
	sqlOn(other, "CREATE TABLE x(a); PRAGMA user_version = 5")
	damaged := copyOf("damaged.db", func(p string) {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		// 16 bytes flipped at the head of a page mid-file, where SQLite keeps
		// the page's own layout.
		at := st.Size() / 2 / 4096 * 4096
		b := make([]byte, 16)
		f.ReadAt(b, at)
		for i := range b {
			b[i] ^= 0xa5
		}
		f.WriteAt(b, at)
	})
	forged := copyOf("forged.db", func(p string) { sqlOn(p, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 1") })

	storeSum := fileSum(t, h.db)
	entries := func() []string {
		es, _ := os.ReadDir(filepath.Dir(h.db))
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	before := entries()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no such file", []string{"restore", filepath.Join(dir, "nothing.db")}, "there is no backup at"},
		{"not a store", []string{"restore", text}, "is not a placematch backup"},
		{"another program's database", []string{"restore", other}, "is not a whole placematch store (it has no audit trail)"},
		{"damaged", []string{"restore", damaged}, "the backup " + damaged + " is damaged ("},
		{"its trail does not verify", []string{"restore", forged}, "does not verify (its audit trail is broken: audit event 1 was altered"},
		{"the store itself", []string{"restore", h.db}, "is the store itself"},
		{"over a file that is no store", []string{"restore", good, "--to", text}, "is not a placematch store, and restore will not replace it"},
		{"on PostgreSQL", []string{"--db", "postgres://dps@127.0.0.1:1/placematch", "restore", good}, "pg_restore"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := *h
			sub.t = t
			sub.fails(1, c.want, c.args...)
			if fileSum(t, h.db) != storeSum || !slices.Equal(entries(), before) {
				t.Errorf("a refused restore changed the store or its folder: %q, was %q", entries(), before)
			}
		})
	}
	if fileSum(t, text) != sha256.Sum256([]byte("not a store at all\n")) {
		t.Error("a refused restore changed the file it would have replaced")
	}

	// A store in use, here by a service in this process as the app would
	// hold it, is not replaced under it.
	db, err := store.Open(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.New(db).Requests(context.Background(), service.RequestFilter{}); err != nil {
		t.Fatal(err)
	}
	h.fails(1, "is in use (the app, a server or another command has it open", "restore", good)
	db.Close()
	if !slices.Equal(entries(), before) {
		t.Errorf("a refused restore left %q, was %q", entries(), before)
	}
	h.ok("restore", good)

	// To a new path: nothing is replaced, and the store there verifies.
	fresh := filepath.Join(t.TempDir(), "new", "store.db")
	if out := h.ok("restore", good, "--to", fresh); strings.Contains(out, "kept as") || !strings.Contains(out, "as the store "+fresh) {
		t.Errorf("restore to a new path said %q", out)
	}
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the restored store: %v, %v", st, err)
	}
	if v := h.ok("--db", fresh, "audit", "verify"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("audit verify: %q", v)
	}
}

// TestTrustRestoreLeavesNoStaleJournal: a store left with its WAL beside it
// (a process killed before it folded it in) is replaced whole: that WAL goes
// into the old store, kept aside, and none is left beside the restored one
// to be read into it.
func TestTrustRestoreLeavesNoStaleJournal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", trustRegister(t, t.TempDir(), 5, 5, 80))
	backup := filepath.Join(t.TempDir(), "b.db")
	h.ok("backup", backup)
	// A request written into the WAL, and the WAL kept as a killed process
	// would leave it.
	db, err := store.Open(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	h.ok("--outbox", t.TempDir(), "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "MC-1", "--initials", "JT",
		"--dob", "2010-06-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00")
	wal, err := os.ReadFile(h.db + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no WAL beside the open store: %v", err)
	}
	db.Close()
	if err := os.WriteFile(h.db+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	out := h.ok("restore", backup)
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(h.db + side); err == nil {
			t.Errorf("the restored store has %s beside it", side)
		}
	}
	if list := h.ok("request", "list"); strings.Contains(list, "MAN-2026-0001") {
		t.Errorf("the old store's WAL was read into the restored one:\n%s", list)
	}
	if v := h.ok("audit", "verify"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("audit verify: %q", v)
	}
	_, replaced, _ := strings.Cut(strings.TrimSpace(out), "kept as ")
	replaced, _, _ = strings.Cut(replaced, ":")
	if list := h.ok("--db", replaced, "request", "list"); !strings.Contains(list, "MAN-2026-0001") {
		t.Errorf("the store kept aside (%s) lost the request its WAL held:\n%s", replaced, list)
	}
}
