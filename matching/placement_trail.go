package matching

import (
	"slices"
	"strconv"
	"strings"
)

// The replay of placements and budgets for TrailCheck: each placement's
// made, price-changed and ended events give what the store must hold of it
// (kind, where, who with, prices from their dates, start, end and reason,
// the personal data through its commitment), and each budget's last event
// its amount.

type placementTrail struct {
	placements map[string]*trailPlacement
	budgets    map[string]*trailBudget
	seen       int
}

type trailPlacement struct {
	seq          int64
	facts        Fields // as made, less the end, prices and personal data
	weekly       string
	changes      []string // "from weekly", in order
	end, reason  string
	personal     string
	personalSalt string
	stored       bool
}

type trailBudget struct {
	seq    int64
	amount string
	stored bool
}

func budgetKey(council, framework string, year int) string {
	return council + " " + framework + " " + strconv.Itoa(year)
}

func (c *TrailCheck) placementTrail() *placementTrail {
	if c.pl == nil {
		c.pl = &placementTrail{placements: map[string]*trailPlacement{}, budgets: map[string]*trailBudget{}}
	}
	return c.pl
}

// placementEvent replays an event of a placement or a budget, reporting
// whether it was one.
func (c *TrailCheck) placementEvent(e Event) bool {
	switch e.Action {
	case ActionPlacementMade, ActionPlacementPriced, ActionPlacementEnded, ActionBudgetSet:
	default:
		return false
	}
	f, pt := e.Fields, c.placementTrail()
	id := f.Get("placement")
	switch e.Action {
	case ActionPlacementMade:
		p := &trailPlacement{seq: e.Seq, weekly: keep(f.Get("weekly")), end: keep(f.Get("end")), reason: keep(f.Get("end reason")),
			personal: keep(f.Get(FieldPersonal)), personalSalt: keep(e.Openings[FieldPersonal].Salt)}
		for _, x := range f {
			switch x.Name {
			case "weekly", "end", "end reason", FieldPersonal:
			default:
				p.facts = append(p.facts, Field{keep(x.Name), keep(x.Value)})
			}
		}
		pt.placements[keep(id)] = p
	case ActionPlacementPriced:
		if p := pt.placements[id]; p != nil {
			from := f.Get("from")
			if n := len(p.changes); n > 0 && strings.HasPrefix(p.changes[n-1], from+" ") {
				p.changes = p.changes[:n-1]
			}
			p.changes = append(p.changes, from+" "+f.Get("weekly"))
		}
	case ActionPlacementEnded:
		if p := pt.placements[id]; p != nil {
			p.end, p.reason = keep(f.Get("end")), keep(f.Get("reason"))
		}
	case ActionBudgetSet:
		year, _ := strconv.Atoi(f.Get("year"))
		pt.budgets[budgetKey(f.Get("council"), f.Get("framework"), year)] = &trailBudget{seq: e.Seq, amount: keep(f.Get("amount"))}
	}
	return true
}

// Placement holds a stored placement against its replay.
func (c *TrailCheck) Placement(s Placement) {
	pt := c.placementTrail()
	pt.seen++
	t := pt.placements[s.ID]
	if t == nil {
		c.differ(trailNotRecorded("placement " + s.ID))
		return
	}
	t.stored = true
	id := "placement " + s.ID
	stored := pairsOf(placementPairs(s)...)
	for _, f := range stored {
		switch f.Name {
		case "weekly", "end", "end reason":
			continue
		}
		if want := t.facts.Get(f.Name); want != f.Value {
			c.differ(trailFieldDiffers(id, f.Name, f.Value, want))
		}
	}
	for _, f := range t.facts {
		if stored.Get(f.Name) == "" {
			c.differ(trailFieldDiffers(id, f.Name, "", f.Value))
		}
	}
	if s.Weekly.String() != t.weekly {
		c.differ(trailFieldDiffers(id, "weekly price", s.Weekly.String(), t.weekly))
	}
	changes := make([]string, len(s.Changes))
	for i, ch := range s.Changes {
		changes[i] = ShowDate(ch.From) + " " + ch.Weekly.String()
	}
	if !slices.Equal(changes, t.changes) {
		c.differ(trailFieldDiffers(id, "price changes", strings.Join(changes, ", "), strings.Join(t.changes, ", ")))
	}
	if ShowDate(s.End) != t.end {
		c.differ(trailFieldDiffers(id, "end", ShowDate(s.End), t.end))
	}
	if s.EndReason != t.reason {
		c.differ(trailFieldDiffers(id, "end reason", s.EndReason, t.reason))
	}
	if t.personal != "" && t.personalSalt != "" && Commit(t.personalSalt, placementPersonal(s)) != t.personal {
		c.differ(trailPersonalDiffers(id, t.seq))
	}
}

// Budget holds a stored budget against the last event that set it.
func (c *TrailCheck) Budget(b Budget) {
	pt := c.placementTrail()
	key := budgetKey(b.Council, b.Framework, b.Year)
	t := pt.budgets[key]
	if t == nil {
		c.differ(trailNotRecorded("the budget of " + key))
		return
	}
	t.stored = true
	if b.Amount.String() != t.amount {
		c.differ(trailFieldDiffers("the budget of "+key, "amount", b.Amount.String(), t.amount))
	}
}

// endPlacements names the placements and budgets the trail records and the
// store lacks.
func (c *TrailCheck) endPlacements() {
	if c.pl == nil {
		return
	}
	ids := make([]string, 0, len(c.pl.placements))
	for id, t := range c.pl.placements {
		if !t.stored {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		c.differ(trailRequestMissing("placement "+id, c.pl.placements[id].seq))
	}
	keys := make([]string, 0)
	for k, t := range c.pl.budgets {
		if !t.stored {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.differ(trailRequestMissing("the budget of "+k, c.pl.budgets[k].seq))
	}
}

// CheckedPlacements counts the stored placements held against the trail.
func (c *TrailCheck) CheckedPlacements() int {
	if c.pl == nil {
		return 0
	}
	return c.pl.seen
}
