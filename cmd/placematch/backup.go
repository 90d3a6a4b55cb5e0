package main

import (
	"context"
	"fmt"
)

// cmdBackup writes a consistent copy of the store to a new file, while
// others keep working on the store.
func cmdBackup(ctx context.Context, path string, g globals, args []string, e env) error {
	if len(args) != 1 {
		return usagef("backup needs FILE, the new file to write the copy to")
	}
	svc, closeFn, err := openExistingService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := svc.Backup(ctx, g.user, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", path, args[0])
	return nil
}
