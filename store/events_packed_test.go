package store_test

import (
	"context"
	"reflect"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// TestEachEventCheckedReadsASeparatorInAColumn: on SQLite the walk reads
// each event as one value, its columns joined by the unit separator; a
// column that holds that character (an old free-text detail, or the file
// altered by hand, in the first column, the middle or the last) is read
// as the walk one event at a time reads it, and the chain is found intact
// or broken at the same event in the same words.
func TestEachEventCheckedReadsASeparatorInAColumn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		chr := "char(31)"
		if kind == storetest.Postgres {
			chr = "chr(31)"
		}
		for _, tc := range []struct {
			name  string
			stmts []string
			seq   int64
			err   string // what ends the walk instead of a break
		}{
			{name: "in a free-text detail, as written"},
			{name: "in the actor, altered", stmts: []string{"UPDATE audit_events SET actor = 'a' || " + chr + " || 'b' WHERE seq = 40"}, seq: 40},
			{name: "in the openings, altered", stmts: []string{"UPDATE audit_events SET openings = openings || " + chr + " WHERE seq = 41"},
				err: "audit event 41 cannot be read: invalid character '\\x1f' after top-level value"},
			{name: "in the time, altered", stmts: []string{"UPDATE audit_events SET at = " + chr + " || at WHERE seq = 1"}, seq: 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				dsn := storetest.DSN(t, kind)
				db, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				evs := chainEvents(60)
				// Free-text events of an old store, their detail holding the
				// separator and what looks like more columns after it.
				evs[10] = matching.Event{At: evs[10].At, Actor: "a.officer", Action: "note", Version: 1, Detail: "one\x1ftwo\x1f3\x1f"}
				evs[11] = matching.Event{At: evs[11].At, Actor: "a.officer", Action: "note", Version: 1, Detail: "\x1f"}
				if err := db.Update(context.Background(), func(tx service.Tx) error { return tx.AppendEvents(evs...) }); err != nil {
					t.Fatal(err)
				}
				tamper(t, kind, dsn, tc.stmts...)
				want := walkSerial(t, db)
				if tc.err != "" && (want.Err != tc.err || want.Count != 40) {
					t.Fatalf("the serial walk ended with %+v, want %q after 40 events", want, tc.err)
				}
				if tc.err == "" && tc.seq == 0 && (want.Break != nil || want.Err != "" || want.Count != 60) {
					t.Fatalf("the serial walk of the intact trail: %+v %v", want, want.Break)
				}
				if tc.seq != 0 && (want.Break == nil || want.Break.Seq != tc.seq) {
					t.Fatalf("the serial walk found %+v %v, want a break at event %d", want, want.Break, tc.seq)
				}
				for _, size := range []int{1, 16, 2048} {
					if got := walkParallel(t, db, 2, size); !reflect.DeepEqual(got, want) {
						t.Errorf("batches of %d: %+v (%v), the serial walk %+v (%v)", size, got, got.Break, want, want.Break)
					}
				}
			})
		}
	})
}
