package matching

import (
	"math"
	"slices"
	"strings"
	"time"
)

// What the data shows: per council and framework over a period, how the
// mini-competitions went. The store streams the facts (every request, its
// invitations, answers and ranking) into an InsightBuilder, which keeps only
// counts and the few times it needs, so a region's 50,000 requests and
// millions of invitations are never held at once.

// Quantiles are the median and 90th percentile of a set of durations in
// hours, each by the nearest-rank method (the smallest value with at least
// that share of the set at or below it); zero for an empty set.
type Quantiles struct {
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Count  int     `json:"count"`
}

// NearestRank is the p-th percentile (0 < p <= 100) of sorted values by
// the nearest-rank method: the value at rank ceil(p/100 × n).
func NearestRank(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(p / 100 * float64(len(sorted))))
	k = max(1, min(k, len(sorted)))
	return sorted[k-1]
}

// QuantilesOf are the median and 90th percentile of values (in any order).
func QuantilesOf(values []float64) Quantiles {
	s := slices.Clone(values)
	slices.Sort(s)
	return Quantiles{Median: NearestRank(s, 50), P90: NearestRank(s, 90), Count: len(s)}
}

// UrgencyInsight is the requests of one urgency and how long those awarded
// took from creation to award.
type UrgencyInsight struct {
	Urgency          Urgency   `json:"urgency"`
	Requests         int       `json:"requests"`
	Awards           int       `json:"awards"`
	TimeToAwardHours Quantiles `json:"time_to_award_hours"`
}

// ReasonCount is a decline reason and how often it was given.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// ProviderInsight is one provider's part: how often it was invited,
// answered (an offer or a decline), declined and was awarded, its response
// rate (whole per cent of invitations answered) and its decline reasons,
// most given first.
type ProviderInsight struct {
	ProviderID     string        `json:"provider_id"`
	ProviderName   string        `json:"provider_name"`
	Invited        int           `json:"invited"`
	Answered       int           `json:"answered"`
	Declined       int           `json:"declined"`
	Awarded        int           `json:"awarded"`
	ResponseRate   int           `json:"response_rate"`
	DeclineReasons []ReasonCount `json:"decline_reasons"`
}

// Insight is what the data shows over the requests counted.
type Insight struct {
	Council   string           `json:"council,omitempty"`
	Framework string           `json:"framework,omitempty"`
	From      string           `json:"from,omitempty"`
	To        string           `json:"to,omitempty"`
	Requests  int              `json:"requests"`
	Urgencies []UrgencyInsight `json:"by_urgency"`
	// Awards are the awarded requests; of them, those that went to rank
	// 1 and those that went to the lowest compliant (ranked) price.
	Awards              int `json:"awards"`
	AwardsToRank1       int `json:"awards_to_rank_1"`
	AwardsToLowestPrice int `json:"awards_to_lowest_price"`
	// NoAwards are the requests ended without award; SpotPurchases those
	// of them that recorded a spot purchase.
	NoAwards         int       `json:"no_awards"`
	SpotPurchases    int       `json:"spot_purchases"`
	Cancelled        int       `json:"cancelled"`
	TimeToAwardHours Quantiles `json:"time_to_award_hours"`
	// Providers are every provider invited in the period, by id.
	Providers []ProviderInsight `json:"providers"`
	// NeverAnswered are the providers invited in the period that answered
	// none of their invitations, most invited first.
	NeverAnswered []ProviderRef `json:"never_answered"`
}

// Share is part of whole in whole per cent, rounded half up; 0 of 0 is 0.
func Share(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (200*part + whole) / (2 * whole)
}

// InsightScope is which requests count: a council and a framework (""
// for all) and the days of creation, from and to both included (zero for
// open ends).
type InsightScope struct {
	Council, Framework string
	From, To           time.Time
}

// Holds reports whether a request falls in the scope.
func (sc InsightScope) Holds(r Request) bool {
	if (sc.Council != "" && r.Council != sc.Council) || (sc.Framework != "" && r.Framework != sc.Framework) {
		return false
	}
	if r.BroadcastAt.IsZero() {
		return false // a draft never reached a provider
	}
	day := Today(r.CreatedAt.In(London))
	if !sc.From.IsZero() && day.Before(sc.From) {
		return false
	}
	return sc.To.IsZero() || !day.After(sc.To)
}

