package matching

import (
	"strings"
	"testing"
	"time"
)

func legacyInput() PlacementInput {
	return PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy", ProviderName: "Oak House Care",
		Weekly: "950", Start: "2026-04-01", CaseRef: "SF-1001", DOB: "2009-07-10"}
}

func TestAddPlacementAndRefusals(t *testing.T) {
	t.Parallel()
	p, ev, err := AddPlacement("PL-00001", legacyInput(), officer, "salt")
	if err != nil {
		t.Fatal(err)
	}
	if p.Framework != "care-support" || p.Weekly != 95000 || ShowDate(p.Start) != "2026-04-01" || p.Kind != PlacementLegacy {
		t.Fatalf("placement = %+v", p)
	}
	if ev.Action != ActionPlacementMade || ev.Fields.Get("placement") != "PL-00001" || ev.Fields.Get("weekly") != "£950.00" {
		t.Fatalf("event = %+v", ev)
	}
	for _, f := range ev.Fields {
		if strings.Contains(f.Value, "SF-1001") || strings.Contains(f.Value, "2009-07-10") {
			t.Fatalf("the event carries personal data in the clear: %s = %s", f.Name, f.Value)
		}
	}
	for name, tc := range map[string]struct {
		change func(*PlacementInput)
		want   string
	}{
		"end before start":  {func(in *PlacementInput) { in.End = "2026-03-01" }, "not after the start"},
		"end on start":      {func(in *PlacementInput) { in.End = "2026-04-01" }, "not after the start"},
		"negative price":    {func(in *PlacementInput) { in.Weekly = "-5" }, "not an amount"},
		"zero price":        {func(in *PlacementInput) { in.Weekly = "0" }, "£0"},
		"award by hand":     {func(in *PlacementInput) { in.Kind = "award" }, "request award"},
		"unknown kind":      {func(in *PlacementInput) { in.Kind = "private" }, "not a kind"},
		"no provider":       {func(in *PlacementInput) { in.ProviderName = " " }, "provider's name"},
		"no case":           {func(in *PlacementInput) { in.CaseRef = "" }, "case reference"},
		"not a member":      {func(in *PlacementInput) { in.Council = "bolton" }, "not a member"},
		"unknown lot":       {func(in *PlacementInput) { in.Lot = "boats" }, "not known"},
		"no start":          {func(in *PlacementInput) { in.Start = "" }, "start date is required"},
		"dob after start":   {func(in *PlacementInput) { in.DOB = "2026-05-01" }, "date of birth"},
		"control character": {func(in *PlacementInput) { in.ProviderName = "Oak\x1b[2J" }, "control character"},
	} {
		in := legacyInput()
		tc.change(&in)
		_, _, err := AddPlacement("PL-00002", in, officer, "salt")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

func TestPlacementChangeAndEnd(t *testing.T) {
	t.Parallel()
	p, _, err := AddPlacement("PL-00001", legacyInput(), officer, "salt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ChangePrice(officer, 100000, day(t, "2026-03-31"), "uplift"); err == nil || !strings.Contains(err.Error(), "before the placement") {
		t.Fatalf("change before start: %v", err)
	}
	if _, err := p.ChangePrice(officer, 100000, day(t, "2026-05-01"), " "); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Fatalf("change without reason: %v", err)
	}
	if _, err := p.ChangePrice(officer, -1, day(t, "2026-05-01"), "x"); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("negative change: %v", err)
	}
	ev, err := p.ChangePrice(officer, 100000, day(t, "2026-05-01"), "annual uplift")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Fields.Get("was") != "£950.00" || ev.Fields.Get("weekly") != "£1,000.00" || ev.Fields.Get("from") != "2026-05-01" {
		t.Fatalf("change event = %+v", ev.Fields)
	}
	if p.PriceOn(day(t, "2026-04-30")) != 95000 || p.PriceOn(day(t, "2026-05-01")) != 100000 {
		t.Fatalf("prices: %v %v", p.PriceOn(day(t, "2026-04-30")), p.PriceOn(day(t, "2026-05-01")))
	}
	if _, err := p.ChangePrice(officer, 100000, day(t, "2026-04-15"), "x"); err == nil || !strings.Contains(err.Error(), "already changed") {
		t.Fatalf("change before the last: %v", err)
	}
	if _, err := p.EndOn(officer, day(t, "2026-05-01"), "moved"); err == nil || !strings.Contains(err.Error(), "price change") {
		t.Fatalf("end on a change: %v", err)
	}
	if _, err := p.EndOn(officer, day(t, "2026-03-01"), "moved"); err == nil || !strings.Contains(err.Error(), "not after the start") {
		t.Fatalf("end before start: %v", err)
	}
	if _, err := p.EndOn(officer, day(t, "2026-07-01"), ""); err == nil {
		t.Fatal("an end without reason was taken")
	}
	ev, err = p.EndOn(officer, day(t, "2026-07-01"), "planned move")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != ActionPlacementEnded || ev.Fields.Get("end") != "2026-07-01" || p.EndReason != "planned move" {
		t.Fatalf("end event = %+v, placement %+v", ev.Fields, p)
	}
	if p.Status(day(t, "2026-06-30")) != "running" || p.Status(day(t, "2026-07-01")) != "ended" || p.Status(day(t, "2026-03-31")) != "starting" {
		t.Fatal("status around the start and end is wrong")
	}
	if _, err := p.ChangePrice(officer, 100000, day(t, "2026-07-01"), "late"); err == nil || !strings.Contains(err.Error(), "on or after the end") {
		t.Fatalf("change after end: %v", err)
	}
	if got := p.Turns18(); ShowDate(got) != "2027-07-10" {
		t.Fatalf("turns 18 on %s", ShowDate(got))
	}
	leap := Placement{DOB: day(t, "2008-02-29")}
	if got := leap.Turns18(); ShowDate(got) != "2026-03-01" {
		t.Fatalf("born 29 February turns 18 on %s, want 2026-03-01", ShowDate(got))
	}
}

