package service

import (
	"context"
	"slices"
	"time"

	"placematch/matching"
)

// Each operation on a request is one store transaction: it loads the
// request (closing it first if its deadline has passed), applies a
// matching transition, writes what it did with Record, and queues the
// messages providers are owed.

// NewRequest checks an input and saves it as a draft.
func (s *Service) NewRequest(ctx context.Context, actor string, in matching.RequestInput) (matching.Request, error) {
	if err := allow(ctx, OpRequestNew, Target{Council: tidySlug(in.Council)}); err != nil {
		return matching.Request{}, err
	}
	act := s.act(actor)
	salt := s.salt()
	var r matching.Request
	err := s.store.Update(ctx, func(tx Tx) error {
		def, err := defaults(tx, in.Council, in.Lot)
		if err != nil {
			return err
		}
		// The input is checked before an id is taken (a refused draft must
		// not use one up, even in a transaction that is rolled back).
		if _, err := matching.BuildRequest(in, def, act.At); err != nil {
			return err
		}
		id, err := tx.NextRequestID(in.Council, act.At)
		if err != nil {
			return err
		}
		var ev matching.Event
		if r, ev, err = matching.NewDraft(id, in, def, act, salt); err != nil {
			return err
		}
		if err := tx.InsertRequest(r); err != nil {
			return err
		}
		err = tx.AppendEvents(ev)
		return err
	})
	if err != nil {
		return matching.Request{}, err
	}
	return r, nil
}

// NewDraft saves an input that may be incomplete as a new draft, as soon
// as it has its council and lot: a form calls it with the first change
// that can be kept, and SaveDraft with every change after, so nothing
// typed is lost. The draft's creation is an audit event; every required
// field is checked before broadcast.
func (s *Service) NewDraft(ctx context.Context, actor string, in matching.RequestInput) (matching.Request, error) {
	if err := allow(ctx, OpRequestNew, Target{Council: tidySlug(in.Council)}); err != nil {
		return matching.Request{}, err
	}
	act := s.act(actor)
	salt := s.salt()
	var r matching.Request
	err := s.store.Update(ctx, func(tx Tx) error {
		def, err := defaults(tx, in.Council, in.Lot)
		if err != nil {
			return err
		}
		// Checked before an id is taken, as NewRequest.
		if _, _, err := matching.BuildDraft(in, def, act.At); err != nil {
			return err
		}
		id, err := tx.NextRequestID(in.Council, act.At)
		if err != nil {
			return err
		}
		var ev matching.Event
		if r, ev, err = matching.NewPartialDraft(id, in, def, act, salt); err != nil {
			return err
		}
		if err := tx.InsertRequest(r); err != nil {
			return err
		}
		return tx.AppendEvents(ev)
	})
	if err != nil {
		return matching.Request{}, err
	}
	return r, nil
}

// SaveDraft replaces a draft's details with an input as a form holds it,
// complete or not (see matching.Request.SaveDraft). Saving a draft field by
// field is not an audit event.
func (s *Service) SaveDraft(ctx context.Context, actor, id string, in matching.RequestInput) (matching.Request, error) {
	if err := s.allowRequest(ctx, OpRequestEdit, id); err != nil {
		return matching.Request{}, err
	}
	return s.changeDraft(ctx, id, func(matching.Request) matching.RequestInput { return in }, (*matching.Request).SaveDraft)
}

// EditDraft changes a draft in one transaction: edit is given the draft's
// details as an input (see matching.InputOf) and changes what it will; the
// whole is checked again, and refused if the edit adds a problem (an
// incomplete draft may stay incomplete). Only a draft can change, since the criteria are
// fixed at broadcast; editing a draft is not an audit event.
func (s *Service) EditDraft(ctx context.Context, actor, id string, edit func(in *matching.RequestInput)) (matching.Request, error) {
	if err := s.allowRequest(ctx, OpRequestEdit, id); err != nil {
		return matching.Request{}, err
	}
	return s.changeDraft(ctx, id, func(r matching.Request) matching.RequestInput {
		in := matching.InputOf(r)
		edit(&in)
		return in
	}, (*matching.Request).Edit)
}

