package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
)

// A trail of a million events, for the chain check's benchmark: written
// straight through the store's bulk append (not the region's generator), a
// mix of the events a region's trail holds (answers with their commitment
// and opening, broadcasts with long fields, plain ones). Built once per
// test process, in a temporary folder, or kept in the file
// PLACEMATCH_BENCH_CHAIN names (built when it does not exist).
var millionTrail struct {
	once sync.Once
	path string
	err  error
}

const millionEvents = 1_000_000

func millionEventsStore(b *testing.B) *store.DB {
	b.Helper()
	if testing.Short() {
		b.Skip("builds a trail of a million events (not under -short)")
	}
	millionTrail.once.Do(func() {
		millionTrail.path = os.Getenv("PLACEMATCH_BENCH_CHAIN")
		if millionTrail.path != "" {
			if _, err := os.Stat(millionTrail.path); err == nil {
				return
			}
		} else {
			dir, err := os.MkdirTemp("", "placematch-chain-")
			if err != nil {
				millionTrail.err = err
				return
			}
			benchDirs = append(benchDirs, dir)
			millionTrail.path = filepath.Join(dir, "chain.db")
		}
		millionTrail.err = buildTrail(millionTrail.path, millionEvents)
	})
	if millionTrail.err != nil {
		b.Fatal(millionTrail.err)
	}
	db, err := store.Open(context.Background(), millionTrail.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchDirs are removed when the tests end (TestMain).
var benchDirs []string

func buildTrail(path string, n int) error {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	at := time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)
	invited := make([]byte, 0, 1024)
	for i := range 120 {
		invited = fmt.Appendf(invited, "P%05d ", i*37)
	}
	const chunk = 20000
	for done := 0; done < n; done += chunk {
		evs := make([]matching.Event, 0, chunk)
		for i := done; i < min(n, done+chunk); i++ {
			e := matching.Event{At: at.Add(time.Duration(i) * time.Minute), Actor: "a.officer", RequestID: fmt.Sprintf("R-2024-%05d", i%50000),
				Version: matching.EventVersion}
			switch i % 20 {
			case 0:
				e.Action = "broadcast"
				e.Fields = matching.Fields{{Name: "age", Value: "16"}, {Name: "lot", Value: "supported-accommodation"},
					{Name: "weights", Value: "50/35/15"}, {Name: "price cap", Value: "£975.00"}, {Name: "invited", Value: string(invited)}}
			case 1, 2:
				e.Action, e.Fields = "closed", matching.Fields{{Name: "closed at", Value: "2024-03-02T12:00:00Z"}, {Name: "cause", Value: "deadline"}}
			default:
				values := matching.Fields{{Name: "declined", Value: ""}, {Name: "weekly", Value: fmt.Sprintf("£%d.00", 800+i%300)},
					{Name: "cover until", Value: "25"}, {Name: "note", Value: "Team of three support workers based locally."}}
				salt := fmt.Sprintf("%032x", i)
				e.Action = "answer logged"
				e.Fields = matching.Fields{{Name: "provider", Value: fmt.Sprintf("P%05d", i%10000)}, {Name: "received", Value: "2024-03-01T10:00:00Z"},
					{Name: "answer", Value: matching.Commit(salt, values)}}
				e.Openings = map[string]matching.Opening{"answer": {Salt: salt, Values: values}}
			}
			evs = append(evs, e)
		}
		if err := db.Update(ctx, func(tx service.Tx) error { return tx.AppendEvents(evs...) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "built a trail of %d events in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

// BenchmarkChainCheck1M is the hash chain's check alone on a trail of a
// million events: read, decoded and hashed in batches on several
// goroutines, linked in order (what audit verify runs); "serial" is the
// walk one event at a time (EachEvent and ChainVerifier.Next), in the same
// run, and the parallel one reports its ratio to it ("x-serial") and to
// the floor, the trail's rows only read by one reader ("x-floor").
func BenchmarkChainCheck1M(b *testing.B) {
	db := millionEventsStore(b)
	ctx := context.Background()
	check := func(b *testing.B, parallel bool) time.Duration {
		start := time.Now()
		v := matching.NewChainVerifier()
		var brk *matching.ChainBreak
		err := db.View(ctx, func(tx service.Tx) error {
			var err error
			if parallel {
				err = tx.EachEventChecked(func(e matching.Event, c matching.EventCheck) error {
					if brk == nil {
						brk = v.NextChecked(e, c)
					}
					return nil
				})
			} else {
				err = tx.EachEvent(func(e matching.Event) error {
					if brk == nil {
						brk = v.Next(e)
					}
					return nil
				})
			}
			if err != nil {
				return err
			}
			w, err := tx.AuditWritten()
			if brk == nil {
				brk = v.End(w)
			}
			return err
		})
		if err != nil || brk != nil || v.Count() != millionEvents {
			b.Fatalf("checked %d events: %v, %v", v.Count(), brk, err)
		}
		return time.Since(start)
	}
	b.Run("serial", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			check(b, false)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
	// The floor: the trail's rows read as the walk's reader reads them,
	// by one reader, and nothing done with them.
	read := func(b *testing.B) time.Duration {
		start := time.Now()
		var n int
		err := db.View(ctx, func(tx service.Tx) error {
			var err error
			n, err = store.ReadTrailRows(tx)
			return err
		})
		if err != nil || n != millionEvents {
			b.Fatalf("read %d rows: %v", n, err)
		}
		return time.Since(start)
	}
	b.Run("parallel", func(b *testing.B) {
		var par, ser, floor, parCPU time.Duration
		for b.Loop() {
			cpu := cpuTime()
			par += check(b, true)
			parCPU += cpuTime() - cpu
			b.StopTimer()
			ser += check(b, false)
			floor += read(b)
			b.StartTimer()
		}
		b.ReportMetric(parCPU.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(par)/float64(ser), "x-serial")
		b.ReportMetric(float64(par)/float64(floor), "x-floor")
		b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s")
	})
}

// TestMain removes what the benchmarks built.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// cpuTime is the CPU time the process has used, user and system: on a
// machine others are busy on, what a walk costs shows there better than in
// the time it takes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
