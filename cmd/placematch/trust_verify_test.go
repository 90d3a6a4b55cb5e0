package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"placematch/store/storetest"
)

// TestTrustAuditVerifyHoldsTheStateToTheTrail: at the command line, on
// either store, an intact store passes every check and says what the trail
// cannot prove; audit anchor prints COUNT:HASH, which verify --anchor
// holds; a forged award and price are each named, with exit 1; a malformed
// anchor is bad usage.
func TestTrustAuditVerifyHoldsTheStateToTheTrail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		id := newRequest(h)
		h.ok("request", "broadcast", id)
		h.now = h.now.Add(time.Hour)
		h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1100")
		anchor := strings.TrimSpace(h.ok("audit", "anchor"))
		if !regexp.MustCompile(`^\d+:[0-9a-f]{64}$`).MatchString(anchor) {
			t.Fatalf("audit anchor printed %q, want COUNT:HASH", anchor)
		}
		out := h.ok("audit", "verify", "--anchor", anchor)
		for _, w := range []string{"hash chain intact", "match the trail", "anchor " + anchor + ": held", "not proven by the trail:", "only an anchor kept outside the store"} {
			if !strings.Contains(out, w) {
				t.Errorf("audit verify does not say %q:\n%s", w, out)
			}
		}
		if kind == storetest.SQLite && !strings.Contains(out, "SQLite's integrity check passed") {
			t.Errorf("audit verify does not report the file's check:\n%s", out)
		}
		h.fails(2, "--anchor", "audit", "verify", "--anchor", "12:not-a-hash")

		// A price edited in the store, and the other offer's provider made
		// the request's award: both named, and the exit is 1.
		h.sql(rebindFor(kind, "UPDATE responses SET weekly_pence = 50000 WHERE request_id = ? AND provider_id = 'P002'"), id)
		h.sql(rebindFor(kind, "UPDATE requests SET awarded_to = 'P002' WHERE id = ?"), id)
		msg := h.fails(1, "the store differs from its audit trail in 2 place(s)", "audit", "verify")
		for _, w := range []string{id + " is awarded to P002 in the store, to nobody in the trail", "P002's answer to " + id + " in the store is not the one event"} {
			if !strings.Contains(msg, w) {
				t.Errorf("audit verify does not name %q:\n%s", w, msg)
			}
		}
		r := h.run("", "audit", "verify", "--json")
		if r.code != 1 || !strings.Contains(r.out, `"differences"`) {
			t.Errorf("audit verify --json: exit %d, %s", r.code, r.out)
		}
	})
}

func rebindFor(kind, q string) string {
	if kind != storetest.Postgres {
		return q
	}
	n := 0
	var b strings.Builder
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestTrustAuditVerifySaysAFileIsDamaged: a store file with a page of
// rows damaged still opens, and audit verify says plainly that the file is
// damaged, what SQLite found, and to restore it, with exit 1.
func TestTrustAuditVerifySaysAFileIsDamaged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	// The last page of the file is a page of rows of one of the tables
	// the import filled: its cell count and content start flipped.
	b, err := os.ReadFile(h.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(h.db + "-wal"); err == nil {
		t.Fatal("the store's WAL is still there: the test would damage an old page")
	}
	pageSize := int(b[16])<<8 | int(b[17])
	found := false
	for at := len(b) - pageSize; at >= pageSize; at -= pageSize {
		if b[at] == 0x0d && (int(b[at+3])<<8|int(b[at+4])) > 2 {
			for _, off := range []int{3, 4, 5, 6} {
				b[at+off] ^= 0xa5
			}
			found = true
			break
		}
	}
	if !found {
		t.Fatal("no page of rows found")
	}
	if err := os.WriteFile(h.db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	msg := h.fails(1, "the store file is damaged: SQLite's integrity check reports", "audit", "verify")
	if !strings.Contains(msg, "Restore the store from a backup") || strings.Contains(msg, "hash chain intact") {
		t.Errorf("audit verify on a damaged file said %q", msg)
	}
}
