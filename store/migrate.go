package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"placematch/matching"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrations are the files of a dialect's history, in order: a store at
// version N has had the first N applied.
func migrations(dialect string) []string {
	entries, err := fs.Glob(migrationFiles, "migrations/"+dialect+"/*.sql")
	if err != nil {
		panic("store: the embedded migrations cannot be listed: " + err.Error())
	}
	sort.Strings(entries)
	return entries
}

// SchemaVersion is the newest SQLite schema this program knows.
func SchemaVersion() int { return len(migrations("sqlite")) }

// schema is how a dialect keeps its store's schema version.
type schema interface {
	// version reads the version of the schema as it stands.
	version(ctx context.Context, db *sql.DB) (int, error)
	// setVersion records it, in the migration's transaction.
	setVersion(ctx context.Context, tx *sql.Tx, v int) error
}

func newerStore(name string, version, known int) error {
	return matching.Conflictf("the store %s was written by a newer version of placematch (schema %d; this program knows up to %d): upgrade placematch to use it; it was left unchanged", name, version, known)
}

// migrate brings a store's schema up to date, each migration in a
// transaction of its own with the record of its version; the first seeds
// the reference data. A store with a newer schema is refused unchanged.
func migrate(ctx context.Context, db *DB, sc schema) error {
	files := migrations(db.d.name())
	v, err := sc.version(ctx, db.writer)
	if err != nil {
		return db.mapErr(fmt.Errorf("cannot read the store %s (is it a placematch store?): %w", db.name, err))
	}
	if v > len(files) {
		return newerStore(db.name, v, len(files))
	}
	for i := v; i < len(files); i++ {
		body, err := migrationFiles.ReadFile(files[i])
		if err != nil {
			return err
		}
		t, err := db.d.beginWrite(ctx, db.writer)
		if err != nil {
			return db.mapErr(err)
		}
		err = func() error {
			if _, err := t.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", files[i], err)
			}
			if i == 0 {
				if err := seed(t); err != nil {
					return fmt.Errorf("seeding reference data: %w", err)
				}
			}
			return sc.setVersion(ctx, t.tx, i+1)
		}()
		if err == nil {
			err = t.tx.Commit()
		} else {
			t.tx.Rollback()
		}
		t.release()
		if err != nil {
			return db.mapErr(err)
		}
	}
	return nil
}

// seed writes the reference data (see matching/reference.go) into a new
// store.
func seed(t *txn) error {
	for _, c := range matching.Councils() {
		if _, err := t.exec("INSERT INTO councils(slug, name, gss) VALUES (?,?,?)", c.Slug, c.Name, c.GSS); err != nil {
			return err
		}
	}
	for _, f := range matching.Frameworks() {
		if _, err := t.exec("INSERT INTO frameworks(code, name, lead, admit_months, note) VALUES (?,?,?,?,?)", f.Code, f.Name, f.Lead, f.AdmitMonths, f.ContractNote); err != nil {
			return err
		}
		for _, m := range f.Members() {
			if _, err := t.exec("INSERT INTO framework_members(framework, council) VALUES (?,?)", f.Code, m); err != nil {
				return err
			}
		}
		for _, l := range f.Lots() {
			if _, err := t.exec("INSERT INTO lots(framework, code, name, min_age, max_age) VALUES (?,?,?,?,?)", f.Code, l.Code, l.Name, l.MinAge, l.MaxAge); err != nil {
				return err
			}
		}
	}
	for _, kind := range []string{"need", "risk"} {
		tags := matching.Needs()
		if kind == "risk" {
			tags = matching.Risks()
		}
		for _, tag := range tags {
			if _, err := t.exec("INSERT INTO vocabulary(kind, tag) VALUES (?,?)", kind, tag); err != nil {
				return err
			}
		}
	}
	return nil
}
