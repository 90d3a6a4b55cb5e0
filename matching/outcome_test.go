package matching

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// debriefRequest is a request with an answer of every kind, ranked as at
// opening: B 88.33, A 86.50, C 76.25; D declined, E withdrew, F was late,
// G was above the cap, H's cover ends at the age, I was no longer
// admitted, J never answered.
func debriefRequest(t *testing.T) (Request, Ranking, map[string]*Response) {
	t.Helper()
	deadline := at(t, "2026-11-27T12:00:00Z")
	r := Request{ID: "SEF-2026-0001", DOB: day(t, "2010-01-01"), Start: day(t, "2026-12-01"), Deadline: deadline,
		Weights: Weights{Quality: 50, Price: 35, AgeCover: 15}, PriceCap: 150000, Status: StatusOpened, OpenedAt: deadline.Add(time.Hour)}
	var entrants []Entrant
	for _, id := range strings.Split("ABCDEFGHIJ", "") {
		entrants = append(entrants, Entrant{ProviderID: id, ProviderName: "Provider " + id, Quality: 70, CoverUntil: 25, Admitted: id != "I"})
	}
	entrants[0].Quality, entrants[1].Quality = 80, 90
	in := deadline.Add(-time.Hour)
	resps := []Response{
		{ProviderID: "A", Weekly: 100000, CoverUntil: 25, Received: in},
		{ProviderID: "B", Weekly: 90000, CoverUntil: 21, Received: in},
		{ProviderID: "C", Weekly: 120000, Received: in},
		{ProviderID: "D", Declined: true, DeclineReason: "full", Received: in},
		{ProviderID: "E", Weekly: 95000, Received: in, WithdrawnAt: in.Add(time.Minute)},
		{ProviderID: "F", Weekly: 95000, Received: deadline.Add(time.Minute)},
		{ProviderID: "G", Weekly: 200000, Received: in},
		{ProviderID: "H", Weekly: 95000, CoverUntil: 16, Received: in},
		{ProviderID: "I", Weekly: 95000, Received: in},
	}
	own := map[string]*Response{}
	for i := range resps {
		own[resps[i].ProviderID] = &resps[i]
	}
	rk := Rank(r, deadline, entrants, resps)
	if len(rk.Ranked) != 3 || rk.Ranked[0].ProviderID != "B" || rk.Ranked[0].Rounded != "88.33" || rk.Ranked[1].Rounded != "86.50" || rk.Ranked[2].Rounded != "76.25" {
		t.Fatalf("the fixture ranks %+v", rk.Ranked)
	}
	return r, rk, own
}

