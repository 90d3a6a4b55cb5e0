package matching

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The framework terms and purchasers held against the trail: replaying
// the term and purchaser events gives each framework's term (start, shape,
// extensions decided and the current end they make) and each purchaser's
// frameworks, and each must be what the store holds (see TrailCheck).

type trailTerm struct {
	seq  int64
	term string // termDigest of the term the trail makes
	seen bool
}

type trailPurchaser struct {
	seq        int64
	frameworks []string
	seen       bool
}

// termDigest is a term as the check compares it.
func termDigest(start, years string, extensions int, end string) string {
	return start + " " + years + " extended " + strconv.Itoa(extensions) + " to " + end
}

// otherEvent replays an event that is not a request's.
func (c *TrailCheck) otherEvent(e Event) {
	if !e.Structured() {
		return
	}
	if c.terms == nil {
		c.terms, c.purchasers = map[string]*trailTerm{}, map[string]*trailPurchaser{}
	}
	f := e.Fields
	switch e.Action {
	case ActionTermSet:
		c.terms[keep(f.Get("framework"))] = &trailTerm{seq: e.Seq, term: termDigest(f.Get("start"), f.Get("years"), 0, f.Get("current end"))}
	case ActionTermExtended:
		t := c.terms[f.Get("framework")]
		if t == nil {
			c.differ(trailTermExtendedUnset(f.Get("framework"), e.Seq))
			return
		}
		start, years, _ := strings.Cut(t.term, " ")
		years, _, _ = strings.Cut(years, " ")
		n, _ := strconv.Atoi(f.Get("extension"))
		t.seq, t.term = e.Seq, termDigest(start, years, n, f.Get("current end"))
	case ActionPurchaserAdded:
		p := c.purchasers[f.Get("purchaser")]
		if p == nil {
			p = &trailPurchaser{}
			c.purchasers[keep(f.Get("purchaser"))] = p
		}
		p.seq = e.Seq
		p.frameworks = append(p.frameworks, keep(f.Get("framework")))
		slices.Sort(p.frameworks)
	}
}

// Term holds a framework's term as the store keeps it against the trail;
// the caller gives every recorded term.
func (c *TrailCheck) Term(t FrameworkTerm) {
	if !t.Recorded() {
		return
	}
	stored := termDigest(ShowDate(t.Start), t.YearsText(), len(t.Decisions), ShowDate(t.CurrentEnd()))
	r := c.terms[t.Framework]
	if r == nil {
		c.differ(trailTermUnrecorded(t.Framework, stored))
		return
	}
	r.seen = true
	if r.term != stored {
		c.differ(trailTermDiffers(t.Framework, stored, r.term))
	}
}

// Purchaser holds a purchaser as the store keeps it against the trail;
// the caller gives every purchaser.
func (c *TrailCheck) Purchaser(p Purchaser) {
	r := c.purchasers[p.Slug]
	if r == nil {
		c.differ(trailPurchaserUnrecorded(p.Slug))
		return
	}
	r.seen = true
	fws := slices.Sorted(slices.Values(p.Frameworks))
	if !slices.Equal(fws, r.frameworks) {
		c.differ(trailPurchaserDiffers(p.Slug, fws, r.frameworks))
	}
}

// endOthers names the terms and purchasers the trail records and the
// store lacks.
func (c *TrailCheck) endOthers() {
	for _, fw := range slices.Sorted(maps.Keys(c.terms)) {
		if t := c.terms[fw]; !t.seen {
			c.differ(trailTermMissing(fw, t.seq))
		}
	}
	for _, slug := range slices.Sorted(maps.Keys(c.purchasers)) {
		if p := c.purchasers[slug]; !p.seen {
			c.differ(trailPurchaserMissing(slug, p.seq))
		}
	}
}

func trailTermExtendedUnset(fw string, seq int64) string {
	return "the " + fw + " framework's term is extended by event " + strconv.FormatInt(seq, 10) + " but no term was recorded before it"
}

func trailTermUnrecorded(fw, stored string) string {
	return "the " + fw + " framework's term in the store (" + stored + ") is not in the trail: it was written around the record"
}

func trailTermDiffers(fw, stored, trail string) string {
	return "the " + fw + " framework's term is " + stored + " in the store, " + trail + " in the trail"
}

func trailTermMissing(fw string, seq int64) string {
	return "the " + fw + " framework's term is in the trail (event " + strconv.FormatInt(seq, 10) + ") but not in the store: it was deleted"
}

func trailPurchaserUnrecorded(slug string) string {
	return "the purchaser " + slug + " is in the store but not in the trail: it was added around the record"
}

func trailPurchaserDiffers(slug string, stored, trail []string) string {
	return "the purchaser " + slug + " buys on " + strings.Join(stored, ", ") + " in the store, on " + strings.Join(trail, ", ") + " in the trail"
}

func trailPurchaserMissing(slug string, seq int64) string {
	return "the purchaser " + slug + " is in the trail (event " + strconv.FormatInt(seq, 10) + ") but not in the store: it was deleted"
}