// insightRequest is what the builder keeps of a request in scope.
type insightRequest struct {
	status    Status
	urgency   Urgency
	awardedTo string
	hours     float64
}

type providerTally struct {
	name                                string
	invited, answered, declined, awards int
	reasons                             map[string]int
}

// InsightBuilder gathers the facts of what the data shows. Give it every
// request first (AddRequest), then in any order the invitations, answers
// and rankings; facts of requests out of scope are passed over.
type InsightBuilder struct {
	scope    InsightScope
	requests map[string]*insightRequest
	byUrg    map[Urgency]*UrgencyInsight
	hours    map[Urgency][]float64
	all      []float64
	out      Insight
	prov     map[string]*providerTally
}

// NewInsightBuilder starts gathering for a scope.
func NewInsightBuilder(sc InsightScope) *InsightBuilder {
	b := &InsightBuilder{scope: sc, requests: map[string]*insightRequest{}, byUrg: map[Urgency]*UrgencyInsight{},
		hours: map[Urgency][]float64{}, prov: map[string]*providerTally{}}
	for _, u := range Urgencies() {
		b.byUrg[u] = &UrgencyInsight{Urgency: u}
	}
	b.out.Council, b.out.Framework = sc.Council, sc.Framework
	b.out.From, b.out.To = ShowDate(sc.From), ShowDate(sc.To)
	return b
}

// AddRequest counts a request, if it is in scope.
func (b *InsightBuilder) AddRequest(r Request) {
	if !b.scope.Holds(r) {
		return
	}
	ir := &insightRequest{status: r.Status, urgency: r.Urgency, awardedTo: r.AwardedTo}
	b.requests[r.ID] = ir
	b.out.Requests++
	u, ok := b.byUrg[r.Urgency]
	if !ok {
		u = &UrgencyInsight{Urgency: r.Urgency}
		b.byUrg[r.Urgency] = u
	}
	u.Requests++
	switch r.Status {
	case StatusAwarded:
		b.out.Awards++
		u.Awards++
		ir.hours = math.Round(r.EndedAt.Sub(r.CreatedAt).Hours()*100) / 100
		b.hours[r.Urgency] = append(b.hours[r.Urgency], ir.hours)
		b.all = append(b.all, ir.hours)
		if r.AwardedTo != "" {
			b.tally(r.AwardedTo, "").awards++
		}
	case StatusNoAward:
		b.out.NoAwards++
		if r.SpotPurchase != "" {
			b.out.SpotPurchases++
		}
	case StatusCancelled:
		b.out.Cancelled++
	}
}

func (b *InsightBuilder) tally(id, name string) *providerTally {
	t, ok := b.prov[id]
	if !ok {
		t = &providerTally{}
		b.prov[id] = t
	}
	if t.name == "" {
		t.name = name
	}
	return t
}

// AddInvited counts a request's invited providers.
func (b *InsightBuilder) AddInvited(requestID string, providerIDs []string) {
	if b.requests[requestID] == nil {
		return
	}
	for _, id := range providerIDs {
		b.tally(id, "").invited++
	}
}

// AddAnswer counts a provider's answer to a request: whether it answered,
// and whether it declined and why.
func (b *InsightBuilder) AddAnswer(requestID string, a Response) {
	if b.requests[requestID] == nil {
		return
	}
	t := b.tally(a.ProviderID, "")
	t.answered++
	if a.Declined {
		t.declined++
		reason := strings.ToLower(strings.TrimSpace(a.DeclineReason))
		if reason == "" {
			reason = "no reason given"
		}
		if t.reasons == nil {
			t.reasons = map[string]int{}
		}
		t.reasons[reason]++
	}
}

