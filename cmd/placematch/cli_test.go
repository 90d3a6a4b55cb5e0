package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"placematch/store"
	"placematch/store/storetest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// harness runs commands in process against a real store file, with a clock
// the test moves.
type harness struct {
	t    *testing.T
	db   string
	kind string // storetest.SQLite or storetest.Postgres
	// outbox is the folder messages go to (beside an SQLite store when "").
	outbox string
	now    time.Time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, storetest.SQLite)
}

// newHarnessOn is a harness on a new store of the kind.
func newHarnessOn(t *testing.T, kind string) *harness {
	t.Helper()
	h := &harness{t: t, db: storetest.DSN(t, kind), kind: kind, now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	if kind == storetest.SQLite {
		h.db = filepath.Join(t.TempDir(), "pm.db")
	} else {
		h.outbox = filepath.Join(t.TempDir(), "outbox")
	}
	// Commands other than init open only a store that exists: the store
	// is made as init makes it.
	db, err := store.Open(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return h
}

type result struct {
	out, err string
	code     int
}

func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	e := env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			switch k {
			case "USER":
				return "tester"
			case "PLACEMATCH_OUTBOX":
				return h.outbox
			}
			return ""
		},
		now: func() time.Time { return h.now },
	}
	code := run(context.Background(), append([]string{"--db", h.db}, args...), e)
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		h.t.Fatalf("placematch %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.err)
	}
	return r.out
}

// fails runs a command that must fail with the code, one message naming want.
func (h *harness) fails(code int, want string, args ...string) string {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != code {
		h.t.Fatalf("placematch %s: exit %d, want %d; stdout %q stderr %q", strings.Join(args, " "), r.code, code, r.out, r.err)
	}
	if !strings.Contains(r.err, want) {
		h.t.Fatalf("placematch %s: stderr %q does not say %q", strings.Join(args, " "), r.err, want)
	}
	if strings.Contains(r.err, "goroutine") || strings.Contains(r.err, "panic") {
		h.t.Fatalf("stack trace on stderr: %q", r.err)
	}
	return r.err
}

func (h *harness) sql(q string, args ...any) *sql.DB {
	h.t.Helper()
	driver := "sqlite3"
	if h.kind == storetest.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	if q != "" {
		if _, err := db.Exec(q, args...); err != nil {
			h.t.Fatal(err)
		}
	}
	return db
}

func (h *harness) count(table string) int {
	h.t.Helper()
	var n int
	if err := h.sql("").QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// requestIDForm is a request id as request new prints it, alone: the
// council's code, the year and the council's count (MAN-2026-0001).
var requestIDForm = regexp.MustCompile(`^[A-Z]{3}-2026-[0-9]{4}$`)

func newRequest(h *harness, extra ...string) string {
	h.t.Helper()
	args := append([]string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", "MC-77123",
		"--initials", "JT", "--dob", "2010-06-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00",
		"--urgency", "within-5-days", "--needs", "independence-skills;mental-health", "--risks", "going-missing",
		"--locality", "North Manchester", "--summary", "Needs a calm home near college; likes football.",
		"--price-cap", "£1,500"}, extra...)
	id := strings.TrimSpace(h.ok(args...))
	if !requestIDForm.MatchString(id) {
		h.t.Fatalf("request new printed %q, want the id alone", id)
	}
	return id
}

