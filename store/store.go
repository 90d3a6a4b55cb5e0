// Package store keeps placematch's data in a SQLite file. SQL lives here and
// nowhere else. Migrations are embedded and applied on open; each business
// operation is one transaction; driver errors are mapped to matching's error
// kinds in one place.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"placematch/matching"
	"placematch/service"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is a placematch store on one SQLite file. Writes go through a single
// connection that takes the write lock at BEGIN (so two writers queue rather
// than deadlock); reads use their own pool and never wait for writers (WAL).
type DB struct {
	path   string
	writer *sql.DB
	reader *sql.DB
}

var _ service.Store = (*DB)(nil)

// SchemaVersion is the newest schema this program knows.
func SchemaVersion() int {
	n, _ := migrations()
	return len(n)
}

func migrations() ([]string, error) {
	entries, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(entries)
	return entries, nil
}

// Open opens (creating if need be) the store at path, readable by its owner
// only, and brings its schema up to date. A store written by a newer version
// of placematch is refused unchanged.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, matching.Invalidf("no store path given: pass --db PATH or set PLACEMATCH_DB")
	}
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
		return nil, newerStore(path, v)
	}
	// Each connection keeps its compiled statements (an operation that
	// writes thousands of rows would otherwise compile the same SQL for
	// each). The writer may keep up to 256 MB of pages, so that the indexes
	// of a region's store stay in memory while an import, a broadcast or the
	// generator adds to them (generating 10,000 requests: 49 s with
	// SQLite's default 2 MB, 36 s with 256 MB); the cache fills only as far
	// as writes reach, and readers keep the default.
	base := "file:" + url.PathEscape(path) + "?_foreign_keys=on&_busy_timeout=15000&_journal_mode=WAL&_synchronous=NORMAL&_stmt_cache_size=64"
	writer, err := sql.Open("sqlite3", base+"&_txlock=immediate&_cache_size=-262144")
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
	db := &DB{path: path, writer: writer, reader: reader}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
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

func newerStore(path string, version int) error {
	return matching.Conflictf("the store %s was written by a newer version of placematch (schema %d; this program knows up to %d): upgrade placematch to use it; it was left unchanged", path, version, SchemaVersion())
}

// Path is the file the store lives in.
func (db *DB) Path() string { return db.path }

// Close releases the store.
func (db *DB) Close() error {
	err1 := db.reader.Close()
	err2 := db.writer.Close()
	return errors.Join(err1, err2)
}

func (db *DB) migrate(ctx context.Context) error {
	files, err := migrations()
	if err != nil {
		return err
	}
	var version int
	if err := db.writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return mapErr(fmt.Errorf("cannot read the store %s (is it a placematch store?): %w", db.path, err))
	}
	if version > len(files) {
		return newerStore(db.path, version)
	}
	for i := version; i < len(files); i++ {
		body, err := migrationFiles.ReadFile(files[i])
		if err != nil {
			return err
		}
		tx, err := db.writer.BeginTx(ctx, nil)
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", files[i], err)
		}
		if i == 0 {
			if err := seed(ctx, tx); err != nil {
				tx.Rollback()
				return fmt.Errorf("seeding reference data: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

func seed(ctx context.Context, tx *sql.Tx) error {
	for _, c := range matching.Councils() {
		if _, err := tx.ExecContext(ctx, "INSERT INTO councils(slug, name, gss) VALUES (?,?,?)", c.Slug, c.Name, c.GSS); err != nil {
			return err
		}
	}
	for _, f := range matching.Frameworks() {
		if _, err := tx.ExecContext(ctx, "INSERT INTO frameworks(code, name, lead, admit_months, note) VALUES (?,?,?,?,?)", f.Code, f.Name, f.Lead, f.AdmitMonths, f.ContractNote); err != nil {
			return err
		}
		for _, m := range f.Members() {
			if _, err := tx.ExecContext(ctx, "INSERT INTO framework_members(framework, council) VALUES (?,?)", f.Code, m); err != nil {
				return err
			}
		}
		for _, l := range f.Lots() {
			if _, err := tx.ExecContext(ctx, "INSERT INTO lots(framework, code, name, min_age, max_age) VALUES (?,?,?,?,?)", f.Code, l.Code, l.Name, l.MinAge, l.MaxAge); err != nil {
				return err
			}
		}
	}
	for kind, tags := range map[string][]string{"need": matching.Needs(), "risk": matching.Risks()} {
		for _, t := range tags {
			if _, err := tx.ExecContext(ctx, "INSERT INTO vocabulary(kind, tag) VALUES (?,?)", kind, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// Update runs fn in one write transaction.
func (db *DB) Update(ctx context.Context, fn func(service.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	t := &txn{tx: tx, ctx: ctx}
	if err := fn(t); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	if err := t.recordAuditHead(); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// View runs fn in a read-only transaction: a consistent snapshot.
func (db *DB) View(ctx context.Context, fn func(service.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	return mapErr(fn(&txn{tx: tx, ctx: ctx, readOnly: true}))
}

// mapErr is the one place driver errors become domain errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if matching.KindOf(err) != 0 {
		return err
	}
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
	if errors.Is(err, sql.ErrNoRows) {
		return matching.NotFoundf("not found")
	}
	return err
}

type txn struct {
	tx       *sql.Tx
	ctx      context.Context
	readOnly bool
	// lastEvent is the last audit event this transaction appended, and
	// lastHash its hash.
	lastEvent int64
	lastHash  string
}

func (t *txn) exec(q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, q, args...)
}

func (t *txn) query(q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, q, args...)
}

func (t *txn) queryRow(q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, q, args...)
}

// Times are stored as RFC 3339 in UTC with nanoseconds, so text order is time
// order; the zero time is stored as "".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, ok := parseStamp(s); ok {
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// parseStamp reads a time written in timeLayout, as every stored time is,
// without time.Parse: a list of a region's requests reads a hundred
// thousand of them, and the audit check nearly a million. Anything else, or
// a date that does not exist, is left to time.Parse.
func parseStamp[T ~string | ~[]byte](s T) (time.Time, bool) {
	if len(s) != len(timeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[29] != 'Z' {
		return time.Time{}, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 5, 7)
	d, ok3 := digits(s, 8, 10)
	h, ok4 := digits(s, 11, 13)
	mi, ok5 := digits(s, 14, 16)
	se, ok6 := digits(s, 17, 19)
	ns, ok7 := digits(s, 20, 29)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, ns, time.UTC)
	if t.Day() != d || t.Month() != time.Month(mo) {
		return time.Time{}, false // 30 February and the like
	}
	return t, true
}

// parseDay reads a date written as YYYY-MM-DD, as parseStamp does a time.
func parseDay[T ~string | ~[]byte](s T) (time.Time, bool) {
	if len(s) != len(matching.DateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 5, 7)
	d, ok3 := digits(s, 8, 10)
	if !(ok1 && ok2 && ok3) || mo < 1 || mo > 12 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != time.Month(mo) {
		return time.Time{}, false
	}
	return t, true
}

func digits[T ~string | ~[]byte](s T, from, to int) (int, bool) {
	n := 0
	for i := from; i < to; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(matching.DateLayout)
}

func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, ok := parseDay(s); ok {
		return t
	}
	t, _ := time.Parse(matching.DateLayout, s)
	return t
}

func joinTags(xs []string) string { return strings.Join(xs, ";") }

func splitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ";")
}
