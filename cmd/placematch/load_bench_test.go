package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"placematch/store/storetest"
)

// BenchmarkWriterProcesses runs eight placematch processes at once against
// one store for a while (PLACEMATCH_LOAD_SECONDS, 10 by default), each
// playing whole mini-competitions through the commands: a new request, its
// broadcast, two answers, a look at it, an early close, the ranking and the
// award. Then it checks that nothing was lost and the chain did not fork:
// every competition a worker finished is awarded in the store, every
// request it made is there, and audit verify passes. It reports the
// operations a second (each a process, start to finish) and the failures.
//
//	PLACEMATCH_LOAD_SECONDS=60 go test ./cmd/placematch -run '^$' -bench WriterProcesses -benchtime 1x
func BenchmarkWriterProcesses(b *testing.B) {
	seconds := 10
	if v, err := strconv.Atoi(os.Getenv("PLACEMATCH_LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	for _, kind := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(kind, func(b *testing.B) {
			if kind == storetest.Postgres {
				storetest.Need(b)
			}
			for b.Loop() {
				loadOnce(b, kind, time.Duration(seconds)*time.Second)
			}
		})
	}
}

func loadOnce(b *testing.B, kind string, d time.Duration) {
	b.StopTimer()
	bin := placematchBinary(b)
	dir := b.TempDir()
	dsn := storetest.DSN(b, kind)
	if kind == storetest.SQLite {
		dsn = filepath.Join(dir, "load.db")
	}
	envv := []string{"USER=load", "HOME=" + dir, "PATH=" + os.Getenv("PATH"), "TZ=UTC", "LANG=C.UTF-8",
		"PLACEMATCH_OUTBOX=" + filepath.Join(dir, "outbox")}
	run := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--db", dsn}, args...)...)
		cmd.Env = envv
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return out.String(), fmt.Errorf("placematch %s: %v: %s", strings.Join(args, " "), err, errb.String())
		}
		return out.String(), nil
	}
	for _, args := range [][]string{{"init"}, {"providers", "import", trustRegister(&testing.T{}, dir, 40, 10, 80)}} {
		if _, err := run(args...); err != nil {
			b.Fatal(err)
		}
	}
	b.StartTimer()
	const workers = 8
	var ops, failures, cycles atomic.Int64
	var made sync.Map // request ids the workers were given
	var firstErr atomic.Value
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			step := func(args ...string) (string, bool) {
				out, err := run(args...)
				ops.Add(1)
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err)
					return "", false
				}
				return out, true
			}
			for i := 0; time.Now().Before(stop); i++ {
				out, ok := step(liveRequestArgs("group-living")...)
				if !ok {
					continue
				}
				id := strings.TrimSpace(out)
				made.Store(id, true)
				p1, p2 := fmt.Sprintf("P%04d", 1+(w*5+i)%40), fmt.Sprintf("P%04d", 1+(w*5+i+1)%40)
				for _, args := range [][]string{
					{"request", "broadcast", id},
					{"request", "respond", id, "--provider", p1, "--weekly", "950"},
					{"request", "respond", id, "--provider", p2, "--weekly", "990"},
					{"request", "show", id},
					{"request", "close", id, "--reason", "enough offers"},
					{"request", "rank", id},
					{"request", "award", id, "--provider", p1},
				} {
					if _, ok = step(args...); !ok {
						break
					}
				}
				if ok {
					cycles.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	if err, _ := firstErr.Load().(error); err != nil {
		b.Errorf("%d of %d operations failed; the first: %v", failures.Load(), ops.Load(), err)
	}
	if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "hash chain intact") {
		b.Fatalf("after the load, audit verify: %q %v", out, err)
	}
	list, err := run("request", "list")
	if err != nil {
		b.Fatal(err)
	}
	var lost, awarded int
	made.Range(func(k, _ any) bool {
		if !strings.Contains(list, k.(string)+" ") {
			lost++
		}
		return true
	})
	awarded = strings.Count(list, " awarded ")
	if lost > 0 || int64(awarded) != cycles.Load() {
		b.Errorf("%d requests lost; %d awarded in the store for %d competitions finished", lost, awarded, cycles.Load())
	}
	b.StartTimer()
	b.ReportMetric(float64(ops.Load())/d.Seconds(), "ops/s")
	b.ReportMetric(float64(cycles.Load()), "competitions")
	b.ReportMetric(float64(failures.Load()), "failed")
	b.ReportMetric(float64(lost), "lost")
}
