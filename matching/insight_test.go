package matching

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestNearestRank(t *testing.T) {
	t.Parallel()
	// 10 values: the median is the 5th, the 90th percentile the 9th.
	v := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	if q := QuantilesOf(v); q.Median != 5 || q.P90 != 9 || q.Count != 10 {
		t.Errorf("%+v", q)
	}
	// 3 values: ranks ceil(1.5)=2 and ceil(2.7)=3.
	if q := QuantilesOf([]float64{30, 10, 20}); q.Median != 20 || q.P90 != 30 {
		t.Errorf("%+v", q)
	}
	if q := QuantilesOf([]float64{4}); q.Median != 4 || q.P90 != 4 {
		t.Errorf("%+v", q)
	}
	if q := QuantilesOf(nil); q != (Quantiles{}) {
		t.Errorf("%+v", q)
	}
	for _, c := range []struct{ part, whole, want int }{{1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {0, 0, 0}, {5, 5, 100}} {
		if got := Share(c.part, c.whole); got != c.want {
			t.Errorf("Share(%d, %d) = %d, want %d", c.part, c.whole, got, c.want)
		}
	}
}

// TestInsightShares: on a set whose answers are known, the awards to rank
// 1 and to the lowest compliant price, the no awards and spot purchases,
// the time to award by urgency, each provider's response rate and decline
// reasons, and who never answered; requests outside the scope (another
// council, a draft, a day outside the period) are not counted.
func TestInsightShares(t *testing.T) {
	t.Parallel()
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	req := func(id string, u Urgency, st Status, created, ended time.Time, to string) Request {
		return Request{ID: id, Council: "sefton", Framework: "care-support", Urgency: u, Status: st, CreatedAt: created, BroadcastAt: created,
			EndedAt: ended, AwardedTo: to}
	}
	scored := func(rank int, id string, pounds int64) Scored {
		return Scored{Rank: rank, ProviderID: id, WeeklyPence: Pence(pounds * 100)}
	}
	spot := req("R6", UrgencyToday, StatusNoAward, day(6, 9), day(6, 12), "")
	spot.SpotPurchase = "Bridge House, £2,000 a week"
	other := req("X1", UrgencyToday, StatusAwarded, day(2, 9), day(2, 10), "P1")
	other.Council = "wirral"
	draft := req("R8", UrgencyToday, StatusDraft, day(2, 9), time.Time{}, "")
	draft.BroadcastAt = time.Time{}
	late := req("R9", UrgencyToday, StatusAwarded, day(20, 9), day(20, 10), "P1")
	reqs := []Request{
		// R1: awarded to rank 1, the lowest price too; 10 hours.
		req("R1", UrgencyToday, StatusAwarded, day(1, 9), day(1, 19), "P1"),
		// R2: awarded to rank 1, not the lowest price; 30 hours.
		req("R2", UrgencyToday, StatusAwarded, day(2, 9), day(3, 15), "P1"),
		// R3: awarded to rank 2 at the lowest price; 50 hours.
		req("R3", UrgencyWithin5, StatusAwarded, day(3, 9), day(5, 11), "P2"),
		// R4: awarded to rank 2 at neither; 100 hours.
		req("R4", UrgencyPlanned, StatusAwarded, day(4, 9), day(8, 13), "P3"),
		// R5: no award; R6: no award with a spot purchase; R7 cancelled.
		req("R5", UrgencyPlanned, StatusNoAward, day(5, 9), day(5, 12), ""),
		spot,
		req("R7", UrgencyPlanned, StatusCancelled, day(7, 9), day(7, 12), ""),
		other, draft, late,
	}
	b := NewInsightBuilder(InsightScope{Council: "sefton", From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)})
	for _, r := range reqs {
		b.AddRequest(r)
	}
	rankings := map[string]Ranking{
		"R1": {Ranked: []Scored{scored(1, "P1", 900), scored(2, "P2", 1000)}},
		"R2": {Ranked: []Scored{scored(1, "P1", 1100), scored(2, "P2", 1000)}},
		"R3": {Ranked: []Scored{scored(1, "P1", 1100), scored(2, "P2", 1000)}},
		"R4": {Ranked: []Scored{scored(1, "P1", 900), scored(2, "P3", 1200), scored(3, "P2", 950)}},
		"X1": {Ranked: []Scored{scored(1, "P1", 900)}},
		"R9": {Ranked: []Scored{scored(1, "P1", 900)}},
	}
	for id, rk := range rankings {
		b.AddRanking(id, rk)
	}
	for _, id := range []string{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "X1", "R9"} {
		b.AddInvited(id, []string{"P1", "P2", "P3", "P4"})
	}
	for _, id := range []string{"R1", "R2", "R3", "R4", "X1", "R9"} {
		b.AddAnswer(id, Response{ProviderID: "P1", Weekly: 90000})
	}
	b.AddAnswer("R1", Response{ProviderID: "P3", Declined: true, DeclineReason: "No vacancy"})
	b.AddAnswer("R2", Response{ProviderID: "P3", Declined: true, DeclineReason: "no vacancy "})
	b.AddAnswer("R3", Response{ProviderID: "P3", Declined: true, DeclineReason: "cannot meet the needs"})
	b.AddAnswer("R4", Response{ProviderID: "P3", Weekly: 120000})
	b.AddAnswer("R3", Response{ProviderID: "P2", Weekly: 100000})
	b.Names(map[string]string{"P4": "Four"})
	in := b.Insight()
	if in.Requests != 7 || in.Awards != 4 || in.AwardsToRank1 != 2 || in.AwardsToLowestPrice != 2 || in.NoAwards != 2 || in.SpotPurchases != 1 || in.Cancelled != 1 {
		t.Errorf("counts %+v", in)
	}
	// 10, 30, 50, 100 hours: the median is the 2nd (30), the 90th
	// percentile the 4th (100).
	if in.TimeToAwardHours != (Quantiles{Median: 30, P90: 100, Count: 4}) {
		t.Errorf("time to award %+v", in.TimeToAwardHours)
	}
	if u := in.Urgencies[0]; u.Urgency != UrgencyToday || u.Requests != 3 || u.Awards != 2 || u.TimeToAwardHours.Median != 10 || u.TimeToAwardHours.P90 != 30 {
		t.Errorf("today %+v", u)
	}
	if u := in.Urgencies[2]; u.Urgency != UrgencyPlanned || u.Requests != 3 || u.Awards != 1 || u.TimeToAwardHours.Median != 100 {
		t.Errorf("planned %+v", u)
	}
	byID := map[string]ProviderInsight{}
	for _, p := range in.Providers {
		byID[p.ProviderID] = p
	}
	if p := byID["P1"]; p.Invited != 7 || p.Answered != 4 || p.ResponseRate != 57 || p.Awarded != 2 {
		t.Errorf("P1 %+v", p)
	}
	p3 := byID["P3"]
	if p3.Answered != 4 || p3.Declined != 3 || len(p3.DeclineReasons) != 2 || p3.DeclineReasons[0] != (ReasonCount{"no vacancy", 2}) || p3.Awarded != 1 {
		t.Errorf("P3 %+v", p3)
	}
	if len(in.NeverAnswered) != 1 || in.NeverAnswered[0] != (ProviderRef{"P4", "Four"}) {
		t.Errorf("never answered %+v", in.NeverAnswered)
	}
	j, _ := json.Marshal(in)
	for _, key := range []string{`"awards":4`, `"awards_to_rank_1":2`, `"awards_to_lowest_price":2`, `"no_awards":2`, `"spot_purchases":1`,
		`"time_to_award_hours":{"median":30,"p90":100`, `"providers":[{"provider_id":"P1"`, `"invited":7,"answered":4,"declined":0,"awarded":2`} {
		if !strings.Contains(string(j), key) {
			t.Errorf("the JSON lacks %s: %s", key, j)
		}
	}
}

// TestNoAwardIsNotZeroHours: an urgency with no award says so; 0.0 h would
// read as awarded at once.
func TestNoAwardIsNotZeroHours(t *testing.T) {
	if got := (Quantiles{}).MedianWords(); got != "no award" {
		t.Errorf("no award reads %q", got)
	}
	if got := (Quantiles{Median: 2.5, P90: 4, Count: 3}).P90Words(); got != "4.0 h" {
		t.Errorf("a p90 of 4 hours reads %q", got)
	}
}