// AddRanking counts whether an awarded request's award went to rank 1 and
// to the lowest compliant price: the ranking's compliant offers are its
// ranked ones, and an award at a price no ranked offer undercuts counts as
// the lowest (equal lowest prices all count).
func (b *InsightBuilder) AddRanking(requestID string, rk Ranking) {
	ir := b.requests[requestID]
	if ir == nil || ir.status != StatusAwarded || len(rk.Ranked) == 0 {
		return
	}
	lowest := rk.Ranked[0].WeeklyPence
	var awarded *Scored
	for i, s := range rk.Ranked {
		lowest = min(lowest, s.WeeklyPence)
		if s.ProviderID == ir.awardedTo {
			awarded = &rk.Ranked[i]
		}
	}
	if awarded == nil {
		return
	}
	if awarded.Rank == 1 {
		b.out.AwardsToRank1++
	}
	if awarded.WeeklyPence == lowest {
		b.out.AwardsToLowestPrice++
	}
}

// Names gives providers their names (from the register).
func (b *InsightBuilder) Names(names map[string]string) {
	for id, t := range b.prov {
		if n := names[id]; n != "" {
			t.name = n
		}
	}
}

// Insight is what the data shows of everything added.
func (b *InsightBuilder) Insight() Insight {
	out := b.out
	for _, u := range Urgencies() {
		ui := *b.byUrg[u]
		ui.TimeToAwardHours = QuantilesOf(b.hours[u])
		out.Urgencies = append(out.Urgencies, ui)
	}
	out.TimeToAwardHours = QuantilesOf(b.all)
	out.Providers = make([]ProviderInsight, 0, len(b.prov))
	for id, t := range b.prov {
		p := ProviderInsight{ProviderID: id, ProviderName: t.name, Invited: t.invited, Answered: t.answered, Declined: t.declined,
			Awarded: t.awards, ResponseRate: Share(t.answered, t.invited), DeclineReasons: []ReasonCount{}}
		for r, n := range t.reasons {
			p.DeclineReasons = append(p.DeclineReasons, ReasonCount{Reason: r, Count: n})
		}
		slices.SortFunc(p.DeclineReasons, func(a, b ReasonCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Reason, b.Reason)
		})
		out.Providers = append(out.Providers, p)
		if t.invited > 0 && t.answered == 0 {
			out.NeverAnswered = append(out.NeverAnswered, ProviderRef{ProviderID: id, ProviderName: t.name})
		}
	}
	slices.SortFunc(out.Providers, func(a, b ProviderInsight) int { return strings.Compare(a.ProviderID, b.ProviderID) })
	slices.SortFunc(out.NeverAnswered, func(a, c ProviderRef) int {
		if d := b.prov[c.ProviderID].invited - b.prov[a.ProviderID].invited; d != 0 {
			return d
		}
		return strings.Compare(a.ProviderID, c.ProviderID)
	})
	if out.NeverAnswered == nil {
		out.NeverAnswered = []ProviderRef{}
	}
	return out
}

// Holds reports whether a request added is in scope, so that facts of
// others need not be read.
func (b *InsightBuilder) Holds(requestID string) bool { return b.requests[requestID] != nil }

func sortProviders(ps []ProviderInsight) {
	slices.SortStableFunc(ps, func(a, b ProviderInsight) int {
		if a.Invited != b.Invited {
			return b.Invited - a.Invited
		}
		return strings.Compare(a.ProviderID, b.ProviderID)
	})
}

// Awarded reports whether a request added is in scope and awarded: only
// its ranking counts.
func (b *InsightBuilder) Awarded(requestID string) bool {
	r := b.requests[requestID]
	return r != nil && r.status == StatusAwarded
}

// Bounds are the instants a scope's days run between: from the London
// midnight that begins From (zero when open) to the one that ends To (zero
// when open), for a store to select by.
func (sc InsightScope) Bounds() (from, to time.Time) {
	if !sc.From.IsZero() {
		from = time.Date(sc.From.Year(), sc.From.Month(), sc.From.Day(), 0, 0, 0, 0, London).UTC()
	}
	if !sc.To.IsZero() {
		to = time.Date(sc.To.Year(), sc.To.Month(), sc.To.Day()+1, 0, 0, 0, 0, London).UTC()
	}
	return from, to
}
