package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"placematch/matching"
	"placematch/service"
)

// AppRole is the PostgreSQL role the app's connections act as: it may read
// and write the store but only insert and read audit events. The store's
// owner makes it and grants it (see GrantAppRole); a council's IT gives it
// to the logins of the people who use placematch.
const AppRole = "placematch_app"

// openPostgres opens the store at a postgres:// URL through a pgx pool, on
// which database/sql runs the queries every dialect shares. The password
// comes from PGPASSWORD or ~/.pgpass, never the URL (which is typed on a
// command line, and seen in the process list and shell history).
func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	return openPostgresWith(ctx, dsn, nil)
}

// openPostgresWith is openPostgres, with a check on the connected store
// before its schema is brought up to date (nil: none).
func openPostgresWith(ctx context.Context, dsn string, before func(*DB) error) (*DB, error) {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return nil, matching.Invalidf("the store's URL holds a password: leave it out of --db and PLACEMATCH_DB, and give it in PGPASSWORD or ~/.pgpass")
		}
	}
	if strings.Contains(strings.ToLower(dsn), "password=") {
		return nil, matching.Invalidf("the store's URL holds a password: leave it out of --db and PLACEMATCH_DB, and give it in PGPASSWORD or ~/.pgpass")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, matching.Invalidf("%s is not a PostgreSQL URL placematch can read (%v): write postgres://USER@HOST:PORT/DATABASE?sslmode=...", clipDSN(dsn), err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the store %s: %w", clipDSN(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, pgUnreachable(clipDSN(dsn), err)
	}
	db := &DB{d: pgDialect{}, name: clipDSN(dsn), writer: stdlib.OpenDBFromPool(pool), reader: stdlib.OpenDBFromPool(pool),
		closer: func() error { pool.Close(); return nil }}
	db.listen = func(ctx context.Context, fn func(string)) error { return pgListen(ctx, pool, fn) }
	if before != nil {
		if err := before(db); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := migrate(ctx, db, pgSchema{}); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.recordIdentity(ctx, "", nil); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// pgUnreachable words a failure to connect for the person at the keyboard.
func pgUnreachable(name string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("the store %s refused the sign-in (%s): check the user, and the password in PGPASSWORD or ~/.pgpass", name, pe.Message)
		case "3D000":
			return fmt.Errorf("the store %s does not exist (%s): create the database first (createdb), then run placematch --db URL init as its owner", name, pe.Message)
		}
	}
	return fmt.Errorf("cannot reach the store %s: %w (is PostgreSQL running, and the host and port right?)", name, err)
}

// pgSchema keeps the schema version in a table of its own, which also
// names the store's owner: the role that may upgrade it.
type pgSchema struct{}

func (pgSchema) version(t *txn) (int, error) {
	// Read from pg_class with the statement's snapshot: to_regclass looks
	// in the catalog cache, which a program that waited for another's
	// migration may not have refreshed yet (an advisory lock is not a lock
	// on a table, so it does not make the cache catch up).
	var exists bool
	if err := t.queryRow(`SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname = 'placematch_schema' AND n.nspname = current_schema())`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		var create bool
		if err := t.queryRow("SELECT current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE')").Scan(&create); err != nil {
			return 0, err
		}
		if !create {
			return 0, matching.Conflictf("this role can neither see a placematch store here nor make one: if the store is new, run placematch --db OWNER_URL init as its owner; if it exists, ask for the %s role", AppRole)
		}
		return 0, nil
	}
	var v int
	err := t.queryRow("SELECT version FROM placematch_schema").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err == nil && v < len(migrations("postgres")) {
		var owner bool
		if err := t.queryRow(`SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c
			WHERE c.oid = to_regclass('placematch_schema')`).Scan(&owner); err != nil {
			return v, err
		}
		if !owner {
			return v, matching.Conflictf("the store's schema is at version %d and this placematch needs %d: only the store's owner can upgrade it; run placematch --db OWNER_URL init once as its owner", v, len(migrations("postgres")))
		}
	}
	return v, err
}

func (pgSchema) setVersion(t *txn, v int) error {
	if _, err := t.exec("CREATE TABLE IF NOT EXISTS placematch_schema (version bigint NOT NULL)"); err != nil {
		return err
	}
	if _, err := t.exec("DELETE FROM placematch_schema"); err != nil {
		return err
	}
	_, err := t.exec("INSERT INTO placematch_schema(version) VALUES (?)", v)
	return err
}

