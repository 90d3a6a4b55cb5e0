package demo_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store/storetest"
)

// genNow is the clock of the generator tests: a fixed time, so that a seed
// gives the same region every run.
var genNow = time.Date(2026, 11, 20, 14, 7, 0, 0, time.UTC)

func openGenStore(t *testing.T, kind string) *service.Service {
	t.Helper()
	db := storetest.Open(t, kind)
	svc := service.New(db, service.WithClock(func() time.Time { return genNow }))
	return svc
}

func generate(t *testing.T, svc *service.Service, seed uint64) demo.GenerateResult {
	t.Helper()
	res, err := demo.Generate(context.Background(), svc, "tester", demo.GenerateOptions{ProviderLots: 200, Requests: 300, Seed: seed})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return res
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		svc := openGenStore(t, kind)
		res := generate(t, svc, 7)

		if res.ProviderLots != 200 || res.Requests != 300 {
			t.Errorf("made %d rows and %d requests, want 200 and 300", res.ProviderLots, res.Requests)
		}
		provs, err := svc.Providers(ctx, service.ProviderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(provs) != 200 {
			t.Errorf("the register has %d rows, want 200", len(provs))
		}
		lots := map[string]int{}
		statuses := map[matching.ProviderStatus]int{}
		for _, p := range provs {
			lots[p.Lot]++
			statuses[p.Status]++
		}
		for _, l := range matching.LotCodes() {
			if lots[l] == 0 {
				t.Errorf("no register rows on lot %s", l)
			}
		}
		for _, s := range matching.ProviderStatuses() {
			if statuses[s] == 0 {
				t.Errorf("no register row is %s", s)
			}
		}

		reqs, err := svc.Requests(ctx, service.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) != 300 {
			t.Fatalf("%d requests, want 300", len(reqs))
		}
		byStatus := map[matching.Status]int{}
		for _, r := range reqs {
			byStatus[r.Status]++
		}
		for _, s := range matching.Statuses() {
			if byStatus[s] == 0 {
				t.Errorf("no request is %s (have %v)", s, byStatus)
			}
			if res.ByStatus[s.String()] != byStatus[s] {
				t.Errorf("the result says %d %s, the store has %d", res.ByStatus[s.String()], s, byStatus[s])
			}
		}
		if res.Offers < 300 || res.Declines == 0 || res.Invitations < res.Offers {
			t.Errorf("%d offers, %d declines, %d invitations: want offers on most requests", res.Offers, res.Declines, res.Invitations)
		}

		// Every request has a true trail, and the whole chain verifies.
		v, err := svc.VerifyAudit(ctx)
		if err != nil || v.Break != nil {
			t.Fatalf("audit verify: %v, break %v", err, v.Break)
		}
		if v.Events != res.Events {
			t.Errorf("the chain has %d events, the result says %d", v.Events, res.Events)
		}
		// Every award made a placement, and some spot purchases did too;
		// each holds against the trail.
		if len(v.Differences) > 0 || v.Placements != res.Placements || res.Placements < res.ByStatus["awarded"] {
			t.Errorf("placements: %d checked, %d made, %d awards; differences %q", v.Placements, res.Placements, res.ByStatus["awarded"], v.Differences)
		}
		pls, err := svc.Placements(ctx, service.PlacementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[matching.PlacementKind]int{}
		for _, p := range pls {
			kinds[p.Kind]++
		}
		if kinds[matching.PlacementAward] != res.ByStatus["awarded"] || kinds[matching.PlacementSpot] == 0 {
			t.Errorf("placements by kind %v, %d awards", kinds, res.ByStatus["awarded"])
		}
		trail, err := svc.Audit(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(trail); i++ {
			if trail[i].At.Before(trail[i-1].At) {
				t.Fatalf("event %d (%s) is dated before event %d (%s): the history is not in time order",
					trail[i].Seq, trail[i].At, trail[i-1].Seq, trail[i-1].At)
			}
		}
		if last := trail[len(trail)-1].At; last.After(genNow) {
			t.Errorf("the last event is at %s, after now %s", last, genNow)
		}
		actions := map[string]bool{}
		var words strings.Builder
		for _, e := range trail {
			actions[e.Action] = true
			words.WriteString(e.Detail + "\n")
		}
		for _, a := range []string{"register imported", "provider added", "council defaults set", "draft created", "broadcast",
			"answer logged", "closed", "offers opened", "awarded", "no award", "cancelled"} {
			if !actions[a] {
				t.Errorf("no %q event in the trail", a)
			}
		}
		// The answers of opened requests read with what they were.
		for _, w := range []string{"answer: offer of £", "answer: declined: "} {
			if !strings.Contains(words.String(), w) {
				t.Errorf("no answer reads %q in the trail", w)
			}
		}

		// Each request reads back whole, as the app shows it.
		checked := map[matching.Status]bool{}
		for _, sum := range reqs {
			if checked[sum.Status] {
				continue
			}
			checked[sum.Status] = true
			d, err := svc.Show(ctx, "tester", sum.ID)
			if err != nil {
				t.Fatalf("Show %s: %v", sum.ID, err)
			}
			events := map[string]bool{}
			for _, e := range d.Timeline {
				events[e.Action] = true
			}
			if !events["draft created"] {
				t.Errorf("%s (%s) has no draft created event", sum.ID, sum.Status)
			}
			switch sum.Status {
			case matching.StatusOpen, matching.StatusClosed, matching.StatusOpened, matching.StatusAwarded, matching.StatusNoAward:
				if !events["broadcast"] || len(d.Answers) != sum.Invited {
					t.Errorf("%s (%s): broadcast event %v, %d invited of %d", sum.ID, sum.Status, events["broadcast"], len(d.Answers), sum.Invited)
				}
			}
			switch sum.Status {
			case matching.StatusOpened, matching.StatusAwarded, matching.StatusNoAward:
				if d.Ranking == nil || !events["offers opened"] {
					t.Errorf("%s (%s) has no ranking", sum.ID, sum.Status)
				}
			}
			if sum.Status == matching.StatusAwarded {
				if d.Request.AwardedTo == "" || !events["awarded"] {
					t.Errorf("%s is awarded to nobody", sum.ID)
				}
			}
		}
	})
}

// TestGenerateIsDeterministic: the same seed at the same time gives the
// same region; another seed another.
func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, b, c := openGenStore(t, kind), openGenStore(t, kind), openGenStore(t, kind)
		ra, rb, rc := generate(t, a, 42), generate(t, b, 42), generate(t, c, 43)
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("the same seed made\n%+v\nand\n%+v", ra, rb)
		}
		head := func(svc *service.Service) string {
			ev, err := svc.Audit(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			return ev[len(ev)-1].Hash
		}
		if head(a) != head(b) {
			t.Error("the same seed made different audit trails")
		}
		if head(a) == head(c) || reflect.DeepEqual(ra, rc) {
			t.Error("two seeds made the same region")
		}
		list := func(svc *service.Service) ([]matching.ProviderLot, []service.RequestSummary) {
			p, err := svc.Providers(ctx, service.ProviderFilter{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := svc.Requests(ctx, service.RequestFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return p, r
		}
		pa, qa := list(a)
		pb, qb := list(b)
		if !reflect.DeepEqual(pa, pb) || !reflect.DeepEqual(qa, qb) {
			t.Error("the same seed made different registers or requests")
		}
	})
}

func TestGenerateRefusesAStoreWithData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		svc := openGenStore(t, kind)
		generate(t, svc, 1)
		before, err := svc.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = demo.Generate(ctx, svc, "tester", demo.GenerateOptions{ProviderLots: 10, Requests: 10, Seed: 1})
		if !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "already has") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("generating into a full store: %v", err)
		}
		after, _ := svc.VerifyAudit(ctx)
		if after.Events != before.Events {
			t.Errorf("a refused generation changed the trail: %d events, then %d", before.Events, after.Events)
		}

		// A store with just a register is refused too.
		svc2 := openGenStore(t, kind)
		if _, err := svc2.ImportProviders(ctx, "tester", strings.NewReader(oneRowRegister)); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Generate(ctx, svc2, "tester", demo.GenerateOptions{ProviderLots: 10, Requests: 10}); !errors.Is(err, matching.ErrConflict) {
			t.Fatalf("generating into a store with a register: %v", err)
		}
	})
}

