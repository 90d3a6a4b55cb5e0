package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"placematch/matching"
)

// PostgresRestoreWords say why restore does not apply to a store on
// PostgreSQL, and what does.
const PostgresRestoreWords = "restore puts a backup in place as a store file; a store on PostgreSQL is restored with the database's own tools " +
	"(pg_restore from a pg_dump, or the server's base backups). A backup placematch made of it is an SQLite store: " +
	"open it with --db FILE, or restore it to a file with --to PATH"

// Restoring is a backup on its way to being the store: a private copy of it
// beside the store's path, open and checked, waiting to be put in place
// (Commit) or thrown away (Abort).
type Restoring struct {
	// DB is the copy, open: the caller checks its trail and records the
	// restore in it before Commit.
	DB *DB

	backup, target, tmp string
}

// sidecars are the files SQLite keeps beside a store: a WAL, its index and
// a rollback journal. One left beside a store put in place would be read
// into it, as if the old store's last writes were the new one's.
var sidecars = []string{"-wal", "-shm", "-journal"}

// PrepareRestore copies the backup beside target (the store's path) and
// opens the copy, once it is known to be a whole placematch store: an SQLite
// file of placematch's (not of a newer version), passing SQLite's integrity
// check, with an audit trail. The copy is private to its owner, made with
// SQLite's backup, so a backup opened as a store (its WAL beside it) is
// copied whole, and brought up to the current schema. Nothing is changed at
// target, and the backup is only read.
func PrepareRestore(ctx context.Context, backup, target string) (*Restoring, error) {
	if _, ok := urlScheme(target); ok {
		return nil, matching.Invalidf("%s", PostgresRestoreWords)
	}
	if _, ok := urlScheme(backup); ok {
		return nil, matching.Invalidf("%q is a URL: give the backup's file, one placematch backup wrote", clipDSN(backup))
	}
	st, err := os.Stat(backup)
	if errors.Is(err, os.ErrNotExist) {
		return nil, matching.NotFoundf("there is no backup at %s: give the path of a file placematch backup wrote", backup)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the backup %s: %w", backup, err)
	}
	v, ok := headerVersion(backup)
	if !st.Mode().IsRegular() || !ok || v < 1 {
		return nil, matching.Invalidf("%s is not a placematch backup (not a placematch store): nothing was restored; give the path of a file placematch backup wrote", backup)
	}
	if v > SchemaVersion() {
		return nil, newerStore(backup, v, SchemaVersion())
	}
	if tst, err := os.Stat(target); err == nil {
		switch _, isStore := headerVersion(target); {
		case os.SameFile(st, tst):
			return nil, matching.Invalidf("%s is the store itself: give a backup of it", backup)
		case !tst.Mode().IsRegular() || !isStore && tst.Size() > 0:
			return nil, matching.Invalidf("%s is not a placematch store, and restore will not replace it: give --to a new path, or the path of a store", target)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot look at the store %s: %w", target, err)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the folder for the store %s: %w", dir, err)
	}
	r := &Restoring{backup: backup, target: target, tmp: filepath.Join(dir, "."+filepath.Base(target)+".restoring-"+nonce())}
	if err := newBackupFile(r.tmp); err != nil {
		return nil, err
	}
	if err := copyChecked(ctx, backup, r.tmp); err != nil {
		r.Abort()
		return nil, err
	}
	if r.DB, err = openSQLite(ctx, r.tmp); err != nil {
		r.Abort()
		return nil, err
	}
	return r, nil
}

// copyChecked copies the store at src into the empty file dst with SQLite's
// backup, reading src only, and checks the copy: whole, and a placematch
// store.
func copyChecked(ctx context.Context, src, dst string) error {
	notStore := func(why string) error {
		return matching.Invalidf("%s is not a whole placematch store (%s): nothing was restored; choose another backup", src, why)
	}
	damaged := func(why string) error {
		return matching.Invalidf("the backup %s is damaged (%s): nothing was restored; choose another backup", src, why)
	}
	s, err := sql.Open("sqlite3", fileURI(src)+"?mode=ro")
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := sql.Open("sqlite3", fileURI(dst))
	if err != nil {
		return err
	}
	defer d.Close()
	sconn, err := s.Conn(ctx)
	if err != nil {
		// A file SQLite reads as its own but cannot read whole is a
		// damaged store, wherever the damage falls (its schema's pages
		// are read first).
		if strings.Contains(err.Error(), "malformed") {
			return damaged(err.Error())
		}
		return notStore(err.Error())
	}
	defer sconn.Close()
	dconn, err := d.Conn(ctx)
	if err != nil {
		return fmt.Errorf("cannot write the copy %s: %w", dst, err)
	}
	defer dconn.Close()
	if err := onlineBackup(dconn, sconn); err != nil {
		return damaged(err.Error())
	}
	rows, err := dconn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return damaged("SQLite's integrity check: " + err.Error())
	}
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return damaged("SQLite's integrity check: " + err.Error())
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return damaged("SQLite's integrity check: " + err.Error())
	}
	if len(problems) > 0 {
		return damaged("SQLite's integrity check: " + strings.Join(problems[:min(3, len(problems))], "; "))
	}
	var trails int
	if err := dconn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").Scan(&trails); err != nil {
		return notStore(err.Error())
	}
	if trails != 1 {
		return notStore("it has no audit trail")
	}
	return nil
}

