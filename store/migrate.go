package store

import (
	"context"
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
	// version reads the version of the schema as it stands, in the
	// migration's transaction (which holds the store's write lock).
	version(t *txn) (int, error)
	// setVersion records it, in the same transaction.
	setVersion(t *txn, v int) error
}

func newerStore(name string, version, known int) error {
	return matching.Conflictf("the store %s was written by a newer version of placematch (schema %d; this program knows up to %d): upgrade placematch to use it; it was left unchanged", name, version, known)
}

// migrate brings a store's schema up to date, each migration in a
// transaction of its own with the record of its version; the first seeds
// the reference data. The version is read under the store's write lock,
// so two programs opening a new store at once make it once. A store with a
// newer schema is refused unchanged.
func migrate(ctx context.Context, db *DB, sc schema) error {
	files := migrations(db.d.name())
	// Most opens find the schema up to date: seen from a read, without
	// waiting for the write lock (which busy writers hold).
	if t, err := db.d.beginRead(ctx, db.reader); err == nil {
		v, err := sc.version(t)
		t.tx.Rollback()
		t.release()
		if err == nil && v == len(files) {
			return nil
		}
	}
	for {
		t, err := db.d.beginWrite(ctx, db.writer)
		if err != nil {
			return db.mapErr(fmt.Errorf("cannot open the store %s: %w", db.name, err))
		}
		done, err := migrateOne(t, db, sc, files)
		if err == nil {
			err = t.tx.Commit()
		} else {
			t.tx.Rollback()
		}
		t.release()
		if err != nil {
			return db.mapErr(err)
		}
		if done {
			return nil
		}
	}
}

// migrateOne applies the next migration, or reports that there is none.
func migrateOne(t *txn, db *DB, sc schema, files []string) (done bool, err error) {
	v, err := sc.version(t)
	if err != nil {
		return false, fmt.Errorf("cannot read the store %s (is it a placematch store?): %w", db.name, err)
	}
	if v > len(files) {
		return false, newerStore(db.name, v, len(files))
	}
	if v == len(files) {
		return true, nil
	}
	body, err := migrationFiles.ReadFile(files[v])
	if err != nil {
		return false, err
	}
	if _, err := t.tx.ExecContext(t.ctx, string(body)); err != nil {
		return false, fmt.Errorf("migration %s: %w", files[v], err)
	}
	if v == 0 {
		if err := seed(t); err != nil {
			return false, fmt.Errorf("seeding reference data: %w", err)
		}
	}
	return false, sc.setVersion(t, v+1)
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