func TestAwardAndSpotPlacements(t *testing.T) {
	t.Parallel()
	r := Request{ID: "SEF-2026-0001", Council: "sefton", Framework: "care-support", Lot: "packages", Status: StatusOpened,
		Start: day(t, "2026-12-01"), CaseRef: "SF-9", DOB: day(t, "2010-01-02")}
	rk := Ranking{Ranked: []Scored{{Rank: 1, ProviderID: "P001", ProviderName: "Alpha", WeeklyPence: 123456}}}
	if _, _, err := AwardPlacement("PL-1", r, rk, officer, "s"); err == nil {
		t.Fatal("a placement was made before the award")
	}
	r.Status, r.AwardedTo = StatusAwarded, "P001"
	p, ev, err := AwardPlacement("PL-1", r, rk, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	if p.Weekly != 123456 || p.ProviderName != "Alpha" || !p.Start.Equal(r.Start) || p.CaseRef != "SF-9" || ev.RequestID != r.ID || p.Kind != PlacementAward {
		t.Fatalf("award placement = %+v", p)
	}
	r.Status, r.AwardedTo = StatusNoAward, ""
	if _, _, err := SpotPlacement("PL-2", r, "Beech", 90000, officer, "s"); err == nil {
		t.Fatal("a spot placement was made without a spot purchase")
	}
	r.SpotPurchase = "Beech Lodge, agreed by phone"
	p, _, err = SpotPlacement("PL-2", r, "Beech", 90000, officer, "s")
	if err != nil || p.Kind != PlacementSpot || p.ProviderID != "" || p.Weekly != 90000 {
		t.Fatalf("spot = %+v, %v", p, err)
	}
}

func TestRoundSevenths(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]Pence{0: 0, 3: 0, 4: 1, 10: 1, 11: 2, 7: 1, -4: -1, -3: 0} {
		if got := roundSevenths(n); got != want {
			t.Errorf("%d/7 rounds to %d, want %d", n, got, want)
		}
	}
}

