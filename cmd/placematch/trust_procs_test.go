package main

// Several people on one store: real placematch processes, built from this
// package, logging offers, broadcasting, creating requests and re-importing
// the register at once against one file. Nothing may be lost and nobody may
// see "database is locked" or "busy".

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"placematch/matching"
)

// trustBinary is the placematch binary, for tests that run it as separate
// processes; they are skipped with -short.
func trustBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs placematch processes; skipped with -short")
	}
	return placematchBinary(t)
}

// procResult is one finished placematch process.
type procResult struct {
	args     []string
	out, err string
	code     int
	took     time.Duration
}

func (r procResult) String() string {
	return fmt.Sprintf("placematch %s: exit %d after %v, stderr %q", strings.Join(r.args, " "), r.code, r.took.Round(time.Millisecond), r.err)
}

// trustEnv is the whole environment of a test process: nothing of the
// caller's PLACEMATCH_* settings leaks in.
func trustEnv(home string) []string {
	return []string{"USER=trust", "HOME=" + home, "PATH=" + os.Getenv("PATH"), "TZ=UTC", "LANG=C.UTF-8"}
}

// runProc runs the binary to completion (killed after a minute at most).
func runProc(t *testing.T, bin, db string, args ...string) procResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	full := append([]string{"--db", db}, args...)
	cmd := exec.CommandContext(ctx, bin, full...)
	cmd.Env = trustEnv(filepath.Dir(db))
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := procResult{args: args, out: out.String(), err: errb.String(), took: time.Since(start)}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			res.code = ee.ExitCode()
		} else {
			res.code = -1
			res.err += err.Error()
		}
	}
	return res
}

