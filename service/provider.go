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

// Outcome is a decided request as one invited provider is told it (see
// matching.Debrief): the decision and the council's reason, its own score
// and the winning offer's, part by part with their points, the formula and
// the explanation in its own words. Scores are numbers, each given once;
// there is never a rank, nor the winner's price or name.
type Outcome struct {
	matching.Debrief
	Formula string   `json:"formula"`
	Explain []string `json:"explanation"`
}

func ownAnswer(r matching.Response) *OwnAnswer {
	return &OwnAnswer{Declined: r.Declined, DeclineReason: r.DeclineReason, WeeklyPence: r.Weekly, CoverUntil: r.CoverUntil,
		Start: matching.ShowDate(r.Start), Received: r.Received, Withdrawn: r.Withdrawn(), Note: r.Note}
}

// ProviderInvitations lists the requests a provider was invited to, newest
// first.
func (s *Service) ProviderInvitations(ctx context.Context, providerID string) ([]RequestSummary, error) {
	if err := allowRead(ctx, OpInvitationList, Target{Provider: providerID}, notOnRegister(providerID)); err != nil {
		return nil, err
	}
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
	if allow(ctx, OpInvitationShow, Target{Provider: providerID}) != nil {
		return Invitation{}, requestNotFound(id)
	}
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
		var own *matching.Response
		for i, rp := range resps {
			if rp.ProviderID == providerID {
				inv.Answer, own = ownAnswer(rp), &resps[i]
			}
		}
		if r.Status.Final() {
			var rk matching.Ranking
			if !r.OpenedAt.IsZero() {
				if rk, err = tx.Ranking(id); err != nil {
					return err
				}
			}
			o := outcomeFor(r, rk, providerID, own)
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

// outcomeFor is one provider's outcome of a decided request, from the
// ranking recorded when the offers were opened and its own answer (nil if
// none): the email, the app and the JSON all show this, worded once in
// matching (DebriefWords).
func outcomeFor(r matching.Request, rk matching.Ranking, providerID string, own *matching.Response) Outcome {
	d := matching.DebriefOf(r, rk, providerID, own)
	terms := append(matching.FormulaTerms(), matching.PointsTerm())
	return Outcome{Debrief: d, Formula: matching.Formula(d.Weights) + ", where " + strings.Join(terms, "; "),
		Explain: matching.DebriefWords(d)}
}

// ProviderRespond is a provider's own offer, revision or decline: only while
// the request is open, received now. A revision keeps what it leaves unset;
// an offer that will not be scored is recorded with its warnings. The
// provider is not told how many others have answered.
func (s *Service) ProviderRespond(ctx context.Context, providerID, id string, in matching.ResponseInput) (Logged, error) {
	if err := allow(ctx, OpInvitationAnswer, Target{Provider: providerID}); err != nil {
		return Logged{}, err
	}
	in.ProviderID, in.Received = providerID, ""
	l, err := s.respond(ctx, providerActor(ctx, providerID), id, in, true)
	l.Answered, l.Invited = 0, 0
	return l, err
}

// ProviderCheckAnswer is what ProviderRespond would say of an answer,
// changing nothing: its warnings, or the error that would refuse it. The
// app asks it before sending, to ask the provider to confirm an offer that
// will not be scored.
func (s *Service) ProviderCheckAnswer(ctx context.Context, providerID, id string, in matching.ResponseInput) ([]matching.Warning, error) {
	if err := allow(ctx, OpInvitationAnswer, Target{Provider: providerID}); err != nil {
		return nil, err
	}
	in.ProviderID, in.Received = providerID, ""
	return s.checkAnswer(ctx, providerActor(ctx, providerID), id, in, true)
}

// ProviderWithdraw is a provider taking back its own offer while the
// request is open.
func (s *Service) ProviderWithdraw(ctx context.Context, providerID, id string) error {
	if err := allow(ctx, OpInvitationAnswer, Target{Provider: providerID}); err != nil {
		return err
	}
	return s.withdraw(ctx, providerActor(ctx, providerID), id, providerID, true)
}

// knownProvider refuses an id that is not on the register, so a typo reads
// as a typo rather than as "no invitations".
func (s *Service) knownProvider(ctx context.Context, providerID string) error {
	rows, err := s.Providers(ctx, ProviderFilter{ProviderID: providerID})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return notOnRegister(providerID)
	}
	return nil
}

func notOnRegister(providerID string) error {
	return matching.NotFoundf("provider %q is not on the register: check the id with placematch providers list", clipID(providerID))
}

// providerActor is who the trail says answered online: the signed-in
// person, or on a local store the provider's view.
func providerActor(ctx context.Context, providerID string) string {
	if p, ok := PersonFrom(ctx); ok {
		return p.Name
	}
	return "provider:" + providerID
}