// TestMiniCompetitionEndToEnd is the scripted run of issue 2: import,
// request, broadcast with reasons, offers including a decline, a withdrawal
// and a late one, close early, rank, award a non-top offer, verify.
func TestMiniCompetitionEndToEnd(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		if out := h.ok("init"); !strings.Contains(out, "store ready") {
			t.Fatalf("init said %q", out)
		}
		if st, err := os.Stat(h.db); kind == storetest.SQLite && (err != nil || st.Mode().Perm() != 0o600) {
			t.Fatalf("store file mode %v, %v; want 0600", st.Mode().Perm(), err)
		}
		if out := h.ok("providers", "import", "testdata/register.csv"); !strings.Contains(out, "14 rows: 14 added") {
			t.Fatalf("import said %q", out)
		}
		id := newRequest(h)

		// Ranking a draft fails; broadcast shows everyone's reasons.
		h.fails(1, "draft", "request", "rank", id)
		var bc struct {
			RequestID string `json:"request_id"`
			Invited   []struct {
				ProviderID   string   `json:"provider_id"`
				MissingNeeds []string `json:"missing_needs"`
				Vacancies    *int     `json:"vacancies"`
			} `json:"invited"`
			NotInvited []struct {
				ProviderID string   `json:"provider_id"`
				Reasons    []string `json:"reasons"`
			} `json:"not_invited"`
		}
		if err := json.Unmarshal([]byte(h.ok("request", "broadcast", id, "--json")), &bc); err != nil {
			t.Fatal(err)
		}
		var invited []string
		for _, i := range bc.Invited {
			invited = append(invited, i.ProviderID)
		}
		if got := strings.Join(invited, ","); got != "P001,P002,P003,P004,P005,P006,P007,P008" {
			t.Fatalf("invited %s", got)
		}
		if m := bc.Invited[0].MissingNeeds; len(m) != 1 || m[0] != "going-missing" {
			t.Fatalf("P001 missing needs %v, want [going-missing]", m)
		}
		reasons := map[string]string{}
		for _, n := range bc.NotInvited {
			reasons[n.ProviderID] = strings.Join(n.Reasons, ",")
		}
		want := map[string]string{"P009": "not_admitted", "P010": "area", "P011": "age", "P012": "no_registration",
			"P013": "not_admitted,area,no_registration"}
		for pid, w := range want {
			if reasons[pid] != w {
				t.Errorf("%s not invited for %q, want %q", pid, reasons[pid], w)
			}
		}
		if len(reasons) != len(want) {
			t.Errorf("not invited %v", reasons)
		}
		// Criteria are fixed: a second broadcast is refused.
		h.fails(1, "only a draft can be broadcast", "request", "broadcast", id)

		h.now = h.now.Add(time.Hour)
		h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000", "--cover-until", "25")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1,250")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "£1,200.00", "--cover-until", "21", "--note", "revised by phone")
		h.ok("request", "respond", id, "--provider", "P003", "--weekly", "900")
		h.ok("request", "respond", id, "--provider", "P004", "--weekly", "1600")
		h.ok("request", "respond", id, "--provider", "P005", "--decline", "no vacancy until spring")
		h.ok("request", "respond", id, "--provider", "P006", "--weekly", "950")
		h.ok("request", "withdraw", id, "--provider", "P006")
		h.fails(1, "not invited", "request", "respond", id, "--provider", "P012", "--weekly", "800")
		h.fails(1, "not an amount of money", "request", "respond", id, "--provider", "P008", "--weekly", "12.345")
		h.fails(2, "--weekly POUNDS or --decline", "request", "respond", id, "--provider", "P008")

		// While open: sealed.
		show := h.ok("request", "show", id)
		if !strings.Contains(show, "6 of 8 answered") || strings.Contains(show, "£1,000") {
			t.Fatalf("show while sealed:\n%s", show)
		}
		if audit := h.ok("audit", "list", "--request", id); strings.Contains(audit, "1,000") || strings.Contains(audit, "no vacancy") {
			t.Fatalf("audit list shows sealed content:\n%s", audit)
		}
		h.fails(1, "sealed", "request", "rank", id)

		h.fails(1, "not later", "request", "extend", id, "--deadline", "2026-11-26 12:00")
		h.ok("request", "extend", id, "--deadline", "2026-11-27 17:00")
		h.fails(2, "--reason", "request", "close", id)
		h.ok("request", "close", id, "--reason", "enough offers and the young person must move this week")

		// Closed and sealed: a late answer by phone is kept and marked late.
		h.now = h.now.Add(30 * time.Minute)
		h.ok("request", "respond", id, "--provider", "P007", "--weekly", "700", "--note", "phoned in after close")

		var rk rankJSON
		if err := json.Unmarshal([]byte(h.ok("request", "rank", id, "--json")), &rk); err != nil {
			t.Fatal(err)
		}
		if rk.Status != "opened" || rk.Age != 16 || rk.Weights.Quality != 50 || rk.Weights.Price != 35 || rk.Weights.AgeCover != 15 {
			t.Fatalf("rank header %+v", rk)
		}
		type row struct {
			id             string
			q, p, a, total float64
			weekly         int64
			cover          int
		}
		wantRanked := []row{
			{"P001", 80, 90, 100, 86.5, 100000, 25},
			{"P002", 90, 75, 500.0 / 9, (50*90 + 35*75 + 15*(500.0/9)) / 100, 120000, 21},
			{"P003", 70, 100, 200.0 / 9, (50*70 + 35*100 + 15*(200.0/9)) / 100, 90000, 18},
		}
		if len(rk.Ranked) != 3 {
			t.Fatalf("ranked %+v", rk.Ranked)
		}
		for i, w := range wantRanked {
			g := rk.Ranked[i]
			if g.Rank != i+1 || g.ProviderID != w.id || int64(g.WeeklyPence) != w.weekly || g.CoverUntil != w.cover ||
				!near(g.Quality, w.q) || !near(g.PriceScore, w.p) || !near(g.AgeCoverScore, w.a) || !near(g.Total, w.total) {
				t.Errorf("rank %d = %+v, want %+v", i+1, g, w)
			}
		}
		if rk.Ranked[1].Rounded != "79.58" || rk.Ranked[2].Rounded != "73.33" || rk.Ranked[0].Rounded != "86.50" {
			t.Errorf("rounded totals %s %s %s", rk.Ranked[0].Rounded, rk.Ranked[1].Rounded, rk.Ranked[2].Rounded)
		}
		excl := map[string]string{}
		for _, e := range rk.Excluded {
			excl[e.ProviderID] = e.Reason
		}
		for pid, reason := range map[string]string{"P004": "above_price_cap", "P005": "declined", "P006": "withdrawn", "P007": "late"} {
			if excl[pid] != reason {
				t.Errorf("%s excluded as %q, want %q", pid, excl[pid], reason)
			}
		}
		if len(rk.NoResponse) != 1 || rk.NoResponse[0].ProviderID != "P008" {
			t.Errorf("no response %+v", rk.NoResponse)
		}

		// Opened: the set is frozen.
		h.fails(1, "frozen", "request", "respond", id, "--provider", "P008", "--weekly", "800")
		h.fails(1, "frozen", "request", "withdraw", id, "--provider", "P001")
		// Award to rank 2 needs a reason; someone unranked cannot win.
		h.fails(1, "reason is required", "request", "award", id, "--provider", "P002")
		h.fails(1, "no compliant offer", "request", "award", id, "--provider", "P004")
		h.ok("request", "award", id, "--provider", "P002", "--reason", "the young person chose Birchwood after visiting both")
		h.fails(1, "awarded", "request", "award", id, "--provider", "P001")

		// The ranking is the one recorded at opening, even after the register changes.
		h.ok("providers", "assess", "P001", "--lot", "group-living", "--quality", "10", "--note", "re-inspected")
		var again rankJSON
		if err := json.Unmarshal([]byte(h.ok("request", "rank", id, "--json")), &again); err != nil {
			t.Fatal(err)
		}
		if again.Ranked[0].Quality != 80 || again.AwardedTo != "P002" || again.Status != "awarded" {
			t.Errorf("ranking after award %+v", again)
		}

		if out := h.ok("audit", "verify"); !strings.Contains(out, "hash chain intact") {
			t.Fatalf("verify said %q", out)
		}
		trail := h.ok("audit", "list", "--request", id)
		// Once the offers are opened, each answer event reads with what it
		// held: an offer's price, a decline, a withdrawal.
		for _, w := range []string{"draft created", "broadcast", "answer logged", "offer of £1,000.00 a week", "declined: ", "withdrawn",
			"answer changed", "deadline extended", "closed", "offers opened", "awarded", "rank: 2", "young person chose", "late: yes"} {
			if !strings.Contains(trail, w) {
				t.Errorf("audit trail lacks %q:\n%s", w, trail)
			}
		}
		text := h.ok("request", "rank", id)
		for _, w := range []string{"86.50", "79.58", "73.33", "above_price_cap", "No response", "P008"} {
			if !strings.Contains(text, w) {
				t.Errorf("rank text lacks %q:\n%s", w, text)
			}
		}
	})
}

