package store_test

import (
	"context"
	"database/sql"
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

// chainEvents is a trail of n structured events, each with fields and a
// commitment with its opening, as the store writes them.
func chainEvents(n int) []matching.Event {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	evs := make([]matching.Event, n)
	for i := range evs {
		values := matching.Fields{{Name: "weekly", Value: fmt.Sprintf("£%d.00", 900+i)}, {Name: "note", Value: "Team of three"}}
		salt := fmt.Sprintf("%032x", i)
		evs[i] = matching.Event{At: at.Add(time.Duration(i) * time.Minute), Actor: "a.officer", RequestID: fmt.Sprintf("R-2026-%04d", i%37),
			Action: "answer logged", Version: matching.EventVersion,
			Fields:   matching.Fields{{Name: "provider", Value: fmt.Sprintf("P%05d", i)}, {Name: "answer", Value: matching.Commit(salt, values)}},
			Openings: map[string]matching.Opening{"answer": {Salt: salt, Values: values}}}
	}
	return evs
}

// chainResult is what a walk of the trail found: the first break (the
// chain's end checked too), how many events were checked, and the error
// that ended the walk.
type chainResult struct {
	Break *matching.ChainBreak
	Count int
	Err   string
}

func walkSerial(t *testing.T, db *store.DB) chainResult {
	return walk(t, db, func(tx service.Tx, fn func(matching.Event, matching.EventCheck) error) error {
		return tx.EachEvent(func(e matching.Event) error { return fn(e, matching.CheckEvent(e)) })
	})
}

func walkParallel(t *testing.T, db *store.DB, workers, size int) chainResult {
	return walk(t, db, func(tx service.Tx, fn func(matching.Event, matching.EventCheck) error) error {
		return store.EachEventCheckedSized(tx, workers, size, fn)
	})
}

// walk checks the chain of the trail as each gives it, event by event
// (each event must come after the one before).
func walk(t *testing.T, db *store.DB, each func(service.Tx, func(matching.Event, matching.EventCheck) error) error) chainResult {
	t.Helper()
	v := matching.NewChainVerifier()
	var r chainResult
	last := int64(0)
	err := db.View(context.Background(), func(tx service.Tx) error {
		if err := each(tx, func(e matching.Event, c matching.EventCheck) error {
			if e.Seq <= last && e.Seq > 0 && r.Break == nil {
				t.Errorf("event %d came after event %d", e.Seq, last)
			}
			last = e.Seq
			if r.Break == nil {
				r.Break = v.NextChecked(e, c)
			}
			return nil
		}); err != nil {
			return err
		}
		if r.Break == nil {
			w, err := tx.AuditWritten()
			if err != nil {
				return err
			}
			r.Break = v.End(w)
		}
		return nil
	})
	r.Count = v.Count()
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

// tamper changes the stored trail behind the store's back, as someone with
// the file (or the database's owner) could.
func tamper(t *testing.T, kind, dsn string, stmts ...string) {
	t.Helper()
	driver := "sqlite3"
	if kind == storetest.Postgres {
		driver = "pgx"
		stmts = append(append([]string{"ALTER TABLE audit_events DISABLE TRIGGER USER"}, stmts...), "ALTER TABLE audit_events ENABLE TRIGGER USER")
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestEachEventCheckedFindsWhatTheSerialWalkFinds: on both stores, the
// parallel walk of the trail (read and checked in batches, linked in
// order) finds each kind of damage at the same event, in the same words,
// as the walk one event at a time: an event altered in the middle of a
// batch, and at a batch's edges; an opening altered; a gap in the
// sequence; a pair reordered; the newest event deleted; an event that
// cannot be read. Whatever the batch size and the number of workers.
func TestEachEventCheckedFindsWhatTheSerialWalkFinds(t *testing.T) {
	t.Parallel()
	const n = 300
	cases := []struct {
		name   string
		stmts  []string
		seq    int64
		reason string // in the break, or the error
		err    bool
	}{
		{name: "intact"},
		{name: "altered mid-batch", stmts: []string{"UPDATE audit_events SET actor = 'mallory' WHERE seq = 150"}, seq: 150, reason: "was altered: its content no longer matches its hash"},
		{name: "altered first", stmts: []string{"UPDATE audit_events SET action = 'offer logged' WHERE seq = 1"}, seq: 1, reason: "was altered"},
		{name: "altered at a batch's end", stmts: []string{"UPDATE audit_events SET request_id = 'R-1' WHERE seq = 64"}, seq: 64, reason: "was altered"},
		{name: "opening altered", stmts: []string{"UPDATE audit_events SET openings = replace(openings, '£', '$') WHERE seq = 151"}, seq: 151,
			reason: "keeps values for its answer field that no longer match what the event committed to (they were altered)"},
		{name: "gap", stmts: []string{"DELETE FROM audit_events WHERE seq = 150"}, seq: 151, reason: "is out of sequence: expected event 150 next (an event was deleted, inserted or reordered)"},
		{name: "reordered pair", stmts: []string{
			"UPDATE audit_events SET seq = 100000 WHERE seq = 150",
			"UPDATE audit_events SET seq = 150 WHERE seq = 151",
			"UPDATE audit_events SET seq = 151 WHERE seq = 100000",
		}, seq: 150, reason: "does not follow the event before it (an event was deleted, inserted or reordered)"},
		{name: "newest deleted", stmts: []string{fmt.Sprintf("DELETE FROM audit_events WHERE seq = %d", n)}, seq: n,
			reason: fmt.Sprintf("is missing: the trail ends at event %d but %d events were written (the newest events were deleted)", n-1, n)},
		{name: "seq altered to a far number", stmts: []string{"UPDATE audit_events SET seq = 1000000000000 WHERE seq = 300"}, seq: 1000000000000,
			reason: "is out of sequence: expected event 300 next"},
		{name: "unreadable", stmts: []string{"UPDATE audit_events SET fields = '[[' WHERE seq = 150"}, reason: "audit event 150 cannot be read", err: true},
	}
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				dsn := storetest.DSN(t, kind)
				db, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if err := db.Update(context.Background(), func(tx service.Tx) error { return tx.AppendEvents(chainEvents(n)...) }); err != nil {
					t.Fatal(err)
				}
				tamper(t, kind, dsn, tc.stmts...)
				want := walkSerial(t, db)
				switch {
				case tc.err:
					if !strings.Contains(want.Err, tc.reason) {
						t.Fatalf("the serial walk ended with %q, want %q", want.Err, tc.reason)
					}
				case tc.reason == "":
					if want.Break != nil || want.Err != "" || want.Count != n {
						t.Fatalf("the intact trail: %+v", want)
					}
				default:
					if want.Break == nil || want.Break.Seq != tc.seq || !strings.Contains(want.Break.Reason, tc.reason) {
						t.Fatalf("the serial walk found %+v (%v), want event %d %q", want, want.Break, tc.seq, tc.reason)
					}
				}
				for _, w := range []int{1, 3} {
					for _, size := range []int{1, 7, 64, 2048} {
						got := walkParallel(t, db, w, size)
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%d workers, batches of %d: %+v (%v), the serial walk %+v (%v)", w, size, got, got.Break, want, want.Break)
						}
					}
				}
			})
		}
	})
}

