package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/service"
)

// TestAppModes: the flags that choose how the app opens reach it, and
// the combinations that make no sense are refused as bad usage.
func TestAppModes(t *testing.T) {
	t.Parallel()
	run1 := func(args ...string) (globals, int, string, bool) {
		t.Helper()
		var got globals
		started := false
		var out, errb bytes.Buffer
		e := env{
			stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(string) string { return "" },
			now:    func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) },
			interactive: func(ctx context.Context, svc *service.Service, g globals) error {
				got, started = g, true
				return nil
			},
		}
		code := run(context.Background(), append([]string{"--db", filepath.Join(t.TempDir(), "a.db")}, args...), e)
		return got, code, errb.String(), started
	}
	g, code, _, started := run1("--demo", "--provider", "P017")
	if code != 0 || !started || g.provider != "P017" || !g.demo {
		t.Errorf("--demo --provider P017: exit %d, started %v, %+v", code, started, g)
	}
	g, code, _, started = run1("--demo", "--live")
	if code != 0 || !started || !g.live {
		t.Errorf("--demo --live: exit %d, started %v, %+v", code, started, g)
	}
	if _, code, msg, started := run1("--demo", "--live", "--provider", "P017"); code != 2 || started || !strings.Contains(msg, "--live") {
		t.Errorf("--demo --live --provider: exit %d, started %v, %q", code, started, msg)
	}
	// The live demo never runs on a store that holds anything already.
	used := filepath.Join(t.TempDir(), "used.db")
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		interactive: func(context.Context, *service.Service, globals) error { t.Error("the app started"); return nil }}
	if code := run(context.Background(), []string{"--db", used, "init", "--demo"}, e); code != 0 {
		t.Fatalf("init --demo: %d %s", code, errb.String())
	}
	if code := run(context.Background(), []string{"--db", used, "--demo", "--live"}, e); code != 1 || !strings.Contains(errb.String(), "fresh demo store") {
		t.Errorf("--live on a used store: exit %d, %q", code, errb.String())
	}
	if _, code, _, started := run1("--live"); code != 2 || started {
		t.Errorf("--live alone: exit %d, started %v", code, started)
	}
	for in, want := range map[string]float64{"": 1, "10": 10, "2.5": 2.5, "0": 1, "-3": 1, "fast": 1, "1e9": 1} {
		if got := liveSpeed(in); got != want {
			t.Errorf("liveSpeed(%q) = %v, want %v", in, got, want)
		}
	}
}
