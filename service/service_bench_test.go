package service_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
)

// benchNow is the clock of the benchmarks that build their own store.
var benchNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// openBenchStore opens a fresh store in a temporary folder.
func openBenchStore(b *testing.B, dir string) *service.Service {
	b.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := service.New(db, service.WithClock(func() time.Time { return benchNow }))
	return svc
}

// lotRegisterCSV is a register of n rows on one lot, every row admitted,
// serving every council and covering ages 16 to 24: a broadcast to that lot
// invites all n.
func lotRegisterCSV(n int, lot string) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(append(append([]string{}, matching.RegisterColumns()...), "email"))
	caps := []string{"independence-skills", "mental-health", "self-harm", "young-parent", "esol", "substance-misuse"}
	fw, _, _ := matching.FindLot(lot)
	for i := range n {
		id := fmt.Sprintf("B%05d", i)
		rec := map[string]string{
			"provider_id": id, "provider_name": "Bench Provider " + id + " Support Ltd", "kind": "company",
			"framework": fw.Code, "lot": lot, "status": "admitted", "admitted_on": "2020-02-01",
			"quality_score": fmt.Sprintf("%d.%02d", 50+i%50, i%100), "serves": "*",
			"min_age": "16", "cover_until": "25", "ofsted_urn": strconv.Itoa(2700000 + i),
			"capabilities": strings.Join(caps[:1+i%len(caps)], ";"), "vacancies": strconv.Itoa(i % 4),
			"town": "Bootle", "email": "referrals@" + strings.ToLower(id) + ".example.org",
		}
		line := make([]string, 0, len(matching.RegisterColumns())+1)
		for _, c := range matching.RegisterColumns() {
			line = append(line, rec[c])
		}
		w.Write(append(line, rec["email"]))
	}
	w.Flush()
	return buf.String()
}

// BenchmarkImportProviders10k is the budget "importing a 10,000-row
// register: under 1 s": a new register into an empty store, every row added
// and recorded in the audit trail.
func BenchmarkImportProviders10k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store per iteration")
	}
	text := lotRegisterCSV(10000, "floating-support")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		svc := openBenchStore(b, b.TempDir())
		b.StartTimer()
		res, err := svc.ImportProviders(ctx, "bench", strings.NewReader(text))
		if err != nil {
			b.Fatal(err)
		}
		if res.Added != 10000 {
			b.Fatalf("added %d", res.Added)
		}
		b.StopTimer()
		svc.Store().Close()
		b.StartTimer()
	}
}

// BenchmarkReimportProviders10k imports the same 10,000 rows again: nothing
// changes, so the cost is reading and comparing.
func BenchmarkReimportProviders10k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store")
	}
	text := lotRegisterCSV(10000, "floating-support")
	ctx := context.Background()
	svc := openBenchStore(b, b.TempDir())
	if _, err := svc.ImportProviders(ctx, "bench", strings.NewReader(text)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := svc.ImportProviders(ctx, "bench", strings.NewReader(text))
		if err != nil {
			b.Fatal(err)
		}
		if res.Unchanged != 10000 {
			b.Fatalf("unchanged %d", res.Unchanged)
		}
	}
}

// broadcastDraft makes a draft for a 17 year old in Sefton on lot.
func broadcastDraft(b *testing.B, svc *service.Service, lot string) string {
	b.Helper()
	r, err := svc.NewRequest(context.Background(), "bench", matching.RequestInput{
		Council: "sefton", Lot: lot, CaseRef: "B-1", Initials: "AB", DOB: "2009-03-15",
		Start: "2026-12-01", Deadline: "2026-11-27 17:00", Urgency: "planned",
		Needs: "independence-skills;mental-health", Risks: "self-harm",
	})
	if err != nil {
		b.Fatal(err)
	}
	return r.ID
}

// benchBroadcast broadcasts one new draft per iteration to lot, whose
// register has want eligible rows; the draft is made outside the timer.
func benchBroadcast(b *testing.B, svc *service.Service, lot string, want int) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		id := broadcastDraft(b, svc, lot)
		b.StartTimer()
		res, err := svc.Broadcast(ctx, "bench", id)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Invited) != want {
			b.Fatalf("invited %d, want %d", len(res.Invited), want)
		}
	}
}

// BenchmarkBroadcast10k is the budget "eligibility over 10,000 rows plus a
// broadcast of 10,000 invitations with their audit events: under 200 ms",
// on a fresh store whose floating-support lot has 10,000 rows.
func BenchmarkBroadcast10k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store")
	}
	svc := openBenchStore(b, b.TempDir())
	if _, err := svc.ImportProviders(context.Background(), "bench", strings.NewReader(lotRegisterCSV(10000, "floating-support"))); err != nil {
		b.Fatal(err)
	}
	benchBroadcast(b, svc, "floating-support", 10000)
}

