package store

import (
	"context"
	"os"
	"testing"

	"placematch/service"
)

// BenchmarkChainRead1M is the chain walk's reader alone (no decoding, no
// hashing) on the trail BenchmarkChainCheck1M builds, kept in the file
// PLACEMATCH_BENCH_CHAIN names (skipped without it): "columns" reads the
// eleven columns of each row, "packed" the one value the walk reads on
// SQLite.
func BenchmarkChainRead1M(b *testing.B) {
	path := os.Getenv("PLACEMATCH_BENCH_CHAIN")
	if _, err := os.Stat(path); path == "" || err != nil {
		b.Skip("needs the trail of BenchmarkChainCheck1M in PLACEMATCH_BENCH_CHAIN")
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	read := func(b *testing.B, packed bool) {
		n := 0
		err := db.View(context.Background(), func(tx service.Tx) error {
			t := tx.(*txn)
			if !packed {
				t = &txn{tx: t.tx, ctx: t.ctx, d: pgDialect{}} // read column by column
			}
			src, err := rawEventRows(t, false, 0, 0)
			if err != nil {
				return err
			}
			defer src.rows.Close()
			var r rawEvent
			for src.rows.Next() {
				if err := src.scan(&r); err != nil {
					return err
				}
				n++
			}
			return src.rows.Err()
		})
		if err != nil || n != 1_000_000 {
			b.Fatalf("read %d events: %v", n, err)
		}
	}
	for _, packed := range []bool{false, true} {
		name := "columns"
		if packed {
			name = "packed"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				read(b, packed)
			}
		})
	}
}
