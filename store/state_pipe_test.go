package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestEachRankingReadAheadAsBefore: the rankings, read and decoded on a
// goroutine of their own, come to the caller as written (the lean part),
// each once, over several batches, on both stores; a ranking that cannot be
// read is an error only when it is wanted, named by its request; an error
// of the caller's stops the reading at once.
func TestEachRankingReadAheadAsBefore(t *testing.T) {
	t.Parallel()
	const n = 700 // more than two batches
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		dsn := storetest.DSN(t, kind)
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		want := map[string]matching.Ranking{}
		if err := db.Update(ctx, func(tx service.Tx) error {
			for i := range n {
				id := fmt.Sprintf("R-%04d", i)
				r := matching.Request{ID: id, Council: "sefton", Framework: "leaving-care", Lot: "floating-support", CaseRef: "C",
					Initials: "AB", DOB: now.AddDate(-17, 0, 0), Start: now, Deadline: now, Weights: matching.DefaultWeights(), CreatedAt: now}
				if err := tx.InsertRequest(r); err != nil {
					return err
				}
				rk := matching.Ranking{Age: 17, Weights: r.Weights,
					Ranked: []matching.Scored{{Rank: 1, ProviderID: fmt.Sprintf("P%d", i), ProviderName: "A & B", WeeklyPence: matching.Pence(1000 + i),
						CoverUntil: 25, Quality: float64(i) / 7, Total: 1, Rounded: "1.00", Received: now}},
					Excluded:   []matching.Excluded{{ProviderID: "Q", ProviderName: "Q", Reason: fmt.Sprintf("reason %d", i)}},
					NoResponse: []matching.ProviderRef{}}
				if err := tx.SaveRanking(id, rk); err != nil {
					return err
				}
				want[id] = matching.Ranking{Ranked: []matching.Scored{{Rank: 1, ProviderID: rk.Ranked[0].ProviderID, WeeklyPence: rk.Ranked[0].WeeklyPence,
					CoverUntil: 25, Quality: rk.Ranked[0].Quality, Rounded: "1.00"}},
					Excluded: []matching.Excluded{{ProviderID: "Q", Reason: rk.Excluded[0].Reason}}, NoResponse: []matching.ProviderRef{}}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		each := func(want func(string) bool, fn func(string, matching.Ranking) error) error {
			return db.View(ctx, func(tx service.Tx) error { return tx.EachRanking(want, fn) })
		}

		got := map[string]matching.Ranking{}
		if err := each(nil, func(id string, rk matching.Ranking) error {
			if _, twice := got[id]; twice {
				t.Errorf("%s given twice", id)
			}
			got[id] = rk
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d rankings read, %d written, or they differ", len(got), len(want))
		}

		stop := errors.New("stop")
		calls := 0
		if err := each(nil, func(string, matching.Ranking) error {
			if calls++; calls == 300 {
				return stop
			}
			return nil
		}); err != stop || calls != 300 {
			t.Fatalf("stopping at the 300th: %v after %d, want %v after 300", err, calls, stop)
		}

		tamper(t, kind, dsn, "UPDATE rankings SET ranking_json = '[[' WHERE request_id = 'R-0500'")
		calls = 0
		err = each(nil, func(string, matching.Ranking) error { calls++; return nil })
		if err == nil || !strings.Contains(err.Error(), "the stored ranking of R-0500 cannot be read") || calls >= n {
			t.Fatalf("a damaged ranking wanted: %v after %d", err, calls)
		}
		calls = 0
		if err := each(func(id string) bool { return id != "R-0500" }, func(id string, rk matching.Ranking) error {
			calls++
			if !reflect.DeepEqual(rk, want[id]) {
				t.Errorf("%s read as %+v", id, rk)
			}
			return nil
		}); err != nil || calls != n-1 {
			t.Fatalf("a damaged ranking not wanted: %v after %d, want none after %d", err, calls, n-1)
		}
	})
}
