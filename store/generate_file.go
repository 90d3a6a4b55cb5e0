package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A generated region is written into a new file beside the store it is
// for, with the settings SQLite allows for a file nobody else reads yet,
// and put in place by a rename once it is whole: a region of 50,000
// requests is millions of rows, and a store that is kept must not pay for
// a journal of them. A generation that fails or is killed leaves the new
// file behind (removed by the next) and the store as it was.

// sqliteBulk are the connection settings of a new file being filled: no
// journal (a failure discards the file, so nothing is rolled back), no
// syncing until it is whole, and foreign keys checked once at the end
// (BulkFile.Finish) rather than row by row.
const sqliteBulk = "_foreign_keys=off&_busy_timeout=15000&_journal_mode=OFF&_synchronous=OFF&_stmt_cache_size=64"

// BulkFile is a new SQLite store being filled by the region generator. Its
// secondary indexes are made once it is full (Finish), from the rows in
// order, rather than grown row by row.
type BulkFile struct {
	*DB
	path    string
	indexes []string // the CREATE INDEX statements of the schema, in order
}

// LockForGenerate takes the store at path for the generator alone, until
// release is called: refused, saying to close them, while anyone has it
// open (the app, a server, sqlite3, another generation), whose
// write-ahead log would otherwise be read into the region put in its
// place. It also removes what a generation that did not finish left
// beside it.
func LockForGenerate(ctx context.Context, path string) (release func(), err error) {
	lock, err := lockStore(ctx, path, "run demo generate")
	if err != nil {
		return nil, err
	}
	tmp := GeneratingPath(path)
	for _, p := range append([]string{""}, sidecars...) {
		if err := os.Remove(tmp + p); err != nil && !errors.Is(err, os.ErrNotExist) {
			lock.Close()
			return nil, fmt.Errorf("cannot remove %s, left by a generation that did not finish: %w (remove it by hand, then run demo generate again)", tmp+p, err)
		}
	}
	return func() { lock.Close() }, nil
}

// GeneratingPath is the file a region for the store at path is generated
// into before it is put in place.
func GeneratingPath(path string) string { return path + ".generating" }

// CreateBulk makes a new store at path (which must not exist) for the
// generator to fill. Finish puts it in place; Discard removes it.
func CreateBulk(ctx context.Context, path string) (*BulkFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot create %s to generate into (the region is made beside the store, so its folder must be one you can write in): %w", path, err)
	}
	f.Close()
	db, err := openSQLiteWith(ctx, path, sqliteBulk)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	b := &BulkFile{DB: db, path: path}
	if err := b.dropIndexes(ctx); err != nil {
		b.Discard()
		return nil, err
	}
	return b, nil
}

// dropIndexes drops the schema's own indexes (not those of its keys and
// UNIQUE constraints), keeping how to make them again.
func (b *BulkFile) dropIndexes(ctx context.Context) error {
	rows, err := b.writer.QueryContext(ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid")
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			rows.Close()
			return err
		}
		names, b.indexes = append(names, name), append(b.indexes, sql)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := b.writer.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return err
		}
	}
	return nil
}

// Finish makes the indexes, checks every foreign key, turns the file into a
// store like any other (its write-ahead log), syncs it and renames it to
// target, replacing what is there. On an error the file is removed and
// target left as it was.
func (b *BulkFile) Finish(ctx context.Context, target string) error {
	err := b.finish(ctx)
	if err == nil {
		err = b.DB.Close()
	}
	if err == nil {
		err = syncFile(b.path)
	}
	// Nothing of the store it replaces may be read into it.
	for _, side := range sidecars {
		if err == nil {
			if rerr := os.Remove(target + side); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
				err = rerr
			}
		}
	}
	if err == nil {
		err = os.Rename(b.path, target)
	}
	if err != nil {
		b.Discard()
		return fmt.Errorf("the generated region could not be put in place at %s, which was left as it was: %w", target, err)
	}
	// The rename itself survives a crash once the folder is synced.
	return syncFile(filepath.Dir(target))
}

func (b *BulkFile) finish(ctx context.Context) error {
	for _, sql := range b.indexes {
		if _, err := b.writer.ExecContext(ctx, sql); err != nil {
			return err
		}
	}
	rows, err := b.writer.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	var bad []string
	for rows.Next() && len(bad) < 5 {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			rows.Close()
			return err
		}
		bad = append(bad, fmt.Sprintf("a row of %s refers to a missing row of %s", table, parent))
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("the generated rows do not hold together: %s", strings.Join(bad, "; "))
	}
	_, err = b.writer.ExecContext(ctx, "PRAGMA journal_mode = WAL")
	return err
}

// Discard closes the file and removes it.
func (b *BulkFile) Discard() {
	b.DB.Close()
	os.Remove(b.path)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
