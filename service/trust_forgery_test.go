package service_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// The forgeries of issue 17: someone with the store in hand edits it
// outside placematch. Each must be named by audit verify.

const forgeryRegister = `provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town
P001,One,company,care-support,packages,admitted,2024-01-01,70,*,0,25,,autism,1,Bootle
P002,Two,charity,care-support,packages,admitted,2024-01-01,70,*,0,25,,autism,,Southport
P003,Three,company,care-support,packages,admitted,2024-01-01,75,*,0,25,,autism,,Wirral
P004,Four,company,care-support,packages,admitted,2024-01-01,90,*,0,25,,autism,,Crosby
`

// forgeryStore is a store of the kind with one competition on it, and the
// store opened raw, as a forger would.
type forgeryStore struct {
	kind string
	dsn  string
	db   *store.DB
	svc  *service.Service
	raw  *sql.DB
	now  time.Time
	id   string
}

func newForgeryStore(t *testing.T, kind string) *forgeryStore {
	t.Helper()
	ctx := context.Background()
	f := &forgeryStore{kind: kind, dsn: storetest.DSN(t, kind), now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	var err error
	if f.db, err = store.Open(ctx, f.dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	f.svc = service.New(f.db, service.WithClock(func() time.Time { return f.now }))
	driver := "sqlite3"
	if kind == storetest.Postgres {
		driver = "pgx"
	}
	if f.raw, err = sql.Open(driver, f.dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.raw.Close() })
	if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(forgeryRegister)); err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.NewRequest(ctx, "officer", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
		DOB: "2010-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Hours: "20", Needs: "autism", Summary: "Loves trains."})
	if err != nil {
		t.Fatal(err)
	}
	f.id = r.ID
	if _, err := f.svc.Broadcast(ctx, "officer", f.id); err != nil {
		t.Fatal(err)
	}
	for _, a := range []matching.ResponseInput{
		{ProviderID: "P001", Weekly: "1500"},
		{ProviderID: "P002", Decline: "no staff", Declined: true},
		{ProviderID: "P003", Weekly: "1450"},
		{ProviderID: "P004", Weekly: "1400"},
	} {
		f.now = f.now.Add(time.Hour)
		if _, err := f.svc.Respond(ctx, "officer", f.id, a); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// award closes the competition at its deadline, opens the offers and
// awards rank 1 (P004: the best quality at the lowest price).
func (f *forgeryStore) award(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	f.now = time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)
	rk, err := f.svc.Rank(ctx, "officer", f.id)
	if err != nil {
		t.Fatal(err)
	}
	if rk.Ranking.Ranked[0].ProviderID != "P004" {
		t.Fatalf("rank 1 is %s, want P004", rk.Ranking.Ranked[0].ProviderID)
	}
	if err := f.svc.Award(ctx, "officer", f.id, "P004", ""); err != nil {
		t.Fatal(err)
	}
}

// exec runs a forger's statement, written with ? placeholders.
func (f *forgeryStore) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if f.kind == storetest.Postgres {
		n := 0
		q = rebind(q, &n)
	}
	if _, err := f.raw.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func rebind(q string, n *int) string {
	var b strings.Builder
	for _, c := range q {
		if c == '?' {
			*n++
			b.WriteString("$" + strconv.Itoa(*n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// rewrite edits the trail as a forger who knows the format would: mutate
// changes the event with sequence number seq (its fields or openings), and
// every hash from there on is recomputed, with the count of events written
// kept in step. On PostgreSQL the owner first disables the trigger that
// keeps the trail append-only.
func (f *forgeryStore) rewrite(t *testing.T, seq int64, mutate func(e *matching.Event)) {
	t.Helper()
	if f.kind == storetest.Postgres {
		f.exec(t, "ALTER TABLE audit_events DISABLE TRIGGER USER")
		defer f.exec(t, "ALTER TABLE audit_events ENABLE TRIGGER USER")
	}
	rows, err := f.raw.Query("SELECT seq, at, actor, request_id, action, detail, version, fields, openings FROM audit_events ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var evs []matching.Event
	for rows.Next() {
		var e matching.Event
		var at, fields, openings string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.RequestID, &e.Action, &e.Detail, &e.Version, &fields, &openings); err != nil {
			t.Fatal(err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		var pairs [][2]string
		if fields != "" {
			if err := json.Unmarshal([]byte(fields), &pairs); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pairs {
			e.Fields = append(e.Fields, matching.Field{Name: p[0], Value: p[1]})
		}
		if openings != "" {
			var raw map[string]struct {
				Salt   string      `json:"salt"`
				Values [][2]string `json:"values"`
			}
			if err := json.Unmarshal([]byte(openings), &raw); err != nil {
				t.Fatal(err)
			}
			e.Openings = map[string]matching.Opening{}
			for n, o := range raw {
				var vs matching.Fields
				for _, p := range o.Values {
					vs = append(vs, matching.Field{Name: p[0], Value: p[1]})
				}
				e.Openings[n] = matching.Opening{Salt: o.Salt, Values: vs}
			}
		}
		evs = append(evs, e)
	}
	rows.Close()
	prev := matching.GenesisHash
	for i := range evs {
		e := &evs[i]
		if e.Seq == seq {
			mutate(e)
		}
		e.PrevHash = prev
		e.Hash = matching.HashEvent(*e)
		prev = e.Hash
		if e.Seq < seq {
			continue
		}
		pairs := make([][2]string, len(e.Fields))
		for j, x := range e.Fields {
			pairs[j] = [2]string{x.Name, x.Value}
		}
		fields, _ := json.Marshal(pairs)
		openings := ""
		if len(e.Openings) > 0 {
			m := map[string]any{}
			for n, o := range e.Openings {
				vs := make([][2]string, len(o.Values))
				for j, x := range o.Values {
					vs[j] = [2]string{x.Name, x.Value}
				}
				m[n] = map[string]any{"salt": o.Salt, "values": vs}
			}
			b, _ := json.Marshal(m)
			openings = string(b)
		}
		f.exec(t, "UPDATE audit_events SET prev_hash = ?, hash = ?, fields = ?, openings = ? WHERE seq = ?",
			"tmp-"+strconv.FormatInt(e.Seq, 10), e.Hash, string(fields), openings, e.Seq)
	}
	// prev_hash is unique on PostgreSQL: set the real ones once all are
	// out of the way.
	for _, e := range evs {
		if e.Seq >= seq {
			f.exec(t, "UPDATE audit_events SET prev_hash = ? WHERE seq = ?", e.PrevHash, e.Seq)
		}
	}
}

// answerEvent is the sequence number of the last event that logged a
// provider's answer.
func (f *forgeryStore) answerEvent(t *testing.T, provider string) int64 {
	t.Helper()
	evs, err := f.svc.Audit(context.Background(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	for _, e := range evs {
		if e.Action == matching.ActionAnswerLogged && e.Fields.Get("provider") == provider {
			seq = e.Seq
		}
	}
	if seq == 0 {
		t.Fatalf("no answer from %s in the trail", provider)
	}
	return seq
}

func (f *forgeryStore) verify(t *testing.T, anchor *matching.Anchor) service.VerifyResult {
	t.Helper()
	res, err := f.svc.VerifyAuditWith(context.Background(), service.VerifyOptions{Anchor: anchor})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func wantNamed(t *testing.T, res service.VerifyResult, what string, wants ...string) {
	t.Helper()
	if res.OK() {
		t.Fatalf("%s: audit verify passed the store", what)
	}
	all := strings.Join(res.Differences, "\n")
	if res.Break != nil {
		all += "\n" + res.Break.Error()
	}
	all += "\n" + res.AnchorProblem
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("%s: audit verify does not say %q; it says:\n%s", what, w, all)
		}
	}
}

// TestTrustIntactStorePassesVerify: a competition run to its award, on
// either store, passes every check, with an anchor taken part way.
func TestTrustIntactStorePassesVerify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		f := newForgeryStore(t, kind)
		early, err := f.svc.AuditAnchor(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		f.award(t)
		res := f.verify(t, &early)
		if !res.OK() {
			t.Fatalf("an intact store fails: %+v", res)
		}
		if res.Requests != 1 || res.Answers != 4 || len(res.Unproven) == 0 {
			t.Errorf("checked %d requests and %d answers, naming %d things unproven", res.Requests, res.Answers, len(res.Unproven))
		}
		head, _ := f.svc.AuditAnchor(context.Background())
		if head != res.Head || head.Count <= early.Count {
			t.Errorf("audit anchor %v, verify's head %v, the early anchor %v", head, res.Head, early)
		}
	})
}

// TestTrustForgedAwardAndPriceAreNamed: the award moved to another
// provider with an update of the store, and that provider's price edited:
// the trail says otherwise, and verify names both.
func TestTrustForgedAwardAndPriceAreNamed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		f := newForgeryStore(t, kind)
		f.award(t)
		f.exec(t, "UPDATE requests SET awarded_to = 'P001' WHERE id = ?", f.id)
		f.exec(t, "UPDATE responses SET weekly_pence = 130000 WHERE request_id = ? AND provider_id = 'P001'", f.id)
		res := f.verify(t, nil)
		wantNamed(t, res, "awarded_to and a price edited",
			f.id+" is awarded to P001 in the store, to P004 in the trail",
			"P001's answer to "+f.id+" in the store is not the one event "+strconv.FormatInt(f.answerEvent(t, "P001"), 10)+" committed to")
		if res.Break != nil {
			t.Errorf("the chain itself was not touched, yet: %v", res.Break)
		}
	})
}

// TestTrustLoweredSealedOfferIsCaught: a sealed £1,400 offer lowered to
// £900 in the store, every hash recomputed: the stored offer no longer
// answers to the commitment its event made. Rewriting the kept opening too
// breaks the opening; rewriting the commitment as well (the chain has no
// secret) passes the chain and the state, and only an anchor taken before
// shows it.
func TestTrustLoweredSealedOfferIsCaught(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		ctx := context.Background()
		f := newForgeryStore(t, kind)
		anchor, err := f.svc.AuditAnchor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seq := f.answerEvent(t, "P004")
		lower := func(e *matching.Event, opening, commitment bool) {
			o := e.Openings[matching.FieldAnswer]
			vs := append(matching.Fields(nil), o.Values...)
			for i := range vs {
				if vs[i].Name == "weekly" {
					vs[i].Value = "£900.00"
				}
			}
			if opening {
				e.Openings[matching.FieldAnswer] = matching.Opening{Salt: o.Salt, Values: vs}
			}
			if commitment {
				for i := range e.Fields {
					if e.Fields[i].Name == matching.FieldAnswer {
						e.Fields[i].Value = matching.Commit(o.Salt, vs)
					}
				}
			}
		}
		f.exec(t, "UPDATE responses SET weekly_pence = 90000 WHERE request_id = ? AND provider_id = 'P004'", f.id)

		// 1. The stored offer lowered, every hash recomputed.
		f.rewrite(t, seq, func(e *matching.Event) { lower(e, false, false) })
		wantNamed(t, f.verify(t, nil), "the offer lowered, hashes recomputed",
			"P004's answer to "+f.id+" in the store is not the one event "+strconv.FormatInt(seq, 10)+" committed to")

		// 2. Its kept opening lowered too.
		f.rewrite(t, seq, func(e *matching.Event) { lower(e, true, false) })
		wantNamed(t, f.verify(t, nil), "the offer and its opening lowered",
			"audit event "+strconv.FormatInt(seq, 10)+" keeps values for its answer field that no longer match")

		// 3. The commitment remade as well, and every hash after it: the
		// trail is consistent again, and only the anchor shows it.
		f.rewrite(t, seq, func(e *matching.Event) { lower(e, true, true) })
		if res := f.verify(t, nil); !res.OK() {
			t.Fatalf("a trail rewritten whole with its commitment was expected to pass without an anchor (it is named as unproven): %+v", res)
		}
		wantNamed(t, f.verify(t, &anchor), "the commitment remade, with the anchor taken before",
			"event "+strconv.FormatInt(anchor.Count, 10)+" is not the one anchored")
	})
}

// TestTrustRolledBackStoreFailsItsAnchor: a store put back to an older
// copy (its backup) passes the chain and the state, being an honest older
// store, but not the anchor taken since.
func TestTrustRolledBackStoreFailsItsAnchor(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		ctx := context.Background()
		f := newForgeryStore(t, kind)
		older := filepath.Join(t.TempDir(), "older.db")
		if err := f.svc.Backup(ctx, "officer", older); err != nil {
			t.Fatal(err)
		}
		f.award(t)
		anchor, err := f.svc.AuditAnchor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, older)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		res, err := service.New(db).VerifyAuditWith(ctx, service.VerifyOptions{Anchor: &anchor})
		if err != nil {
			t.Fatal(err)
		}
		if res.Break != nil || len(res.Differences) > 0 {
			t.Fatalf("the older copy is itself consistent, yet: %+v", res)
		}
		wantNamed(t, res, "the store rolled back to its backup", "fewer than the "+strconv.FormatInt(anchor.Count, 10)+" of the anchor")
		// And a store whose newest events were deleted, with the count of
		// events written put back, fails it the same way.
		if _, err := matching.ParseAnchor("12:zz"); err == nil {
			t.Error("a malformed anchor was accepted")
		}
	})
}