// BenchmarkGenerate builds a region of 10,000 provider-lot rows and 2,000
// requests into a new store per iteration: the generator's pace, per
// request, on a full-size register.
func BenchmarkGenerate(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a region")
	}
	for b.Loop() {
		b.StopTimer()
		svc := openBenchStore(b, b.TempDir())
		b.StartTimer()
		res, err := demo.Generate(context.Background(), svc, "bench", demo.GenerateOptions{ProviderLots: 10000, Requests: 2000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Invitations)/float64(res.Requests), "invited/request")
		b.StopTimer()
		svc.Store().Close()
		b.StartTimer()
	}
}

// The region the budgets are set on: 10,000 provider-lot rows and 50,000
// past requests with about 500,000 offers, generated once per test process
// in a temporary folder, only when benchmarks run and not under -short.
// PLACEMATCH_BENCH_REQUESTS makes it smaller, for a quick look;
// PLACEMATCH_BENCH_REGION names a file to keep it in and reuse next time
// (it is generated when the file does not exist).
var region struct {
	once sync.Once
	dir  string
	path string
	res  demo.GenerateResult
	took time.Duration
	err  error
}

func regionStore(b *testing.B) *service.Service {
	b.Helper()
	if testing.Short() {
		b.Skip("needs the generated region (not under -short)")
	}
	region.once.Do(func() {
		requests := 50000
		if v, err := strconv.Atoi(os.Getenv("PLACEMATCH_BENCH_REQUESTS")); err == nil && v > 0 {
			requests = v
		}
		if keep := os.Getenv("PLACEMATCH_BENCH_REGION"); keep != "" {
			region.path = keep
			if _, err := os.Stat(keep); err == nil {
				region.res.Requests = requests
				return
			}
		} else {
			region.dir, region.err = os.MkdirTemp("", "placematch-bench-")
			if region.err != nil {
				return
			}
			region.path = filepath.Join(region.dir, "region.db")
		}
		// As demo generate makes it: in a new file put in place when whole.
		start := time.Now()
		os.Remove(store.GeneratingPath(region.path)) // what a stopped run left
		file, err := store.CreateBulk(context.Background(), store.GeneratingPath(region.path))
		if err != nil {
			region.err = err
			return
		}
		svc := service.New(file, service.WithClock(func() time.Time { return benchNow }))
		region.res, region.err = demo.Generate(context.Background(), svc, "bench", demo.GenerateOptions{ProviderLots: 10000, Requests: requests, Seed: 1, Discarded: true})
		if region.err != nil {
			file.Discard()
			return
		}
		region.err = file.Finish(context.Background(), region.path)
		region.took = time.Since(start)
		fmt.Fprintf(os.Stderr, "generated the region in %s: %+v\n", region.took.Round(time.Millisecond), region.res)
	})
	if region.err != nil {
		b.Fatal(region.err)
	}
	db, err := store.Open(context.Background(), region.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := service.New(db, service.WithClock(func() time.Time { return benchNow }))
	return svc
}

// TestMain removes the generated region when the benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if region.dir != "" {
		os.RemoveAll(region.dir)
	}
	os.Exit(code)
}

// BenchmarkRegion is the generator on the full region, once: its time is
// in the log line above and in the metric.
func BenchmarkRegion(b *testing.B) {
	regionStore(b)
	for b.Loop() {
	}
	if region.took == 0 {
		b.Skip("the region was reused from PLACEMATCH_BENCH_REGION, not generated")
	}
	b.ReportMetric(region.took.Seconds(), "generate-s")
	b.ReportMetric(float64(region.res.Offers), "offers")
}

// retainedMB is how much heap the value returned by fn keeps alive, in MB,
// measured after two collections.
func retainedMB(fn func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := fn()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

// BenchmarkRequestsAll lists every request of the region, as the app's
// request list does before filtering: 50,000 rows. Besides the time, it
// reports the heap the list keeps (retained-MB) and what the call allocates
// in all (B/op).
func BenchmarkRequestsAll(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	list := func() []service.RequestSummary {
		rows, err := svc.Requests(ctx, service.RequestFilter{})
		if err != nil {
			b.Fatal(err)
		}
		return rows
	}
	if n := len(list()); n != region.res.Requests {
		b.Fatalf("%d requests listed, want %d", n, region.res.Requests)
	}
	retained := retainedMB(func() any { return list() })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		list()
	}
	b.ReportMetric(retained, "retained-MB")
}

// BenchmarkRequestsCouncil lists one council's requests, the biggest
// council's (Lancashire, about a sixth of the region).
func BenchmarkRequestsCouncil(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := svc.Requests(ctx, service.RequestFilter{Council: "lancashire"})
		if err != nil || len(rows) == 0 {
			b.Fatal(len(rows), err)
		}
	}
}

// BenchmarkRequestsOpen lists the requests still open or closed, as a duty
// officer's view does.
func BenchmarkRequestsOpen(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := svc.Requests(ctx, service.RequestFilter{Statuses: []matching.Status{matching.StatusOpen, matching.StatusClosed}})
		if err != nil || len(rows) == 0 {
			b.Fatal(len(rows), err)
		}
	}
}

// BenchmarkRequestsProvider lists the requests one provider was invited to:
// the provider's side.
func BenchmarkRequestsProvider(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Requests(ctx, service.RequestFilter{Provider: "P00017"}); err != nil {
			b.Fatal(err)
		}
	}
}