// TestDebriefWords: each provider is told its outcome in its own words,
// for every way an answer can end, and never in the council's ("that
// provider declined") nor with a rank.
func TestDebriefWords(t *testing.T) {
	t.Parallel()
	r, rk, own := debriefRequest(t)
	awarded := r
	awarded.Status, awarded.AwardedTo, awarded.EndReason = StatusAwarded, "A", "chosen after visits"
	top := r
	top.Status, top.AwardedTo = StatusAwarded, "B"
	noAward := r
	noAward.Status, noAward.EndReason = StatusNoAward, "none suitable"
	cancelled := r
	cancelled.Status, cancelled.EndReason, cancelled.OpenedAt = StatusCancelled, "no longer needed", time.Time{}

	const (
		lost     = "The council awarded this request to another provider's offer."
		reason   = "The council's recorded reason for its choice: chosen after visits."
		counted  = "3 compliant offers were scored."
		noPlace  = "No placement is made through this request: nothing more is needed from you."
		noAwardR = "The council made no award, for this reason: none suitable."
	)
	cases := []struct {
		name    string
		r       Request
		rk      Ranking
		id      string
		verdict string
		want    []string
	}{
		{"won, not the highest total", awarded, rk, "A", "awarded to you", []string{"Your offer was awarded.", reason,
			"The council will contact you to arrange the placement.", counted}},
		{"won, the highest total", top, rk, "B", "awarded to you", []string{"Your offer was awarded.",
			"The council will contact you to arrange the placement.", counted}},
		{"lost, scored higher", awarded, rk, "B", "not awarded to you", []string{lost,
			"Your offer's total was 1.83 points higher than the winning offer's: your quality points were 5.00 higher and your price points 3.50 higher; its age cover points were 6.67 higher.",
			"The council chose the winning offer although yours scored higher, for this recorded reason: chosen after visits.", counted}},
		{"lost, scored lower", awarded, rk, "C", "not awarded to you", []string{lost,
			"The winning offer's total was 10.25 points higher than yours: its price points were 5.25 higher and its quality points 5.00 higher.",
			reason, counted}},
		{"lost to the highest total", top, rk, "A", "not awarded to you", []string{lost,
			"The winning offer's total was 1.83 points higher than yours: its quality points were 5.00 higher and its price points 3.50 higher; your age cover points were 6.67 higher.",
			counted}},
		{"declined", awarded, rk, "D", "not awarded to you", []string{lost, "You declined this request, so you made no offer to score.", reason, counted}},
		{"withdrew", awarded, rk, "E", "not awarded to you", []string{lost, "You withdrew your offer, so it was not scored.", reason, counted}},
		{"late", awarded, rk, "F", "not awarded to you", []string{lost, "Your offer arrived after the deadline, so it was not scored.", reason, counted}},
		{"above the cap", awarded, rk, "G", "not awarded to you", []string{lost,
			"Your offer was not scored because it was above the price cap: £2,000.00 a week against a cap of £1,500.00 a week.", reason, counted}},
		{"cover ends at the age", awarded, rk, "H", "not awarded to you", []string{lost,
			"Your offer was not scored because its cover, until age 16, did not reach past the young person's age of 16.", reason, counted}},
		{"no longer admitted", awarded, rk, "I", "not awarded to you", []string{lost,
			"Your offer was not scored because you were no longer admitted on this lot when the request closed.", reason, counted}},
		{"did not answer", awarded, rk, "J", "not awarded to you", []string{lost, "You did not answer this request.", reason, counted}},
		{"no award, scored", noAward, rk, "A", "no award", []string{noAwardR, noPlace, counted}},
		{"no award, above the cap", noAward, rk, "G", "no award", []string{noAwardR,
			"Your offer was not scored because it was above the price cap: £2,000.00 a week against a cap of £1,500.00 a week.", noPlace, counted}},
		{"no award, did not answer", noAward, rk, "J", "no award", []string{noAwardR, "You did not answer this request.", noPlace, counted}},
		{"cancelled, offered", cancelled, Ranking{}, "A", "cancelled", []string{
			"The council cancelled this request before the offers were opened, for this reason: no longer needed.",
			"No offer was opened or scored and no placement is made through this request: nothing more is needed from you."}},
		{"cancelled, declined", cancelled, Ranking{}, "D", "cancelled", []string{
			"The council cancelled this request before the offers were opened, for this reason: no longer needed.",
			"No offer was opened or scored and no placement is made through this request: nothing more is needed from you."}},
	}
	council := regexp.MustCompile(`(?i)that provider|this provider|\brank|provider [A-J]\b`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DebriefOf(c.r, c.rk, c.id, own[c.id])
			got := DebriefWords(d)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("DebriefWords:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			if v := DebriefVerdict(d); v != c.verdict {
				t.Errorf("DebriefVerdict = %q, want %q", v, c.verdict)
			}
			for _, l := range got {
				if m := council.FindString(l); m != "" {
					t.Errorf("%q words it as the council would (%q)", l, m)
				}
			}
		})
	}
}

