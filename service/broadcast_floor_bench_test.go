package service_test

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// BenchmarkBroadcastFloor broadcasts to a lot of 10,000 eligible rows and
// reports the time against its floor, measured in the same run, draft by
// draft: the same rows in the same tables, written the database's fastest
// way in one transaction (one prepared multi-row INSERT per table on
// SQLite, on a connection with the store's own settings; COPY on
// PostgreSQL). The rows are those the broadcast wrote: the invitations,
// the one audit event, the request's new counts, and the outbox the
// broadcast must fill to send the invitations, one letter and a message
// per invited provider (each with its own Message-ID nonce: on SQLite
// made by one INSERT ... SELECT from the invitations, which is faster than
// passing the rows in, and so the floor of those rows). In
// "some-left-out" 2,000 more rows of the lot are left out (not serving
// the council, or too old a minimum age), so the not-invited list (one
// compressed row, kept by its digest) is written by both.
func BenchmarkBroadcastFloor(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store")
	}
	floorKinds(b, func(b *testing.B, kind string) {
		for _, c := range []struct {
			name string
			left int
		}{{"all-invited", 0}, {"some-left-out", 2000}} {
			b.Run(c.name, func(b *testing.B) { benchBroadcastFloor(b, kind, c.left) })
		}
	})
}

func benchBroadcastFloor(b *testing.B, kind string, left int) {
	ctx := context.Background()
	register := leftOutRegisterCSV(10000, left)
	open := func() (*service.Service, string) {
		dsn := storetest.DSN(b, kind)
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		svc := service.New(db, service.WithClock(func() time.Time { return benchNow }))
		if _, err := svc.ImportProviders(ctx, "bench", strings.NewReader(register)); err != nil {
			b.Fatal(err)
		}
		return svc, dsn
	}
	svc, _ := open()
	// The floor goes into a second store alike, so that its made-up
	// events stay out of the first one's chain.
	fsvc, fdsn := open()
	raw := openRaw(b, kind, fdsn)
	var took, floor time.Duration
	var tookCPU, floorCPU time.Duration // this process's, which on SQLite is the database's too
	i := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		id := broadcastDraft(b, svc, "floating-support")
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		res, err := svc.Broadcast(ctx, "bench", id)
		took, tookCPU = took+time.Since(start), tookCPU+cpuTime()-cpu
		b.StopTimer()
		if err != nil || len(res.Invited) != 10000 || len(res.NotInvited) != left {
			b.Fatalf("broadcast: %v, %d invited, %d left out", err, len(res.Invited), len(res.NotInvited))
		}
		fid := broadcastDraft(b, fsvc, "floating-support")
		wall, cpu := raw.broadcastFloor(b, fid, i, res)
		floor, floorCPU = floor+wall, floorCPU+cpu
		i++
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64((floor/time.Duration(i)).Microseconds())/1000, "floor-ms")
	b.ReportMetric(float64(took)/float64(floor), "x-floor")
	if kind == storetest.SQLite && floorCPU > 0 {
		// The processor time spent, which other programs on the machine
		// disturb less than the time taken.
		b.ReportMetric(float64((tookCPU/time.Duration(i)).Microseconds())/1000, "cpu-ms")
		b.ReportMetric(float64(tookCPU)/float64(floorCPU), "x-floor-cpu")
	}
}