// inproc runs a command in this process on the real clock, for setting up
// and checking a store quickly; the processes under test use the binary.
func inproc(t *testing.T, db string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "USER" {
				return "trust"
			}
			return ""
		}}
	if code := run(context.Background(), append([]string{"--db", db}, args...), e); code != 0 {
		t.Fatalf("placematch %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// trustRegister writes a register of n admitted group-living providers
// P0001..., serving every council, ages 16 to 24, Ofsted-registered; the
// first withEmail have an email address. Extra rows are appended as given.
func trustRegister(t *testing.T, dir string, n, withEmail int, quality float64, extra ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n")
	for i := 1; i <= n; i++ {
		email := ""
		if i <= withEmail {
			email = fmt.Sprintf("referrals@p%04d.example.org", i)
		}
		fmt.Fprintf(&b, "P%04d,Provider %04d Living,company,leaving-care,group-living,admitted,2024-01-01,%g,*,16,25,27%05d,independence-skills;mental-health,%d,Manchester,%s\n",
			i, i, quality, i, i%4, email)
	}
	for _, row := range extra {
		b.WriteString(row + "\n")
	}
	path := filepath.Join(dir, fmt.Sprintf("register-%d-%g.csv", n, quality))
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// liveRequestArgs are the arguments of a request on lot that can be
// broadcast now on the real clock: the young person is 17 on the start date.
func liveRequestArgs(lot string) []string {
	now := time.Now()
	start := now.In(matching.London).AddDate(0, 0, 40)
	startDate := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	dob := startDate.AddDate(-17, 0, -10)
	return []string{"request", "new", "--org", "manchester", "--lot", lot, "--case", "TR-5501", "--initials", "QZ",
		"--dob", dob.Format(matching.DateLayout), "--start", startDate.Format(matching.DateLayout),
		"--deadline", now.Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339), "--urgency", "planned",
		"--locality", "North Manchester", "--summary", "Needs a calm home near college."}
}

func newLiveRequest(t *testing.T, db, lot string) string {
	t.Helper()
	id := strings.TrimSpace(inproc(t, db, liveRequestArgs(lot)...))
	if !strings.HasPrefix(id, "MAN-") {
		t.Fatalf("request new printed %q", id)
	}
	return id
}

// openSQL opens the store for the test's own checks.
func openSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=15000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func scalar[T any](t *testing.T, db *sql.DB, q string, args ...any) T {
	t.Helper()
	var v T
	if err := db.QueryRow(q, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// checkIntegrity wants SQLite's own check of the file to pass.
func checkIntegrity(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		msgs = append(msgs, s)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		t.Fatalf("integrity_check: %v", msgs)
	}
	if n := scalar[int](t, db, "SELECT count(*) FROM pragma_foreign_key_check"); n != 0 {
		t.Fatalf("%d foreign key violations", n)
	}
}

// checkVerify wants `audit verify` to pass on the store.
func checkVerify(t *testing.T, path string) {
	t.Helper()
	if out := inproc(t, path, "audit", "verify"); !strings.Contains(out, "hash chain intact") {
		t.Fatalf("audit verify said %q", out)
	}
}

// busyWords are what a user must never see from a lost race for the store.
var busyWords = []string{"locked", "busy", "SQLITE_BUSY"}

// TestTrustManyProcessesOneStore runs 4 placematch processes at once, 50
// operations each, mixed: offers on their own requests and on one request
// all of them answer (which must close exactly once, when the last of its 40
// providers answers), broadcasts that send messages, new drafts, register
// re-imports, and reads. Every process must succeed with nothing on stderr,
// and every operation must be in the store and in the audit chain.
func TestTrustManyProcessesOneStore(t *testing.T) {
	t.Parallel()
	bin := trustBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "shared.db")
	const (
		workers    = 4
		providers  = 40
		withEmail  = 10
		ownReqs    = 3
		perOwn     = 5  // offers per own request
		perShared  = 10 // providers each worker answers for on the shared request
		broadcasts = 5
		news       = 5
		imports    = 5
		shows      = 5
		verifies   = 5
	)
	opsPerWorker := ownReqs*perOwn + perShared + broadcasts + news + imports + shows + verifies
	if opsPerWorker != 50 {
		t.Fatalf("the mix is %d operations a worker", opsPerWorker)
	}
	setupStart := time.Now()
	inproc(t, db, "init")
	register := trustRegister(t, dir, providers, withEmail, 80)
	inproc(t, db, "providers", "import", register)
	shared := newLiveRequest(t, db, "group-living")
	inproc(t, db, "request", "broadcast", shared)
	own := make([][]string, workers)
	drafts := make([][]string, workers)
	for w := range workers {
		for range ownReqs {
			id := newLiveRequest(t, db, "group-living")
			inproc(t, db, "request", "broadcast", id)
			own[w] = append(own[w], id)
		}
		for range broadcasts {
			drafts[w] = append(drafts[w], newLiveRequest(t, db, "group-living"))
		}
	}
	t.Logf("set up in %v", time.Since(setupStart).Round(time.Millisecond))
	sq := openSQL(t, db)
	baseEvents := scalar[int](t, sq, "SELECT count(*) FROM audit_events")
	baseRequests := scalar[int](t, sq, "SELECT count(*) FROM requests")

	// Each worker's operations, shuffled so that every kind meets every other.
	type op struct{ args []string }
	plans := make([][]op, workers)
	for w := range workers {
		var ops []op
		for k, id := range own[w] {
			for i := 1; i <= perOwn; i++ {
				ops = append(ops, op{[]string{"request", "respond", id, "--provider", fmt.Sprintf("P%04d", i), "--weekly", fmt.Sprintf("%d", 900+10*k+i)}})
			}
		}
		for i := 1; i <= perShared; i++ {
			pid := fmt.Sprintf("P%04d", w*perShared+i)
			ops = append(ops, op{[]string{"request", "respond", shared, "--provider", pid, "--weekly", fmt.Sprintf("%d.%02d", 1000+w, i)}})
		}
		for _, id := range drafts[w] {
			ops = append(ops, op{[]string{"request", "broadcast", id}})
		}
		for range news {
			ops = append(ops, op{liveRequestArgs("group-living")})
		}
		for range imports {
			ops = append(ops, op{[]string{"providers", "import", register}})
		}
		for i := range shows {
			ops = append(ops, op{[]string{"request", "show", own[w][i%ownReqs]}})
		}
		for range verifies {
			ops = append(ops, op{[]string{"audit", "verify"}})
		}
		rng := rand.New(rand.NewPCG(uint64(w), 0x5eed))
		rng.Shuffle(len(ops), func(i, j int) { ops[i], ops[j] = ops[j], ops[i] })
		plans[w] = ops
	}

	var mu sync.Mutex
	var results []procResult
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, o := range plans[w] {
				r := runProc(t, bin, db, o.args...)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	var slowest procResult
	for _, r := range results {
		if r.took > slowest.took {
			slowest = r
		}
		if r.code != 0 || r.err != "" {
			t.Errorf("%s", r)
		}
		for _, w := range busyWords {
			if strings.Contains(r.err+r.out, w) {
				t.Errorf("a user saw %q: %s", w, r)
			}
		}
	}
	t.Logf("%d processes × %d operations = %d in %v (slowest: %s)", workers, opsPerWorker, len(results), elapsed.Round(time.Millisecond), slowest)
	if len(results) != workers*opsPerWorker {
		t.Fatalf("%d operations ran, want %d", len(results), workers*opsPerWorker)
	}
	if t.Failed() {
		t.FailNow()
	}

	// Every operation is recorded.
	responds := workers * (ownReqs*perOwn + perShared)
	if n := scalar[int](t, sq, "SELECT count(*) FROM responses"); n != responds {
		t.Errorf("%d responses recorded, want %d", n, responds)
	}
	if n := scalar[int](t, sq, "SELECT count(*) FROM requests WHERE answered_count != (SELECT count(*) FROM responses WHERE request_id = requests.id)"); n != 0 {
		t.Errorf("%d requests with a wrong answered count", n)
	}
	for w := range workers {
		for _, id := range own[w] {
			if n := scalar[int](t, sq, "SELECT count(*) FROM responses WHERE request_id = ?", id); n != perOwn {
				t.Errorf("%s has %d responses, want %d", id, n, perOwn)
			}
		}
	}
	// The shared request stays open once all have answered (providers may
	// revise until its deadline); the process that logged the last answer,
	// and it alone, told its officer so.
	if s := scalar[string](t, sq, "SELECT status FROM requests WHERE id = ?", shared); s != "open" {
		t.Errorf("the shared request is %s after all %d providers answered, want open until its deadline", s, providers)
	}
	if n := scalar[int](t, sq, "SELECT count(*) FROM responses WHERE request_id = ?", shared); n != providers {
		t.Errorf("the shared request has %d responses, want %d", n, providers)
	}
	if n := scalar[int](t, sq, "SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'closed'", shared); n != 0 {
		t.Errorf("the shared request closed %d times by itself", n)
	}
	told := 0
	for _, r := range results {
		if strings.Contains(r.out, matching.AllAnsweredWords(providers)+": placematch request close "+shared) {
			told++
		}
	}
	if told != 1 {
		t.Errorf("%d processes said all %d had answered, want the one that logged the last answer", told, providers)
	}
	// Every broadcast is whole, with its messages sent exactly where they go.
	for w := range workers {
		for _, id := range drafts[w] {
			if s := scalar[string](t, sq, "SELECT status FROM requests WHERE id = ?", id); s != "open" {
				t.Errorf("%s is %s after its broadcast", id, s)
			}
			if n := scalar[int](t, sq, "SELECT count(*) FROM invitations WHERE request_id = ?", id); n != providers {
				t.Errorf("%s has %d invitations, want %d", id, n, providers)
			}
			if n := scalar[int](t, sq, "SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'broadcast'", id); n != 1 {
				t.Errorf("%s has %d broadcast events", id, n)
			}
		}
	}
	if n := scalar[int](t, sq, "SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed')"); n != 0 {
		t.Errorf("%d messages to providers were left unsent", n)
	}
	sent := scalar[int](t, sq, "SELECT count(*) FROM deliveries WHERE status = 'sent'")
	if want := (1 + workers*(ownReqs+broadcasts)) * withEmail; sent != want {
		t.Errorf("%d messages sent, want %d", sent, want)
	}
	// Two processes' delivery runs see the same pending messages; each is
	// sent by one of them only (with a mail relay, twice is two emails).
	if n := scalar[int](t, sq, "SELECT count(*) FROM deliveries WHERE status = 'sent' AND attempts != 1"); n > 0 {
		t.Errorf("%d of %d messages were sent more than once by processes delivering at the same time", n, sent)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "outbox", "*.eml")); len(files) != sent {
		t.Errorf("%d messages in the outbox folder, %d recorded as sent", len(files), sent)
	}
	// Every new draft has its own id: the processes saving Manchester's
	// requests at once took its numbers one each, none twice, none skipped.
	if n := scalar[int](t, sq, "SELECT count(*) FROM requests"); n != baseRequests+workers*news {
		t.Errorf("%d requests, want %d", n, baseRequests+workers*news)
	}
	var ids []string
	rows, err := sq.Query("SELECT id FROM requests ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	year := shared[len("MAN-") : len("MAN-")+4]
	for i, id := range ids {
		if want := fmt.Sprintf("MAN-%s-%04d", year, i+1); id != want {
			t.Errorf("request ids %v: the %dth is %s, want %s", ids, i+1, id, want)
			break
		}
	}
	// And every change is in the audit chain, which verifies.
	wantEvents := baseEvents + responds + workers*(broadcasts+news+imports)
	if n := scalar[int](t, sq, "SELECT count(*) FROM audit_events"); n != wantEvents {
		t.Errorf("%d audit events, want %d", n, wantEvents)
	}
	checkIntegrity(t, sq)
	if r := runProc(t, bin, db, "audit", "verify"); r.code != 0 || !strings.Contains(r.out, fmt.Sprintf("%d events, hash chain intact", wantEvents)) {
		t.Errorf("audit verify: %s %s", r, r.out)
	}
}