// changeDraft changes draft id in one transaction: input gives its new
// input from the draft as stored, and apply (Request.SaveDraft or Edit)
// applies it under the defaults of its council and lot.
func (s *Service) changeDraft(ctx context.Context, id string, input func(matching.Request) matching.RequestInput,
	apply func(*matching.Request, matching.RequestInput, matching.Defaults, time.Time) error) (matching.Request, error) {
	now := s.now()
	var r matching.Request
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if r, err = s.load(tx, id, now); err != nil {
			return err
		}
		in := input(r)
		def, err := defaults(tx, in.Council, in.Lot)
		if err != nil {
			return err
		}
		if err := apply(&r, in, def, now); err != nil {
			return err
		}
		return tx.UpdateRequest(r)
	})
	if err != nil {
		return matching.Request{}, err
	}
	return r, nil
}

// Requests lists requests.
func (s *Service) Requests(ctx context.Context, f RequestFilter) ([]RequestSummary, error) {
	f, limit, ok, err := s.listScope(ctx, f)
	if err != nil || !ok {
		return []RequestSummary{}, err
	}
	var out []RequestSummary
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Requests(f)
		return err
	})
	if err == nil {
		out = visibleRequests(ctx, out, limit)
	}
	return out, err
}

// listScope is the filter of a request list as the acting person may
// read it (Requests and RequestsSince both ask it): the council checked,
// the list allowed, the filter narrowed to the person's scope (ok false:
// nothing is theirs to see), and the limit to cut the visible rows at
// (a commissioner's list is read whole and filtered by framework first).
func (s *Service) listScope(ctx context.Context, f RequestFilter) (RequestFilter, int, bool, error) {
	var err error
	if f.Council, err = s.CheckBuyer(ctx, f.Council); err != nil {
		return f, 0, false, err
	}
	if err := allowList(ctx, OpRequestList); err != nil {
		return f, 0, false, err
	}
	f, ok := requestFilterFor(ctx, f)
	if !ok {
		return f, 0, false, nil
	}
	limit := f.Limit
	if p, ok := PersonFrom(ctx); ok && p.Role == matching.RoleCommissioner {
		f.Limit = 0
	}
	return f, limit, true, nil
}

// BroadcastResult is who a request goes to and who it does not, and why.
type BroadcastResult struct {
	RequestID string `json:"request_id"`
	// Council is the requesting council's slug, for the words of the
	// not-invited reasons.
	Council    string                `json:"-"`
	Invited    []matching.Invitation `json:"invited"`
	NotInvited []matching.NotInvited `json:"not_invited"`
}

// PreviewBroadcast shows who a draft would reach now, changing nothing.
func (s *Service) PreviewBroadcast(ctx context.Context, id string) (BroadcastResult, error) {
	if err := s.allowRequest(ctx, OpRequestPreview, id); err != nil {
		return BroadcastResult{}, err
	}
	var res BroadcastResult
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		if r.Status != matching.StatusDraft {
			return matching.Conflictf("request %s is %s: it was already broadcast, and request show %s lists who was invited and why others were not", id, r.Status, id)
		}
		if err := matching.CheckBroadcast(r, s.now()); err != nil {
			return err
		}
		res, err = eligibility(tx, r, s.now())
		return err
	})
	return res, err
}

// eligibility is who a broadcast of r at now invites and leaves out: a
// provider admitted from a later date is left out, and one whose
// suspension has ended by now is admitted (a broadcast ends the
// suspensions that are due first; a preview sees them as ended).
func eligibility(tx Tx, r matching.Request, now time.Time) (BroadcastResult, error) {
	lot, err := tx.ProviderLots(ProviderFilter{Framework: r.Framework, Lot: r.Lot, Eligibility: true})
	if err != nil {
		return BroadcastResult{}, err
	}
	for i := range lot {
		if lot[i].Status == matching.ProviderSuspended {
			lot[i].SuspensionEnded(now)
		}
	}
	res := BroadcastResult{RequestID: r.ID, Council: r.Council}
	res.Invited, res.NotInvited = matching.Eligibility(r, lot, matching.Today(now))
	return res, nil
}

