package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"

	"placematch/matching"
	"placematch/service"
)

// TestTrustDiskFullIsSaidPlainly: when SQLite cannot grow its files for
// want of space it says "disk I/O error"; placematch says the disk is full.
// (The error as SQLite gives it, with the system's ENOSPC beside it: the
// same on every machine.)
func TestTrustDiskFullIsSaidPlainly(t *testing.T) {
	t.Parallel()
	db := &DB{d: sqliteDialect{}, name: "/data/pm.db"}
	for _, err := range []error{
		fmt.Errorf("cannot read the store /data/pm.db (is it a placematch store?): %w", sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrSHMSize, SystemErrno: syscall.ENOSPC}),
		sqlite3.Error{Code: sqlite3.ErrFull},
	} {
		got := db.mapErr(err).Error()
		if !strings.Contains(got, "the disk holding the store /data/pm.db is full") || strings.Contains(got, "I/O") || strings.Contains(got, "is it a placematch store") {
			t.Errorf("%v became %q, want the disk said to be full", err, got)
		}
	}
	other := sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.EIO}
	if got := db.mapErr(other).Error(); strings.Contains(got, "full") {
		t.Errorf("an I/O error that is not a full disk became %q", got)
	}
}

// TestTrustDiskFullOnARealDisk: a store on a disk with 16 KB left, on a
// small tmpfs (run as root on Linux, where mounting one is allowed; skipped
// elsewhere): opening it and writing to it say the disk is full, and change
// nothing.
func TestTrustDiskFullOnARealDisk(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root on Linux")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	ctx := context.Background()
	path := filepath.Join(dir, "pm.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Fill the disk to 16 KB of the end.
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	free := int64(fs.Bavail)*int64(fs.Bsize) - 16<<10
	if err := os.WriteFile(filepath.Join(dir, "fill"), make([]byte, free), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err == nil {
		// Opened: the write must say it.
		defer db.Close()
		err = service.New(db).SetDefaults(ctx, "t", "sefton", "packages", matching.Defaults{Weights: matching.DefaultWeights()})
	}
	if err == nil || !strings.Contains(err.Error(), "is full") || strings.Contains(err.Error(), "I/O error") {
		t.Fatalf("on a full disk: %v, want the disk said to be full", err)
	}
}
