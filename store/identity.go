package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// identityCounter names the counter that holds the store's random
// identity (SQLite 0011, PostgreSQL 0005).
const identityCounter = "store-identity"

// identity is what a program that opened a store checks before each write,
// so that it never writes into a store that is no longer the one it opened:
// an SQLite file deleted, renamed or replaced (its device and inode), or a
// store dropped and made anew (its identity).
type identity struct {
	path string      // the SQLite file; "" on PostgreSQL
	file os.FileInfo // the file as opened
	id   int64       // the store's identity, read at open (0: none)
	name string      // the store, for messages
}

// errReplaced is the refusal of a write into a store that changed.
func (id *identity) errReplaced() error {
	if id.path != "" {
		return fmt.Errorf("the store file at %s was deleted or replaced since placematch opened it: nothing was written; restart placematch", id.path)
	}
	return fmt.Errorf("the store at %s was dropped or replaced since placematch opened it: nothing was written; restart placematch", id.name)
}

// checkFile reports whether the path still names the file that was opened.
// A file deleted while SQLite holds it open is kept until it is closed, so
// its inode cannot pass to another file meanwhile.
func (id *identity) checkFile() error {
	if id == nil || id.path == "" {
		return nil
	}
	st, err := os.Stat(id.path)
	if err != nil || !os.SameFile(st, id.file) {
		return id.errReplaced()
	}
	return nil
}

// check is run in each write transaction, holding the store's write lock:
// the file, and the identity recorded in the store.
func (id *identity) check(t *txn) error {
	if id == nil {
		return nil
	}
	if err := id.checkFile(); err != nil {
		return err
	}
	got, err := readIdentity(t)
	if err != nil {
		return fmt.Errorf("%w (%v)", id.errReplaced(), err)
	}
	if got != id.id {
		return id.errReplaced()
	}
	return nil
}

// readIdentity is the store's identity, 0 when it has none.
func readIdentity(t *txn) (int64, error) {
	var v int64
	err := t.queryRow("SELECT value FROM counters WHERE name = ?", identityCounter).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// recordIdentity reads the identity of a store just opened (and brought up
// to date), for check.
func (db *DB) recordIdentity(ctx context.Context, path string, file os.FileInfo) error {
	t, err := db.d.beginRead(ctx, db.reader)
	if err != nil {
		return db.mapErr(err)
	}
	defer t.release()
	defer t.tx.Rollback()
	id, err := readIdentity(t)
	if err != nil {
		return db.mapErr(err)
	}
	db.ident = &identity{path: path, file: file, id: id, name: db.name}
	return nil
}