// Broadcast sends a draft to every eligible provider, snapshotting the list
// and fixing the criteria, and queues their invitations.
func (s *Service) Broadcast(ctx context.Context, actor, id string) (BroadcastResult, error) {
	if err := s.allowRequest(ctx, OpRequestBroadcast, id); err != nil {
		return BroadcastResult{}, err
	}
	act := s.act(actor)
	salt := s.salt()
	var res BroadcastResult
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return err
		}
		if err := matching.CheckBroadcast(r, act.At); err != nil {
			return err
		}
		if _, err := endSuspensions(tx, act.At); err != nil {
			return err
		}
		// A draft made before its framework's term ended for good goes
		// out no more than a new request would.
		if term, err := tx.FrameworkTerm(r.Framework); err != nil {
			return err
		} else if err := term.CheckNewRequest(act.At); err != nil {
			return err
		}
		if res, err = eligibility(tx, r, act.At); err != nil {
			return err
		}
		var digest string
		if len(res.NotInvited) > 0 {
			digest = matching.NotInvitedDigest(res.NotInvited)
		}
		was := r.Status
		evs, err := r.Broadcast(act, res.Invited, res.NotInvited, digest, salt)
		if err != nil {
			return err
		}
		if err := tx.InsertBroadcast(id, res.Invited, res.NotInvited, digest); err != nil {
			return err
		}
		if err := Record(tx, r, was, evs...); err != nil {
			return err
		}
		return queueInvitations(tx, r, res.Invited)
	})
	if err != nil {
		return BroadcastResult{}, err
	}
	return res, nil
}

// Logged is an answer as it was logged, with what whoever gave it should
// be told.
type Logged struct {
	Response matching.Response
	// Warnings say why the offer will not be scored, or which of its
	// figures look wrong (see matching.OfferWarnings). The answer is
	// recorded all the same: offering is the provider's right.
	Warnings []matching.Warning
	// Answered and Invited count, with this answer, the invited providers
	// who have answered and all who were invited; Open and Deadline are
	// the request's. They tell the officer when every invited provider has
	// answered (AllAnswered). A provider is never told the counts: they
	// are 0 in its own answer's.
	Answered, Invited int
	Open              bool
	Deadline          time.Time
}

// AllAnswered reports whether every invited provider has now answered a
// request that is still open: the officer is told, and may close it early.
// It never closes by itself before its deadline.
func (l Logged) AllAnswered() bool { return l.Open && l.Invited > 0 && l.Answered >= l.Invited }

// Respond logs a provider's answer, as the council logs it (an answer
// that came by phone or email may be logged after the close, marked late
// if it came after the deadline). A later answer from the same provider
// replaces its earlier one, keeping what it leaves unset. An offer that
// will not be scored is logged with its warnings. The request stays open
// when every invited provider has answered.
func (s *Service) Respond(ctx context.Context, actor, id string, in matching.ResponseInput) (Logged, error) {
	if err := s.allowRequest(ctx, OpRequestAnswer, id); err != nil {
		return Logged{}, err
	}
	return s.respond(ctx, actor, id, in, false)
}

// CheckAnswer is what Respond would say of an answer, changing nothing:
// the warnings of an offer, or the error that would refuse it. The app asks
// it before logging, to ask the officer to confirm an offer that will not
// be scored.
func (s *Service) CheckAnswer(ctx context.Context, actor, id string, in matching.ResponseInput) ([]matching.Warning, error) {
	if err := s.allowRequest(ctx, OpRequestAnswer, id); err != nil {
		return nil, err
	}
	return s.checkAnswer(ctx, actor, id, in, false)
}

