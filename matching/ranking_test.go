package matching

import (
	"encoding/json"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

// competition is a request for a 16 year old (DOB 15 Mar 2010, start
// 1 Dec 2026) with the framework weights and a £1,500 cap.
func competition(t testing.TB) (Request, time.Time) {
	t.Helper()
	deadline := at(t, "2026-11-26T17:00:00Z")
	r := Request{
		ID: "R-1", Council: "sefton", Framework: "leaving-care", Lot: "group-living",
		DOB: day(t, "2010-03-15"), Start: day(t, "2026-12-01"), Deadline: deadline,
		Weights: Weights{50, 35, 15}, PriceCap: 150000, Status: StatusClosed,
	}
	if r.Age() != 16 {
		t.Fatalf("fixture age = %d, want 16", r.Age())
	}
	return r, deadline
}

func TestRankWorkedExample(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	recv := at(t, "2026-11-25T09:00:00Z")
	entrants := []Entrant{
		{ProviderID: "A", ProviderName: "Alpha Homes", Quality: 80, CoverUntil: 25, Admitted: true},
		{ProviderID: "B", ProviderName: "Beta Care", Quality: 90, CoverUntil: 25, Admitted: true},
		{ProviderID: "C", ProviderName: "Gamma Support", Quality: 70, CoverUntil: 25, Admitted: true},
		{ProviderID: "D", ProviderName: "Delta Living", Quality: 95, CoverUntil: 25, Admitted: true},
		{ProviderID: "E", ProviderName: "Epsilon Trust", Quality: 85, CoverUntil: 25, Admitted: true},
	}
	responses := []Response{
		{ProviderID: "A", Weekly: 100000, CoverUntil: 25, Received: recv},
		{ProviderID: "B", Weekly: 120000, CoverUntil: 21, Received: recv},
		{ProviderID: "C", Weekly: 90000, CoverUntil: 18, Received: recv},
		{ProviderID: "D", Weekly: 160000, CoverUntil: 25, Received: recv},
		{ProviderID: "E", Declined: true, DeclineReason: "no vacancy", Received: recv},
	}
	rk := Rank(r, deadline, entrants, responses)

	if rk.Age != 16 {
		t.Errorf("Age = %d, want 16", rk.Age)
	}
	if rk.Weights != (Weights{50, 35, 15}) {
		t.Errorf("Weights = %v, want 50/35/15", rk.Weights)
	}
	want := []struct {
		id                   string
		rank                 int
		weekly               Pence
		cover                int
		quality              float64
		price, age, total    string
		priceF, ageF, totalF float64
	}{
		{"A", 1, 100000, 25, 80, "90.00", "100.00", "86.50", 90, 100, 86.5},
		{"B", 2, 120000, 21, 90, "75.00", "55.56", "79.58", 75, 500.0 / 9, 79.58333333333333},
		{"C", 3, 90000, 18, 70, "100.00", "22.22", "73.33", 100, 200.0 / 9, 73.33333333333333},
	}
	if len(rk.Ranked) != len(want) {
		t.Fatalf("ranked %d offers, want %d: %+v", len(rk.Ranked), len(want), rk.Ranked)
	}
	for i, w := range want {
		s := rk.Ranked[i]
		if s.ProviderID != w.id || s.Rank != w.rank {
			t.Errorf("position %d = %s rank %d, want %s rank %d", i, s.ProviderID, s.Rank, w.id, w.rank)
		}
		if s.WeeklyPence != w.weekly || s.CoverUntil != w.cover || s.Quality != w.quality {
			t.Errorf("%s: weekly %d cover %d quality %v, want %d %d %v", w.id, s.WeeklyPence, s.CoverUntil, s.Quality, w.weekly, w.cover, w.quality)
		}
		if got := Format2(s.PriceScore); got != w.price {
			t.Errorf("%s: price score %s, want %s", w.id, got, w.price)
		}
		if got := Format2(s.AgeCoverScore); got != w.age {
			t.Errorf("%s: age cover score %s, want %s", w.id, got, w.age)
		}
		if s.Rounded != w.total {
			t.Errorf("%s: Rounded %s, want %s", w.id, s.Rounded, w.total)
		}
		if got := Format2(s.Total); got != w.total {
			t.Errorf("%s: Format2(Total) %s, want %s", w.id, got, w.total)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"price", s.PriceScore, w.priceF}, {"age cover", s.AgeCoverScore, w.ageF}, {"total", s.Total, w.totalF}} {
			if math.Abs(c.got-c.want) > 1e-9 {
				t.Errorf("%s: %s score %v, want %v", w.id, c.name, c.got, c.want)
			}
		}
		if s.ProviderName == "" || !s.Received.Equal(recv) {
			t.Errorf("%s: name %q received %s not carried through", w.id, s.ProviderName, s.Received)
		}
	}
	wantEx := []Excluded{
		{ProviderID: "D", ProviderName: "Delta Living", Reason: ExclAbovePriceCap, WeeklyPence: 160000},
		{ProviderID: "E", ProviderName: "Epsilon Trust", Reason: ExclDeclined, Detail: "no vacancy"},
	}
	if len(rk.Excluded) != len(wantEx) {
		t.Fatalf("excluded %+v, want %+v", rk.Excluded, wantEx)
	}
	for i, w := range wantEx {
		g := rk.Excluded[i]
		if g.ProviderID != w.ProviderID || g.ProviderName != w.ProviderName || g.Reason != w.Reason || g.WeeklyPence != w.WeeklyPence {
			t.Errorf("excluded[%d] = %+v, want %+v", i, g, w)
		}
		if w.Detail != "" && g.Detail != w.Detail {
			t.Errorf("excluded[%d].Detail = %q, want %q", i, g.Detail, w.Detail)
		}
	}
	if d := rk.Excluded[0].Detail; !strings.Contains(d, "£1,600.00") || !strings.Contains(d, "£1,500.00") {
		t.Errorf("above-cap detail %q should name the price and the cap", d)
	}
	if rk.NoResponse == nil || len(rk.NoResponse) != 0 {
		t.Errorf("NoResponse = %#v, want an empty list", rk.NoResponse)
	}
}

