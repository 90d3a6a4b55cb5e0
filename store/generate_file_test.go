package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/service"
)

// TestBulkFileRefusesRowsThatDoNotHoldTogether: foreign keys are checked
// once, when the file is finished; a row that refers to nothing stops it,
// the file is removed and the target left as it was.
func TestBulkFileRefusesRowsThatDoNotHoldTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	target := filepath.Join(dir, "pm.db")
	if err := os.WriteFile(target, []byte("as it was"), 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := GeneratingPath(target)
	b, err := CreateBulk(ctx, tmp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CreateBulk(ctx, tmp); err == nil {
		t.Error("a second CreateBulk on the same file was not refused")
	}
	err = b.Update(ctx, func(tx service.Tx) error {
		_, err := tx.(*txn).exec(`INSERT INTO invitations(request_id, provider_id, provider_name, quality, cover_until)
			VALUES ('NOPE-2026-0001', 'P404', 'Nobody', 1, 18)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Finish(ctx, target)
	if err == nil || !strings.Contains(err.Error(), "a row of invitations refers to a missing row of") || !strings.Contains(err.Error(), "left as it was") {
		t.Fatalf("Finish said %v", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "as it was" {
		t.Errorf("the target was changed: %q", got)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the refused file is still there (%v)", err)
	}
}

// TestBulkFileMakesItsIndexesAtTheEnd: the schema's indexes are dropped
// while the file is filled and made again, the same, when it is finished.
func TestBulkFileMakesItsIndexesAtTheEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	target := filepath.Join(dir, "pm.db")
	b, err := CreateBulk(ctx, GeneratingPath(target))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.indexes) == 0 {
		t.Fatal("no index was kept to make at the end")
	}
	var n int
	if err := b.writer.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d indexes while filling (%v), want none", n, err)
	}
	if err := b.Finish(ctx, target); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.writer.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").Scan(&n); err != nil || n != len(b.indexes) {
		t.Errorf("%d indexes once finished (%v), want %d", n, err, len(b.indexes))
	}
}
