package service_test

import (
	"context"
	"database/sql"
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
		// As the store opens its writer (WAL, synchronous NORMAL, foreign
		// keys checked, its page cache): a floor that waited on a sync the
		// store does not make, or on a page cache smaller than the store's,
		// would flatter the ratio.
		r.db, err = sql.Open("sqlite3", "file:"+dsn+"?_foreign_keys=on&_txlock=immediate&_busy_timeout=15000&_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-262144")
		if err == nil {
			r.db.SetMaxOpenConns(1)
		}
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
	r.writeThen(b, tables, cols, rows, nil)
}

// BenchmarkImportFloor imports a new 10,000-row register into an empty
// store and reports the time against its floor: the very rows the import
// wrote (its providers, register rows, the audit events it recorded, one
// for each row added and one for the import, and the trail's head counter),
// read back and written into another empty store.
func BenchmarkImportFloor(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store per iteration")
	}
	text := lotRegisterCSV(10000, "floating-support")
	floorKinds(b, func(b *testing.B, kind string) {
		ctx := context.Background()
		var took, floor, tookCPU, floorCPU time.Duration
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
			start, startCPU := time.Now(), cpuTime()
			res, err := svc.ImportProviders(ctx, "bench", strings.NewReader(text))
			took, tookCPU = took+time.Since(start), tookCPU+cpuTime()-startCPU
			b.StopTimer()
			if err != nil || res.Added != 10000 {
				b.Fatalf("import: %v, %+v", err, res)
			}
			db.Close()
			// What the import wrote, to write again as the floor.
			written := openRaw(b, kind, dsn)
			tables := []string{"providers", "provider_lots", "audit_events", "counters"}
			cols, rows := make([][]string, len(tables)), make([][][]any, len(tables))
			for i, t := range tables {
				where := ""
				if t == "counters" {
					where = " WHERE name = 'audit-events'"
				}
				cols[i], rows[i] = written.read(b, "SELECT * FROM "+t+where)
			}
			if len(rows[1]) != 10000 || len(rows[2]) != 10001 || len(rows[3]) != 1 {
				b.Fatalf("the import wrote %d register rows, %d events and %d counters", len(rows[1]), len(rows[2]), len(rows[3]))
			}
			// The floor, into a new empty store.
			fdsn := storetest.DSN(b, kind)
			fdb, err := store.Open(ctx, fdsn)
			if err != nil {
				b.Fatal(err)
			}
			fdb.Close()
			raw := openRaw(b, kind, fdsn)
			start, startCPU = time.Now(), cpuTime()
			raw.write(b, tables, cols, rows)
			floor, floorCPU = floor+time.Since(start), floorCPU+cpuTime()-startCPU
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(float64((floor/time.Duration(b.N)).Microseconds())/1000, "floor-ms")
		b.ReportMetric(float64(took)/float64(floor), "x-floor")
		if kind == storetest.SQLite {
			// SQLite works in this process, so its CPU time is the work
			// done, whatever else the machine's cores are doing.
			b.ReportMetric(float64(tookCPU)/float64(floorCPU), "x-floor-cpu")
		}
	})
}

// read runs a query and returns its columns and rows, as values the
// floor's writer takes again (text as strings, not bytes, so that SQLite's
// strict tables take it back).
func (r *rawStore) read(b *testing.B, query string) ([]string, [][]any) {
	b.Helper()
	ctx := context.Background()
	var cols []string
	var out [][]any
	if r.pg != nil {
		rows, err := r.pg.Query(ctx, query)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for _, f := range rows.FieldDescriptions() {
			cols = append(cols, f.Name)
		}
		for rows.Next() {
			vs, err := rows.Values()
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, vs)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		return cols, out
	}
	rows, err := r.db.Query(query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	if cols, err = rows.Columns(); err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		vs := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vs {
			ptrs[i] = &vs[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		for i, v := range vs {
			if bs, ok := v.([]byte); ok {
				vs[i] = string(bs)
			}
		}
		out = append(out, vs)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return cols, out
}
