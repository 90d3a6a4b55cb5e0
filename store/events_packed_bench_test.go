package store_test

import (
	"context"
	"testing"

	"placematch/matching"
	"placematch/service"
)

// BenchmarkChainWalk1M is the parallel walk alone on the million events of
// BenchmarkChainCheck1M (read, decoded and hashed, linked in order), so
// that its profile holds nothing else.
func BenchmarkChainWalk1M(b *testing.B) {
	db := millionEventsStore(b)
	cpu := cpuTime()
	for b.Loop() {
		v := matching.NewChainVerifier()
		var brk *matching.ChainBreak
		err := db.View(context.Background(), func(tx service.Tx) error {
			return tx.EachEventChecked(func(e matching.Event, c matching.EventCheck) error {
				if brk == nil {
					brk = v.NextChecked(e, c)
				}
				return nil
			})
		})
		if err != nil || brk != nil || v.Count() != millionEvents {
			b.Fatalf("checked %d events: %v, %v", v.Count(), brk, err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
