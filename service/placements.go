package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"placematch/matching"
)

// Placements: what an award, a spot purchase or a legacy package costs a
// council week by week, and the council's budget against it. Placements
// are council side: the case reference and the date of birth they carry are
// never shown to a provider (nothing provider-facing reads them).

// PlacementTx is the placements part of a transaction.
type PlacementTx interface {
	// NextPlacementID takes the id of a new placement of the council,
	// never given before.
	NextPlacementID(council string) (string, error)
	InsertPlacement(p matching.Placement) error
	// UpdatePlacement writes a placement's end and price changes.
	UpdatePlacement(p matching.Placement) error
	Placement(id string) (matching.Placement, error)
	// Placements are those the filter selects (Active is not applied by
	// the store), with their price changes, by council, start and id.
	Placements(f PlacementFilter) ([]matching.Placement, error)
	// EachPlacement gives every placement, to be checked against the trail.
	EachPlacement(fn func(matching.Placement) error) error
	SetBudget(b matching.Budget) error
	// Budgets are a council's budgets (every council's for ""), by
	// council, framework and year.
	Budgets(council string) ([]matching.Budget, error)
}

// PlacementFilter narrows the placements; empty fields match everything.
type PlacementFilter struct {
	Council   string
	Framework string
	Provider  string
	// Active keeps those not ended by today.
	Active bool
	// DueFrom and DueUntil, when set, keep (at least) the placements that
	// end on a day from DueFrom up to DueUntil, or whose young person
	// turns 18 on one (the store may keep a day more either side: the
	// caller checks).
	DueFrom, DueUntil time.Time
}

// PlacementRow is one line of the placements list, as placements list
// --json gives it; Placement holds the whole record for the council's own
// screens.
type PlacementRow struct {
	ID           string                 `json:"id"`
	Council      string                 `json:"council"`
	Lot          string                 `json:"lot"`
	ProviderID   string                 `json:"provider_id"`
	ProviderName string                 `json:"provider_name"`
	Kind         matching.PlacementKind `json:"kind"`
	// Weekly is the price today (the start price before it starts, the
	// last price after it ends).
	Weekly    matching.Pence     `json:"weekly_price_pence"`
	Start     string             `json:"start"`
	End       string             `json:"end"`
	Status    string             `json:"status"`
	Placement matching.Placement `json:"-"`
}

func (s *Service) today() time.Time { return matching.Today(s.now()) }

// rowOf is a placement as a list shows it on the day today.
func rowOf(p matching.Placement, today time.Time) PlacementRow {
	on := today
	if on.Before(p.Start) {
		on = p.Start
	}
	if !p.End.IsZero() && !on.Before(p.End) {
		on = p.End.AddDate(0, 0, -1)
	}
	return PlacementRow{ID: p.ID, Council: p.Council, Lot: p.Lot, ProviderID: p.ProviderID, ProviderName: p.ProviderName,
		Kind: p.Kind, Weekly: p.PriceOn(on), Start: matching.ShowDate(p.Start), End: matching.ShowDate(p.End),
		Status: p.Status(today), Placement: p}
}

// Placements lists placements, as of today.
func (s *Service) Placements(ctx context.Context, f PlacementFilter) ([]PlacementRow, error) {
	var err error
	if f.Council, err = s.CheckBuyer(ctx, f.Council); err != nil {
		return nil, err
	}
	if f.Council, err = ownCouncilOf(ctx, OpPlacementRead, f.Council); err != nil {
		return nil, err
	}
	f.Provider = strings.TrimSpace(f.Provider)
	today := s.today()
	out := []PlacementRow{}
	err = s.store.View(ctx, func(tx Tx) error {
		ps, err := tx.Placements(f)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if f.Active && !p.Active(today) {
				continue
			}
			out = append(out, rowOf(p, today))
		}
		return nil
	})
	return out, err
}

// Placement is one placement, whole (council side).
func (s *Service) Placement(ctx context.Context, id string) (matching.Placement, error) {
	var p matching.Placement
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		p, err = tx.Placement(strings.TrimSpace(id))
		return err
	})
	if err == nil && !Allowed(ctx, OpPlacementRead, Target{Council: p.Council}) {
		return matching.Placement{}, placementNotFound(id)
	}
	return p, err
}

// placementNotFound is what a person is told of a placement they may not
// see: what they would be told of one that does not exist.
func placementNotFound(id string) error {
	id = strings.TrimSpace(id)
	if len(id) > 40 {
		id = id[:40]
	}
	return matching.NotFoundf("placement %q does not exist: check the id (like PL-SEF-0001); placematch placements list shows them", id)
}