// The ranking is the same whatever order entrants and answers come in.
func TestRankIndependentOfInputOrder(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	recv := at(t, "2026-11-25T09:00:00Z")
	entrants := []Entrant{
		{ProviderID: "C", Quality: 70, CoverUntil: 25, Admitted: true},
		{ProviderID: "A", Quality: 80, CoverUntil: 25, Admitted: true},
		{ProviderID: "B", Quality: 90, CoverUntil: 25, Admitted: true},
	}
	responses := []Response{
		{ProviderID: "B", Weekly: 120000, CoverUntil: 21, Received: recv},
		{ProviderID: "C", Weekly: 90000, CoverUntil: 18, Received: recv},
		{ProviderID: "A", Weekly: 100000, CoverUntil: 25, Received: recv},
	}
	for i := 0; i < 3; i++ {
		rk := Rank(r, deadline, entrants, responses)
		if got := rankedIDs(rk); !slices.Equal(got, []string{"A", "B", "C"}) {
			t.Fatalf("rotation %d: ranked %v, want [A B C]", i, got)
		}
		entrants = append(entrants[1:], entrants[0])
		responses = append(responses[2:], responses[:2]...)
	}
}

func rankedIDs(rk Ranking) []string {
	var ids []string
	for i, s := range rk.Ranked {
		if s.Rank != i+1 {
			return append(ids, "bad-rank")
		}
		ids = append(ids, s.ProviderID)
	}
	return ids
}