// The spend of three placements of one council, checked to the penny by
// hand: one across the year boundary, one whose price changes part-way
// through a week, one ended.
func TestSpendToThePenny(t *testing.T) {
	t.Parallel()
	mk := func(id, start, end string, weekly Pence) Placement {
		p := Placement{ID: id, Council: "sefton", Framework: "care-support", Lot: "packages", Weekly: weekly, Start: day(t, start)}
		if end != "" {
			p.End = day(t, end)
		}
		return p
	}
	// Across the boundary: 29, 30 and 31 March 2027 in 2026/27 at £950:
	// 3 × 95000 / 7 = 40714.29.
	across := mk("A", "2027-03-29", "", 95000)
	// A change on Saturday 4 April in a placement from Wednesday 1 April,
	// ended 8 April: 3 days at £950, 4 at £1,000 = 685000 / 7 = 97857.14.
	changed := mk("B", "2026-04-01", "2026-04-08", 95000)
	changed.Changes = []PriceChange{{From: day(t, "2026-04-04"), Weekly: 100000, Reason: "uplift"}}
	// Ended: from January, ended 15 June: April 30 + May 31 + June 14 = 75
	// days at £800: 6000000 / 7 = 857142.86.
	ended := mk("C", "2026-01-10", "2026-06-15", 80000)
	other := mk("D", "2026-04-01", "", 99999)
	other.Council = "wirral"

	if got := across.CostBetween(YearStart(2026), YearEnd(2026)); got != 40714 {
		t.Errorf("across the boundary in 2026/27: %d, want 40714", got)
	}
	if got := across.CostBetween(YearStart(2027), day(t, "2027-04-08")); got != 95000 {
		t.Errorf("a week of 2027/28: %d, want 95000", got)
	}
	if got := changed.CostBetween(YearStart(2026), YearEnd(2026)); got != 97857 {
		t.Errorf("price change part-way through a week: %d, want 97857", got)
	}
	if got := ended.CostBetween(YearStart(2026), YearEnd(2026)); got != 857143 {
		t.Errorf("ended placement: %d, want 857143", got)
	}

	budget := Pence(48440000)
	all := []Placement{across, changed, ended, other}
	// Today Sunday 5 April 2026: the changed one has run 3 days at £950
	// and 2 at £1,000 (485000/7 = 69285.71); the ended one 5 days at £800
	// (400000/7 = 57142.86); the rest is forecast.
	s := SpendOf("sefton", "care-support", 2026, &budget, all, day(t, "2026-04-05"))
	// Actual: 485000 + 400000 = 885000 sevenths = 126428.57 → 126429.
	// Forecast: 200000 (B) + 70 × 80000 (C) + 3 × 95000 (A) = 6085000
	// sevenths; committed 6970000 sevenths = 995714.29 → 995714, rounded
	// once; the forecast is what it leaves: 869285.
	if s.Actual != 126429 || s.Forecast != 869285 || s.Committed != 995714 || s.Remaining != 48440000-995714 || s.Placements != 3 {
		t.Fatalf("spend = actual %d forecast %d committed %d remaining %d placements %d", s.Actual, s.Forecast, s.Committed, s.Remaining, s.Placements)
	}
	if len(s.Months) != 12 || s.Months[0].Month != "2026-04" || s.Months[11].Month != "2027-03" {
		t.Fatalf("months = %+v", s.Months)
	}
	// April: B 685000 + C 30 × 80000 = 3085000 sevenths = 440714.29.
	// May: 31 × 80000 / 7 = 354285.71. June: 14 × 80000 / 7 = 160000.
	// March: A's 40714.29.
	for m, want := range map[int]Pence{0: 440714, 1: 354286, 2: 160000, 3: 0, 11: 40714} {
		if s.Months[m].Pence != want {
			t.Errorf("%s: %d, want %d", s.Months[m].Month, s.Months[m].Pence, want)
		}
	}
	if s.Months[0].Actual != 126429 || s.Months[1].Actual != 0 {
		t.Errorf("April's actual %d, May's %d", s.Months[0].Actual, s.Months[1].Actual)
	}
	// A year wholly past is all actual; one wholly ahead all forecast.
	past := SpendOf("sefton", "care-support", 2026, nil, all, day(t, "2027-06-01"))
	if past.Actual != 995714 || past.Forecast != 0 || past.Committed != 995714 || past.HasBudget || past.Remaining != -995714 {
		t.Fatalf("past year = %+v", past)
	}
	ahead := SpendOf("sefton", "care-support", 2026, nil, all, day(t, "2026-01-01"))
	if ahead.Actual != 0 || ahead.Forecast != 995714 {
		t.Fatalf("year ahead = %+v", ahead)
	}
	// The last day of the year is actual.
	last := SpendOf("sefton", "care-support", 2026, nil, []Placement{across}, day(t, "2027-03-31"))
	if last.Actual != 40714 || last.Forecast != 0 {
		t.Fatalf("on 31 March: %+v", last)
	}
}