// AddPlacement records a legacy package or a spot purchase made outside a
// mini-competition. A provider id, when given, must be on the register (on
// the lot's framework); its name is then taken from there if none is given.
func (s *Service) AddPlacement(ctx context.Context, actor string, in matching.PlacementInput) (matching.Placement, error) {
	act := s.act(actor)
	var p matching.Placement
	err := s.store.Update(ctx, func(tx Tx) error {
		council, err := buyerIn(tx, in.Council)
		if err != nil {
			return err
		}
		if council == "" {
			return matching.Invalidf("the council is required (--council SLUG)")
		}
		in.Council = council
		if err := allow(ctx, OpPlacementChange, Target{Council: council}); err != nil {
			return err
		}
		if in.Purchaser, err = purchaser(tx, council); err != nil {
			return err
		}
		if id := strings.TrimSpace(in.ProviderID); id != "" {
			fw, _, ok := matching.FindLot(strings.TrimSpace(in.Lot))
			rows, err := tx.ProviderLots(ProviderFilter{ProviderID: id, Framework: fw.Code})
			if err != nil {
				return err
			}
			if !ok || len(rows) == 0 {
				return matching.NotFoundf("provider %q is not on the register of this lot's framework: leave --provider out for a provider off the register, and give its name with --provider-name", id)
			}
			if strings.TrimSpace(in.ProviderName) == "" {
				in.ProviderName = rows[0].ProviderName
			}
		}
		id, err := tx.NextPlacementID(council)
		if err != nil {
			return err
		}
		var ev matching.Event
		if p, ev, err = matching.AddPlacement(id, in, act, s.salt()); err != nil {
			return err
		}
		if err := tx.InsertPlacement(p); err != nil {
			return err
		}
		return appendEvents(tx, []matching.Event{ev})
	})
	return p, err
}

// changePlacement loads a placement, applies a change and writes it with
// its event, all or nothing.
func (s *Service) changePlacement(ctx context.Context, actor, id string, apply func(p *matching.Placement, act matching.Act) (matching.Event, error)) (matching.Placement, error) {
	act := s.act(actor)
	var p matching.Placement
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.Placement(strings.TrimSpace(id)); err != nil {
			return err
		}
		if !Allowed(ctx, OpPlacementRead, Target{Council: p.Council}) {
			return placementNotFound(id)
		}
		if err := allow(ctx, OpPlacementChange, Target{Council: p.Council}); err != nil {
			return err
		}
		ev, err := apply(&p, act)
		if err != nil {
			return err
		}
		if err := tx.UpdatePlacement(p); err != nil {
			return err
		}
		return appendEvents(tx, []matching.Event{ev})
	})
	return p, err
}

// ChangePlacementPrice sets a placement's new weekly price (pounds as
// people type them) from a date (YYYY-MM-DD), with a reason.
func (s *Service) ChangePlacementPrice(ctx context.Context, actor, id, weekly, from, reason string) (matching.Placement, error) {
	price, err := matching.ParseMoney(weekly)
	if err != nil {
		return matching.Placement{}, err
	}
	if strings.TrimSpace(from) == "" {
		return matching.Placement{}, matching.Invalidf("the date the new price runs from is required (--from YYYY-MM-DD)")
	}
	day, err := matching.ParseDate(from)
	if err != nil {
		return matching.Placement{}, err
	}
	return s.changePlacement(ctx, actor, id, func(p *matching.Placement, act matching.Act) (matching.Event, error) {
		return p.ChangePrice(act, price, day, reason)
	})
}

// EndPlacement ends a placement on a date (the first day it no longer
// runs), with a reason.
func (s *Service) EndPlacement(ctx context.Context, actor, id, date, reason string) (matching.Placement, error) {
	if strings.TrimSpace(date) == "" {
		return matching.Placement{}, matching.Invalidf("the end date is required (--date YYYY-MM-DD, the first day the placement no longer runs)")
	}
	day, err := matching.ParseDate(date)
	if err != nil {
		return matching.Placement{}, err
	}
	return s.changePlacement(ctx, actor, id, func(p *matching.Placement, act matching.Act) (matching.Event, error) {
		return p.EndOn(act, day, reason)
	})
}

