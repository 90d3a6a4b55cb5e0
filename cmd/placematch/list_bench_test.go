package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"
)

// The request list benchmarks run the command on a generated region (50,000
// requests), as placematch --db REGION request list [--json] > /dev/null
// would, so the figure is the command's own: opening the store, the read
// and the formatting.
//
//	placematch --db /tmp/bench-region.db demo generate --providers 10000 --requests 50000
//	PLACEMATCH_BENCH_REGION=/tmp/bench-region.db go test ./cmd/placematch -run '^$' -bench RequestList -benchmem
//
// Opening a store brings its schema up to date, so point it at a region
// that may be changed that way (a copy, if in doubt). The clock is fixed
// before the deadline of any request still open in a region made on or
// after 2026-11-20, so closing due requests, which every request list does
// first, finds nothing to do.

// listBenchNow is the benchmarks' clock: the service benchmarks' own.
var listBenchNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func listBenchRegion(b *testing.B) string {
	b.Helper()
	if testing.Short() {
		b.Skip("needs a generated region (not under -short)")
	}
	path := os.Getenv("PLACEMATCH_BENCH_REGION")
	if path == "" {
		b.Skip("set PLACEMATCH_BENCH_REGION to a region store, made with placematch --db FILE demo generate --providers 10000 --requests 50000")
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("PLACEMATCH_BENCH_REGION: %v", err)
	}
	return path
}

func benchRequestList(b *testing.B, args ...string) {
	path := listBenchRegion(b)
	var stderr bytes.Buffer
	e := env{
		stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: &stderr,
		getenv: func(k string) string {
			if k == "USER" {
				return "bench"
			}
			return ""
		},
		now: func() time.Time { return listBenchNow },
	}
	args = append([]string{"--db", path, "request", "list"}, args...)
	b.ReportAllocs()
	for b.Loop() {
		if code := run(context.Background(), args, e); code != 0 {
			b.Fatalf("request list: exit %d: %s", code, stderr.String())
		}
	}
}

// BenchmarkRequestListText is placematch request list on the region.
func BenchmarkRequestListText(b *testing.B) { benchRequestList(b) }

// BenchmarkRequestListJSON is placematch request list --json on the region.
func BenchmarkRequestListJSON(b *testing.B) { benchRequestList(b, "--json") }