func TestParseYearAndBudget(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"2026": 2026, " 2026/27 ": 2026, "2026/2027": 2026} {
		if got, err := ParseYear(in); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"26", "2026/28", "next", "1800"} {
		if _, err := ParseYear(in); err == nil {
			t.Errorf("ParseYear(%q) took it", in)
		}
	}
	if FinancialYear(day(t, "2027-03-31")) != 2026 || FinancialYear(day(t, "2027-04-01")) != 2027 {
		t.Fatal("financial years turn on 1 April")
	}
	if YearWords(2026) != "2026/27" || YearWords(2099) != "2099/00" {
		t.Fatalf("YearWords: %s %s", YearWords(2026), YearWords(2099))
	}
	if _, err := SetBudget(officer, Budget{Council: "bolton", Framework: "care-support", Year: 2026, Amount: 1}); err == nil {
		t.Fatal("a budget for a council not on the framework was taken")
	}
	if _, err := SetBudget(officer, Budget{Council: "sefton", Framework: "care-support", Year: 2026, Amount: -1}); err == nil {
		t.Fatal("a negative budget was taken")
	}
	ev, err := SetBudget(officer, Budget{Council: "sefton", Framework: "care-support", Year: 2026, Amount: 48440000})
	if err != nil || ev.Fields.Get("amount") != "£484,400.00" {
		t.Fatalf("budget event %+v, %v", ev.Fields, err)
	}
}

// The trail replays placements and budgets: the stored state as the events
// left it passes; an altered price, end, personal data, or a placement the
// trail never made, is named.
func TestTrailCheckPlacements(t *testing.T) {
	t.Parallel()
	p, made, err := AddPlacement("PL-00001", legacyInput(), officer, "salt")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := p.ChangePrice(officer, 100000, day(t, "2026-05-01"), "uplift")
	if err != nil {
		t.Fatal(err)
	}
	end, err := p.EndOn(officer, day(t, "2026-09-01"), "planned move")
	if err != nil {
		t.Fatal(err)
	}
	b := Budget{Council: "sefton", Framework: "care-support", Year: 2026, Amount: 48440000}
	bev, _ := SetBudget(officer, b)
	run := func(stored Placement, budgets ...Budget) []string {
		c := NewTrailCheck()
		for i, e := range []Event{made, ch, end, bev} {
			e.Seq = int64(i + 1)
			c.Event(e)
		}
		c.Placement(stored)
		for _, b := range budgets {
			c.Budget(b)
		}
		c.End()
		d, _ := c.Differences()
		return d
	}
	if d := run(p, b); len(d) != 0 {
		t.Fatalf("a store as the trail left it differs: %q", d)
	}
	if d := run(p); len(d) != 1 || !strings.Contains(d[0], "budget") {
		t.Fatalf("a missing budget: %q", d)
	}
	for name, alter := range map[string]func(*Placement){
		"price":    func(q *Placement) { q.Weekly = 90000 },
		"change":   func(q *Placement) { q.Changes = []PriceChange{{From: day(t, "2026-05-01"), Weekly: 90000}} },
		"end":      func(q *Placement) { q.End = time.Time{} },
		"personal": func(q *Placement) { q.CaseRef = "SF-1002" },
		"provider": func(q *Placement) { q.ProviderName = "Elm" },
		"id":       func(q *Placement) { q.ID = "PL-00009" },
	} {
		q := p
		q.Changes = append([]PriceChange(nil), p.Changes...)
		alter(&q)
		if d := run(q, b); len(d) == 0 {
			t.Errorf("an altered %s was not seen", name)
		}
	}
	b2 := b
	b2.Amount++
	if d := run(p, b2); len(d) != 1 || !strings.Contains(d[0], "amount") {
		t.Fatalf("an altered budget: %q", d)
	}
}

func TestParseBudget(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Pence{"484400": 48440000, "£484,400": 48440000, "12,500,000.5": 1250000050, "1,000,000,000": MaxBudget} {
		if got, err := ParseBudget(in); err != nil || got != want {
			t.Errorf("ParseBudget(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"-5", "1,000,000,001", "12.345", "lots"} {
		if _, err := ParseBudget(in); err == nil {
			t.Errorf("ParseBudget(%q) took it", in)
		}
	}
}
