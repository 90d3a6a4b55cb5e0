package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

const register = `provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town
P1,One,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism;personal-care,1,Bootle
P2,Two,charity,care-support,packages,admitted,2024-01-01,70,sefton,5,18,,autism,,Southport
P3,Three,company,care-support,packages,suspended,2024-01-01,90,*,0,25,,,,Wirral
`

type fixture struct {
	svc *service.Service
	now time.Time
	key []byte // an SSH public key, for adding a person
	dir string // a folder of its own
}

func newFixture(t *testing.T, kind string) *fixture {
	t.Helper()
	db := storetest.Open(t, kind)
	f := &fixture{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	f.svc = service.New(db, service.WithClock(func() time.Time { return f.now }))
	if _, err := f.svc.ImportProviders(context.Background(), "t", strings.NewReader(register)); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) draft(t *testing.T, mut func(*matching.RequestInput)) string {
	t.Helper()
	in := matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM", DOB: "2014-05-05",
		Start: "2026-12-07", Deadline: "2026-11-27 12:00", Hours: "20", Needs: "autism;waking-night", Summary: "Loves trains."}
	if mut != nil {
		mut(&in)
	}
	r, err := f.svc.NewRequest(context.Background(), "t", in)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func TestCouncilDefaultsFillTheRequest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		if err := f.svc.SetDefaults(ctx, "t", "sefton", "packages", matching.Defaults{Weights: matching.Weights{Quality: 40, Price: 40, AgeCover: 20}, GuidePrice: 140000}); err != nil {
			t.Fatal(err)
		}
		id := f.draft(t, nil)
		d, err := f.svc.Show(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Request.Weights != (matching.Weights{Quality: 40, Price: 40, AgeCover: 20}) || d.Request.PriceCap != 140000 {
			t.Fatalf("defaults not applied: %+v %v", d.Request.Weights, d.Request.PriceCap)
		}
		err = f.svc.SetDefaults(ctx, "t", "sefton", "packages", matching.Defaults{Weights: matching.Weights{Quality: 40, Price: 40, AgeCover: 10}})
		if !errors.Is(err, matching.ErrInvalid) {
			t.Fatalf("bad weights accepted: %v", err)
		}
	})
}

// TestEveryAnswerLeavesItOpenAndTheListIsASnapshot: when every invited
// provider has answered, the request stays open until its deadline (the
// officer is told, and may close it early); the invited list is a snapshot.
func TestEveryAnswerLeavesItOpenAndTheListIsASnapshot(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, nil)
		res, err := f.svc.Broadcast(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Invited) != 2 || len(res.NotInvited) != 1 || res.NotInvited[0].Reasons[0] != matching.ReasonNotAdmitted {
			t.Fatalf("broadcast %+v", res)
		}
		if m := res.Invited[1].MissingNeeds; len(m) != 1 || m[0] != "waking-night" {
			t.Fatalf("P2 missing %v", m)
		}
		// A later register change does not alter who was invited.
		changed := strings.Replace(register, "P3,Three,company,care-support,packages,suspended", "P3,Three,company,care-support,packages,admitted", 1)
		if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(changed)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P3", Weekly: "500"}); err == nil {
			t.Fatal("a provider admitted after broadcast could answer")
		}
		f.now = f.now.Add(time.Hour)
		first, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Hourly: "25.50"})
		if err != nil {
			t.Fatal(err)
		}
		if first.AllAnswered() || first.Answered != 1 || first.Invited != 2 {
			t.Fatalf("after one of two answers: %+v", first)
		}
		d, _ := f.svc.Show(ctx, "t", id)
		if d.Request.Status != matching.StatusOpen || d.AnsweredCount() != 1 || d.Answers[0].Response != nil {
			t.Fatalf("after one answer: %v, %d answered, sealed content %v", d.Request.Status, d.AnsweredCount(), d.Answers[0].Response)
		}
		last, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P2", Decline: "no staff", Declined: true})
		if err != nil {
			t.Fatal(err)
		}
		if !last.AllAnswered() || last.Answered != 2 || !last.Deadline.Equal(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)) {
			t.Fatalf("the last answer does not say all have answered: %+v", last)
		}
		d, _ = f.svc.Show(ctx, "t", id)
		if d.Request.Status != matching.StatusOpen || !d.Request.ClosedAt.IsZero() {
			t.Fatalf("every provider answered and the request is %v, closed at %v: it must stay open until its deadline", d.Request.Status, d.Request.ClosedAt)
		}
		// Providers may still revise until the deadline, as they were
		// promised: a second answer from P1 is not "all answered" anew.
		f.now = f.now.Add(time.Hour)
		revised, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Hourly: "25.50"})
		if err != nil || revised.Answered != 2 || !revised.AllAnswered() {
			t.Fatalf("a revision once all had answered: %+v, %v", revised, err)
		}
		// Still sealed while open.
		if _, err := f.svc.Rank(ctx, "t", id); !errors.Is(err, matching.ErrSealed) {
			t.Fatalf("ranking an open request where all answered: %v", err)
		}
		// The deadline passes: it closes then, by itself.
		f.now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		rk, err := f.svc.Rank(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if !rk.JustOpened || len(rk.Ranking.Ranked) != 1 || rk.Ranking.Ranked[0].WeeklyPence != 51000 {
			t.Fatalf("rank %+v", rk.Ranking)
		}
		again, _ := f.svc.Rank(ctx, "t", id)
		if again.JustOpened {
			t.Fatal("the offers were opened twice")
		}
		d, _ = f.svc.Show(ctx, "t", id)
		if d.Answers[0].Response == nil || d.Ranking == nil {
			t.Fatal("opened offers are still hidden")
		}
	})
}

func TestNoEligibleProviderClosesAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, func(in *matching.RequestInput) { in.Council = "wirral"; in.DOB = "2002-01-01" }) // age 24: only P1 serves Wirral and is admitted
		res, err := f.svc.Broadcast(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Invited) != 1 {
			t.Fatalf("invited %+v", res.Invited)
		}
		id2 := f.draft(t, func(in *matching.RequestInput) { in.Council = "wirral"; in.DOB = "2013-01-01"; in.Start = "2026-12-01" })
		// Make nobody eligible: suspend P1 too.
		none := strings.Replace(register, "P1,One,company,care-support,packages,admitted", "P1,One,company,care-support,packages,suspended", 1)
		f.svc.ImportProviders(ctx, "t", strings.NewReader(none))
		res, err = f.svc.Broadcast(ctx, "t", id2)
		if err != nil || len(res.Invited) != 0 {
			t.Fatalf("broadcast to nobody: %v %+v", err, res)
		}
		d, _ := f.svc.Show(ctx, "t", id2)
		if d.Request.Status != matching.StatusClosed {
			t.Fatalf("a request with nobody invited is %v", d.Request.Status)
		}
		rk, err := f.svc.Rank(ctx, "t", id2)
		if err != nil || len(rk.Ranking.Ranked) != 0 {
			t.Fatalf("rank %v %+v", err, rk)
		}
		if err := f.svc.NoAward(ctx, "t", id2, "no provider eligible", "spot purchase from Riverside Care, justified by urgency"); err != nil {
			t.Fatal(err)
		}
		v, _ := f.svc.VerifyAudit(ctx)
		if v.Break != nil || v.Events < 10 {
			t.Fatalf("verify %+v", v)
		}
	})
}

func TestScenarioReproducesTheRecordedRanking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, nil)
		f.svc.Broadcast(ctx, "t", id)
		if _, err := f.svc.Scenario(ctx, id); !errors.Is(err, matching.ErrSealed) {
			t.Fatalf("scenario while sealed: %v", err)
		}
		f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "900"})
		f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P2", Weekly: "700"})
		if err := f.svc.Close(ctx, "t", id, "both have answered"); err != nil {
			t.Fatal(err)
		}
		f.svc.Rank(ctx, "t", id)
		sc, err := f.svc.Scenario(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		again := matching.Rank(sc.Request, sc.Request.Deadline, sc.Entrants, sc.Responses)
		if len(again.Ranked) != 2 || again.Ranked[0].Rounded != sc.Ranking.Ranked[0].Rounded || again.Ranked[0].ProviderID != sc.Ranking.Ranked[0].ProviderID {
			t.Fatalf("re-ranking gives %+v, recorded %+v", again.Ranked, sc.Ranking.Ranked)
		}
	})
}

// TestAuditSealsAnswersUntilOpened: in the whole trail and in a request's,
// what a provider answered stays out of the audit list until the offers
// are opened, then shows; an error from the reader stops the walk.
func TestAuditSealsAnswersUntilOpened(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "987"}); err != nil {
			t.Fatal(err)
		}
		answers := func(requestID string) (sealed, open int) {
			t.Helper()
			evs, err := f.svc.Audit(ctx, requestID)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				switch {
				case e.Action == "answer logged" && !strings.Contains(e.Detail, "987"):
					sealed++
				case strings.Contains(e.Detail, "987"):
					open++
				}
			}
			return sealed, open
		}
		for _, scope := range []string{"", id} {
			if s, o := answers(scope); s != 1 || o != 0 {
				t.Errorf("sealed, trail %q: %d sealed and %d open answers", scope, s, o)
			}
		}
		f.now = f.now.Add(72 * time.Hour)
		if _, err := f.svc.Rank(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		for _, scope := range []string{"", id} {
			if s, o := answers(scope); s != 0 || o != 1 {
				t.Errorf("opened, trail %q: %d sealed and %d open answers", scope, s, o)
			}
		}
		stop := errors.New("enough")
		n := 0
		err := f.svc.AuditEach(ctx, "", func(matching.Event) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("the walk went on after its reader stopped: %d events, %v", n, err)
		}
	})
}