// TestDebriefOfKeepsToTheProvider: a provider's outcome holds its own score
// and the winning offer's, each once, never the winner's price or name.
func TestDebriefOfKeepsToTheProvider(t *testing.T) {
	t.Parallel()
	r, rk, own := debriefRequest(t)
	r.Status, r.AwardedTo, r.EndReason = StatusAwarded, "A", "chosen after visits"

	won := DebriefOf(r, rk, "A", own["A"])
	if !won.Won || won.Own == nil || won.Winner != nil || won.AwardToHighest {
		t.Errorf("the winner's outcome: %+v", won)
	}
	if won.Own.WeeklyPence != 100000 || won.Own.Rounded != "86.50" || won.Own.QualityPoints != 40 || won.Own.PricePoints != 31.5 || won.Own.AgeCoverPoints != 15 {
		t.Errorf("the winner's own score: %+v", *won.Own)
	}
	lost := DebriefOf(r, rk, "C", own["C"])
	if lost.Won || lost.Own == nil || lost.Winner == nil || lost.Compliant != 3 || lost.Age != 16 {
		t.Fatalf("a loser's outcome: %+v", lost)
	}
	if lost.Winner.WeeklyPence != 0 {
		t.Errorf("a loser is given the winner's price: %+v", *lost.Winner)
	}
	if lost.Own.WeeklyPence != 120000 || lost.Own.Total != rk.Ranked[2].Total {
		t.Errorf("a loser's own score: %+v", *lost.Own)
	}
	if d := DebriefOf(r, rk, "D", own["D"]); d.Own != nil || d.Unscored != ExclDeclined || !d.Answered {
		t.Errorf("a decline: %+v", d)
	}
	if d := DebriefOf(r, rk, "J", nil); d.Own != nil || d.Unscored != "" || d.Answered {
		t.Errorf("no answer: %+v", d)
	}

	table := DebriefTable(lost)
	text := ""
	for _, row := range table {
		text += strings.Join(row, "|") + "\n"
	}
	want := "||Your offer||Winning offer\n|score|points|score|points\n" +
		"Quality Q, weight 50|70.00|35.00|80.00|40.00\n" +
		"Price P, weight 35|75.00|26.25|90.00|31.50\n" +
		"Age cover A, weight 15|100.00|15.00|100.00|15.00\n" +
		"Total||76.25||86.50\n"
	if text != want {
		t.Errorf("DebriefTable:\n%s\nwant\n%s", text, want)
	}
	if DebriefTable(DebriefOf(r, rk, "D", own["D"]))[0][2] != "Winning offer" {
		t.Error("a provider with no score is not shown the winning offer's alone")
	}
	cancelled := r
	cancelled.Status, cancelled.OpenedAt = StatusCancelled, time.Time{}
	if tb := DebriefTable(DebriefOf(cancelled, Ranking{}, "A", own["A"])); tb != nil {
		t.Errorf("a cancelled request has a score table: %v", tb)
	}
}

// TestCompareWordsAddsUp: the differences said part by part are those of
// the figures shown, and they add up to the difference in total but for
// rounding; equal totals are said to be equal, with the tie rule.
func TestCompareWordsAddsUp(t *testing.T) {
	t.Parallel()
	score := func(q, p, a float64, rounded string) OfferScore {
		return OfferScore{QualityPoints: q, PricePoints: p, AgeCoverPoints: a, Total: q + p + a, Rounded: rounded}
	}
	s, higher := compareWords(score(30, 40, 10, "80.00"), score(33.333, 36.667, 10, "80.00"))
	if higher || !strings.Contains(s, "the same as the winning offer's") || !strings.Contains(s, "higher quality score, then the lower weekly price") {
		t.Errorf("a tie: %q %v", s, higher)
	}
	s, higher = compareWords(score(30.004, 40, 10, "80.00"), score(35, 40, 12.5, "87.50"))
	if higher || s != "The winning offer's total was 7.50 points higher than yours: its quality points were 5.00 higher and its age cover points 2.50 higher." {
		t.Errorf("a loss: %q %v", s, higher)
	}
	s, higher = compareWords(score(35, 45, 12, "92.00"), score(30, 40, 10, "80.00"))
	if !higher || s != "Your offer's total was 12.00 points higher than the winning offer's: your quality points were 5.00 higher, your price points 5.00 higher and your age cover points 2.00 higher." {
		t.Errorf("a higher total: %q %v", s, higher)
	}
}