// showTargets picks the requests of the region with the most invitations:
// an awarded one (its ranking, timeline and not-invited list all full) and
// an open one (sealed).
func showTargets(b *testing.B, svc *service.Service) (awarded, open string) {
	rows, err := svc.Requests(context.Background(), service.RequestFilter{})
	if err != nil {
		b.Fatal(err)
	}
	most := map[matching.Status]int{}
	for _, r := range rows {
		if r.Invited > most[r.Status] {
			most[r.Status] = r.Invited
			switch r.Status {
			case matching.StatusAwarded:
				awarded = r.ID
			case matching.StatusOpen:
				open = r.ID
			}
		}
	}
	if awarded == "" || open == "" {
		b.Fatal("the region has no awarded or no open request")
	}
	return awarded, open
}

// BenchmarkShowAwarded is svc.Show on the region's biggest awarded request:
// what the app's request screen reads.
func BenchmarkShowAwarded(b *testing.B) {
	svc := regionStore(b)
	id, _ := showTargets(b, svc)
	benchShow(b, svc, id)
}

// BenchmarkShowOpen is svc.Show on the region's biggest open request.
func BenchmarkShowOpen(b *testing.B) {
	svc := regionStore(b)
	_, id := showTargets(b, svc)
	benchShow(b, svc, id)
}

func benchShow(b *testing.B, svc *service.Service, id string) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d, err := svc.Show(ctx, "bench", id)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Answers) == 0 || len(d.Timeline) == 0 {
			b.Fatalf("%s shows %d answers and %d events", id, len(d.Answers), len(d.Timeline))
		}
	}
}

// BenchmarkBroadcast10kRegion is the broadcast budget on a copy of the
// region whose floating-support lot is made 10,000 rows, every one
// eligible: the invitations go into a store that already holds millions.
func BenchmarkBroadcast10kRegion(b *testing.B) {
	src := regionStore(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "copy.db")
	if err := src.Store().Backup(ctx, path); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := service.New(db, service.WithClock(func() time.Time { return benchNow }))
	lot, err := svc.Providers(ctx, service.ProviderFilter{Lot: "floating-support"})
	if err != nil {
		b.Fatal(err)
	}
	// Every row of the lot admitted, serving everyone, for ages 16 to 24;
	// new rows to make 10,000.
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(append(append([]string{}, matching.RegisterColumns()...), "email"))
	row := func(id, name, kind, caps, email string, q float64) {
		w.Write([]string{id, name, kind, "leaving-care", "floating-support", "admitted", "2020-02-01",
			strconv.FormatFloat(q, 'f', -1, 64), "*", "16", "25", "", caps, "2", "Bootle", email})
	}
	for _, p := range lot {
		row(p.ProviderID, p.ProviderName, p.Kind, strings.Join(p.Capabilities, ";"), p.Email, p.Quality)
	}
	for i := len(lot); i < 10000; i++ {
		id := fmt.Sprintf("B%05d", i)
		row(id, "Bench Provider "+id+" Support Ltd", "company", "independence-skills;mental-health", "referrals@"+strings.ToLower(id)+".example.org", 75)
	}
	w.Flush()
	if _, err := svc.ImportProviders(ctx, "bench", &buf); err != nil {
		b.Fatal(err)
	}
	benchBroadcast(b, svc, "floating-support", 10000)
}

// discardSender sends nowhere: what is left is the outbox's own cost.
type discardSender struct{ n int }

func (d *discardSender) Send(service.Message) error { d.n++; return nil }
func (d *discardSender) Via() string                { return "discard" }

// BenchmarkDeliver10k sends the 10,000 invitations of a broadcast through a
// sender that costs nothing: claiming, reading and recording them.
func BenchmarkDeliver10k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store")
	}
	svc := openBenchStore(b, b.TempDir())
	ctx := context.Background()
	if _, err := svc.ImportProviders(ctx, "bench", strings.NewReader(lotRegisterCSV(10000, "floating-support"))); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if _, err := svc.Broadcast(ctx, "bench", broadcastDraft(b, svc, "floating-support")); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s := &discardSender{}
		rep, err := svc.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != 10000 || s.n != 10000 {
			b.Fatalf("sent %d (%d), %v", rep.Sent, s.n, err)
		}
	}
}

// BenchmarkAuditVerify is audit verify on the region: SQLite's check of
// the file (the quick one, on a store this large), the hash chain of its
// 800,000 events, and the state of its 50,000 requests held against the
// replay of the trail.
func BenchmarkAuditVerify(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	for b.Loop() {
		res, err := svc.VerifyAudit(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if !res.OK() {
			b.Fatalf("the region fails audit verify: %+v", res)
		}
		b.ReportMetric(float64(res.Events), "events")
		// Each check's own time, the last run's.
		b.ReportMetric(res.Took.File.Seconds(), "file-s")
		b.ReportMetric(res.Took.Chain.Seconds(), "chain-s")
		b.ReportMetric(res.Took.State.Seconds(), "state-s")
	}
}