// leftOutRegisterCSV is lotRegisterCSV's register of n eligible rows on
// floating-support, and left more that a broadcast to sefton leaves out:
// half serve only wirral, half take no one under 18.
func leftOutRegisterCSV(n, left int) string {
	rs, err := csv.NewReader(strings.NewReader(lotRegisterCSV(n+left, "floating-support"))).ReadAll()
	if err != nil {
		panic(err)
	}
	serves, minAge := slices.Index(rs[0], "serves"), slices.Index(rs[0], "min_age")
	for i := n; i < n+left; i++ {
		if i%2 == 0 {
			rs[1+i][serves] = "wirral"
		} else {
			rs[1+i][minAge] = "18"
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rs)
	return buf.String()
}

// broadcastFloor writes for the draft id of the floor's store the rows the
// broadcast res wrote, in one transaction, and returns the time it took
// and the processor time this process spent on it.
// The rows are made, and the not-invited list compressed, before the clock
// starts: the floor is the database's part only.
func (r *rawStore) broadcastFloor(b *testing.B, id string, i int, res service.BroadcastResult) (time.Duration, time.Duration) {
	b.Helper()
	at := "2026-11-20T10:00:00.000000000Z"
	letter := int64(1_000_000 + i)
	inv := make([][]any, len(res.Invited))
	outbox := make([][]any, len(res.Invited))
	for j, v := range res.Invited {
		var vac any
		if v.Vacancies != nil {
			vac = int64(*v.Vacancies)
		}
		inv[j] = []any{id, v.ProviderID, v.ProviderName, v.Email, v.Quality, int64(v.CoverUntil), strings.Join(v.MissingNeeds, ";"),
			vac, v.Town, v.Phone}
		var nonce [8]byte
		rand.Read(nonce[:])
		outbox[j] = []any{id, v.ProviderID, "invitation", v.Email, "", "", "pending", at, letter, hex.EncodeToString(nonce[:])}
	}
	tables := []string{"invitations", "letters", "deliveries", "audit_events"}
	cols := [][]string{
		{"request_id", "provider_id", "provider_name", "email", "quality", "cover_until", "missing_needs", "vacancies", "town", "phone"},
		{"id", "request_id", "kind", "subject", "body"},
		{"request_id", "provider_id", "kind", "to_addr", "subject", "body", "status", "created_at", "letter_id", "nonce"},
		{"seq", "at", "actor", "request_id", "action", "detail", "prev_hash", "hash", "version", "fields", "openings"},
	}
	rows := [][][]any{
		inv,
		{{letter, id, "invitation", "Invitation to offer " + id, strings.Repeat("The letter's body, as the broadcast writes it.\n", 40)}},
		outbox,
		{{int64(1_000_000_000 + 1000*i), at, // clear of the drafts' events that follow
			"bench", id, "broadcast", "", fmt.Sprintf("%064x", 1_000_000_000+i), fmt.Sprintf("%064x", 2_000_000_000+i),
			int64(2), `[["invited","10000"]]`, ""}},
	}
	var list any // NULL: nobody was left out
	if len(res.NotInvited) > 0 {
		var body bytes.Buffer
		zw, _ := flate.NewWriter(&body, flate.BestSpeed)
		zw.Write(matching.EncodeNotInvited(res.NotInvited))
		zw.Close()
		list = int64(1_000_000 + i)
		tables = append([]string{"not_invited_lists"}, tables...)
		cols = append([][]string{{"id", "sha256", "providers", "body"}}, cols...)
		rows = append([][][]any{{{list, fmt.Sprintf("%064x", 3_000_000_000+i), int64(len(res.NotInvited)), body.Bytes()}}}, rows...)
	}
	then := []floorStmt{{"UPDATE requests SET status = 'open', invited_count = $1, not_invited_list = $2 WHERE id = $3",
		[]any{len(res.Invited), list, id}}}
	if r.db != nil {
		k := slices.Index(tables, "deliveries")
		tables, cols, rows = slices.Delete(tables, k, k+1), slices.Delete(cols, k, k+1), slices.Delete(rows, k, k+1)
		then = append(then, floorStmt{`INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at, letter_id, nonce)
			SELECT request_id, provider_id, 'invitation', email, '', '', 'pending', $1, $2, lower(hex(randomblob(8)))
			FROM invitations WHERE request_id = $3`, []any{at, letter, id}})
	}
	start, cpu := time.Now(), cpuTime()
	r.writeThen(b, tables, cols, rows, then)
	return time.Since(start), cpuTime() - cpu
}

// floorStmt is a statement of the floor's besides its rows.
type floorStmt struct {
	q    string
	args []any
}

// writeThen is write, with more statements after the rows in the same
// transaction.
func (r *rawStore) writeThen(b *testing.B, tables []string, cols [][]string, rows [][][]any, then []floorStmt) {
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
		for _, st := range then {
			if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
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
		if err := insertPrepared(tx, t, cols[i], rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	for _, st := range then {
		if _, err := tx.Exec(st.q, st.args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// insertPrepared writes rows with one prepared multi-row INSERT of up to
// 500 rows (as many as SQLite's variables allow), run as often as needed.
func insertPrepared(tx *sql.Tx, table string, cols []string, rows [][]any) error {
	per := max(1, min(500, 30000/len(cols)))
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + "),"
	head := "INSERT INTO " + table + "(" + strings.Join(cols, ",") + ") VALUES "
	var st *sql.Stmt
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		args = args[:0]
		for _, row := range rows[:n] {
			args = append(args, row...)
		}
		var err error
		if n == per {
			if st == nil {
				if st, err = tx.Prepare(head + strings.TrimSuffix(strings.Repeat(tuple, per), ",")); err != nil {
					return err
				}
				defer st.Close()
			}
			_, err = st.Exec(args...)
		} else {
			_, err = tx.Exec(head+strings.TrimSuffix(strings.Repeat(tuple, n), ","), args...)
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