// Commit puts the copy in place as the store, with nothing of the old
// store's journal beside it. It refuses while anyone has the store open
// (the app, or another command): the store is locked against them first, and
// its last writes folded into it. The old store is kept beside it as
// replaced, the file name it returns ("" when there was none). The copy is on
// disk before it takes the store's name, and the name before Commit returns.
func (r *Restoring) Commit(ctx context.Context) (replaced string, err error) {
	if err := r.DB.Close(); err != nil {
		return "", fmt.Errorf("cannot finish the copy %s: %w", r.tmp, err)
	}
	r.DB = nil
	for _, side := range sidecars {
		if _, err := os.Lstat(r.tmp + side); err == nil {
			return "", fmt.Errorf("cannot finish the copy %s: SQLite left %s beside it", r.tmp, filepath.Base(r.tmp+side))
		}
	}
	if err := syncPath(r.tmp); err != nil {
		return "", fmt.Errorf("cannot save the copy %s to disk: %w", r.tmp, err)
	}
	if _, err := os.Stat(r.target); err == nil {
		lock, err := lockStore(ctx, r.target, "restore")
		if err != nil {
			return "", err
		}
		defer lock.Close()
		replaced = r.target + ".replaced-" + time.Now().UTC().Format("20060102T150405.000Z")
		if err := os.Link(r.target, replaced); err != nil {
			return "", fmt.Errorf("cannot keep the store %s aside before replacing it: %w", r.target, err)
		}
	}
	for _, side := range sidecars {
		if err := os.Remove(r.target + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("cannot remove %s, which would be read into the restored store: %w", r.target+side, err)
		}
	}
	if err := os.Rename(r.tmp, r.target); err != nil {
		return "", fmt.Errorf("cannot put the copy in place as %s: %w", r.target, err)
	}
	if err := syncPath(filepath.Dir(r.target)); err != nil {
		return replaced, fmt.Errorf("the store %s is restored, but its folder could not be saved to disk: %w", r.target, err)
	}
	return replaced, nil
}

// Abort throws the copy away.
func (r *Restoring) Abort() {
	if r.DB != nil {
		r.DB.Close()
		r.DB = nil
	}
	for _, p := range append([]string{""}, sidecars...) {
		os.Remove(r.tmp + p)
	}
}

// lockStore takes the store at path for itself alone, refusing when anyone
// has it open: SQLite's exclusive lock, kept until the connection returned
// is closed; again names what to run again once they are closed. A store
// in WAL mode is switched to a rollback journal first,
// which folds its WAL into it and leaves the file whole by itself.
func lockStore(ctx context.Context, path, again string) (*sql.DB, error) {
	inUse := func(err error) error {
		return matching.Conflictf("the store %s is in use (the app, a server or another command has it open: %v): close them, then %s again", path, err, again)
	}
	db, err := sql.Open("sqlite3", fileURI(path)+"?_locking_mode=EXCLUSIVE&_busy_timeout=1000")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil {
		db.Close()
		return nil, inUse(err)
	}
	if mode != "delete" {
		db.Close()
		return nil, inUse(fmt.Errorf("its journal stays %s", mode))
	}
	// BEGIN EXCLUSIVE takes the lock; in exclusive locking mode it is
	// kept after COMMIT, for as long as the connection lives.
	if _, err := db.ExecContext(ctx, "BEGIN EXCLUSIVE; COMMIT"); err != nil {
		db.Close()
		return nil, inUse(err)
	}
	return db, nil
}

// syncPath makes a file, or the names in a folder, durable.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
