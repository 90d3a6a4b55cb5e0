package service_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// outcomeProviders join the fixture's register, so that a request has an
// answer of each kind.
const outcomeProviders = `provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town
P4,Four,company,care-support,packages,admitted,2024-01-01,60,*,0,25,,,,Bootle
P5,Five,company,care-support,packages,admitted,2024-01-01,75,*,0,25,,,,Bootle
P6,Six,company,care-support,packages,admitted,2024-01-01,65,*,0,25,,,,Bootle
P7,Seven,company,care-support,packages,admitted,2024-01-01,55,*,0,25,,,,Bootle
`

// awardedRequest runs a request to an award to P1 (the highest total):
// P2 and P4 scored lower, P5 declined, P6 offered above the cap and P7
// never answered.
func awardedRequest(t *testing.T, kind string) (*fixture, string) {
	t.Helper()
	f := newFixture(t, kind)
	ctx := context.Background()
	if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(outcomeProviders)); err != nil {
		t.Fatal(err)
	}
	id := f.draft(t, func(in *matching.RequestInput) { in.PriceCap = "1500"; in.Weights = "50,35,15" })
	if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
		t.Fatal(err)
	}
	for _, a := range []matching.ResponseInput{
		{ProviderID: "P1", Weekly: "1000", CoverUntil: "25"},
		{ProviderID: "P2", Weekly: "900"},
		{ProviderID: "P4", Weekly: "1100"},
		{ProviderID: "P5", Declined: true, Decline: "no vacancy"},
		{ProviderID: "P6", Weekly: "2000"},
	} {
		if _, err := f.svc.ProviderRespond(ctx, a.ProviderID, id, a); err != nil {
			t.Fatalf("%s: %v", a.ProviderID, err)
		}
	}
	if err := f.svc.Close(ctx, "t", id, "enough answers"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Rank(ctx, "t", id); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Award(ctx, "t", id, "P1", ""); err != nil {
		t.Fatal(err)
	}
	return f, id
}

var figure = regexp.MustCompile(`£?[\d,]+\.\d\d`)

// figuresOf counts the figures to two decimals in text (not amounts in
// pounds).
func figuresOf(text string) map[string]int {
	n := map[string]int{}
	for _, f := range figure.FindAllString(text, -1) {
		if !strings.HasPrefix(f, "£") {
			n[f]++
		}
	}
	return n
}

// scoreFigures are the figures of a score as they are shown.
func scoreFigures(s *matching.OfferScore, into map[string]int) {
	if s == nil {
		return
	}
	for _, v := range []float64{s.Quality, s.QualityPoints, s.PriceScore, s.PricePoints, s.AgeCoverScore, s.AgeCoverPoints} {
		into[matching.Format2(v)]++
	}
	into[s.Rounded]++
}

