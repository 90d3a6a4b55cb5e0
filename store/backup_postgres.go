package store

import (
	"context"
	"fmt"
	"os"

	"placematch/matching"
	"placematch/service"
)

// backupTables are the tables a backup copies, parents before children.
// The reference data (councils, frameworks, lots, vocabulary) is seeded
// alike in every store and not copied, but for the purchasers added to it
// (see backupWhere).
var backupTables = []string{
	"councils", "purchasers", "framework_members", "framework_terms", "framework_extensions",
	"council_settings", "council_contacts", "settings", "providers", "provider_lots", "counters", "not_invited_lists", "requests", "invitations",
	"not_invited", "responses", "rankings", "audit_events", "letters", "deliveries",
	"placements", "placement_prices", "council_budgets",
}

// backupPostgres writes a consistent copy of a PostgreSQL store as an SQLite
// store file, which --db opens as it is (and restores by being used, or by
// being copied back). Every table is read in one snapshot while others keep
// working; the audit trail is copied event for event, so the copy verifies.
// It reads every row, so it needs the store owner's connection.
func (db *DB) backupPostgres(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return matching.Conflictf("%s already exists: choose a new file name for the backup", path)
	}
	var owner bool
	if err := db.reader.QueryRowContext(ctx, `SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c
		WHERE c.oid = to_regclass('placematch_schema')`).Scan(&owner); err != nil {
		return db.mapErr(err)
	}
	if !owner {
		return matching.Conflictf("a backup of a PostgreSQL store reads every row, so it is made with the store owner's connection: placematch --db OWNER_URL backup %s", path)
	}
	if err := newBackupFile(path); err != nil {
		return err
	}
	dst, err := openSQLite(ctx, path)
	if err != nil {
		os.Remove(path)
		return err
	}
	ok := false
	defer func() {
		dst.Close()
		if !ok {
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}
	}()
	err = db.View(ctx, func(stx service.Tx) error {
		src := stx.(*txn)
		return dst.Update(ctx, func(dtx service.Tx) error {
			for _, table := range backupTables {
				if err := copyTable(src, dtx.(*txn), table); err != nil {
					return fmt.Errorf("copying %s: %w", table, err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("backup to %s failed: %w", path, err)
	}
	ok = true
	return nil
}

// backupWhere keeps the rows of the reference tables that a store adds to
// its seed: its purchasers.
var backupWhere = map[string]string{
	"councils":          "slug IN (SELECT slug FROM purchasers)",
	"framework_members": "council IN (SELECT slug FROM purchasers)",
}

// copyTable copies every row of a table from one store's transaction into
// another's, column by column by name.
func copyTable(src, dst *txn, table string) error {
	q := "SELECT * FROM " + table
	if w, ok := backupWhere[table]; ok {
		q += " WHERE " + w
	}
	if table == "counters" {
		// The copy is a store of its own, with its own identity.
		q += " WHERE name != '" + identityCounter + "'"
	}
	rows, err := src.query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var batch [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		batch = append(batch, vals)
		if len(batch) == 5000 {
			if err := dst.d.insertRows(dst, table, cols, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return dst.d.insertRows(dst, table, cols, batch)
	}
	return nil
}
