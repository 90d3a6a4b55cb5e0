// Package store keeps placematch's data: in a SQLite file on a desk (the
// default), or in PostgreSQL for a region (a postgres:// URL). SQL lives here
// and nowhere else. The queries are written once, for both databases: a
// dialect supplies what differs (placeholders, how a write transaction
// begins, bulk inserts, error codes). Migrations are embedded, one numbered
// history per dialect, and applied on open; each business operation is one
// transaction; driver errors are mapped to matching's error kinds in one
// place.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"placematch/matching"
	"placematch/service"
)

// DB is a placematch store. Writes are serialised, as a hash chain needs
// them to be (SQLite: one writer connection taking the lock at BEGIN;
// PostgreSQL: an advisory lock on the chain at BEGIN); reads run on their
// own pool against a consistent snapshot and never wait for writers.
type DB struct {
	d      dialect
	name   string // the file, or the URL without its password: for messages
	writer *sql.DB
	reader *sql.DB
	closer func() error // what else Close releases
	// ident is what each write checks first: that the store is still the
	// one opened (nil: not checked).
	ident *identity
	// listen waits for the changes others commit (nil: the store cannot
	// tell; see Listen).
	listen func(ctx context.Context, fn func(requestID string)) error
}

var _ service.Store = (*DB)(nil)

// Open opens the store named by dsn: a postgres:// (or postgresql://) URL
// for PostgreSQL, anything else a file path for SQLite (created on first
// use, readable by its owner only). A value that looks like a URL of another
// kind is refused: it never becomes a file name. The schema is brought up
// to date; a store written by a newer placematch is refused unchanged.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, matching.Invalidf("no store given: pass --db PATH (or --db postgres://USER@HOST/DB) or set PLACEMATCH_DB")
	}
	if scheme, ok := urlScheme(dsn); ok {
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql":
			return openPostgres(ctx, dsn)
		case "file":
			return nil, matching.Invalidf("%q is a file: URL: give the store's path as a plain path, e.g. --db /var/lib/placematch/store.db", clipDSN(dsn))
		}
		return nil, matching.Invalidf("%q is a %s: URL, which placematch cannot use as a store: give a file path for SQLite, or a postgres:// URL", clipDSN(dsn), scheme)
	}
	return openSQLite(ctx, dsn)
}

// urlScheme reports the scheme of something that looks like a URL
// ("name:" followed by "//"), so that it is never taken for a file name.
func urlScheme(s string) (string, bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return "", false
		}
	}
	return s[:i], true
}

// clipDSN is a store's name for a message: a URL without its password.
func clipDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

// Path is the store's name: its file, or its URL without the password.
func (db *DB) Path() string { return db.name }

// Dialect names the database: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name() }

// Close releases the store.
func (db *DB) Close() error {
	err := errors.Join(db.reader.Close(), db.writer.Close())
	if db.closer != nil {
		err = errors.Join(err, db.closer())
	}
	return err
}

// Update runs fn in one write transaction.
func (db *DB) Update(ctx context.Context, fn func(service.Tx) error) error {
	t, err := db.d.beginWrite(ctx, db.writer)
	if err != nil {
		return db.mapErr(err)
	}
	defer t.release()
	if err := db.ident.check(t); err != nil {
		t.tx.Rollback()
		return err
	}
	if err := fn(t); err != nil {
		t.tx.Rollback()
		return db.mapErr(err)
	}
	if err := t.recordAuditHead(); err != nil {
		t.tx.Rollback()
		return db.mapErr(err)
	}
	// The file once more, as the transaction commits: one deleted or put
	// in place meanwhile is not written into either.
	if err := db.ident.checkFile(); err != nil {
		t.tx.Rollback()
		return err
	}
	return db.mapErr(t.tx.Commit())
}

// View runs fn in a read-only transaction: a consistent snapshot.
func (db *DB) View(ctx context.Context, fn func(service.Tx) error) error {
	t, err := db.d.beginRead(ctx, db.reader)
	if err != nil {
		return db.mapErr(err)
	}
	defer t.release()
	defer t.tx.Rollback()
	return db.mapErr(fn(t))
}