func TestRankTies(t *testing.T) {
	t.Parallel()
	early := at(t, "2026-11-24T09:00:00Z")
	late := at(t, "2026-11-25T09:00:00Z")
	type offer struct {
		id      string
		quality float64
		weekly  Pence
		cover   int
		recv    time.Time
	}
	tests := []struct {
		name    string
		weights Weights
		offers  []offer
		want    []string // provider ids in rank order
		rounded []string // their rounded totals
	}{
		{
			// Y's exact total is 90.00 and X's 89.996: they differ only
			// beyond two decimals, so they tie and X's higher Q wins, though
			// Y is cheaper, answered earlier and sorts first by id.
			name:    "totals equal to two decimals tie, higher Q wins",
			weights: Weights{50, 50, 0},
			offers: []offer{
				{"a-y", 80, 89992, 25, early},
				{"b-x", 90, 100000, 25, late},
			},
			want:    []string{"b-x", "a-y"},
			rounded: []string{"90.00", "90.00"},
		},
		{
			// The same, but X's total is 89.99: a real difference, so the
			// higher total wins over the higher Q.
			name:    "totals differing at two decimals are not ties",
			weights: Weights{50, 50, 0},
			offers: []offer{
				{"b-x", 90, 100000, 25, early},
				{"a-y", 80, 89980, 25, late},
			},
			want:    []string{"a-y", "b-x"},
			rounded: []string{"90.00", "89.99"},
		},
		{
			name:    "equal totals and Q: lower weekly price wins",
			weights: Weights{50, 0, 50},
			offers: []offer{
				{"a", 80, 110000, 25, early},
				{"b", 80, 100000, 25, late},
			},
			want:    []string{"b", "a"},
			rounded: []string{"90.00", "90.00"},
		},
		{
			name:    "equal totals, Q and price: earlier answer wins",
			weights: Weights{50, 35, 15},
			offers: []offer{
				{"a", 80, 100000, 25, late},
				{"b", 80, 100000, 25, early},
			},
			want:    []string{"b", "a"},
			rounded: []string{"90.00", "90.00"},
		},
		{
			name:    "everything equal: provider id decides",
			weights: Weights{50, 35, 15},
			offers: []offer{
				{"p-2", 80, 100000, 25, early},
				{"p-10", 80, 100000, 25, early},
				{"p-1", 80, 100000, 25, early},
			},
			want:    []string{"p-1", "p-10", "p-2"},
			rounded: []string{"90.00", "90.00", "90.00"},
		},
		{
			name:    "Q is compared exactly, as decimals",
			weights: Weights{50, 0, 50},
			offers: []offer{
				{"a", 82.1, 100000, 25, early},
				{"b", 82.11, 100000, 25, early},
				{"c", 82.1001, 100000, 25, early},
			},
			// totals 91.05, 91.055 → 91.06, 91.05005 → 91.05
			want:    []string{"b", "c", "a"},
			rounded: []string{"91.06", "91.05", "91.05"},
		},
		{
			// X's exact total is 70.445, which rounds to 70.45 and ties
			// with Z's exact 70.45; X's higher Q wins. Computed in float64,
			// X's total rounds to 70.44 and Z would wrongly come first.
			name:    "an exact half rounds up where float would round down",
			weights: Weights{50, 35, 15},
			offers: []offer{
				{"a-z", 40.9, 90875, 25, early},
				{"b-x", 60, 125000, 25, late},
			},
			want:    []string{"b-x", "a-z"},
			rounded: []string{"70.45", "70.45"},
		},
		{
			name:    "a single offer scores full price marks",
			weights: Weights{0, 100, 0},
			offers:  []offer{{"solo", 10, 149999, 17, early}},
			want:    []string{"solo"},
			rounded: []string{"100.00"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, deadline := competition(t)
			r.Weights = tc.weights
			var entrants []Entrant
			var responses []Response
			for _, o := range tc.offers {
				entrants = append(entrants, Entrant{ProviderID: o.id, Quality: o.quality, CoverUntil: 25, Admitted: true})
				responses = append(responses, Response{ProviderID: o.id, Weekly: o.weekly, CoverUntil: o.cover, Received: o.recv})
			}
			rk := Rank(r, deadline, entrants, responses)
			if got := rankedIDs(rk); !slices.Equal(got, tc.want) {
				t.Fatalf("ranked %v, want %v", got, tc.want)
			}
			for i, s := range rk.Ranked {
				if s.Rounded != tc.rounded[i] {
					t.Errorf("%s: Rounded %s, want %s (total %v)", s.ProviderID, s.Rounded, tc.rounded[i], s.Total)
				}
			}
			if len(rk.Excluded) != 0 || len(rk.NoResponse) != 0 {
				t.Errorf("unexpected exclusions %+v / no response %+v", rk.Excluded, rk.NoResponse)
			}
		})
	}
}

// The exact-half case above only proves something if float64 arithmetic
// really does get it wrong.
func TestExactHalfCaseMisroundsInFloat(t *testing.T) {
	t.Parallel()
	p := 100 * float64(90875) / float64(125000)
	total := (50*60 + 35*p + 15*100.0) / 100
	if got := math.Round(total*100) / 100; got != 70.44 {
		t.Fatalf("float rounding of the X total gave %v; the tie test no longer exercises exact rounding", got)
	}
	exact := new(big.Rat).SetFrac64(70445, 1000)
	if got := RoundHalfAway(exact, 2).FloatString(2); got != "70.45" {
		t.Fatalf("exact rounding gave %s, want 70.45", got)
	}
}

