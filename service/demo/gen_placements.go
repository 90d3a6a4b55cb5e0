package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The generated region's placements after they are made: some change
// price (an uplift or a change of needs) and some end (a planned move, an
// 18th birthday, a breakdown), each at its time in the history; and each
// council's budget on each framework it buys on, set at the start of the
// history and on each 1 April after. Each is written as the service's
// operations write it (ChangePlacementPrice, EndPlacement, SetBudget), and
// traced for the history test to play.

// genPlacement is a placement made in the generated history.
type genPlacement struct {
	p       matching.Placement
	officer string
}

var genPriceReasons = []string{"annual uplift", "needs increased after the review", "hours reduced after the review"}

var genEndReasons = []string{"planned move", "18th birthday", "placement breakdown", "moved to a foster placement",
	"returned home to family", "moved on to an own tenancy"}

// placed keeps a placement the history made and plans its price change and
// its end, drawn from rng (the request's own, so the rest of the history is
// unchanged by them).
func (g *gen) placed(p matching.Placement, officer string, rng *rand.Rand) {
	g.placements = append(g.placements, &genPlacement{p: p, officer: officer})
	i := len(g.placements) - 1
	start := londonAt(p.Start, 10, 30)
	// Most come months on; some soon after the start (a review of needs,
	// a placement breaking down in its first weeks).
	soon := func(lo, hi time.Duration) time.Duration {
		if chance(rng, 0.25) {
			return between(rng, lo, 21*24*time.Hour)
		}
		return between(rng, 21*24*time.Hour, hi)
	}
	if chance(rng, 0.3) {
		g.plan(start.Add(soon(2*24*time.Hour, 365*24*time.Hour)), -1, stepPlacementPrice, i)
	}
	if chance(rng, 0.45) {
		g.plan(start.Add(soon(3*24*time.Hour, 540*24*time.Hour)).Add(3*time.Hour), -1, stepPlacementEnd, i)
	}
}

// planBudgets plans the region's budgets: for the year the history starts
// in, at its start, and on each 1 April after.
func (g *gen) planBudgets() {
	year := matching.FinancialYear(matching.Today(g.start))
	g.plan(g.start.Add(time.Minute), -1, stepBudget, year)
	for y := year + 1; !matching.YearStart(y).After(matching.Today(g.now)); y++ {
		g.plan(londonAt(matching.YearStart(y), 9, 15), -1, stepBudget, y)
	}
}

// placementStep plays a placement's step or a budget's.
func (g *gen) placementStep(tx service.Tx, st step, at time.Time) error {
	if st.kind == stepBudget {
		return g.budgets(tx, int(st.arg), at)
	}
	gp := g.placements[st.arg]
	p, err := tx.Placement(gp.p.ID)
	if err != nil {
		return err
	}
	act := matching.Act{Actor: gp.officer, At: at}
	rng := rand.New(rand.NewPCG(uint64(st.arg), uint64(at.Unix())))
	day := matching.Today(at)
	if !p.End.IsZero() && !day.Before(p.End) {
		return nil // ended already
	}
	var ev matching.Event
	t := Traced{At: at, Actor: gp.officer, Placement: p.ID, Date: matching.ShowDate(day)}
	switch st.kind {
	case stepPlacementPrice:
		if !day.After(p.Start) {
			return nil
		}
		t.Op, t.Reason = "placement-change", pick(rng, genPriceReasons)
		pct := 2 + rng.IntN(5)
		if t.Reason == genPriceReasons[2] {
			pct = -5 - rng.IntN(10)
		}
		weekly := p.PriceOn(day) * matching.Pence(100+pct) / 100
		t.Weekly = weekly.String()
		if ev, err = p.ChangePrice(act, weekly, day, t.Reason); err != nil {
			return err
		}
	case stepPlacementEnd:
		if n := len(p.Changes); !day.After(p.Start) || n > 0 && !day.After(p.Changes[n-1].From) {
			return nil
		}
		t.Op, t.Reason = "placement-end", pick(rng, genEndReasons)
		if ev, err = p.EndOn(act, day, t.Reason); err != nil {
			return err
		}
	default:
		return nil
	}
	g.trace(t)
	if err := tx.UpdatePlacement(p); err != nil {
		return err
	}
	gp.p = p
	return g.appendEvent(tx, ev)
}

// budgets sets every council's budget on each framework it buys on for the
// year, as a finance officer would from what it pays now: a year of its
// running placements' weekly prices, a margin, and room for new ones (from
// the seed), to the nearest £100.
func (g *gen) budgets(tx service.Tx, year int, at time.Time) error {
	rng := rand.New(rand.NewPCG(g.opts.Seed, uint64(year)))
	day := matching.Today(at)
	running := map[string]matching.Pence{}
	for _, gp := range g.placements {
		if gp.p.Active(day) {
			on := day
			if on.Before(gp.p.Start) {
				on = gp.p.Start
			}
			running[gp.p.Council+" "+gp.p.Framework] += gp.p.PriceOn(on)
		}
	}
	for _, fw := range matching.Frameworks() {
		for _, c := range fw.Members() {
			weekly := float64(running[c+" "+fw.Code])
			amount := weekly*52*(1.05+0.25*rng.Float64()) + float64(15_000_000+rng.IntN(15_000_000))
			b := matching.Budget{Council: c, Framework: fw.Code, Year: year, Amount: matching.Pence(amount/10_000) * 10_000}
			ev, err := matching.SetBudget(matching.Act{Actor: g.actor, At: at}, b)
			if err != nil {
				return err
			}
			g.trace(Traced{Op: "budget", At: at, Actor: g.actor, Council: c, Framework: fw.Code, Date: strconv.Itoa(year), Amount: b.Amount.String()})
			if err := tx.SetBudget(b); err != nil {
				return err
			}
			if err := g.appendEvent(tx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}
