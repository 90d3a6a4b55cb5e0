package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"placematch/matching"
)

// The provider's side. Every method here takes the acting provider's id and
// returns only what that provider may see: the anonymised profile of the
// requests it was invited to, its own answer, and after the award its own
// outcome. Nothing here carries a case reference, initials or a date of
// birth, another provider's offer, or a ranking before the award.

// Invitation is one request as an invited provider sees it.
type Invitation struct {
	Profile matching.Profile `json:"request"`
	// Answer is the provider's own answer, if any.
	Answer *OwnAnswer `json:"answer,omitempty"`
	// CanAnswer says whether the provider may still offer, revise, withdraw
	// or decline: only while the request is open.
	CanAnswer bool `json:"can_answer"`
	// Outcome is set once the request is decided.
	Outcome *Outcome `json:"outcome,omitempty"`
}

// OwnAnswer is a provider's own answer.
type OwnAnswer struct {
	Declined      bool           `json:"declined"`
	DeclineReason string         `json:"decline_reason,omitempty"`
	WeeklyPence   matching.Pence `json:"weekly_price_pence,omitempty"`
	CoverUntil    int            `json:"cover_until,omitempty"`
	Start         string         `json:"start,omitempty"`
	Received      time.Time      `json:"received_at"`
	Withdrawn     bool           `json:"withdrawn,omitempty"`
	Note          string         `json:"note,omitempty"`
}

// Outcome explains a decided request to one provider: whether it won, its
// own score parts, the winning offer's score parts and the formula.
type Outcome struct {
	Decision   string           `json:"decision"` // awarded, no_award, cancelled
	Won        bool             `json:"won"`
	Weights    matching.Weights `json:"weights"`
	Age        int              `json:"age"`
	Own        *matching.Scored `json:"own,omitempty"`
	OwnReason  string           `json:"own_reason,omitempty"` // why the provider's answer was not ranked
	Winner     *WinnerScore     `json:"winner,omitempty"`
	Compliant  int              `json:"compliant_offers"`
	Formula    string           `json:"formula"`
	Explain    []string         `json:"explanation"`
	EndReason  string           `json:"end_reason,omitempty"`
	AwardIsTop bool             `json:"award_is_top_ranked"`
}

// Scored is the winning offer's score parts as matching words them (its
// price is not known here).
func (w WinnerScore) Scored() matching.Scored {
	return matching.Scored{Quality: w.Quality, PriceScore: w.PriceScore, AgeCoverScore: w.AgeCoverScore, Rounded: w.Total, CoverUntil: w.CoverUntil}
}

// WinnerScore is the winning offer's score parts, without its price.
type WinnerScore struct {
	ProviderName  string  `json:"provider_name"`
	Quality       float64 `json:"quality"`
	PriceScore    float64 `json:"price_score"`
	AgeCoverScore float64 `json:"age_cover_score"`
	Total         string  `json:"total"`
	CoverUntil    int     `json:"cover_until"`
}

func ownAnswer(r matching.Response) *OwnAnswer {
	return &OwnAnswer{Declined: r.Declined, DeclineReason: r.DeclineReason, WeeklyPence: r.Weekly, CoverUntil: r.CoverUntil,
		Start: matching.ShowDate(r.Start), Received: r.Received, Withdrawn: r.Withdrawn(), Note: r.Note}
}

// ProviderInvitations lists the requests a provider was invited to, newest
// first.
func (s *Service) ProviderInvitations(ctx context.Context, providerID string) ([]RequestSummary, error) {
	if err := s.knownProvider(ctx, providerID); err != nil {
		return nil, err
	}
	if _, err := s.CloseDue(ctx); err != nil {
		return nil, err
	}
	return s.Requests(ctx, RequestFilter{Provider: providerID})
}

// ProviderShow is one invitation as the provider sees it. A request it was
// not invited to is reported as not found, so ids cannot be probed.
func (s *Service) ProviderShow(ctx context.Context, providerID, id string) (Invitation, error) {
	now := s.now()
	var inv Invitation
	var due bool
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		due = err == nil && r.DueToClose(now)
		return err
	})
	if err != nil {
		return inv, notInvited(providerID, id)
	}
	if due {
		if err := s.store.Update(ctx, func(tx Tx) error { _, err := s.load(tx, id, now); return err }); err != nil {
			return inv, err
		}
	}
	err = s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return notInvited(providerID, id)
		}
		invs, err := tx.Invitations(id)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(invs, func(i matching.Invitation) bool { return i.ProviderID == providerID }) {
			return notInvited(providerID, id)
		}
		inv.Profile = matching.ProfileOf(r)
		inv.CanAnswer = r.Status == matching.StatusOpen
		resps, err := tx.Responses(id)
		if err != nil {
			return err
		}
		for _, rp := range resps {
			if rp.ProviderID == providerID {
				inv.Answer = ownAnswer(rp)
			}
		}
		if r.Status.Final() {
			var rk matching.Ranking
			if !r.OpenedAt.IsZero() {
				if rk, err = tx.Ranking(id); err != nil {
					return err
				}
			}
			o := outcomeFor(r, rk, providerID, inv.Answer != nil)
			inv.Outcome = &o
		}
		return nil
	})
	return inv, err
}