func TestRoundHalfAway(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		d    int
		want string
	}{
		{"0.125", 2, "0.13"},
		{"-0.125", 2, "-0.13"},
		{"2.675", 2, "2.68"},
		{"-2.675", 2, "-2.68"},
		{"2.665", 2, "2.67"},
		{"1.005", 2, "1.01"},
		{"0.005", 2, "0.01"},
		{"-0.005", 2, "-0.01"},
		{"0.0049999", 2, "0"},
		{"-0.0049999", 2, "0"},
		{"0.1249999999", 2, "0.12"},
		{"-0.1249999999", 2, "-0.12"},
		{"1/3", 2, "0.33"},
		{"2/3", 2, "0.67"},
		{"-2/3", 2, "-0.67"},
		{"955/12", 2, "79.58"}, // 79.58333…
		{"1433/8", 2, "179.13"},
		{"86.5", 2, "86.5"},
		{"100", 2, "100"},
		{"0", 2, "0"},
		{"2.5", 0, "3"},
		{"-2.5", 0, "-3"},
		{"3.5", 0, "4"},
		{"1.49", 0, "1"},
		{"0.25", 1, "0.3"},
		{"0.35", 1, "0.4"},
		{"-0.25", 1, "-0.3"},
	}
	for _, tc := range tests {
		t.Run(tc.in+"/"+string(rune('0'+tc.d)), func(t *testing.T) {
			x, ok := new(big.Rat).SetString(tc.in)
			if !ok {
				t.Fatalf("bad fixture %q", tc.in)
			}
			want, _ := new(big.Rat).SetString(tc.want)
			got := RoundHalfAway(x, tc.d)
			if got.Cmp(want) != 0 {
				t.Errorf("RoundHalfAway(%s, %d) = %s, want %s", tc.in, tc.d, got.FloatString(tc.d), tc.want)
			}
			if x.Cmp(mustRat(tc.in)) != 0 {
				t.Errorf("RoundHalfAway changed its argument to %s", x.RatString())
			}
		})
	}
}

