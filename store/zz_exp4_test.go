package store

import (
	"context"
	"os"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

func TestExpParallelWalk(t *testing.T) {
	path := os.Getenv("EXP_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for r := 0; r < 3; r++ {
		start := time.Now()
		v := matching.NewChainVerifier()
		var brk *matching.ChainBreak
		err := db.View(ctx, func(tx service.Tx) error {
			return tx.EachEventChecked(func(e matching.Event, c matching.EventCheck) error {
				if brk == nil {
					brk = v.NextChecked(e, c)
				}
				return nil
			})
		})
		t.Logf("parallel walk: %d in %s %v %v", v.Count(), time.Since(start), brk, err)
	}
}