func near(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

func TestAuditVerifyNamesEditedEvent(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.ok("audit", "verify")
	var seq int
	if err := h.sql("").QueryRow("SELECT seq FROM audit_events WHERE action = 'broadcast'").Scan(&seq); err != nil {
		t.Fatal(err)
	}
	h.sql("UPDATE audit_events SET fields = replace(fields, '\"weights\",\"', '\"weights\",\"4') WHERE seq = ?", seq)
	msg := h.fails(1, "audit event", "audit", "verify")
	if !strings.Contains(msg, "event "+itoa(seq)+" was altered") {
		t.Fatalf("verify said %q, want it to name event %d", msg, seq)
	}
	// Deleting an event is caught too, at the one after the gap.
	h.sql("UPDATE audit_events SET fields = replace(fields, '\"weights\",\"4', '\"weights\",\"') WHERE seq = ?", seq)
	h.ok("audit", "verify")
	h.sql("DELETE FROM audit_events WHERE seq = ?", seq-1)
	msg = h.fails(1, "audit event", "audit", "verify")
	if !strings.Contains(msg, "event "+itoa(seq)+" is out of sequence") {
		t.Fatalf("verify after delete said %q", msg)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestBadRegisterIsRefusedWhole(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	providers, events := h.count("provider_lots"), h.count("audit_events")
	good, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(good)), "\n")
	bad := append([]string{}, lines...)
	bad[2] = strings.Replace(bad[2], ",charity,", ",club,", 1)                                                  // line 3: kind
	bad[4] = strings.Replace(bad[4], ",2023-10-01,95,", ",,101,", 1)                                            // line 5: admitted_on and quality
	bad[10] = strings.Replace(bad[10], ",bolton,", ",gotham,", 1)                                               // line 11: council
	bad = append(bad, "P099,New One,company,leaving-care,group-living,admitted,2025-01-01,70,*,18,17,,,,Bury,") // line 16
	path := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(path, []byte(strings.Join(bad, "\n")+"\n"), 0o600)
	msg := h.fails(1, "not imported: 4 bad rows", "providers", "import", path)
	for _, w := range []string{"line 3: kind \"club\"", "line 5: admitted_on is required", "quality_score 101 is over 100",
		"line 11: serves names unknown council(s) \"gotham\"", "line 16: cover_until 17 must be greater than min_age 18"} {
		if !strings.Contains(msg, w) {
			t.Errorf("refusal lacks %q:\n%s", w, msg)
		}
	}
	if h.count("provider_lots") != providers || h.count("audit_events") != events {
		t.Fatal("a refused import changed the store")
	}

	// A corrected register updates the existing rows.
	fixed := append([]string{}, lines...)
	fixed[1] = strings.Replace(fixed[1], ",80,", ",83.5,", 1)
	fixed[8] = strings.Replace(fixed[8], ",admitted,", ",suspended,", 1)
	os.WriteFile(path, []byte(strings.Join(fixed, "\n")+"\n"), 0o600)
	if out := h.ok("providers", "import", path); !strings.Contains(out, "0 added, 2 updated, 12 unchanged") {
		t.Fatalf("re-import said %q", out)
	}
	var list []struct {
		ProviderID string  `json:"provider_id"`
		Lot        string  `json:"lot"`
		Quality    float64 `json:"quality_score"`
		Status     string  `json:"status"`
	}
	json.Unmarshal([]byte(h.ok("providers", "list", "--lot", "group-living", "--json")), &list)
	if len(list) != 13 || list[0].Quality != 83.5 || list[7].Status != "suspended" {
		t.Fatalf("after re-import %+v", list)
	}
	// People read quality one way, whatever was entered (83.5, 90).
	if table := h.ok("providers", "list", "--lot", "group-living"); !strings.Contains(table, "83.50") || !strings.Contains(table, "90.00") {
		t.Errorf("quality as entered:\n%s", table)
	}
	if !strings.Contains(h.ok("audit", "list"), "quality 80 → 83.5") {
		t.Error("the update is not in the audit trail")
	}
	// Standard input works, and an empty file is refused.
	if r := h.run("", "providers", "import", "-"); r.code != 1 || !strings.Contains(r.err, "empty") {
		t.Errorf("empty stdin import: %+v", r)
	}
}

func TestRequestInputErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	before := h.count("audit_events")
	h.fails(1, "add up to 90", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1",
		"--initials", "AB", "--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00", "--weights", "50,30,10")
	h.fails(1, "not a member", "request", "new", "--org", "manchester", "--lot", "packages", "--case", "X1",
		"--initials", "AB", "--dob", "2015-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00")
	h.fails(2, "--dob", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1",
		"--initials", "AB", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00")
	h.fails(1, "has already passed", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1",
		"--initials", "AB", "--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-24 17:00")
	h.fails(2, "unknown command", "request", "frobnicate")
	h.fails(1, "does not exist", "request", "show", "MAN-2026-9999")
	if h.count("audit_events") != before || h.count("requests") != 0 {
		t.Fatal("a refused command changed the store")
	}
}

func TestDeadlineClosesAndCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000")
	h.now = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC) // past the 17:00 deadline
	h.fails(1, "only a draft or an open request can be cancelled", "request", "cancel", id, "--reason", "too late")
	var rk rankJSON
	json.Unmarshal([]byte(h.ok("request", "rank", id, "--json")), &rk)
	if rk.Status != "opened" || len(rk.Ranked) != 1 || len(rk.NoResponse) != 7 {
		t.Fatalf("rank after deadline %+v", rk)
	}
	h.ok("request", "no-award", id, "--reason", "the only offer did not suit", "--spot-purchase", "spot purchase from an off-framework provider, justified by urgency")
	if show := h.ok("request", "show", id); !strings.Contains(show, "Spot purchase") {
		t.Fatalf("show:\n%s", show)
	}
	id2 := newRequest(h, "--deadline", "2026-11-28 12:00")
	h.ok("request", "cancel", id2, "--reason", "placed with family")
	h.fails(1, "cancelled", "request", "broadcast", id2)
}

