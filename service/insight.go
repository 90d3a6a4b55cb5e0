package service

import (
	"context"
	"strings"

	"placematch/matching"
)

// InsightQuery is which requests what the data shows covers: a council
// and a framework ("" for all) and the days of creation (YYYY-MM-DD, ""
// for open ends), as typed.
type InsightQuery struct {
	Council, Framework, From, To string
}

// Scope checks a query and makes it an InsightScope.
func (q InsightQuery) Scope() (matching.InsightScope, error) {
	sc := matching.InsightScope{Council: strings.TrimSpace(q.Council), Framework: strings.TrimSpace(q.Framework)}
	if sc.Council != "" {
		if _, ok := matching.CouncilBySlug(sc.Council); !ok {
			return sc, matching.Invalidf("no council %q: give a council's slug, as council show lists them (e.g. sefton)", matching.Inert(sc.Council))
		}
	}
	if sc.Framework != "" && !frameworkKnown(sc.Framework) {
		return sc, matching.Invalidf("no framework %q: give a framework's code (e.g. care-support)", matching.Inert(sc.Framework))
	}
	var err error
	if q.From != "" {
		if sc.From, err = matching.ParseDate(q.From); err != nil {
			return sc, matching.Invalidf("--from %q is not a date: write it as YYYY-MM-DD", matching.Inert(q.From))
		}
	}
	if q.To != "" {
		if sc.To, err = matching.ParseDate(q.To); err != nil {
			return sc, matching.Invalidf("--to %q is not a date: write it as YYYY-MM-DD", matching.Inert(q.To))
		}
	}
	if !sc.From.IsZero() && !sc.To.IsZero() && sc.To.Before(sc.From) {
		return sc, matching.Invalidf("--to %s is before --from %s: give the earlier date first", q.To, q.From)
	}
	return sc, nil
}

// Insight is what the data shows over the requests a query covers (see
// matching.Insight): the facts are streamed from the store in one
// read-only snapshot and counted as they come.
func (s *Service) Insight(ctx context.Context, actor string, q InsightQuery) (matching.Insight, error) {
	var err error
	if q.Council, err = ownCouncilOf(ctx, OpInsight, strings.TrimSpace(q.Council)); err != nil {
		return matching.Insight{}, err
	}
	q.Framework = ownFrameworkOf(ctx, strings.TrimSpace(q.Framework))
	if err := allow(ctx, OpInsight, Target{Council: q.Council, Framework: q.Framework}); err != nil {
		return matching.Insight{}, err
	}
	sc, err := q.Scope()
	if err != nil {
		return matching.Insight{}, err
	}
	b := matching.NewInsightBuilder(sc)
	err = s.store.View(ctx, func(tx Tx) error {
		if err := tx.EachRequestRow(func(r matching.Request) error { b.AddRequest(r); return nil }); err != nil {
			return err
		}
		if err := tx.EachInvitedIn(sc, func(id string, ids []string) error { b.AddInvited(id, ids); return nil }); err != nil {
			return err
		}
		if err := tx.EachAnswerIn(sc, func(id, provider string, declined bool, reason string) error {
			b.AddAnswer(id, matching.Response{ProviderID: provider, Declined: declined, DeclineReason: reason})
			return nil
		}); err != nil {
			return err
		}
		if err := tx.EachRankedOffers(b.Awarded, func(id string, ranked []matching.Scored) error {
			b.AddRanking(id, matching.Ranking{Ranked: ranked})
			return nil
		}); err != nil {
			return err
		}
		names, err := providerNames(tx)
		if err != nil {
			return err
		}
		b.Names(names)
		return nil
	})
	return b.Insight(), err
}

// providerNames are the register's providers' names by id.
func providerNames(tx Tx) (map[string]string, error) {
	lots, err := tx.ProviderLots(ProviderFilter{})
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(lots))
	for _, l := range lots {
		names[l.ProviderID] = l.ProviderName
	}
	return names, nil
}

func frameworkKnown(code string) bool {
	_, ok := matching.FrameworkByCode(code)
	return ok
}
