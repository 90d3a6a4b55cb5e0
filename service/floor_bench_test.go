package service_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// The heavy writes measured against the floor: the same rows in the same
// tables, written the database's fastest way in one transaction (one
// prepared multi-row INSERT on SQLite, one COPY per table on PostgreSQL),
// in the same run, so that the ratio ("x-floor") says how far the
// operation is from what the database itself can do, whatever the machine
// is doing at the time.

// floorKinds are the stores to measure: SQLite, and PostgreSQL when
// PLACEMATCH_TEST_PG names a server.
func floorKinds(b *testing.B, run func(b *testing.B, kind string)) {
	for _, kind := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(kind, func(b *testing.B) {
			if kind == storetest.Postgres {
				storetest.Need(b)
			}
			run(b, kind)
		})
	}
}

// rawStore is a second connection to a store, for writing the floor.
type rawStore struct {
	kind string
	db   *sql.DB   // SQLite
	pg   *pgx.Conn // PostgreSQL
}

func openRaw(b *testing.B, kind, dsn string) *rawStore {
	b.Helper()
	r := &rawStore{kind: kind}
	var err error
	if kind == storetest.Postgres {
		r.pg, err = pgx.Connect(context.Background(), dsn)
	} else {
		r.db, err = sql.Open("sqlite3", "file:"+dsn+"?_txlock=immediate&_busy_timeout=15000")
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if r.pg != nil {
			r.pg.Close(context.Background())
		} else {
			r.db.Close()
		}
	})
	return r
}

// write puts rows into each table (with its columns) in one transaction:
// COPY on PostgreSQL, one prepared multi-row insert per table on SQLite.
func (r *rawStore) write(b *testing.B, tables []string, cols [][]string, rows [][][]any) {
	b.Helper()
	ctx := context.Background()
	if r.pg != nil {
		tx, err := r.pg.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for i, t := range tables {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t}, cols[i], pgx.CopyFromRows(rows[i])); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		return
	}
	tx, err := r.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i, t := range tables {
		const per = 500
		tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols[i])), ",") + "),"
		st, err := tx.Prepare("INSERT INTO " + t + "(" + strings.Join(cols[i], ",") + ") VALUES " + strings.TrimSuffix(strings.Repeat(tuple, per), ","))
		if err != nil {
			b.Fatal(err)
		}
		all := rows[i]
		for len(all) > 0 {
			n := min(per, len(all))
			var args []any
			for _, row := range all[:n] {
				args = append(args, row...)
			}
			if n == per {
				_, err = st.Exec(args...)
			} else {
				_, err = tx.Exec("INSERT INTO "+t+"("+strings.Join(cols[i], ",")+") VALUES "+strings.TrimSuffix(strings.Repeat(tuple, n), ","), args...)
			}
			if err != nil {
				b.Fatal(err)
			}
			all = all[n:]
		}
		st.Close()
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkImportFloor imports a new 10,000-row register into an empty
// store and reports the time against its floor: the same providers and
// register rows written into another empty store.
func BenchmarkImportFloor(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store per iteration")
	}
	text := lotRegisterCSV(10000, "floating-support")
	floorKinds(b, func(b *testing.B, kind string) {
		ctx := context.Background()
		var took, floor time.Duration
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			dsn := storetest.DSN(b, kind)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			svc := service.New(db, service.WithClock(func() time.Time { return benchNow }))
			b.StartTimer()
			start := time.Now()
			res, err := svc.ImportProviders(ctx, "bench", strings.NewReader(text))
			took += time.Since(start)
			b.StopTimer()
			if err != nil || res.Added != 10000 {
				b.Fatalf("import: %v, %+v", err, res)
			}
			db.Close()
			// The floor, into a new empty store.
			fdsn := storetest.DSN(b, kind)
			fdb, err := store.Open(ctx, fdsn)
			if err != nil {
				b.Fatal(err)
			}
			fdb.Close()
			raw := openRaw(b, kind, fdsn)
			provs, lots := make([][]any, 10000), make([][]any, 10000)
			for j := range 10000 {
				id := fmt.Sprintf("B%05d", j)
				provs[j] = []any{id, "Bench Provider " + id + " Support Ltd", "company", "referrals@" + id + ".example.org"}
				lots[j] = []any{id, "leaving-care", "floating-support", "admitted", "2020-02-01", 75.5, "*", int64(16), int64(25),
					"2700000", "independence-skills;mental-health", int64(j % 4), "Bootle", "2026-11-20T10:00:00.000000000Z"}
			}
			start = time.Now()
			raw.write(b, []string{"providers", "provider_lots"}, [][]string{
				{"id", "name", "kind", "email"},
				{"provider_id", "framework", "lot", "status", "admitted_on", "quality", "serves", "min_age", "cover_until", "ofsted_urn",
					"capabilities", "vacancies", "town", "updated_at"},
			}, [][][]any{provs, lots})
			floor += time.Since(start)
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(float64((floor/time.Duration(b.N)).Microseconds())/1000, "floor-ms")
		b.ReportMetric(float64(took)/float64(floor), "x-floor")
	})
}
