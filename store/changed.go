package store

import "context"

// Changed is a number that moves when another process commits to the store,
// read cheaply enough to ask every second or two: the app's lists refresh
// when it moves rather than going stale while others write.
//
// On SQLite it is the writer connection's PRAGMA data_version, which moves
// for every commit made on any other connection (another process's, most
// of all) and never for the connection's own: it reads one number from
// the file's header, and no table. On PostgreSQL it is the head of the
// audit chain, which every change of what a list shows adds to: one look
// at the end of the primary key's index.
func (db *DB) Changed(ctx context.Context) (int64, error) {
	var v int64
	var err error
	if db.d.name() == "sqlite" {
		err = db.writer.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	} else {
		err = db.reader.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM audit_events").Scan(&v)
	}
	return v, db.mapErr(err)
}

// Listen calls fn with the request id ("" for none) of each change anyone
// commits to the store, as it is committed, until ctx ends: on PostgreSQL,
// by LISTEN on the store's channel. A store that cannot tell (SQLite, where
// Changed is asked instead) returns nil at once.
func (db *DB) Listen(ctx context.Context, fn func(requestID string)) error {
	if db.listen == nil {
		return nil
	}
	return db.listen(ctx, fn)
}
