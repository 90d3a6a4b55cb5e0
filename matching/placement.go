package matching

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Placements: what a council pays for after an award, a spot purchase or a
// package agreed before the DPS. A placement runs from its start date to
// its end (the first day it no longer runs), at a weekly price that may
// change from a date. It is the council's record: the case reference and
// the date of birth never reach a provider.

// PlacementKind is how a placement came about.
type PlacementKind string

// The kinds of placement.
const (
	PlacementAward  PlacementKind = "award"  // made by the award of a mini-competition
	PlacementLegacy PlacementKind = "legacy" // a package agreed before the DPS
	PlacementSpot   PlacementKind = "spot"   // bought outside the DPS after no award
)

// ParsePlacementKind reads a kind as a command gives it; only legacy and
// spot can be added by hand (an award makes its own).
func ParsePlacementKind(s string) (PlacementKind, error) {
	switch k := PlacementKind(strings.ToLower(strings.TrimSpace(s))); k {
	case PlacementLegacy, PlacementSpot:
		return k, nil
	case PlacementAward:
		return "", Invalidf("a placement of kind award is made by the award of its request (request award): add legacy or spot here")
	}
	return "", Invalidf("%q is not a kind of placement: use legacy (agreed before the DPS) or spot (bought after a no award)", clip(s, 20))
}

// PriceChange is a new weekly price from a date, with its reason.
type PriceChange struct {
	From   time.Time `json:"from"`
	Weekly Pence     `json:"weekly_price_pence"`
	Reason string    `json:"reason"`
}

// Placement is one young person's placement with a provider.
type Placement struct {
	ID        string
	Council   string
	Framework string
	Lot       string
	// ProviderID is empty for a provider not on the register (a legacy
	// package or a spot purchase may be with one).
	ProviderID   string
	ProviderName string
	Kind         PlacementKind
	// Weekly is the price it started at; Changes are the prices from later
	// dates, in date order.
	Weekly  Pence
	Changes []PriceChange
	Start   time.Time
	// End is the first day it no longer runs (zero while open-ended);
	// EndReason why it ended.
	End       time.Time
	EndReason string
	// RequestID is the request an award or a spot purchase came from.
	RequestID string
	// Personal data, council side only.
	CaseRef string
	DOB     time.Time
	Note    string

	CreatedAt time.Time
	CreatedBy string
}

// PriceOn is the weekly price on a day (a price change applies from its
// date).
func (p Placement) PriceOn(day time.Time) Pence {
	price := p.Weekly
	for _, c := range p.Changes {
		if !c.From.After(day) {
			price = c.Weekly
		}
	}
	return price
}

// Status is where the placement stands on the day today: starting (not yet
// begun), running, or ended.
func (p Placement) Status(today time.Time) string {
	switch {
	case !p.End.IsZero() && !today.Before(p.End):
		return "ended"
	case today.Before(p.Start):
		return "starting"
	}
	return "running"
}

// Active reports whether the placement has not ended by the day today.
func (p Placement) Active(today time.Time) bool { return p.Status(today) != "ended" }

// Turns18 is the young person's 18th birthday, zero when the date of birth
// is not known.
func (p Placement) Turns18() time.Time {
	if p.DOB.IsZero() {
		return time.Time{}
	}
	return adultOn(p.DOB)
}