// TestOutcomeLetterGivesEachScoreOnce: each provider's outcome letter says
// the outcome in the words its JSON carries, gives each of its own and the
// winner's scores exactly once, the formula once, and nothing of the young
// person or of a rank.
func TestOutcomeLetterGivesEachScoreOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, id := awardedRequest(t, kind)
		ctx := context.Background()
		ds, err := f.svc.Deliveries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		letters := map[string]service.Delivery{}
		for _, d := range ds {
			if d.Kind == "outcome" {
				letters[d.ProviderID] = d
			}
		}
		want := map[string]string{"P1": "awarded to you", "P2": "not awarded to you", "P4": "not awarded to you",
			"P5": "not awarded to you", "P6": "not awarded to you", "P7": "not awarded to you"}
		if len(letters) != len(want) {
			t.Fatalf("outcome letters to %v, want one to each of %v", letters, want)
		}
		rank := regexp.MustCompile(`(?i)\brank|that provider`)
		for pid, verdict := range want {
			d := letters[pid]
			inv, err := f.svc.ProviderShow(ctx, pid, id)
			if err != nil || inv.Outcome == nil {
				t.Fatalf("%s: %v %+v", pid, err, inv)
			}
			o := inv.Outcome
			if d.Subject != "Outcome "+id+": "+verdict {
				t.Errorf("%s's subject is %q", pid, d.Subject)
			}
			for _, l := range o.Explain {
				if strings.Count(d.Body, l) != 1 {
					t.Errorf("%s's letter does not say %q once:\n%s", pid, l, d.Body)
				}
			}
			for _, l := range service.OutcomeTable(*o) {
				if !strings.Contains(d.Body, "  "+l+"\n") {
					t.Errorf("%s's letter lacks the table line %q:\n%s", pid, l, d.Body)
				}
			}
			scores := map[string]int{}
			scoreFigures(o.Own, scores)
			scoreFigures(o.Winner, scores)
			got := figuresOf(d.Body)
			for f, n := range scores {
				if got[f] != n {
					t.Errorf("%s's letter gives %s %d times, want %d:\n%s", pid, f, got[f], n, d.Body)
				}
			}
			if n := strings.Count(d.Body, matching.Formula(o.Weights)); n != 1 {
				t.Errorf("%s's letter gives the formula %d times", pid, n)
			}
			if !strings.Contains(d.Body, "Questions about this outcome go to the council.\nThe council's contact: ") {
				t.Errorf("%s's letter does not say whom to ask:\n%s", pid, d.Body)
			}
			if m := rank.FindString(d.Body); m != "" {
				t.Errorf("%s's letter says %q:\n%s", pid, m, d.Body)
			}
			for _, p := range []string{"S-1", "KM", "2014", "05-05"} {
				if strings.Contains(d.Body+d.Subject, p) {
					t.Errorf("%s's letter carries %q:\n%s", pid, p, d.Body)
				}
			}
			// The provider's own view in text says the same as its letter.
			text := service.InvitationText(inv)
			for _, l := range append(o.Explain, service.OutcomeTable(*o)...) {
				if !strings.Contains(text, l) {
					t.Errorf("%s's request show lacks %q:\n%s", pid, l, text)
				}
			}
		}
		// The figures are those of the ranking: P1 won on 86.50 over P2's
		// 76.92, and P2 is told why part by part.
		inv, _ := f.svc.ProviderShow(ctx, "P2", id)
		if o := inv.Outcome; o.Own == nil || o.Own.Rounded != "76.92" || o.Winner == nil || o.Winner.Rounded != "86.50" ||
			!strings.Contains(letters["P2"].Body, "The winning offer's total was 9.58 points higher than yours: its age cover points were 8.08 higher and its quality points 5.00 higher; your price points were 3.50 higher.") {
			t.Errorf("P2's outcome: %+v\n%s", o, letters["P2"].Body)
		}
		for pid, words := range map[string]string{"P5": "You declined this request", "P6": "above the price cap: £2,000.00 a week against a cap of £1,500.00 a week", "P7": "You did not answer this request."} {
			if !strings.Contains(letters[pid].Body, words) {
				t.Errorf("%s's letter lacks %q:\n%s", pid, words, letters[pid].Body)
			}
		}
	})
}

// TestOutcomeOfNoAwardAndCancel: a provider is told the council's reason as
// given and what the outcome means for it, without a score table when
// nothing of its own or a winner's was scored.
func TestOutcomeOfNoAwardAndCancel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1000"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cancel(ctx, "t", id, "the need was met another way"); err != nil {
			t.Fatal(err)
		}
		inv, err := f.svc.ProviderShow(ctx, "P1", id)
		if err != nil || inv.Outcome == nil {
			t.Fatalf("%v %+v", err, inv)
		}
		want := []string{"The council cancelled this request before the offers were opened, for this reason: the need was met another way.",
			"No offer was opened or scored and no placement is made through this request: nothing more is needed from you."}
		if strings.Join(inv.Outcome.Explain, "\n") != strings.Join(want, "\n") || service.OutcomeTable(*inv.Outcome) != nil {
			t.Errorf("a cancelled request's outcome: %+v", inv.Outcome)
		}

		id = f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1000"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Close(ctx, "t", id, "urgent"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Rank(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.NoAward(ctx, "t", id, "the young person moved away", ""); err != nil {
			t.Fatal(err)
		}
		for pid, own := range map[string]string{"P1": "", "P2": "You did not answer this request."} {
			inv, err := f.svc.ProviderShow(ctx, pid, id)
			if err != nil || inv.Outcome == nil {
				t.Fatalf("%v %+v", err, inv)
			}
			words := strings.Join(inv.Outcome.Explain, "\n")
			if !strings.Contains(words, "The council made no award, for this reason: the young person moved away.") ||
				!strings.Contains(words, "No placement is made through this request: nothing more is needed from you.") ||
				!strings.Contains(words, own) || !strings.Contains(words, "1 compliant offer was scored.") {
				t.Errorf("%s's outcome of no award:\n%s", pid, words)
			}
			if table := service.OutcomeTable(*inv.Outcome); (pid == "P1") != (table != nil) {
				t.Errorf("%s's table: %q", pid, table)
			}
		}
	})
}