func mustRat(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

func TestFormat2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{2.675, "2.68"}, // the float is 2.67499999…, but it was written 2.675
		{1.005, "1.01"},
		{0.125, "0.13"},
		{-0.125, "-0.13"},
		{86.5, "86.50"},
		{500.0 / 9, "55.56"},
		{200.0 / 9, "22.22"},
		{79.58333333333333, "79.58"},
		{73.33333333333333, "73.33"},
		{0, "0.00"},
		{100, "100.00"},
		{99.995, "100.00"},
		{0.004, "0.00"},
		{-0.004, "0.00"},
	}
	for _, tc := range tests {
		t.Run(strings.TrimSpace(Format2(tc.in)), func(t *testing.T) {
			if got := Format2(tc.in); got != tc.want {
				t.Errorf("Format2(%v) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestAgeCoverScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cover, age int
		want       string
	}{
		{25, 16, "100"},
		{30, 16, "100"}, // cover beyond 25 counts as 25
		{21, 16, "500/9"},
		{18, 16, "200/9"},
		{17, 16, "100/9"},
		{16, 16, "0"},
		{10, 16, "0"}, // clamped at 0
		{25, 0, "100"},
		{1, 0, "4"},
		{25, 24, "100"},
		{25, 25, "0"}, // no divide by zero
	}
	for _, tc := range tests {
		if got := ageCoverScore(tc.cover, tc.age); got.Cmp(mustRat(tc.want)) != 0 {
			t.Errorf("ageCoverScore(%d, %d) = %s, want %s", tc.cover, tc.age, got.RatString(), tc.want)
		}
	}
}

func TestRankExclusions(t *testing.T) {
	t.Parallel()
	deadline := at(t, "2026-11-26T17:00:00Z")
	onTime := at(t, "2026-11-25T09:00:00Z")
	type tcase struct {
		name       string
		cap        Pence // request price cap; -1 keeps the £1,500 fixture
		entrant    Entrant
		resp       Response
		wantReason string // "" means ranked
		wantCover  int    // when ranked
	}
	ent := func(mod func(*Entrant)) Entrant {
		e := Entrant{ProviderID: "P", ProviderName: "Provider", Quality: 80, CoverUntil: 25, Admitted: true}
		if mod != nil {
			mod(&e)
		}
		return e
	}
	offer := func(mod func(*Response)) Response {
		r := Response{ProviderID: "P", Weekly: 100000, Received: onTime}
		if mod != nil {
			mod(&r)
		}
		return r
	}
	tests := []tcase{
		{name: "a plain offer is ranked", cap: -1, entrant: ent(nil), resp: offer(nil), wantCover: 25},
		{name: "declined", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Declined, r.Weekly = true, 0 }), wantReason: ExclDeclined},
		{name: "withdrawn", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.WithdrawnAt = onTime.Add(time.Hour) }), wantReason: ExclWithdrawn},
		{name: "late by a second", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Received = deadline.Add(time.Second) }), wantReason: ExclLate},
		{name: "received exactly at the deadline is on time", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Received = deadline }), wantCover: 25},
		{name: "a penny above the cap", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Weekly = 150001 }), wantReason: ExclAbovePriceCap},
		{name: "exactly at the cap is compliant", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Weekly = 150000 }), wantCover: 25},
		{name: "no cap means no limit", cap: 0, entrant: ent(nil), resp: offer(func(r *Response) { r.Weekly = MaxPence }), wantCover: 25},
		{name: "a zero price is not compliant", cap: 0, entrant: ent(nil), resp: offer(func(r *Response) { r.Weekly = 0 }), wantReason: ExclAbovePriceCap},
		{name: "offer cover equal to the age is not cover", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.CoverUntil = 16 }), wantReason: ExclAgeNotCovered},
		{name: "offer cover one past the age is cover", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.CoverUntil = 17 }), wantCover: 17},
		{name: "provider cover equal to the age, no offer cover", cap: -1, entrant: ent(func(e *Entrant) { e.CoverUntil = 16 }), resp: offer(nil), wantReason: ExclAgeNotCovered},
		{name: "offer cover overrides a short provider cover", cap: -1, entrant: ent(func(e *Entrant) { e.CoverUntil = 16 }), resp: offer(func(r *Response) { r.CoverUntil = 21 }), wantCover: 21},
		{name: "offer cover overrides a long provider cover", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.CoverUntil = 15 }), wantReason: ExclAgeNotCovered},
		{name: "provider no longer admitted", cap: -1, entrant: ent(func(e *Entrant) { e.Admitted = false }), resp: offer(nil), wantReason: ExclNotAdmitted},
		// Several reasons at once: the first in the order declined,
		// withdrawn, late, above_price_cap, age_not_covered,
		// provider_not_admitted is given.
		{name: "late and above cap is late", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Received, r.Weekly = deadline.Add(time.Minute), 200000 }), wantReason: ExclLate},
		{name: "declined and late is declined", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Declined, r.Received = true, deadline.Add(time.Hour) }), wantReason: ExclDeclined},
		{name: "withdrawn and late is withdrawn", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.WithdrawnAt, r.Received = deadline, deadline.Add(time.Hour) }), wantReason: ExclWithdrawn},
		{name: "above cap and not covered is above cap", cap: -1, entrant: ent(nil), resp: offer(func(r *Response) { r.Weekly, r.CoverUntil = 200000, 16 }), wantReason: ExclAbovePriceCap},
		{name: "not covered and not admitted is age", cap: -1, entrant: ent(func(e *Entrant) { e.Admitted = false }), resp: offer(func(r *Response) { r.CoverUntil = 16 }), wantReason: ExclAgeNotCovered},
		{name: "late and not admitted is late", cap: -1, entrant: ent(func(e *Entrant) { e.Admitted = false }), resp: offer(func(r *Response) { r.Received = deadline.Add(time.Second) }), wantReason: ExclLate},
		{name: "declined by a provider no longer admitted is declined", cap: -1, entrant: ent(func(e *Entrant) { e.Admitted = false }), resp: offer(func(r *Response) { r.Declined = true }), wantReason: ExclDeclined},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := competition(t)
			if tc.cap >= 0 {
				r.PriceCap = tc.cap
			}
			rk := Rank(r, deadline, []Entrant{tc.entrant}, []Response{tc.resp})
			if len(rk.NoResponse) != 0 {
				t.Fatalf("NoResponse = %+v", rk.NoResponse)
			}
			if tc.wantReason == "" {
				if len(rk.Ranked) != 1 || len(rk.Excluded) != 0 {
					t.Fatalf("want ranked; got ranked %+v excluded %+v", rk.Ranked, rk.Excluded)
				}
				if s := rk.Ranked[0]; s.Rank != 1 || s.CoverUntil != tc.wantCover || s.PriceScore != 100 {
					t.Errorf("ranked %+v, want rank 1, cover %d, price score 100", s, tc.wantCover)
				}
				return
			}
			if len(rk.Ranked) != 0 || len(rk.Excluded) != 1 {
				t.Fatalf("want excluded %s; got ranked %+v excluded %+v", tc.wantReason, rk.Ranked, rk.Excluded)
			}
			ex := rk.Excluded[0]
			if ex.Reason != tc.wantReason || ex.ProviderID != "P" || ex.ProviderName != "Provider" {
				t.Errorf("excluded %+v, want reason %s for P", ex, tc.wantReason)
			}
			if tc.wantReason == ExclDeclined && ex.WeeklyPence != 0 {
				t.Errorf("a decline shows a price of %d", ex.WeeklyPence)
			}
		})
	}
}

