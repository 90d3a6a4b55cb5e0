package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store"
	"placematch/store/storetest"
)

// TestRegionStoreFromTheCommandLine: a store on PostgreSQL made with init
// (which sets up the app's role), used by the commands, its messages sent
// to an outbox folder (or, with none given, kept queued and the reason
// said), backed up to an SQLite file that the commands open and verify.
func TestRegionStoreFromTheCommandLine(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	h := newHarnessOn(t, storetest.Postgres)
	out := h.ok("init")
	if !strings.Contains(out, "store ready at postgres://") || !strings.Contains(out, "GRANT "+store.AppRole+" TO <login>") {
		t.Fatalf("init said %q", out)
	}
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	sent, err := os.ReadDir(h.outbox)
	if err != nil || len(sent) == 0 {
		t.Fatalf("no invitation in the outbox folder %s: %v", h.outbox, err)
	}
	// Without an outbox folder or a relay, messages stay queued and say why,
	// once: nothing is tried, so nothing is recorded as failed.
	h.outbox = ""
	if r := h.run("", "request", "extend", id, "--deadline", "2026-11-26 18:00"); r.code != 0 || !strings.Contains(r.err, "could not be sent yet") {
		t.Fatalf("request extend with nowhere to send: exit %d, %q %q", r.code, r.out, r.err)
	}
	r := h.run("", "outbox", "send")
	if r.code != 1 || !strings.Contains(r.err, "nothing sent") || !strings.Contains(r.err, "--outbox DIR") || strings.Count(r.err, "\n") > 1 {
		t.Fatalf("outbox send with nowhere to send: exit %d, %q %q", r.code, r.out, r.err)
	}
	// Given a folder, what stayed queued is sent, each message once.
	h.outbox = filepath.Join(t.TempDir(), "later")
	if out := h.ok("outbox", "send"); !strings.HasPrefix(out, "sent ") || strings.HasPrefix(out, "sent 0,") || !strings.Contains(out, "failed 0") {
		t.Fatalf("outbox send to a folder after: %q", out)
	}
	if again := h.ok("outbox", "send"); !strings.HasPrefix(again, "sent 0, failed 0") {
		t.Fatalf("a second send sent again: %q", again)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	h.ok("backup", backup)
	if out := h.ok("audit", "verify"); !strings.Contains(out, "hash chain intact") {
		t.Fatalf("verify on PostgreSQL said %q", out)
	}
	c := &harness{t: t, db: backup, kind: storetest.SQLite, now: h.now}
	if out := c.ok("audit", "verify"); !strings.Contains(out, "hash chain intact") {
		t.Fatalf("verify on the backup said %q", out)
	}
	if a, b := h.ok("request", "list"), c.ok("request", "list"); a != b {
		t.Fatalf("the backup lists\n%s\nthe store\n%s", b, a)
	}
}

// TestStoreURLsRefusedClearly: a store URL with a password, or of a kind
// placematch does not know, is refused with one line saying what to do, and
// nothing is made in the working folder.
func TestStoreURLsRefusedClearly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.db = "postgres://pm:secret@127.0.0.1:1/pm"
	if msg := h.fails(1, "PGPASSWORD", "request", "list"); strings.Contains(msg, "secret") {
		t.Errorf("the refusal repeats the password: %q", msg)
	}
	h.db = "mysql://root@localhost/pm"
	h.fails(1, "a mysql: URL", "request", "list")
	for _, name := range []string{"postgres:", "mysql:"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("a folder %q was made in the working folder", name)
		}
	}
}
