package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestTrustBackupNamesAreNeverURIs is the reported fault: a backup's name
// was read as an SQLite URI, so that 'x.db?mode=memory' "backed up" into
// memory and left a 0-byte file, 'b2.db#again' overwrote the backup b2.db,
// and 'z%2e.db' wrote z..db with mode 0644. A backup goes to exactly the
// path given, owner-only, a whole store, and never over a file.
func TestTrustBackupNamesAreNeverURIs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		db := storetest.Open(t, kind)
		svc := service.New(db)
		if _, err := svc.SetSettings(ctx, "t", map[string]string{"mail-from": "dps@example.org"}); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"x.db?mode=memory", "b2.db#again", "z%2e.db", "a b;c=d&e.db", "q.db?_journal_mode=DELETE&cache=shared", "plain.db"} {
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				// Files a wrong reading of the name would write to.
				existing := map[string]string{"b2.db": "an earlier backup", "x.db": "another file", "z..db": "a third", "q.db": "a fourth"}
				for n, content := range existing {
					if err := os.WriteFile(filepath.Join(dir, n), []byte(content), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				path := filepath.Join(dir, name)
				if err := svc.Backup(ctx, "t", path); err != nil {
					t.Fatalf("backup %q: %v", name, err)
				}
				st, err := os.Stat(path)
				if err != nil {
					t.Fatalf("backup %q wrote no file at that path: %v", name, err)
				}
				if st.Mode().Perm() != 0o600 || st.Size() == 0 {
					t.Errorf("backup %q: mode %v, %d bytes; want 0600 and a whole store", name, st.Mode().Perm(), st.Size())
				}
				var got []string
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					got = append(got, e.Name())
				}
				for n, content := range existing {
					if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(b) != content {
						t.Errorf("backup %q changed %s: %q, %v", name, n, b, err)
					}
				}
				if len(got) != len(existing)+1 || !slices.Contains(got, name) {
					t.Errorf("backup %q left the folder holding %q", name, got)
				}
				before, _ := os.ReadFile(path)
				err = svc.Backup(ctx, "t", path)
				if !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "already exists") {
					t.Errorf("a second backup to %q: %v, want a refusal", name, err)
				}
				if after, _ := os.ReadFile(path); !slices.Equal(before, after) {
					t.Errorf("a second backup to %q changed it", name)
				}
				// The copy is a store whose settings are the original's.
				cp, err := store.Open(ctx, path)
				if err != nil {
					t.Fatalf("the backup %q does not open: %v", name, err)
				}
				defer cp.Close()
				s, err := service.New(cp).Settings(ctx)
				if err != nil || s.MailFrom != "dps@example.org" {
					t.Errorf("the backup %q holds settings %+v, %v", name, s, err)
				}
			})
		}
	})
}