func TestRankDetails(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	entrants := []Entrant{
		{ProviderID: "late", Quality: 50, CoverUntil: 25, Admitted: true},
		{ProviderID: "young", Quality: 50, CoverUntil: 25, Admitted: true},
	}
	rk := Rank(r, deadline, entrants, []Response{
		{ProviderID: "late", Weekly: 100000, Received: at(t, "2026-11-26T17:30:00Z")},
		{ProviderID: "young", Weekly: 100000, CoverUntil: 16, Received: deadline},
	})
	if len(rk.Excluded) != 2 {
		t.Fatalf("excluded %+v", rk.Excluded)
	}
	if d := rk.Excluded[0].Detail; d != "received 2026-11-26 17:30, deadline 17:00" {
		t.Errorf("late detail %q should give both times in London time (the deadline's date left out on the same day)", d)
	}
	if d := rk.Excluded[1].Detail; !strings.Contains(d, "16") || rk.Excluded[1].Reason != ExclAgeNotCovered {
		t.Errorf("age detail %q should give the cover and the age", d)
	}
}

func TestRankNoResponseAndStrangers(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	recv := at(t, "2026-11-25T09:00:00Z")
	entrants := []Entrant{
		{ProviderID: "silent-1", ProviderName: "Silent One", Quality: 99, CoverUntil: 25, Admitted: true},
		{ProviderID: "answered", ProviderName: "Answered", Quality: 60, CoverUntil: 25, Admitted: true},
		{ProviderID: "silent-2", ProviderName: "Silent Two", Quality: 99, CoverUntil: 25, Admitted: false},
	}
	responses := []Response{
		{ProviderID: "answered", Weekly: 120000, Received: recv},
		// Not invited: ignored even though it is the cheapest offer, so it
		// must not change the answered provider's price score.
		{ProviderID: "stranger", Weekly: 60000, Received: recv},
	}
	rk := Rank(r, deadline, entrants, responses)
	if got := rankedIDs(rk); !slices.Equal(got, []string{"answered"}) {
		t.Fatalf("ranked %v, want [answered]", got)
	}
	if rk.Ranked[0].PriceScore != 100 {
		t.Errorf("price score %v: the stranger's price was used", rk.Ranked[0].PriceScore)
	}
	want := []ProviderRef{{"silent-1", "Silent One"}, {"silent-2", "Silent Two"}}
	if !slices.Equal(rk.NoResponse, want) {
		t.Errorf("NoResponse = %+v, want %+v", rk.NoResponse, want)
	}
	if len(rk.Excluded) != 0 {
		t.Errorf("excluded %+v, want none", rk.Excluded)
	}
}