// GrantAppRole makes the app's role (AppRole) if it does not exist yet and
// grants it what the app needs on this store: to read and write every
// table but the audit trail, which it may only read and add to. Only a
// PostgreSQL store has roles; on SQLite the file's owner acts. It is run by
// init, as the store's owner, who needs the right to create roles.
func (db *DB) GrantAppRole(ctx context.Context) error {
	if db.d.name() != "postgres" {
		return nil
	}
	err := db.Update(ctx, func(tx service.Tx) error {
		t := tx.(*txn)
		var schema string
		if err := t.queryRow("SELECT current_schema()").Scan(&schema); err != nil {
			return err
		}
		in := pgx.Identifier{schema}.Sanitize()
		for _, s := range []string{
			`DO $$ BEGIN
				IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '` + AppRole + `') THEN
					CREATE ROLE ` + AppRole + ` NOLOGIN;
				END IF;
			END $$`,
			"GRANT USAGE ON SCHEMA " + in + " TO " + AppRole,
			"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + in + " TO " + AppRole,
			"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM " + AppRole,
			"REVOKE INSERT, UPDATE, DELETE ON placematch_schema FROM " + AppRole,
			"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + in + " TO " + AppRole,
		} {
			if _, err := t.tx.ExecContext(t.ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return matching.Conflictf("only the store's owner, with the right to create roles, can set up the app's role %s (%s): run init with the owner's connection", AppRole, pe.Message)
	}
	return err
}

// pgDialect is PostgreSQL's: $N placeholders; a write transaction takes an
// advisory lock on the store's audit chain at BEGIN, so that writes are
// serialised as SQLite's are and the chain never forks (the unique
// prev_hash is the backstop); reads see one snapshot (repeatable read).
type pgDialect struct{}

func (pgDialect) name() string           { return "postgres" }
func (pgDialect) rebind(q string) string { return dollarPlaceholders(q) }
func (pgDialect) chr(n int) string       { return fmt.Sprintf("chr(%d)", n) }

// randomHex draws on a random UUID (122 random bits, which PostgreSQL makes
// without an extension), hashed to spread them over n bytes (up to 16).
func (pgDialect) randomHex(n int) string {
	return fmt.Sprintf("left(md5(gen_random_uuid()::text), %d)", 2*min(n, 16))
}

// chainLock is the advisory lock of a schema's audit chain: one chain per
// store, and stores in other schemas of the same database do not wait for
// each other.
const chainLock = "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '.audit_events', 0))"

func (d pgDialect) begin(ctx context.Context, db *sql.DB, opts *sql.TxOptions) (*txn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// The person acting, for the row-level security (0011): for this
	// transaction only.
	if p, ok := service.PersonFrom(ctx); ok {
		if _, err := tx.ExecContext(ctx, "SELECT set_config('placematch.role', $1, true), set_config('placematch.scope', $2, true)", string(p.Role), p.Scope); err != nil {
			tx.Rollback()
			conn.Close()
			return nil, err
		}
	}
	return &txn{tx: tx, conn: conn, ctx: ctx, d: d, readOnly: opts.ReadOnly}, nil
}

func (d pgDialect) beginWrite(ctx context.Context, db *sql.DB) (*txn, error) {
	t, err := d.begin(ctx, db, &sql.TxOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := t.tx.ExecContext(ctx, chainLock); err != nil {
		t.tx.Rollback()
		t.release()
		return nil, err
	}
	return t, nil
}

func (d pgDialect) beginRead(ctx context.Context, db *sql.DB) (*txn, error) {
	return d.begin(ctx, db, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
}

// insertRows copies the rows in with COPY, on the transaction's own
// connection.
func (pgDialect) insertRows(t *txn, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if rowSecured[table] {
		// PostgreSQL refuses COPY into a table under row-level security
		// (0011) from a role the policies hold.
		if done, err := unnestInsert(t, table, cols, rows); done || err != nil {
			return err
		}
		return valuesInsert(t, table, cols, rows, "")
	}
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: a PostgreSQL connection of an unexpected kind (%T)", dc)
		}
		_, err := c.Conn().CopyFrom(t.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// rowSecured are the tables under row-level security (see the migration
// 0011_row_security).
var rowSecured = map[string]bool{"requests": true, "invitations": true, "not_invited": true, "responses": true, "rankings": true}

// upsertRows copies the rows into a temporary table and upserts from it in
// one statement.
func (d pgDialect) upsertRows(t *txn, table string, cols []string, keys int, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	tmp := "incoming_" + table
	if _, err := t.exec("CREATE TEMPORARY TABLE IF NOT EXISTS " + tmp + " (LIKE " + table + " INCLUDING DEFAULTS) ON COMMIT DROP"); err != nil {
		return err
	}
	if _, err := t.exec("TRUNCATE " + tmp); err != nil {
		return err
	}
	if err := d.insertRows(t, tmp, cols, rows); err != nil {
		return err
	}
	list := strings.Join(cols, ", ")
	_, err := t.exec("INSERT INTO " + table + "(" + list + ") SELECT " + list + " FROM " + tmp + onConflict(cols, keys))
	return err
}

func (pgDialect) mapErr(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch {
	case pe.Code == "23505" || pe.Code == "23503" || pe.Code == "23514":
		return matching.Conflictf("that change conflicts with the store's records (%s): reload and try again", pe.Message)
	case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
		return matching.Conflictf("the store is busy with another user's change: try again in a moment")
	case pe.Code == "42501":
		return fmt.Errorf("the store refused this (%s): the role you connect as lacks the right; ask for the %s role, or run the command as the store's owner", pe.Message, AppRole)
	case pe.Code == "53100":
		return fmt.Errorf("the database server's disk is full (%s): free some space and try again", pe.Message)
	case pe.Code == "P0001" && strings.Contains(pe.Message, "append-only"):
		return matching.Conflictf("%s", pe.Message)
	case strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P"):
		return fmt.Errorf("the connection to the store was lost (%s): try again when the database is back", pe.Message)
	}
	return err
}

// pgListen listens on the store's channel (see the migration
// 0011_row_security) on a connection of its own until ctx ends, calling fn
// with the request id of each change.
func pgListen(ctx context.Context, pool *pgxpool.Pool, fn func(string)) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{"placematch_" + schema}.Sanitize()); err != nil {
		return err
	}
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		fn(n.Payload)
	}
}
