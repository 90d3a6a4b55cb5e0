package main

import (
	"context"
	"fmt"
	"path/filepath"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
)

// cmdRestore puts a backup in place as the store (the --db store, or
// --to PATH): a checked copy of it, its restore recorded in its trail,
// with no journal of the old store left beside it. The old store is kept
// beside it.
func cmdRestore(ctx context.Context, path string, g globals, args []string, e env) error {
	fs := newFlags("restore")
	to := fs.String("to", "", "where to put the store (the --db store when not given)")
	pos, err := parse(fs, args, 1, "BACKUP, the backup file to put in place")
	if err != nil {
		return err
	}
	target := path
	if *to != "" {
		target = *to
	}
	if isServerStore(target) {
		return matching.Invalidf("%s", store.PostgresRestoreWords)
	}
	rs, err := store.PrepareRestore(ctx, pos[0], target)
	if err != nil {
		return err
	}
	defer rs.Abort()
	res, err := service.New(rs.DB, serviceOptions(e)...).RecordRestore(ctx, g.user, filepath.Base(pos[0]))
	if err != nil {
		return err
	}
	replaced, err := rs.Commit(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s as the store %s: its audit trail verified (%d events, head %s), and the restore is recorded in it\n",
		pos[0], target, res.Events, res.Head)
	if replaced != "" {
		fmt.Fprintf(e.stdout, "the store it replaced is kept as %s: delete it once it is no longer needed\n", replaced)
	}
	return nil
}