// respond logs an answer; online answers are a provider's own, taken only
// while the request is open.
func (s *Service) respond(ctx context.Context, actor, id string, in matching.ResponseInput, online bool) (Logged, error) {
	act := s.act(actor)
	salt := s.salt()
	var out Logged
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return onlineNotFound(err, online, in.ProviderID, id)
		}
		was := r.Status
		var evs []matching.Event
		if out, evs, err = answer(tx, &r, in, online, act, salt); err != nil {
			return err
		}
		if err := tx.PutResponse(id, out.Response); err != nil {
			return err
		}
		return Record(tx, r, was, evs...)
	})
	if err != nil {
		return Logged{}, err
	}
	return out, nil
}

// checkAnswer runs respond's checks on a copy of the request in a read,
// writing nothing.
func (s *Service) checkAnswer(ctx context.Context, actor, id string, in matching.ResponseInput, online bool) ([]matching.Warning, error) {
	act := s.act(actor)
	var ws []matching.Warning
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return onlineNotFound(err, online, in.ProviderID, id)
		}
		r.CloseDue(act.At) // as load does, on this copy only
		l, _, err := answer(tx, &r, in, online, act, "not kept")
		ws = l.Warnings
		return err
	})
	return ws, err
}

// answer applies an answer to r as of act: who may give it, the earlier
// answer it revises, and the warnings it carries. The caller writes it.
func answer(tx Tx, r *matching.Request, in matching.ResponseInput, online bool, act matching.Act, salt string) (Logged, []matching.Event, error) {
	invs, err := tx.Invitations(r.ID)
	if err != nil {
		return Logged{}, nil, err
	}
	i := slices.IndexFunc(invs, func(i matching.Invitation) bool { return i.ProviderID == in.ProviderID })
	if online {
		// A provider is told nothing of a request it was not invited
		// to, not even that it exists.
		if i < 0 {
			return Logged{}, nil, notInvited(in.ProviderID, r.ID)
		}
		if err := matching.CheckOnlineAnswer(*r); err != nil {
			return Logged{}, nil, err
		}
	}
	prev, err := tx.Responses(r.ID)
	if err != nil {
		return Logged{}, nil, err
	}
	var earlier *matching.Response
	if j := slices.IndexFunc(prev, func(p matching.Response) bool { return p.ProviderID == in.ProviderID }); j >= 0 {
		earlier = &prev[j]
	}
	resp, evs, err := r.Respond(act, in, i >= 0, earlier, salt)
	if err != nil {
		return Logged{}, nil, err
	}
	def, err := defaults(tx, r.Council, r.Lot)
	if err != nil {
		return Logged{}, nil, err
	}
	answered := len(prev)
	if earlier == nil {
		answered++
	}
	var inv matching.Invitation // r.Respond refuses one not invited
	if i >= 0 {
		inv = invs[i]
	}
	return Logged{Response: resp, Warnings: matching.OfferWarnings(*r, inv, resp, def.GuidePrice),
		Answered: answered, Invited: len(invs), Open: r.Status == matching.StatusOpen, Deadline: r.Deadline}, evs, nil
}

// onlineNotFound says a request a provider looks for is not found in the
// words a provider reads (see notInvited); other errors pass.
func onlineNotFound(err error, online bool, providerID, id string) error {
	if online && matching.KindOf(err) == matching.KindNotFound {
		return notInvited(providerID, id)
	}
	return err
}

// Withdraw records that a provider took its offer back.
func (s *Service) Withdraw(ctx context.Context, actor, id, providerID string) error {
	if err := s.allowRequest(ctx, OpRequestAnswer, id); err != nil {
		return err
	}
	return s.withdraw(ctx, actor, id, providerID, false)
}