func TestNoRepricingAfterClose(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000")
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "990") // revising while open is fine
	h.ok("request", "withdraw", id, "--provider", "P001")
	if trail := h.ok("audit", "list", "--request", id); strings.Contains(trail, "offer withdrawn") || strings.Contains(trail, "990") {
		t.Fatalf("sealed trail shows content:\n%s", trail)
	}
	h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1100")
	h.ok("request", "close", id, "--reason", "urgent move")
	h.fails(1, "no re-pricing", "request", "respond", id, "--provider", "P002", "--weekly", "900", "--received", "2026-11-25 09:00")
	h.ok("request", "respond", id, "--provider", "P003", "--weekly", "950", "--received", "2026-11-25 09:00")
}

func TestEditDraftOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "edit", id, "--deadline", "2026-11-27 12:00", "--hours", "10")
	show := h.ok("request", "show", id)
	if !strings.Contains(show, "deadline 2026-11-27 12:00") || !strings.Contains(show, "hours a week: 10") || !strings.Contains(show, "North Manchester") {
		t.Fatalf("after edit:\n%s", show)
	}
	h.fails(1, "add up to", "request", "edit", id, "--weights", "10,10,10")
	// Editing a draft is not an event: its creation is, and the broadcast
	// records the criteria whole.
	if trail := h.ok("audit", "list", "--request", id); strings.Count(strings.TrimSpace(trail), "\n") != 0 || !strings.Contains(trail, "draft created") {
		t.Fatalf("trail:\n%s", trail)
	}
	h.ok("request", "broadcast", id)
	if trail := h.ok("audit", "list", "--request", id); !strings.Contains(trail, "deadline 2026-11-27 12:00") {
		t.Fatalf("the broadcast does not record the criteria as edited:\n%s", trail)
	}
	h.fails(1, "only a draft can be edited", "request", "edit", id, "--price-cap", "2000")
}