// TestEachEventCheckedStopsWhenToldTo: fn's error ends the walk at once,
// with that error, and the store is usable after it (the reader and the
// workers ended with the walk).
func TestEachEventCheckedStopsWhenToldTo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		db := storetest.Open(t, kind)
		ctx := context.Background()
		if err := db.Update(ctx, func(tx service.Tx) error { return tx.AppendEvents(chainEvents(500)...) }); err != nil {
			t.Fatal(err)
		}
		seen := 0
		stop := fmt.Errorf("enough")
		err := db.View(ctx, func(tx service.Tx) error {
			return store.EachEventCheckedSized(tx, 2, 16, func(e matching.Event, c matching.EventCheck) error {
				if seen++; seen == 100 {
					return stop
				}
				return nil
			})
		})
		if err == nil || err.Error() != stop.Error() || seen != 100 {
			t.Fatalf("stopped after %d events with %v", seen, err)
		}
		if err := db.Update(ctx, func(tx service.Tx) error { return tx.AppendEvents(chainEvents(1)[0]) }); err != nil {
			t.Fatalf("the store after a stopped walk: %v", err)
		}
		if r := walkParallel(t, db, 2, 16); r.Break != nil || r.Count != 501 {
			t.Fatalf("after the stopped walk: %+v %v", r, r.Break)
		}
	})
}
