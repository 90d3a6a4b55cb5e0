package store_test

import (
	"context"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestChangedMovesWhenAnotherProcessWrites: a second opening of the store
// (as another process would have) commits, and the first one's Changed
// moves; with no writes it stays where it is, however often it is read.
func TestChangedMovesWhenAnotherProcessWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, kind)
		mine, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer mine.Close()
		other, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		read := func() int64 {
			t.Helper()
			v, err := mine.Changed(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		write := func(db *store.DB) {
			t.Helper()
			if err := db.Update(ctx, func(tx service.Tx) error {
				return tx.AppendEvents(matching.Event{At: time.Now(), Actor: "t", Action: "x"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		before := read()
		for range 3 {
			if v := read(); v != before {
				t.Fatalf("Changed moved from %d to %d with nobody writing", before, v)
			}
		}
		write(other)
		after := read()
		if after == before {
			t.Fatalf("Changed stayed at %d after another process's commit", before)
		}
		if v := read(); v != after {
			t.Fatalf("Changed moved from %d to %d with nobody writing", after, v)
		}
		write(other)
		if v := read(); v == after {
			t.Fatalf("Changed stayed at %d after a second commit", v)
		}
		// Through the service, as the app asks.
		svc := service.New(mine)
		a, err := svc.Changed(ctx)
		if err != nil {
			t.Fatal(err)
		}
		write(other)
		if b, err := svc.Changed(ctx); err != nil || b == a {
			t.Fatalf("Service.Changed: %d then %d, %v", a, b, err)
		}
	})
}
