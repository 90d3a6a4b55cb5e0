package store

import (
	"context"
	"os"
	"strings"

	"placematch/matching"
)

// OpenExisting opens a store that must exist already, as every command
// but init and demo generate does: a mistyped --db never silently makes an
// empty store (only init, demo generate and the app's first run make one,
// with Open). No file, an empty file, or a PostgreSQL schema without a
// placematch store is refused, and nothing is created.
func OpenExisting(ctx context.Context, dsn string) (*DB, error) {
	if scheme, ok := urlScheme(dsn); ok {
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql":
			return openPostgresExisting(ctx, dsn)
		}
		return Open(ctx, dsn) // refused there, with the reason
	}
	if dsn != "" {
		st, err := os.Stat(dsn)
		if err == nil && st.IsDir() {
			return nil, matching.Invalidf("%s is a folder, not a placematch store: give the path of the store file with --db (or PLACEMATCH_DB)", dsn)
		}
		if err != nil || st.Size() == 0 {
			return nil, noStoreHere(dsn)
		}
	}
	return Open(ctx, dsn)
}

func noStoreHere(name string) error {
	return matching.NotFoundf("there is no placematch store at %s: check --db (or PLACEMATCH_DB), or create one there with placematch --db %s init", name, name)
}

// openPostgresExisting opens a PostgreSQL store whose schema holds a
// placematch store already.
func openPostgresExisting(ctx context.Context, dsn string) (*DB, error) {
	return openPostgresWith(ctx, dsn, func(db *DB) error {
		var exists bool
		if err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relname = 'placematch_schema' AND n.nspname = current_schema())`).Scan(&exists); err != nil {
			return db.mapErr(err)
		}
		if !exists {
			return noStoreHere(db.name)
		}
		return nil
	})
}