// adultOn is the day someone born on dob turns 18 (29 February reaches it
// on 1 March, as AgeOn counts).
func adultOn(dob time.Time) time.Time {
	d := time.Date(dob.Year()+18, dob.Month(), dob.Day(), 0, 0, 0, 0, time.UTC)
	if d.Day() != dob.Day() {
		d = time.Date(dob.Year()+18, dob.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// The actions of a placement's life, and of a council's budget.
const (
	ActionPlacementMade    = "placement made"
	ActionPlacementPriced  = "placement price changed"
	ActionPlacementEnded   = "placement ended"
	ActionBudgetSet        = "council budget set"
	maxPlacementName       = MaxShort
	maxPlacementNote       = MaxReason
	placementPersonalField = FieldPersonal
)

// placementPersonal are a placement's personal data as committed to.
func placementPersonal(p Placement) Fields {
	return Fields{{"case", p.CaseRef}, {"dob", ShowDate(p.DOB)}}
}

// placementPairs are what a placement's made event records of it.
func placementPairs(p Placement) []string {
	return []string{"placement", p.ID, "kind", string(p.Kind), "council", p.Council, "framework", p.Framework, "lot", p.Lot,
		"provider", p.ProviderID, "provider name", p.ProviderName, "weekly", p.Weekly.String(), "start", ShowDate(p.Start),
		"end", ShowDate(p.End), "end reason", p.EndReason, "request", p.RequestID, "note", p.Note}
}

// PlacementInput is a placement made outside a mini-competition, as an
// officer gives it (legacy or spot).
type PlacementInput struct {
	Council, Lot, Kind         string
	ProviderID, ProviderName   string
	Weekly, Start, End         string
	CaseRef, DOB, Note, Reason string // Reason: why it ended, when End is given
	// Purchaser is the health body the placement is for, when Council is
	// not a council of the region but a purchaser's slug (the service
	// finds it).
	Purchaser *Purchaser
}

// checkPrice refuses a price no placement can have.
func checkPrice(p Pence) error {
	switch {
	case p < 0:
		return Invalidf("a weekly price cannot be negative: give the price in pounds, like 950 or 1,200.50")
	case p == 0:
		return Invalidf("a weekly price of £0 is not a placement: give the price in pounds, like 950 or 1,200.50")
	case p > MaxPence:
		return Invalidf("%s a week is too large: weekly prices are at most £10,000,000", p)
	}
	return nil
}

// checkPlacement checks a placement as made: where it is, who with, its
// price and dates, and the personal data it carries.
func checkPlacement(p Placement, pu ...*Purchaser) error {
	fw, lot, ok := FindLot(p.Lot)
	if !ok {
		return Invalidf("lot %q is not known: use one of %s", clip(p.Lot, 30), strings.Join(LotCodes(), ", "))
	}
	if len(pu) > 0 && pu[0] != nil && pu[0].Slug == p.Council {
		if !pu[0].BuysOn(fw.Code) {
			return Invalidf("%s is not a purchaser on %s, so it has no placements on %s", p.Council, fw.Code, lot.Code)
		}
	} else if _, ok := CouncilBySlug(p.Council); !ok {
		return NotFoundf("council %q is not known: use one of %s", clip(p.Council, 40), strings.Join(allSlugs(), ", "))
	} else if !fw.Member(p.Council) {
		return Invalidf("%s is not a member of %s, so it has no placements on %s", p.Council, fw.Code, lot.Code)
	}
	if strings.TrimSpace(p.ProviderName) == "" {
		return Invalidf("the provider's name is required (--provider-name): say who the placement is with")
	}
	if err := CheckText("note", p.Note, maxPlacementNote); err != nil {
		return err
	}
	if err := checkPrice(p.Weekly); err != nil {
		return err
	}
	if p.Start.IsZero() {
		return Invalidf("the start date is required (--start YYYY-MM-DD)")
	}
	if !p.End.IsZero() && !p.End.After(p.Start) {
		return Invalidf("the end date %s is not after the start %s: the end is the first day the placement no longer runs", ShowDate(p.End), ShowDate(p.Start))
	}
	if !p.DOB.IsZero() && !p.DOB.Before(p.Start) {
		return Invalidf("the date of birth %s is not before the start %s: check both dates", ShowDate(p.DOB), ShowDate(p.Start))
	}
	return nil
}

// checkTypedName checks a provider's name as an officer types it. A name
// from the register (an award's) is taken as the register holds it: the
// screens and commands show every stored text inert.
func checkTypedName(name string) error {
	return CheckText("provider name", name, maxPlacementName)
}

// checkTypedCase checks a case reference as an officer types it (an
// award's or a spot purchase's comes from its request, checked there).
func checkTypedCase(ref string) error {
	if strings.TrimSpace(ref) == "" {
		return Invalidf("the case reference is required (--case): the placement is the council's record of the young person")
	}
	if len(ref) > MaxCaseRef || !printable(ref) {
		return Invalidf("the case reference must be up to %d printable characters", MaxCaseRef)
	}
	return nil
}

// AddPlacement makes a legacy or spot placement from an officer's input,
// with the id given. Its event records where, who with, the price and the
// dates, and commits to the personal data under salt.
func AddPlacement(id string, in PlacementInput, act Act, salt string) (Placement, Event, error) {
	kind, err := ParsePlacementKind(in.Kind)
	if err != nil {
		return Placement{}, Event{}, err
	}
	p := Placement{ID: id, Council: strings.TrimSpace(in.Council), Lot: strings.TrimSpace(in.Lot), Kind: kind,
		ProviderID: strings.TrimSpace(in.ProviderID), ProviderName: strings.TrimSpace(in.ProviderName),
		CaseRef: strings.TrimSpace(in.CaseRef), Note: strings.TrimSpace(in.Note), CreatedAt: act.At, CreatedBy: act.Actor}
	if fw, _, ok := FindLot(p.Lot); ok {
		p.Framework = fw.Code
	}
	if p.Weekly, err = ParseMoney(in.Weekly); err != nil {
		return Placement{}, Event{}, err
	}
	if strings.TrimSpace(in.Start) == "" {
		return Placement{}, Event{}, Invalidf("the start date is required (--start YYYY-MM-DD)")
	}
	if p.Start, err = ParseDate(in.Start); err != nil {
		return Placement{}, Event{}, err
	}
	if strings.TrimSpace(in.End) != "" {
		if p.End, err = ParseDate(in.End); err != nil {
			return Placement{}, Event{}, err
		}
		p.EndReason = strings.TrimSpace(in.Reason)
		if p.EndReason == "" {
			p.EndReason = PlacementEndedBeforeWords
		}
		if err := CheckText("reason", p.EndReason, MaxReason); err != nil {
			return Placement{}, Event{}, err
		}
	}
	if strings.TrimSpace(in.DOB) != "" {
		if p.DOB, err = ParseDate(in.DOB); err != nil {
			return Placement{}, Event{}, err
		}
	}
	if err := checkTypedName(p.ProviderName); err != nil {
		return Placement{}, Event{}, err
	}
	if err := checkTypedCase(p.CaseRef); err != nil {
		return Placement{}, Event{}, err
	}
	if err := checkPlacement(p, in.Purchaser); err != nil {
		return Placement{}, Event{}, err
	}
	return p, placementMade(act, "", p, salt), nil
}

// placementMade is the event of a placement made.
func placementMade(act Act, requestID string, p Placement, salt string) Event {
	ev := act.event(requestID, ActionPlacementMade, placementPairs(p)...)
	ev.commit(placementPersonalField, salt, placementPersonal(p))
	return ev
}

// AwardPlacement is the placement an award makes, in the same transaction
// as the award: with the awarded provider, from the request's start date,
// at the awarded offer's weekly price (offers are held as weekly prices,
// so nothing is converted), carrying the request's case reference and date
// of birth. r must be awarded already (see Request.Award).
func AwardPlacement(id string, r Request, rk Ranking, act Act, salt string) (Placement, Event, error) {
	if r.Status != StatusAwarded || r.AwardedTo == "" {
		return Placement{}, Event{}, Conflictf("request %s is %s: only an award makes a placement", r.ID, r.Status)
	}
	var won *Scored
	for i := range rk.Ranked {
		if rk.Ranked[i].ProviderID == r.AwardedTo {
			won = &rk.Ranked[i]
		}
	}
	if won == nil {
		return Placement{}, Event{}, Conflictf("%s is not ranked on request %s, so no price is known for its placement", r.AwardedTo, r.ID)
	}
	p := Placement{ID: id, Council: r.Council, Framework: r.Framework, Lot: r.Lot, ProviderID: won.ProviderID,
		ProviderName: won.ProviderName, Kind: PlacementAward, Weekly: won.WeeklyPence, Start: r.Start, RequestID: r.ID,
		CaseRef: r.CaseRef, DOB: r.DOB, CreatedAt: act.At, CreatedBy: act.Actor}
	if p.ProviderName == "" {
		p.ProviderName = p.ProviderID
	}
	if err := checkPlacement(p); err != nil {
		return Placement{}, Event{}, err
	}
	return p, placementMade(act, r.ID, p, salt), nil
}

// SpotPlacement is the placement a spot purchase after a no award makes,
// in the same transaction: with the provider named (off the register, so
// no id), from the request's start date, at the weekly price given. r must
// have ended without award, with the spot purchase recorded.
func SpotPlacement(id string, r Request, providerName string, weekly Pence, act Act, salt string) (Placement, Event, error) {
	if r.Status != StatusNoAward || r.SpotPurchase == "" {
		return Placement{}, Event{}, Conflictf("request %s has no spot purchase recorded: a spot placement follows a no award with --spot-purchase", r.ID)
	}
	p := Placement{ID: id, Council: r.Council, Framework: r.Framework, Lot: r.Lot, ProviderName: strings.TrimSpace(providerName),
		Kind: PlacementSpot, Weekly: weekly, Start: r.Start, RequestID: r.ID, CaseRef: r.CaseRef, DOB: r.DOB,
		Note: r.SpotPurchase, CreatedAt: act.At, CreatedBy: act.Actor}
	if err := checkTypedName(p.ProviderName); err != nil {
		return Placement{}, Event{}, err
	}
	if err := checkPlacement(p); err != nil {
		return Placement{}, Event{}, err
	}
	return p, placementMade(act, r.ID, p, salt), nil
}

// ChangePrice sets a new weekly price from a date, with a reason: the date
// within the placement (on or after its start, before its end), and not
// before a change already made (a later date replaces nothing: each change
// runs until the next). A change on the same date as the last replaces it.
func (p *Placement) ChangePrice(act Act, weekly Pence, from time.Time, reason string) (Event, error) {
	reason, err := CheckReason("change a placement's price", reason)
	if err != nil {
		return Event{}, err
	}
	if err := checkPrice(weekly); err != nil {
		return Event{}, err
	}
	if from.IsZero() {
		return Event{}, Invalidf("the date the new price runs from is required (--from YYYY-MM-DD)")
	}
	if from.Before(p.Start) {
		return Event{}, Invalidf("%s is before the placement %s started (%s): a new price runs from a day the placement runs", ShowDate(from), p.ID, ShowDate(p.Start))
	}
	if !p.End.IsZero() && !from.Before(p.End) {
		return Event{}, Invalidf("%s is on or after the end of placement %s (%s, the first day it no longer runs): a new price runs from a day the placement runs", ShowDate(from), p.ID, ShowDate(p.End))
	}
	if n := len(p.Changes); n > 0 && from.Before(p.Changes[n-1].From) {
		return Event{}, Invalidf("the price of placement %s already changed from %s: a new change runs from that date or later", p.ID, ShowDate(p.Changes[n-1].From))
	}
	was := p.PriceOn(from)
	if n := len(p.Changes); n > 0 && p.Changes[n-1].From.Equal(from) {
		p.Changes = p.Changes[:n-1]
	}
	p.Changes = append(p.Changes, PriceChange{From: from, Weekly: weekly, Reason: reason})
	return act.event(p.RequestID, ActionPlacementPriced, "placement", p.ID, "from", ShowDate(from), "weekly", weekly.String(),
		"was", was.String(), "reason", reason), nil
}

// EndOn ends the placement on a date (the first day it no longer runs),
// with a reason (a planned move, an 18th birthday, a breakdown, ...). An
// ended placement's end may be corrected by ending it again; it may not be
// on or before its start, nor before a price change.
func (p *Placement) EndOn(act Act, end time.Time, reason string) (Event, error) {
	reason, err := CheckReason("end a placement", reason)
	if err != nil {
		return Event{}, err
	}
	if end.IsZero() {
		return Event{}, Invalidf("the end date is required (--date YYYY-MM-DD, the first day the placement no longer runs)")
	}
	if !end.After(p.Start) {
		return Event{}, Invalidf("%s is not after the start of placement %s (%s): the end is the first day it no longer runs, so it comes after the start", ShowDate(end), p.ID, ShowDate(p.Start))
	}
	if n := len(p.Changes); n > 0 && !end.After(p.Changes[n-1].From) {
		return Event{}, Invalidf("%s is not after the price change of placement %s from %s: end it after that date, or the change would never run", ShowDate(end), p.ID, ShowDate(p.Changes[n-1].From))
	}
	was := ShowDate(p.End)
	p.End, p.EndReason = end, reason
	return act.event(p.RequestID, ActionPlacementEnded, "placement", p.ID, "end", ShowDate(end), "reason", reason, "end was", was), nil
}

// Budget is a council's budget for a framework's placements in a
// financial year (from 1 April of Year to 31 March of the next).
type Budget struct {
	Council   string `json:"council"`
	Framework string `json:"framework"`
	Year      int    `json:"year"`
	Amount    Pence  `json:"amount_pence"`
}

// ParseYear reads a financial year as its first calendar year: 2026 is
// 2026/27. "2026/27" is read too.
func ParseYear(s string) (int, error) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, "/"); ok {
		y, err := strconv.Atoi(a)
		if err == nil && (b == strconv.Itoa(y+1) || len(b) == 2 && b == strconv.Itoa(y + 1)[2:]) {
			t = a
		}
	}
	y, err := strconv.Atoi(t)
	if err != nil || y < 2000 || y > 2100 {
		return 0, Invalidf("%q is not a financial year: give the year it starts, like 2026 for 1 April 2026 to 31 March 2027", clip(s, 20))
	}
	return y, nil
}

// FinancialYear is the financial year a day falls in (April to March).
func FinancialYear(day time.Time) int {
	if day.Month() < time.April {
		return day.Year() - 1
	}
	return day.Year()
}

// SetBudget records a council's budget for a framework and year, checked:
// the council a member of the framework (or a purchaser on it), the amount
// not negative.
func SetBudget(act Act, b Budget, pu ...*Purchaser) (Event, error) {
	fw, ok := FrameworkByCode(b.Framework)
	if !ok {
		var codes []string
		for _, f := range Frameworks() {
			codes = append(codes, f.Code)
		}
		return Event{}, Invalidf("framework %q is not known: use one of %s", clip(b.Framework, 30), strings.Join(codes, ", "))
	}
	if len(pu) > 0 && pu[0] != nil && pu[0].Slug == b.Council {
		if !pu[0].BuysOn(fw.Code) {
			return Event{}, Invalidf("%s is not a purchaser on %s, so it has no budget on it", b.Council, fw.Code)
		}
	} else if _, ok := CouncilBySlug(b.Council); !ok {
		return Event{}, NotFoundf("council %q is not known: use one of %s", clip(b.Council, 40), strings.Join(allSlugs(), ", "))
	} else if !fw.Member(b.Council) {
		return Event{}, Invalidf("%s is not a member of %s, so it has no budget on it", b.Council, fw.Code)
	}
	if b.Amount < 0 {
		return Event{}, Invalidf("a budget cannot be negative: give it in pounds, like 484,400")
	}
	if b.Amount > MaxBudget {
		return Event{}, Invalidf("a budget is at most £1,000,000,000")
	}
	if b.Year < 2000 || b.Year > 2100 {
		return Event{}, Invalidf("%d is not a financial year: give the year it starts, like 2026", b.Year)
	}
	return act.event("", ActionBudgetSet, "council", b.Council, "framework", b.Framework, "year", strconv.Itoa(b.Year),
		"amount", b.Amount.String()), nil
}

// SortPlacements orders placements as lists show them: by council, then
// start date, then id.
func SortPlacements(ps []Placement) {
	slices.SortStableFunc(ps, func(a, b Placement) int {
		if c := strings.Compare(a.Council, b.Council); c != 0 {
			return c
		}
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// MaxBudget bounds a budget at £1,000,000,000: a council's year, not a
// week, so far above MaxPence.
const MaxBudget Pence = 100_000_000_000

// ParseBudget reads a budget in pounds as people type them (484400,
// £484,400, 484,400.50), up to MaxBudget.
func ParseBudget(s string) (Pence, error) {
	t := strings.TrimSpace(s)
	var m []string
	if len(t) <= 24 {
		m = moneyRe.FindStringSubmatch(t)
	}
	if m == nil {
		return 0, Invalidf("%q is not an amount of money: write pounds like 484400, 484,400 or £484,400.00", clip(s, 30))
	}
	pounds, err := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
	if err != nil || pounds > int64(MaxBudget/100) {
		return 0, Invalidf("%q is too large: a budget is at most £1,000,000,000", clip(s, 30))
	}
	pence := int64(0)
	if m[2] != "" {
		pence, _ = strconv.ParseInt((m[2] + "0")[:2], 10, 64)
	}
	return Pence(pounds*100 + pence), nil
}
