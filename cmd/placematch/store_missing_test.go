package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/service"
	"placematch/store/storetest"
)

// runAt runs placematch on the store at db, with the app replaced by one
// that reports it started.
func runAt(db string, args ...string) (code int, stdout, stderr string, started bool) {
	var out, errb bytes.Buffer
	e := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "USER" {
				return "tester"
			}
			return ""
		},
		now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) },
		interactive: func(context.Context, *service.Service, globals) error {
			started = true
			return nil
		},
	}
	code = run(context.Background(), append([]string{"--db", db}, args...), e)
	return code, out.String(), errb.String(), started
}

// TestTrustMistypedStorePathMakesNoStore: a command on a path where there
// is no store says so and how to make one, and creates nothing there (not
// the file, not its folder); only init, demo generate and the app's first
// run make a store. On PostgreSQL, a schema without a store likewise.
func TestTrustMistypedStorePathMakesNoStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commands := [][]string{
		{"request", "list"},
		{"providers", "list"},
		{"audit", "verify"},
		{"audit", "list"},
		{"outbox", "send"},
		{"request", "show", "SEF-2026-0001"},
		{"backup", filepath.Join(dir, "copy.db")},
	}
	for _, args := range commands {
		db := filepath.Join(dir, "typo", "plcematch.db")
		code, _, msg, _ := runAt(db, args...)
		if code != 1 || !strings.Contains(msg, "there is no placematch store at "+db) || !strings.Contains(msg, "init") {
			t.Errorf("%s on a mistyped path: exit %d, %q; want no store named, and init suggested", strings.Join(args, " "), code, msg)
		}
		if _, err := os.Stat(filepath.Join(dir, "typo")); !os.IsNotExist(err) {
			t.Fatalf("%s on a mistyped path made its folder: %v", strings.Join(args, " "), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); !os.IsNotExist(err) {
		t.Errorf("a backup of no store was written: %v", err)
	}
	// An empty file is no store either, and is left as it was.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, msg, _ := runAt(empty, "request", "list"); code != 1 || !strings.Contains(msg, "no placematch store") {
		t.Errorf("request list on an empty file: exit %d, %q", code, msg)
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Errorf("the empty file was written: %d bytes", st.Size())
	}

	// What may make a store does.
	for _, c := range []struct {
		name string
		args []string
	}{
		{"init", []string{"init"}},
		{"demo generate", []string{"demo", "generate", "--providers", "10", "--requests", "2"}},
		{"the app", nil},
	} {
		db := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"), "new.db")
		code, _, msg, _ := runAt(db, c.args...)
		if code != 0 {
			t.Errorf("%s on a new path: exit %d, %q", c.name, code, msg)
		}
		if code, _, msg, _ := runAt(db, "request", "list"); code != 0 {
			t.Errorf("request list after %s made the store: exit %d, %q", c.name, code, msg)
		}
	}
}

// TestTrustMistypedPostgresStoreMakesNoStore: on PostgreSQL, a command on a
// schema that holds no placematch store says so and makes none.
func TestTrustMistypedPostgresStoreMakesNoStore(t *testing.T) {
	t.Parallel()
	storetest.Need(t)
	dsn := storetest.DSN(t, storetest.Postgres)
	code, _, msg, _ := runAt(dsn, "request", "list")
	if code != 1 || !strings.Contains(msg, "there is no placematch store at") {
		t.Fatalf("request list on an empty schema: exit %d, %q", code, msg)
	}
	code, _, msg, _ = runAt(dsn, "init")
	if code != 0 {
		t.Fatalf("init: exit %d, %q", code, msg)
	}
	if code, _, msg, _ := runAt(dsn, "request", "list"); code != 0 {
		t.Errorf("request list after init: exit %d, %q", code, msg)
	}
}