func (s *Service) withdraw(ctx context.Context, actor, id, providerID string, online bool) error {
	act := s.act(actor)
	salt := s.salt()
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return onlineNotFound(err, online, providerID, id)
		}
		if online {
			invs, err := tx.Invitations(id)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(invs, func(i matching.Invitation) bool { return i.ProviderID == providerID }) {
				return notInvited(providerID, id)
			}
			if err := matching.CheckOnlineAnswer(r); err != nil {
				return err
			}
		}
		resps, err := tx.Responses(id)
		if err != nil {
			return err
		}
		var resp *matching.Response
		if i := slices.IndexFunc(resps, func(p matching.Response) bool { return p.ProviderID == providerID }); i >= 0 {
			resp = &resps[i]
		}
		if online {
			if err := matching.CheckOwnWithdraw(r, resp); err != nil {
				return err
			}
		}
		ev, err := r.Withdraw(act, resp, salt)
		if err != nil {
			return err
		}
		if err := tx.PutResponse(id, *resp); err != nil {
			return err
		}
		err = tx.AppendEvents(ev)
		return err
	})
}

// change applies a transition to a loaded request and records it, in one
// transaction; then queues what providers are owed (then may be nil).
func (s *Service) change(ctx context.Context, actor, id string,
	apply func(r *matching.Request, act matching.Act, tx Tx) ([]matching.Event, error),
	then func(tx Tx, r matching.Request) error) error {
	act := s.act(actor)
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return err
		}
		was := r.Status
		evs, err := apply(&r, act, tx)
		if err != nil {
			return err
		}
		if err := Record(tx, r, was, evs...); err != nil {
			return err
		}
		if then != nil {
			return then(tx, r)
		}
		return nil
	})
}

// one wraps a transition that makes one event.
func one(ev matching.Event, err error) ([]matching.Event, error) {
	if err != nil {
		return nil, err
	}
	return []matching.Event{ev}, nil
}

// Extend moves an open request's deadline later, and tells every invited
// provider.
func (s *Service) Extend(ctx context.Context, actor, id string, deadline time.Time) error {
	if err := s.allowRequest(ctx, OpRequestExtend, id); err != nil {
		return err
	}
	var old time.Time
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, _ Tx) ([]matching.Event, error) {
		old = r.Deadline
		return one(r.Extend(act, deadline))
	}, func(tx Tx, r matching.Request) error { return queueDeadlineMoved(tx, r, old, s.now()) })
}

// MoveStart moves an open request's start date later, only while the young
// person's age on it is unchanged (see matching.CheckMoveStart), and tells
// every invited provider, with the reason if one is given (they read it, so
// it may not carry personal data). It is on the record as an event.
func (s *Service) MoveStart(ctx context.Context, actor, id string, start time.Time, reason string) error {
	if err := s.allowRequest(ctx, OpRequestMoveStart, id); err != nil {
		return err
	}
	var old time.Time
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, _ Tx) ([]matching.Event, error) {
		old = r.Start
		return one(r.MoveStart(act, start, reason))
	}, func(tx Tx, r matching.Request) error { return queueStartMoved(tx, r, old, reason, s.now()) })
}

// Cancel ends a draft or open request; the providers of an open one are
// told.
func (s *Service) Cancel(ctx context.Context, actor, id, reason string) error {
	if err := s.allowRequest(ctx, OpRequestCancel, id); err != nil {
		return err
	}
	var wasOpen bool
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, _ Tx) ([]matching.Event, error) {
		wasOpen = r.Status == matching.StatusOpen
		return one(r.Cancel(act, reason))
	}, func(tx Tx, r matching.Request) error {
		if !wasOpen {
			return nil
		}
		return queueOutcomes(tx, r, matching.Ranking{})
	})
}

// Close ends an open request early, with the reason on the record; the
// close time becomes its deadline, and every invited provider is told (not
// the reason, which is for the record).
func (s *Service) Close(ctx context.Context, actor, id, reason string) error {
	if err := s.allowRequest(ctx, OpRequestClose, id); err != nil {
		return err
	}
	var old time.Time
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, _ Tx) ([]matching.Event, error) {
		old = r.Deadline
		return one(r.CloseEarly(act, reason))
	}, func(tx Tx, r matching.Request) error { return queueClosedEarly(tx, r, old) })
}