// mapErr is the one place driver errors become domain errors.
func (db *DB) mapErr(err error) error {
	if err == nil || matching.KindOf(err) != 0 {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return matching.NotFoundf("not found")
	}
	if diskFull(err) {
		return fmt.Errorf("the disk holding the store %s is full: free some space on it and try again (nothing was changed)", db.name)
	}
	return db.d.mapErr(err)
}

// dialect is what differs between the databases; everything else is
// written once.
type dialect interface {
	name() string
	// rebind turns the ? placeholders the queries are written with into the
	// database's own.
	rebind(q string) string
	// beginWrite starts a write transaction that holds the store's write
	// lock until it ends; beginRead a read-only one on a snapshot.
	beginWrite(ctx context.Context, db *sql.DB) (*txn, error)
	beginRead(ctx context.Context, db *sql.DB) (*txn, error)
	// insertRows adds many rows to a table in the transaction, the
	// database's fastest way.
	insertRows(t *txn, table string, cols []string, rows [][]any) error
	// upsertRows adds rows, or updates the rows whose first keys columns
	// match, in bulk; no two of the rows may share a key.
	upsertRows(t *txn, table string, cols []string, keys int, rows [][]any) error
	// chr is SQL for the character with the code n.
	chr(n int) string
	// randomHex is SQL for n random bytes in hex, new in each row.
	randomHex(n int) string
	mapErr(err error) error
}

// txn is one transaction, what a business operation reads and writes in.
type txn struct {
	tx       *sql.Tx
	conn     *sql.Conn // the connection the transaction is on, when the dialect needs it
	ctx      context.Context
	d        dialect
	readOnly bool
	// lastEvent is the last audit event this transaction appended, and
	// lastHash its hash.
	lastEvent int64
	lastHash  string
	// writer is the pool the write transaction came from, and restore
	// what to set on its connection again when the transaction ends (see
	// StreamWrites).
	writer  *sql.DB
	restore string
	// reads is the pool a read transaction came from, on SQLite: the
	// trail's walk reads on a second connection of it too.
	reads *sql.DB
}

// release gives the transaction's connection back, if it holds one.
func (t *txn) release() {
	if t.restore != "" {
		// The pool is SQLite's one writer connection, this transaction's,
		// now free; were it closed, a new one takes its settings anew.
		t.writer.ExecContext(context.Background(), t.restore)
	}
	if t.conn != nil {
		t.conn.Close()
	}
}

func (t *txn) exec(q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, t.d.rebind(q), args...)
}

func (t *txn) query(q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, t.d.rebind(q), args...)
}

func (t *txn) queryRow(q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.d.rebind(q), args...)
}

func (t *txn) prepare(q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(t.ctx, t.d.rebind(q))
}

// rebinds are queries with ? placeholders turned into $1, $2, ...: a
// query's text is rebound once, however often it runs.
var rebinds sync.Map

// dollarPlaceholders rebinds a query for PostgreSQL: each ? outside a
// quoted string becomes $N in order, and ?N (a numbered placeholder, which
// SQLite reads too) becomes $N.
func dollarPlaceholders(q string) string {
	if v, ok := rebinds.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				// As SQLite numbers them: a bare ? after ?N is N+1.
				k, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, k)
				b.WriteString(q[i+1 : j])
				i = j - 1
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebinds.Store(q, out)
	return out
}

// onConflict is the clause that makes an insert of cols an upsert on the
// first keys of them.
func onConflict(cols []string, keys int) string {
	set := make([]string, 0, len(cols)-keys)
	for _, c := range cols[keys:] {
		set = append(set, c+" = excluded."+c)
	}
	return " ON CONFLICT(" + strings.Join(cols[:keys], ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// valuesInsert adds rows with multi-row INSERT statements, a few hundred
// rows to each: the cost of a statement, not of a row, is most of a bulk
// insert through database/sql.
func valuesInsert(t *txn, table string, cols []string, rows [][]any, tail string) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, min(500, 30000/len(cols))) // under SQLite's 32,766 variables
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + "),"
	head := "INSERT INTO " + table + "(" + strings.Join(cols, ", ") + ") VALUES "
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(len(rows), per)
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(tuple, n), ",") + tail
		var err error
		if n == per {
			if full == nil {
				if full, err = t.prepare(q); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(t.ctx, args...)
		} else {
			_, err = t.exec(q, args...)
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