func notInvited(providerID, id string) error {
	return matching.NotFoundf("%s has no invitation %q: list your invitations with placematch --provider %s request list", providerID, clipID(id), providerID)
}

func clipID(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// outcomeFor builds one provider's assessment summary from the recorded
// ranking.
func outcomeFor(r matching.Request, rk matching.Ranking, providerID string, answered bool) Outcome {
	w := r.Weights
	o := Outcome{Decision: r.Status.String(), Weights: w, Age: rk.Age, Compliant: len(rk.Ranked), EndReason: r.EndReason,
		Formula: matching.Formula(w) + ", where " + strings.Join(matching.FormulaTerms(), "; ")}
	if r.Status == matching.StatusCancelled {
		o.Explain = append(o.Explain, "The council cancelled this request before any offer was opened: "+r.EndReason)
		return o
	}
	for i, sc := range rk.Ranked {
		if sc.ProviderID == providerID {
			sc := sc
			sc.Rank = 0 // providers never see their rank
			o.Own = &sc
		}
		if sc.ProviderID == r.AwardedTo {
			o.Winner = &WinnerScore{ProviderName: sc.ProviderName, Quality: sc.Quality, PriceScore: sc.PriceScore,
				AgeCoverScore: sc.AgeCoverScore, Total: sc.Rounded, CoverUntil: sc.CoverUntil}
			o.AwardIsTop = i == 0
		}
	}
	for _, ex := range rk.Excluded {
		if ex.ProviderID == providerID {
			o.OwnReason = ex.Reason
		}
	}
	o.Won = r.Status == matching.StatusAwarded && r.AwardedTo == providerID
	switch {
	case o.Won:
		o.Explain = append(o.Explain, "Your offer was awarded.")
	case r.Status == matching.StatusNoAward:
		o.Explain = append(o.Explain, "No offer was awarded: "+r.EndReason)
	case r.Status == matching.StatusAwarded:
		o.Explain = append(o.Explain, "Another provider's offer was awarded.")
	}
	switch {
	case !answered:
		o.Explain = append(o.Explain, "You did not answer this request by the time the offers were opened.")
	case o.OwnReason != "":
		o.Explain = append(o.Explain, "Your answer was not scored: "+matching.ExclusionWords(o.OwnReason)+".")
	case o.Own != nil:
		o.Explain = append(o.Explain, "Your offer scored "+matching.ScoreParts(*o.Own)+".")
	}
	if o.Winner != nil && !o.Won {
		o.Explain = append(o.Explain, "The winning offer scored "+matching.ScoreParts(o.Winner.Scored())+".")
		if !o.AwardIsTop {
			o.Explain = append(o.Explain, "The award did not go to the highest total, for this recorded reason: "+r.EndReason)
		}
	}
	return o
}

// ProviderRespond is a provider's own offer, revision or decline: only while
// the request is open, received now. A revision keeps what it leaves unset;
// an offer that will not be scored is recorded with its warnings. The
// provider is not told how many others have answered.
func (s *Service) ProviderRespond(ctx context.Context, providerID, id string, in matching.ResponseInput) (Logged, error) {
	in.ProviderID, in.Received = providerID, ""
	l, err := s.respond(ctx, "provider:"+providerID, id, in, true)
	l.Answered, l.Invited = 0, 0
	return l, err
}

// ProviderCheckAnswer is what ProviderRespond would say of an answer,
// changing nothing: its warnings, or the error that would refuse it. The
// app asks it before sending, to ask the provider to confirm an offer that
// will not be scored.
func (s *Service) ProviderCheckAnswer(ctx context.Context, providerID, id string, in matching.ResponseInput) ([]matching.Warning, error) {
	in.ProviderID, in.Received = providerID, ""
	return s.checkAnswer(ctx, "provider:"+providerID, id, in, true)
}

// ProviderWithdraw is a provider taking back its own offer while the
// request is open.
func (s *Service) ProviderWithdraw(ctx context.Context, providerID, id string) error {
	return s.withdraw(ctx, "provider:"+providerID, id, providerID, true)
}

// knownProvider refuses an id that is not on the register, so a typo reads
// as a typo rather than as "no invitations".
func (s *Service) knownProvider(ctx context.Context, providerID string) error {
	rows, err := s.Providers(ctx, ProviderFilter{ProviderID: providerID})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return matching.NotFoundf("provider %q is not on the register: check the id with placematch providers list", clipID(providerID))
	}
	return nil
}