// RankResult is a request with its ranking.
type RankResult struct {
	Request matching.Request
	Ranking matching.Ranking
	// JustOpened is true when this call opened the offers.
	JustOpened bool
}

// Rank returns the ranking of a request whose deadline has passed. The first
// call on a closed request opens the offers: from then on the set is frozen
// and the ranking is the one recorded at that moment.
func (s *Service) Rank(ctx context.Context, actor, id string) (RankResult, error) {
	if err := s.allowRequest(ctx, OpRequestRank, id); err != nil {
		return RankResult{}, err
	}
	act := s.act(actor)
	var res RankResult
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return err
		}
		if err := matching.CheckRank(r); err != nil {
			return err
		}
		if r.Status != matching.StatusClosed {
			res.Request = r
			res.Ranking, err = tx.Ranking(id)
			return err
		}
		entrants, err := tx.Entrants(id)
		if err != nil {
			return err
		}
		resps, err := tx.Responses(id)
		if err != nil {
			return err
		}
		was := r.Status
		rk, ev, err := r.Open(act, entrants, resps)
		if err != nil {
			return err
		}
		if err := tx.SaveRanking(id, rk); err != nil {
			return err
		}
		if err := Record(tx, r, was, ev); err != nil {
			return err
		}
		res.Request, res.Ranking, res.JustOpened = r, rk, true
		return nil
	})
	return res, err
}

// Award gives the request to a ranked provider; anyone but rank 1 needs a
// recorded reason. Every invited provider is told its outcome.
func (s *Service) Award(ctx context.Context, actor, id, providerID, reason string) error {
	if err := s.allowRequest(ctx, OpRequestAward, id); err != nil {
		return err
	}
	var rk matching.Ranking
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, tx Tx) ([]matching.Event, error) {
		if r.Status == matching.StatusOpened {
			var err error
			if rk, err = tx.Ranking(id); err != nil {
				return nil, err
			}
		}
		ev, err := r.Award(act, rk, providerID, reason)
		if err != nil {
			return nil, err
		}
		// The award makes the placement, in the same transaction.
		pev, err := s.makePlacement(tx, func(id string) (matching.Placement, matching.Event, error) {
			return matching.AwardPlacement(id, *r, rk, act, s.salt())
		}, r.Council)
		if err != nil {
			return nil, err
		}
		return []matching.Event{ev, pev}, nil
	}, func(tx Tx, r matching.Request) error { return queueOutcomes(tx, r, rk) })
}

// NoAward ends an opened request without award, with an optional spot
// purchase recorded as the contingency. Every invited provider is told.
func (s *Service) NoAward(ctx context.Context, actor, id, reason, spot string) error {
	return s.NoAwardSpot(ctx, actor, id, reason, spot, SpotPlacement{})
}

// NoAwardSpot is NoAward with the spot purchase's placement when its
// provider and weekly price are given (see SpotPlacement): the placement
// is made in the same transaction.
func (s *Service) NoAwardSpot(ctx context.Context, actor, id, reason, spot string, sp SpotPlacement) error {
	if err := s.allowRequest(ctx, OpRequestAward, id); err != nil {
		return err
	}
	weekly, err := sp.check(spot)
	if err != nil {
		return err
	}
	return s.change(ctx, actor, id, func(r *matching.Request, act matching.Act, tx Tx) ([]matching.Event, error) {
		ev, err := r.NoAward(act, reason, spot)
		if err != nil || sp.ProviderName == "" {
			return []matching.Event{ev}, err
		}
		pev, err := s.makePlacement(tx, func(pid string) (matching.Placement, matching.Event, error) {
			return matching.SpotPlacement(pid, *r, sp.ProviderName, weekly, act, s.salt())
		}, r.Council)
		if err != nil {
			return nil, err
		}
		return []matching.Event{ev, pev}, nil
	}, func(tx Tx, r matching.Request) error {
		rk, err := tx.Ranking(id)
		if err != nil {
			return err
		}
		return queueOutcomes(tx, r, rk)
	})
}
