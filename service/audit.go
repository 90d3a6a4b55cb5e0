package service

import (
	"context"

	"placematch/matching"
)

// Audit lists the audit trail, of one request or all (see AuditEach).
func (s *Service) Audit(ctx context.Context, requestID string) ([]matching.Event, error) {
	out := []matching.Event{}
	err := s.AuditEach(ctx, requestID, func(e matching.Event) error { out = append(out, e); return nil })
	return out, err
}

// AuditEach gives fn the audit trail in order, of one request or all,
// without holding it in memory (a region's runs to hundreds of thousands of
// events), each as its reader may see it (see readable).
func (s *Service) AuditEach(ctx context.Context, requestID string, fn func(matching.Event) error) error {
	return s.store.View(ctx, func(tx Tx) error {
		if requestID != "" {
			r, err := tx.Request(requestID)
			if err != nil {
				return err
			}
			evs, err := tx.Events(requestID)
			if err != nil {
				return err
			}
			for _, e := range evs {
				if err := fn(readable(e, !r.Sealed())); err != nil {
					return err
				}
			}
			return nil
		}
		opened, err := tx.OpenedRequests()
		if err != nil {
			return err
		}
		return tx.EachEvent(func(e matching.Event) error {
			return fn(readable(e, opened[e.RequestID]))
		})
	})
}

// readable is an event as the commissioning side may read it, in words.
// While a request's offers are sealed (opened is false), its events say who
// answered and when but not what: a structured event keeps the opening of
// its answer back, and an old one has its content replaced. The personal
// data a commitment hides is never shown in the trail (the request shows it
// to those entitled). An event of a request the store does not hold counts
// as sealed, as nothing shows its offers opened.
func readable(e matching.Event, opened bool) matching.Event {
	if !e.Structured() {
		if !opened {
			e = sealEvent(e)
		}
		return e
	}
	e = e.WithoutOpenings(func(name string) bool { return name == matching.FieldAnswer && opened })
	e.Detail = e.Words()
	return e
}

// sealedDetail is what stands in an old (version 1) event for an answer's
// content until the offers are opened.
const sealedDetail = "sealed until the offers are opened"

// sealEvent hides what a provider answered in an old event while its
// request is sealed; who answered and when stay visible. (Events written
// now carry the answer as a commitment, sealed by construction.)
func sealEvent(e matching.Event) matching.Event {
	switch e.Action {
	case "offer logged", "decline logged", "offer logged (replaces earlier answer)", "decline logged (replaces earlier answer)":
		e.Action = "answer logged"
		e.Detail = sealedDetail
	case "offer withdrawn":
		// Even that it was an offer, not a decline, stays sealed.
		e.Action = "answer changed"
		e.Detail = sealedDetail
	}
	return e
}

// VerifyResult is the outcome of checking the audit chain.
type VerifyResult struct {
	Events int                  `json:"events"`
	Break  *matching.ChainBreak `json:"break,omitempty"`
}

// VerifyAudit walks the whole hash chain and names the first broken event.
func (s *Service) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	v := matching.NewChainVerifier()
	var res VerifyResult
	err := s.store.View(ctx, func(tx Tx) error {
		if err := tx.EachEvent(func(e matching.Event) error {
			if res.Break != nil {
				return nil
			}
			res.Break = v.Next(e)
			return nil
		}); err != nil || res.Break != nil {
			return err
		}
		written, err := tx.AuditWritten()
		if err != nil {
			return err
		}
		res.Break = v.End(written)
		return nil
	})
	res.Events = v.Count()
	return res, err
}
