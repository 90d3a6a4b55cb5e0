package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	sqlite3 "github.com/mattn/go-sqlite3"

	"placematch/matching"
)

// openSQLite opens (creating if need be) the store at path, readable by its
// owner only, and brings its schema up to date. A store written by a newer
// version of placematch is refused unchanged.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	return openSQLiteWith(ctx, path, sqliteLive)
}

// sqliteLive are the connection settings of a store in use: foreign keys
// checked, a write-ahead log, synced at each checkpoint.
const sqliteLive = "_foreign_keys=on&_busy_timeout=15000&_journal_mode=WAL&_synchronous=NORMAL&_stmt_cache_size=64"

// openSQLiteWith is openSQLite with the connection settings given (see
// sqliteLive, and sqliteBulk for a new file the generator fills).
func openSQLiteWith(ctx context.Context, path, settings string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for the store %s: %w", dir, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the store %s: %w", path, err)
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("cannot open the store %s: %w", path, err)
	}
	// A file that is not SQLite is refused before anything touches it.
	if _, ok := headerVersion(path); !ok && st.Size() > 0 {
		return nil, matching.Invalidf("%s is not a placematch store: give the path of a store, or a new file name to create one", path)
	}
	// A store from a newer placematch is refused before SQLite opens it:
	// opening it here would switch its journal to WAL, changing it.
	if v, ok := headerVersion(path); ok && v > SchemaVersion() {
		return nil, newerStore(path, v, SchemaVersion())
	}
	// Each connection keeps its compiled statements (an operation that
	// writes thousands of rows would otherwise compile the same SQL for
	// each). The writer may keep up to 256 MB of pages, so that the indexes
	// of a region's store stay in memory while an import, a broadcast or the
	// generator adds to them (generating 10,000 requests: 49 s with
	// SQLite's default 2 MB, 36 s with 256 MB); the cache fills only as far
	// as writes reach, and readers keep the default.
	base := fileURI(path) + "?" + settings
	writer, err := sql.Open("sqlite3", base+"&_txlock=immediate&_cache_size=-"+strconv.Itoa(writerCacheKB))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	reader, err := sql.Open("sqlite3", base+"&_query_only=on")
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(4)
	db := &DB{d: sqliteDialect{}, name: path, writer: writer, reader: reader}
	if err := migrate(ctx, db, sqliteSchema{}); err != nil {
		db.Close()
		return nil, err
	}
	// What each write checks first: this file, and this store.
	opened, err := os.Stat(path)
	if err == nil {
		err = db.recordIdentity(ctx, path, opened)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open the store %s: %w", path, err)
	}
	// Tighten a store made under someone else's umask, and its WAL and SHM,
	// once it is known to be a placematch store.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				db.Close()
				return nil, fmt.Errorf("cannot make the store %s private: %w", p, err)
			}
		}
	}
	return db, nil
}

// fileURI is the SQLite URI of the file at path, exactly: every character
// that a URI would read ('?', '#', '%' and the like) escaped, so that a name
// such as "x.db?mode=memory" or "z%2e.db" is that file and nothing else.
// Every SQLite file placematch opens is opened through it.
func fileURI(path string) string {
	return "file:" + url.PathEscape(path)
}

// headerVersion reads the schema version (SQLite's user_version) from the
// file's header without opening it, when the file is an SQLite database.
// In WAL mode a newer version may sit in the WAL instead; migrate catches
// that, and opening a WAL store does not change its journal mode.
func headerVersion(path string) (int, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return 0, false
	}
	return int(int32(binary.BigEndian.Uint32(h[60:64]))), true
}

// diskFull reports whether err is SQLite's (or the system's) saying the
// disk is full: SQLite says "disk I/O error" when it cannot grow its
// shared-memory or journal file, with the system's ENOSPC beside it.
func diskFull(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrFull || se.SystemErrno == syscall.ENOSPC
	}
	return errors.Is(err, syscall.ENOSPC)
}

// sqliteSchema keeps the schema version in SQLite's user_version.
type sqliteSchema struct{}

func (sqliteSchema) version(t *txn) (int, error) {
	var v int
	err := t.queryRow("PRAGMA user_version").Scan(&v)
	return v, err
}

func (sqliteSchema) setVersion(t *txn, v int) error {
	_, err := t.exec("PRAGMA user_version = " + strconv.Itoa(v))
	return err
}

// sqliteDialect is SQLite's: ? placeholders, a single writer connection
// that takes the write lock at BEGIN (the DSN's _txlock=immediate), so two
// writers queue rather than deadlock.
type sqliteDialect struct{}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) chr(n int) string       { return "char(" + strconv.Itoa(n) + ")" }
func (sqliteDialect) randomHex(n int) string {
	return "lower(hex(randomblob(" + strconv.Itoa(n) + ")))"
}

func (d sqliteDialect) beginWrite(ctx context.Context, db *sql.DB) (*txn, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &txn{tx: tx, ctx: ctx, d: d, writer: db}, nil
}

func (d sqliteDialect) beginRead(ctx context.Context, db *sql.DB) (*txn, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	return &txn{tx: tx, ctx: ctx, d: d, readOnly: true, reads: db}, nil
}

func (sqliteDialect) insertRows(t *txn, table string, cols []string, rows [][]any) error {
	return valuesInsert(t, table, cols, rows, "")
}

func (sqliteDialect) upsertRows(t *txn, table string, cols []string, keys int, rows [][]any) error {
	return valuesInsert(t, table, cols, rows, onConflict(cols, keys))
}

func (sqliteDialect) mapErr(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return matching.Conflictf("the store is busy with another user's change: try again in a moment")
		case sqlite3.ErrConstraint:
			return matching.Conflictf("that change conflicts with the store's records (%s): reload and try again", se.Error())
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
			return fmt.Errorf("the store cannot be written (%s): check the file's permissions and free disk space", se.Error())
		case sqlite3.ErrFull:
			return fmt.Errorf("the disk is full: free some space and try again")
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return fmt.Errorf("the store file is damaged or not a placematch store (%s): restore it from a backup", se.Error())
		}
	}
	return err
}