func TestGenerateRefusesBadSizes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		svc := openGenStore(t, kind)
		for _, o := range []demo.GenerateOptions{
			{ProviderLots: 0, Requests: 10}, {ProviderLots: -1, Requests: 10}, {ProviderLots: 10, Requests: -1},
			{ProviderLots: matching.MaxRegisterRows + 1, Requests: 1}, {ProviderLots: 10, Requests: demo.MaxGenerateRequests + 1},
		} {
			if _, err := demo.Generate(context.Background(), svc, "tester", o); !errors.Is(err, matching.ErrInvalid) {
				t.Errorf("Generate(%+v): %v, want an invalid-input error", o, err)
			}
		}
	})
}

// TestGenerateTiny: a register of one row and a handful of requests still
// makes a store that verifies.
func TestGenerateTiny(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, size := range []struct{ rows, reqs int }{{1, 0}, {1, 3}, {5, 12}} {
			svc := openGenStore(t, kind)
			if _, err := demo.Generate(context.Background(), svc, "tester", demo.GenerateOptions{ProviderLots: size.rows, Requests: size.reqs, Seed: 3}); err != nil {
				t.Fatalf("%+v: %v", size, err)
			}
			if v, err := svc.VerifyAudit(context.Background()); err != nil || v.Break != nil {
				t.Fatalf("%+v: audit verify %v %v", size, err, v.Break)
			}
		}
	})
}

// TestGenerateStops: a cancelled context stops generation with an error.
func TestGenerateStops(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		svc := openGenStore(t, kind)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := demo.Generate(ctx, svc, "tester", demo.GenerateOptions{ProviderLots: 50, Requests: 50})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled generation: %v", err)
		}
	})
}

// TestGenerateEligibilityIsMatchings: the generator works out who is
// eligible once per lot, council and age while the register stands still;
// every broadcast's split must be exactly what matching.Eligibility gives
// for that request.
func TestGenerateEligibilityIsMatchings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		svc := openGenStore(t, kind)
		if _, err := demo.Generate(context.Background(), svc, "tester", demo.GenerateOptions{ProviderLots: 400, Requests: 600, Seed: 9, CheckEligibility: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// oneRowRegister is a register of one provider on one lot.
const oneRowRegister = "provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town\n" +
	"P001,Alder House Living,company,leaving-care,floating-support,admitted,2024-02-01,80,*,16,25,,independence-skills,2,Manchester\n"
