package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	sqlite3 "github.com/mattn/go-sqlite3"

	"placematch/matching"
)

// Backup writes a consistent copy of the store to path with SQLite's online
// backup, while others keep reading and writing (WAL readers do not block
// writers). The copy is private to its owner; an existing file is refused so
// a backup never overwrites anything.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.d.name() == "postgres" {
		return db.backupPostgres(ctx, path)
	}
	if err := newBackupFile(path); err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(path)
		}
	}()
	dst, err := sql.Open("sqlite3", fileURI(path))
	if err != nil {
		return err
	}
	defer dst.Close()
	dconn, err := dst.Conn(ctx)
	if err != nil {
		return db.mapErr(err)
	}
	defer dconn.Close()
	sconn, err := db.reader.Conn(ctx)
	if err != nil {
		return db.mapErr(err)
	}
	defer sconn.Close()
	err = onlineBackup(dconn, sconn)
	if err != nil {
		return db.mapErr(fmt.Errorf("backup to %s failed: %w", path, err))
	}
	// A copy in WAL mode gains -wal and -shm files beside it whenever it is
	// read, even read-only (as restore and audit verify read it): a backup
	// is one file, kept as written.
	if _, err := dconn.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return db.mapErr(fmt.Errorf("backup to %s failed: %w", path, err))
	}
	ok = true
	return nil
}

// newBackupFile makes the empty file a backup is written into, owner-only,
// refusing a name that exists already (even as a dangling link), so that a
// backup never overwrites anything.
func newBackupFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return matching.Conflictf("%s already exists: choose a new file name for the backup", path)
	}
	if err != nil {
		return fmt.Errorf("cannot create the backup %s: %w", path, err)
	}
	return f.Close()
}

// onlineBackup copies the database of src into dst with SQLite's online
// backup, all at once.
func onlineBackup(dst, src *sql.Conn) error {
	return dst.Raw(func(d any) error {
		return src.Raw(func(s any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := s.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("backup: unexpected driver connection")
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			for {
				done, err := b.Step(-1)
				if err != nil {
					b.Finish()
					return err
				}
				if done {
					return b.Finish()
				}
			}
		})
	})
}
