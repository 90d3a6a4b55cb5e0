package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestTrustAuditWrittenCountsCommittedEvents: the store records how many
// events it wrote, in the same transaction, so that deleting the newest
// events cannot pass for a shorter trail; a rolled-back write counts nothing.
func TestTrustAuditWrittenCountsCommittedEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	written := func() int64 {
		t.Helper()
		var n int64
		if err := db.View(ctx, func(tx service.Tx) error {
			var err error
			n, err = tx.AuditWritten()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := written(); n != 0 {
		t.Fatalf("a new store says %d events were written", n)
	}
	appendN := func(k int, fail error) error {
		return db.Update(ctx, func(tx service.Tx) error {
			for range k {
				if err := tx.AppendEvents(matching.Event{At: time.Now(), Actor: "t", Action: "x"}); err != nil {
					return err
				}
			}
			return fail
		})
	}
	if err := appendN(3, nil); err != nil {
		t.Fatal(err)
	}
	if err := appendN(2, nil); err != nil {
		t.Fatal(err)
	}
	if n := written(); n != 5 {
		t.Fatalf("written %d, want 5", n)
	}
	if err := appendN(4, errors.New("boom")); err == nil {
		t.Fatal("a failing update succeeded")
	}
	if n := written(); n != 5 {
		t.Fatalf("a rolled-back update moved the count to %d", n)
	}
	// Deleting the newest event: the chain verifies, the count does not.
	if _, err := db.writer.Exec("DELETE FROM audit_events WHERE seq = 5"); err != nil {
		t.Fatal(err)
	}
	v := matching.NewChainVerifier()
	if err := db.View(ctx, func(tx service.Tx) error {
		return tx.EachEvent(func(e matching.Event) error {
			if b := v.Next(e); b != nil {
				t.Fatalf("chain broken at %v", b)
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	b := v.End(written())
	if b == nil || b.Seq != 5 {
		t.Fatalf("the missing newest event was not found: %v", b)
	}
}