func TestRankEmpty(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	rk := Rank(r, deadline, nil, nil)
	if rk.Ranked == nil || rk.Excluded == nil || rk.NoResponse == nil {
		t.Errorf("empty ranking has nil lists: %#v", rk)
	}
	b, err := json.Marshal(rk)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"ranked":[]`, `"excluded":[]`, `"no_response":[]`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON %s lacks %s", b, k)
		}
	}
	// Only excluded answers: nothing ranked, nothing divides by zero.
	rk = Rank(r, deadline, []Entrant{{ProviderID: "x", Quality: 50, CoverUntil: 25, Admitted: true}},
		[]Response{{ProviderID: "x", Declined: true}})
	if len(rk.Ranked) != 0 || len(rk.Excluded) != 1 {
		t.Errorf("ranking %+v, want one exclusion", rk)
	}
}

// The lowest compliant price sets P = 100; excluded offers, even cheaper
// ones, do not count.
func TestRankMinPriceOnlyFromCompliantOffers(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	recv := at(t, "2026-11-25T09:00:00Z")
	entrants := []Entrant{
		{ProviderID: "cheap-late", Quality: 50, CoverUntil: 25, Admitted: true},
		{ProviderID: "cheap-suspended", Quality: 50, CoverUntil: 25, Admitted: false},
		{ProviderID: "cheap-short", Quality: 50, CoverUntil: 25, Admitted: true},
		{ProviderID: "a", Quality: 50, CoverUntil: 25, Admitted: true},
		{ProviderID: "b", Quality: 50, CoverUntil: 25, Admitted: true},
	}
	rk := Rank(r, deadline, entrants, []Response{
		{ProviderID: "cheap-late", Weekly: 10000, Received: deadline.Add(time.Minute)},
		{ProviderID: "cheap-suspended", Weekly: 10000, Received: recv},
		{ProviderID: "cheap-short", Weekly: 10000, CoverUntil: 16, Received: recv},
		{ProviderID: "a", Weekly: 80000, Received: recv},
		{ProviderID: "b", Weekly: 100000, Received: recv},
	})
	if got := rankedIDs(rk); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("ranked %v", got)
	}
	if rk.Ranked[0].PriceScore != 100 || rk.Ranked[1].PriceScore != 80 {
		t.Errorf("price scores %v, %v, want 100, 80", rk.Ranked[0].PriceScore, rk.Ranked[1].PriceScore)
	}
}

// A later answer from the same provider replaces its earlier one.
func TestRankLaterAnswerReplacesEarlier(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	entrants := []Entrant{{ProviderID: "P", Quality: 80, CoverUntil: 25, Admitted: true}}
	rk := Rank(r, deadline, entrants, []Response{
		{ProviderID: "P", Weekly: 100000, Received: at(t, "2026-11-24T09:00:00Z"), RecordedAt: at(t, "2026-11-24T09:00:00Z")},
		{ProviderID: "P", Declined: true, DeclineReason: "filled", Received: at(t, "2026-11-25T09:00:00Z"), RecordedAt: at(t, "2026-11-25T09:00:00Z")},
	})
	if len(rk.Ranked) != 0 || len(rk.Excluded) != 1 || rk.Excluded[0].Reason != ExclDeclined {
		t.Errorf("ranking %+v, want only the later decline", rk)
	}
}

// The deadline passed in is the one that counts (the close time when an
// officer closed early), not the request's own.
func TestRankUsesEffectiveDeadline(t *testing.T) {
	t.Parallel()
	r, _ := competition(t)
	closedAt := at(t, "2026-11-24T12:00:00Z")
	entrants := []Entrant{{ProviderID: "P", Quality: 80, CoverUntil: 25, Admitted: true}}
	rk := Rank(r, closedAt, entrants, []Response{{ProviderID: "P", Weekly: 100000, Received: at(t, "2026-11-24T12:00:01Z")}})
	if len(rk.Excluded) != 1 || rk.Excluded[0].Reason != ExclLate {
		t.Errorf("ranking %+v, want late against the close time", rk)
	}
}

func TestResponseLateAndWithdrawn(t *testing.T) {
	t.Parallel()
	d := at(t, "2026-11-26T17:00:00Z")
	tests := []struct {
		recv time.Time
		want bool
	}{
		{d.Add(-time.Nanosecond), false},
		{d, false},
		{d.Add(time.Nanosecond), true},
	}
	for _, tc := range tests {
		if got := (Response{Received: tc.recv}).Late(d); got != tc.want {
			t.Errorf("Late(received %s) = %v, want %v", tc.recv.Format(time.RFC3339Nano), got, tc.want)
		}
	}
	if (Response{}).Withdrawn() {
		t.Error("a response with no withdrawal time is withdrawn")
	}
	if !(Response{WithdrawnAt: d}).Withdrawn() {
		t.Error("a response with a withdrawal time is not withdrawn")
	}
}