// SetBudget records a council's budget (pounds) for a framework in a
// financial year (its first calendar year, 2026 for 2026/27).
func (s *Service) SetBudget(ctx context.Context, actor, council, framework, year, amount string) (matching.Budget, error) {
	slug, err := s.CheckBuyer(ctx, council)
	if err != nil {
		return matching.Budget{}, err
	}
	if slug == "" {
		return matching.Budget{}, matching.Invalidf("the council is required: placematch council budget SLUG --framework F --year YYYY --amount POUNDS")
	}
	if err := allow(ctx, OpCouncilSet, Target{Council: slug}); err != nil {
		return matching.Budget{}, err
	}
	b := matching.Budget{Council: slug, Framework: strings.TrimSpace(framework)}
	if b.Year, err = matching.ParseYear(year); err != nil {
		return matching.Budget{}, err
	}
	if b.Amount, err = matching.ParseBudget(amount); err != nil {
		return matching.Budget{}, err
	}
	act := s.act(actor)
	err = s.store.Update(ctx, func(tx Tx) error {
		pu, err := purchaser(tx, b.Council)
		if err != nil {
			return err
		}
		ev, err := matching.SetBudget(act, b, pu)
		if err != nil {
			return err
		}
		if err := tx.SetBudget(b); err != nil {
			return err
		}
		return appendEvents(tx, []matching.Event{ev})
	})
	return b, err
}

// Budgets are a council's budgets (every council's for "").
func (s *Service) Budgets(ctx context.Context, council string) ([]matching.Budget, error) {
	slug, err := s.CheckBuyer(ctx, council)
	if err != nil {
		return nil, err
	}
	if slug, err = ownCouncilOf(ctx, OpCouncilRead, slug); err != nil {
		return nil, err
	}
	var out []matching.Budget
	err = s.store.View(ctx, func(tx Tx) error {
		out, err = tx.Budgets(slug)
		return err
	})
	return out, err
}

// SpendFilter chooses whose spend, in which financial year (0: this one).
type SpendFilter struct {
	Council   string
	Framework string
	Year      int
}

// Spend is each council's spend on each framework in a financial year
// against its budget, as of today: for the council and framework given,
// always; otherwise for each pair with a budget that year or a placement
// running in it. Ordered by council, then framework.
func (s *Service) Spend(ctx context.Context, f SpendFilter) ([]matching.Spend, error) {
	var err error
	if f.Council, err = s.CheckBuyer(ctx, f.Council); err != nil {
		return nil, err
	}
	if f.Council, err = ownCouncilOf(ctx, OpSpendRead, f.Council); err != nil {
		return nil, err
	}
	f.Framework = strings.TrimSpace(f.Framework)
	if p, ok := PersonFrom(ctx); ok && p.Role == matching.RoleCommissioner {
		// A commissioner reads the spend on their own framework only.
		if f.Framework == "" {
			f.Framework = p.Scope
		} else if f.Framework != p.Scope {
			return nil, outOfScope(p, OpSpendRead, Target{Framework: f.Framework})
		}
	}
	if f.Framework != "" {
		if _, ok := matching.FrameworkByCode(f.Framework); !ok {
			var codes []string
			for _, fw := range matching.Frameworks() {
				codes = append(codes, fw.Code)
			}
			return nil, matching.Invalidf("framework %q is not known: use one of %s", f.Framework, strings.Join(codes, ", "))
		}
	}
	today := s.today()
	if f.Year == 0 {
		f.Year = matching.FinancialYear(today)
	}
	var ps []matching.Placement
	var budgets []matching.Budget
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		if ps, err = tx.Placements(PlacementFilter{Council: f.Council, Framework: f.Framework}); err != nil {
			return err
		}
		budgets, err = tx.Budgets(f.Council)
		return err
	})
	if err != nil {
		return nil, err
	}
	type pair struct{ council, framework string }
	byPair := map[pair][]matching.Placement{}
	amount := map[pair]*matching.Pence{}
	start, end := matching.YearStart(f.Year), matching.YearEnd(f.Year)
	for _, p := range ps {
		if p.Start.Before(end) && (p.End.IsZero() || p.End.After(start)) {
			k := pair{p.Council, p.Framework}
			byPair[k] = append(byPair[k], p)
		}
	}
	for _, b := range budgets {
		if b.Year == f.Year && (f.Framework == "" || b.Framework == f.Framework) {
			a := b.Amount
			k := pair{b.Council, b.Framework}
			amount[k] = &a
			if _, ok := byPair[k]; !ok {
				byPair[k] = nil
			}
		}
	}
	if f.Council != "" && f.Framework != "" {
		if _, ok := byPair[pair{f.Council, f.Framework}]; !ok {
			byPair[pair{f.Council, f.Framework}] = nil
		}
	}
	keys := make([]pair, 0, len(byPair))
	for k := range byPair {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b pair) int {
		if c := strings.Compare(a.council, b.council); c != 0 {
			return c
		}
		return strings.Compare(a.framework, b.framework)
	})
	out := make([]matching.Spend, 0, len(keys))
	for _, k := range keys {
		out = append(out, matching.SpendOf(k.council, k.framework, f.Year, amount[k], byPair[k], today))
	}
	return out, nil
}

// PlacementDue is a placement that needs the council's attention: it ends
// within the window, or its young person turns 18 within it while it runs.
type PlacementDue struct {
	Placement matching.Placement
	// Why is matching.PlacementAttentionEnding or PlacementAttentionAdult;
	// On is the end date or the 18th birthday.
	Why string
	On  time.Time
}

// PlacementsDueWindow is how far ahead PlacementsDue looks: 8 weeks.
const PlacementsDueWindow = 8 * 7

// PlacementsDue lists the placements of a council (every council's for
// "") ending within 8 weeks of today, and those whose young person turns 18
// within 8 weeks while the placement runs, soonest first. The attention
// screen calls it.
func (s *Service) PlacementsDue(ctx context.Context, council string) ([]PlacementDue, error) {
	slug, err := s.CheckBuyer(ctx, council)
	if err != nil {
		return nil, err
	}
	if slug, err = ownCouncilOf(ctx, OpPlacementRead, slug); err != nil {
		return nil, err
	}
	var out []PlacementDue
	err = s.store.View(ctx, func(tx Tx) error {
		out, err = placementsDueIn(tx, slug, s.today())
		return err
	})
	return out, err
}

// placementsDueIn is PlacementsDue in tx: the store reads only the
// placements whose end or 18th birthday falls in the window.
func placementsDueIn(tx Tx, council string, today time.Time) ([]PlacementDue, error) {
	until := today.AddDate(0, 0, PlacementsDueWindow)
	ps, err := tx.Placements(PlacementFilter{Council: council, DueFrom: today, DueUntil: until})
	if err != nil {
		return nil, err
	}
	return placementsDue(ps, today, until), nil
}

func placementsDue(ps []matching.Placement, today, until time.Time) []PlacementDue {
	out := []PlacementDue{}
	for _, p := range ps {
		if !p.Active(today) {
			continue
		}
		if !p.End.IsZero() && p.End.Before(until) {
			out = append(out, PlacementDue{Placement: p, Why: matching.PlacementAttentionEnding, On: p.End})
		}
		if adult := p.Turns18(); !adult.IsZero() && !adult.Before(today) && adult.Before(until) && (p.End.IsZero() || adult.Before(p.End)) {
			out = append(out, PlacementDue{Placement: p, Why: matching.PlacementAttentionAdult, On: adult})
		}
	}
	slices.SortStableFunc(out, func(a, b PlacementDue) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return strings.Compare(a.Placement.ID, b.Placement.ID)
	})
	return out
}

// makePlacement takes a new placement id of the council, makes the
// placement with it and writes it; the caller appends its event (returned)
// with the change that made it.
func (s *Service) makePlacement(tx Tx, make func(id string) (matching.Placement, matching.Event, error), council string) (matching.Event, error) {
	id, err := tx.NextPlacementID(council)
	if err != nil {
		return matching.Event{}, err
	}
	p, ev, err := make(id)
	if err != nil {
		return matching.Event{}, err
	}
	return ev, tx.InsertPlacement(p)
}

// SpotPlacement is the placement a spot purchase after a no award makes:
// the provider's name (off the register) and the weekly price in pounds.
// Both or neither: without them the spot purchase is recorded as text only,
// as before placements were kept (no placement is made).
type SpotPlacement struct {
	ProviderName string
	Weekly       string
}

// check reads the spot placement given with the spot purchase's text.
func (sp *SpotPlacement) check(spot string) (matching.Pence, error) {
	sp.ProviderName, sp.Weekly = strings.TrimSpace(sp.ProviderName), strings.TrimSpace(sp.Weekly)
	if sp.ProviderName == "" && sp.Weekly == "" {
		return 0, nil
	}
	if strings.TrimSpace(spot) == "" {
		return 0, matching.Invalidf("a spot placement's provider and price come with the spot purchase: give --spot-purchase TEXT too")
	}
	if sp.ProviderName == "" || sp.Weekly == "" {
		return 0, matching.Invalidf("a spot purchase's placement needs both the provider's name (--provider-name) and the weekly price (--weekly); give both, or neither to record the spot purchase without a placement")
	}
	return matching.ParseMoney(sp.Weekly)
}

// verifyPlacements holds every stored placement and budget against the
// trail (see Service.VerifyAuditWith).
func verifyPlacements(tx Tx, check *matching.TrailCheck) error {
	if err := tx.EachPlacement(func(p matching.Placement) error { check.Placement(p); return nil }); err != nil {
		return err
	}
	bs, err := tx.Budgets("")
	if err != nil {
		return err
	}
	for _, b := range bs {
		check.Budget(b)
	}
	return nil
}
