package matching

import (
	"strconv"
	"strings"
	"time"
)

// The lifecycle changes of a request, each in one place: a transition
// checks the rule, makes the change on the request and returns the audit
// event that records it. The service loads, applies, writes and appends;
// the region generator applies the same transitions in its batches; a
// screen enables a key by asking Allows. Nothing else changes a request's
// status.

// Act is who makes a change, and when.
type Act struct {
	Actor string
	At    time.Time
}

// System is an act of placematch itself at the time at: a request closing
// at its deadline.
func System(at time.Time) Act { return Act{Actor: "system", At: at} }

// event starts the audit event of an act on a request.
func (a Act) event(requestID string, action string, pairs ...string) Event {
	return Event{At: a.At.UTC(), Actor: a.Actor, RequestID: requestID, Action: action, Version: EventVersion, Fields: pairsOf(pairs...)}
}

// The actions of the trail. An action's name is what the trail says
// happened; its fields are listed where the event is made.
const (
	ActionDraftCreated     = "draft created"
	ActionBroadcast        = "broadcast"
	ActionAnswerLogged     = "answer logged"
	ActionAnswerChanged    = "answer changed" // a withdrawal, sealed like the answer itself
	ActionDeadlineExtended = "deadline extended"
	ActionStartMoved       = "start moved"
	ActionClosed           = "closed"
	ActionCancelled        = "cancelled"
	ActionOffersOpened     = "offers opened"
	ActionAwarded          = "awarded"
	ActionNoAward          = "no award"
	ActionProviderAdded    = "provider added"
	ActionProviderUpdated  = "provider updated"
	ActionRegisterImported = "register imported"
	ActionDefaultsSet      = "council defaults set"
	ActionBackupMade       = "backup made"
	ActionSettingsSet      = "settings set"
	ActionContactSet       = "council contact set"
)

// Step is something an officer can do to a request.
type Step int

// The steps of a request's life.
const (
	StepEdit Step = iota
	StepBroadcast
	StepLogAnswer
	StepWithdraw
	StepExtend
	StepCloseEarly
	StepCancel
	StepRank // see the ranking; the first time, of a closed request, opens the offers
	StepAward
	StepNoAward
	StepMoveStart // move the start date later, the age on it unchanged
)

// Allows reports whether a request in this status allows the step at all
// (the step's own check may still refuse it: a deadline passed, a reason
// missing). Screens ask it to offer a key; the transitions ask it first.
func (s Status) Allows(step Step) bool {
	switch step {
	case StepEdit, StepBroadcast:
		return s == StatusDraft
	case StepLogAnswer, StepWithdraw:
		return s == StatusOpen || s == StatusClosed
	case StepExtend, StepCloseEarly, StepMoveStart:
		return s == StatusOpen
	case StepCancel:
		return s == StatusDraft || s == StatusOpen
	case StepRank:
		return s == StatusClosed || s == StatusOpened || s == StatusAwarded || s == StatusNoAward
	case StepAward, StepNoAward:
		return s == StatusOpened
	}
	return false
}

// personalValues are the personal data a request holds, as committed to.
func personalValues(r Request) Fields {
	return Fields{{"case", r.CaseRef}, {"initials", r.Initials}, {"dob", ShowDate(r.DOB)}}
}

// answerValues are an answer's contents, as committed to while sealed.
func answerValues(a Response) Fields {
	declined := ""
	if a.Declined {
		declined = "yes"
	}
	cover := ""
	if a.CoverUntil > 0 {
		cover = strconv.Itoa(a.CoverUntil)
	}
	weekly := ""
	if a.Weekly > 0 {
		weekly = a.Weekly.String()
	}
	return Fields{{"declined", declined}, {"decline reason", a.DeclineReason}, {"weekly", weekly}, {"cover until", cover},
		{"start", ShowDate(a.Start)}, {"note", a.Note}, {"withdrawn", stamp(a.WithdrawnAt)}}
}

// stamp is an instant as events record it: RFC 3339 in UTC, to the
// nanosecond; "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// capValue is a price cap as events record it.
func capValue(p Pence) string {
	if p == 0 {
		return "none"
	}
	return p.String()
}

// NewDraft makes a draft request with the id given from an officer's
// input, checked whole by BuildRequest. Its event records where and what it
// is for, and commits to the personal data under salt.
func NewDraft(id string, in RequestInput, def Defaults, act Act, salt string) (Request, Event, error) {
	r, err := BuildRequest(in, def, act.At)
	if err != nil {
		return Request{}, Event{}, err
	}
	r.ID, r.CreatedAt, r.CreatedBy = id, act.At, act.Actor
	ev := act.event(r.ID, ActionDraftCreated,
		"council", r.Council, "framework", r.Framework, "lot", r.Lot, "age", strconv.Itoa(r.Age()), "urgency", string(r.Urgency),
		"start", ShowDate(r.Start), "deadline", stamp(r.Deadline), "weights", r.Weights.String(), "price cap", capValue(r.PriceCap))
	ev.commit(FieldPersonal, salt, personalValues(r))
	return r, ev, nil
}

// NewPartialDraft makes a draft request with the id given from an input
// that may be incomplete (see BuildDraft): council and lot are enough, so
// that a form saves what is typed as it is typed. Its event is NewDraft's,
// recording what the draft holds so far; the broadcast records the
// criteria whole.
func NewPartialDraft(id string, in RequestInput, def Defaults, act Act, salt string) (Request, Event, error) {
	r, _, err := BuildDraft(in, def, act.At)
	if err != nil {
		return Request{}, Event{}, err
	}
	r.ID, r.CreatedAt, r.CreatedBy = id, act.At, act.Actor
	age := ""
	if !r.DOB.IsZero() && !r.Start.IsZero() {
		age = strconv.Itoa(r.Age())
	}
	ev := act.event(r.ID, ActionDraftCreated,
		"council", r.Council, "framework", r.Framework, "lot", r.Lot, "age", age, "urgency", string(r.Urgency),
		"start", ShowDate(r.Start), "deadline", stamp(r.Deadline), "weights", r.Weights.String(), "price cap", capValue(r.PriceCap))
	ev.commit(FieldPersonal, salt, personalValues(r))
	return r, ev, nil
}

// Edit changes a draft's details to a new input, as a command edits it:
// the draft may stay incomplete, but the edit may not add a problem (a
// value that does not read, or that breaks a rule) to a field that had
// none; each such problem is refused and nothing changes. Only a draft
// can change, since the criteria are fixed at broadcast; editing a draft
// is not an event (the broadcast records the criteria whole).
func (r *Request) Edit(in RequestInput, def Defaults, now time.Time) error {
	if !r.Status.Allows(StepEdit) {
		return Conflictf("request %s is %s: only a draft can be edited, because the criteria are fixed once it is broadcast", r.ID, r.Status)
	}
	nr, problems, err := BuildDraft(in, def, now)
	if err != nil {
		return err
	}
	was := InputOf(*r)
	_, before := build(was, def, now)
	var added FieldErrors
	for _, p := range problems {
		had := before.Get(p.Field) != "" && !missingOnly(p.Field, was)
		if !had && !missingOnly(p.Field, in) {
			added = append(added, p)
		}
	}
	if len(added) > 0 {
		return added
	}
	nr.ID, nr.CreatedAt, nr.CreatedBy = r.ID, r.CreatedAt, r.CreatedBy
	*r = nr
	return nil
}

// missingOnly reports whether a field's problem is only that it is still
// empty, which a draft may be.
func missingOnly(field string, in RequestInput) bool {
	v := map[string]string{"case": in.CaseRef, "initials": in.Initials, "dob": in.DOB, "start": in.Start, "deadline": in.Deadline}
	s, ok := v[field]
	return ok && strings.TrimSpace(s) == ""
}

// SaveDraft replaces a draft's details with an input as a form holds it
// while it is being filled in, field by field: whatever is incomplete or
// wrong is kept as far as it reads (see BuildDraft) and checked again
// before broadcast. Only a draft can change; saving one is not an event.
func (r *Request) SaveDraft(in RequestInput, def Defaults, now time.Time) error {
	if !r.Status.Allows(StepEdit) {
		return Conflictf("request %s is %s: only a draft can be edited, because the criteria are fixed once it is broadcast", r.ID, r.Status)
	}
	nr, _, err := BuildDraft(in, def, now)
	if err != nil {
		return err
	}
	nr.ID, nr.CreatedAt, nr.CreatedBy = r.ID, r.CreatedAt, r.CreatedBy
	*r = nr
	return nil
}

// maxListedNotInvited is how many providers left out a broadcast's event
// names one by one. On a region's register nearly the whole lot is left
// out of each request (thousands of providers that do not serve the
// council); the event then counts them by reason and quotes the digest of
// the list, which the store keeps whole with the request.
const maxListedNotInvited = 100

// Broadcast sends a draft to the invited providers: the criteria are fixed
// and the invited list is a snapshot. invited and left are
// Eligibility(r, lot) (a caller may work them out once for many requests),
// leftDigest is NotInvitedDigest(left) ("" when left is empty). Its event
// records the criteria whole, who was invited and who was not and why, and
// commits to the personal data under salt. When nobody was eligible the
// request closes at once, a second event.
func (r *Request) Broadcast(act Act, invited []Invitation, left []NotInvited, leftDigest, salt string) ([]Event, error) {
	if err := CheckBroadcast(*r, act.At); err != nil {
		return nil, err
	}
	r.Status, r.BroadcastAt = StatusOpen, act.At
	ids := make([]string, len(invited))
	for i, inv := range invited {
		ids[i] = inv.ProviderID
	}
	var notInvited string
	if len(left) <= maxListedNotInvited {
		parts := make([]string, len(left))
		for i, n := range left {
			parts[i] = n.ProviderID + " " + strings.Join(n.Reasons, ",")
		}
		notInvited = strings.Join(parts, "; ")
	} else {
		count := ReasonCounts(left)
		var parts []string
		for _, c := range Reasons() {
			if count[c] > 0 {
				parts = append(parts, c+" "+strconv.Itoa(count[c]))
			}
		}
		notInvited = strconv.Itoa(len(left)) + " providers: " + strings.Join(parts, ", ")
	}
	ev := act.event(r.ID, ActionBroadcast, append(criteriaPairs(*r),
		"invited", strings.Join(ids, " "), "not invited", notInvited, "not invited sha256", leftDigest)...)
	ev.commit(FieldPersonal, salt, personalValues(*r))
	evs := []Event{ev}
	if len(invited) == 0 {
		evs = append(evs, r.close(act, act.At, CloseNobodyEligible))
	}
	return evs, nil
}

// criteriaPairs are the criteria a broadcast fixes, as its event records
// them (names and values; those with no value are left out).
func criteriaPairs(r Request) []string {
	hours := ""
	if r.Hours > 0 {
		hours = strconv.FormatFloat(r.Hours, 'f', -1, 64)
	}
	return []string{"council", r.Council, "framework", r.Framework, "lot", r.Lot, "age", strconv.Itoa(r.Age()), "urgency", string(r.Urgency),
		"start", ShowDate(r.Start), "deadline", stamp(r.Deadline), "hours", hours, "needs", strings.Join(r.Needs, " "),
		"risks", strings.Join(r.Risks, " "), "locality", r.Locality, "summary", r.Summary,
		"weights", r.Weights.String(), "price cap", capValue(r.PriceCap)}
}

// CloseCause is why a request closed.
type CloseCause string

// The causes of a close. CloseAllAnswered is no longer made: a request
// stays open until its deadline however many have answered, since providers
// were promised they could revise until then; trails written before say it.
const (
	CloseAtDeadline     CloseCause = "the deadline was reached"
	CloseAllAnswered    CloseCause = "every invited provider has answered"
	CloseEarly          CloseCause = "closed early"
	CloseNobodyEligible CloseCause = "no provider on the lot was eligible"
)

// close closes r at the instant at (which counts as its deadline from
// now on): its event, the act's own.
func (r *Request) close(act Act, at time.Time, cause CloseCause, pairs ...string) Event {
	r.Status, r.ClosedAt = StatusClosed, at
	return act.event(r.ID, ActionClosed, append([]string{"closed at", stamp(at), "cause", string(cause)}, pairs...)...)
}

// CloseDue closes an open request whose deadline has passed, as placematch
// itself at now, reporting whether it did: every operation asks it first,
// so that it sees the lifecycle as it truly stands.
func (r *Request) CloseDue(now time.Time) (Event, bool) {
	if !r.DueToClose(now) {
		return Event{}, false
	}
	return r.close(System(now), r.Deadline, CloseAtDeadline), true
}

// CloseEarly closes an open request before its deadline, with a recorded
// reason; the close time becomes its deadline.
func (r *Request) CloseEarly(act Act, reason string) (Event, error) {
	reason, err := CheckReason("close early", reason)
	if err == nil {
		err = CheckProviderText(*r, "reason for closing early", reason)
	}
	if err != nil {
		return Event{}, err
	}
	if err := CheckClose(*r); err != nil {
		return Event{}, err
	}
	was := r.Deadline
	r.Deadline, r.CloseReason = act.At, reason
	return r.close(act, act.At, CloseEarly, "reason", reason, "deadline was", stamp(was)), nil
}

// CheckOnlineAnswer allows a provider to answer, revise or withdraw by
// itself only while the request is open: after the close, only the council
// may log an answer that came in time by phone or email.
func CheckOnlineAnswer(r Request) error {
	if r.Status != StatusOpen {
		return Conflictf("request %s closed at %s: answers can no longer be given or changed online; contact the council if your answer was delayed", r.ID, ShowTime(r.Deadline))
	}
	return nil
}

// Respond logs an invited provider's answer, checked by BuildResponse; a
// later answer from the same provider replaces its earlier one (prev, nil
// if none) while the request is open, keeping what the new one leaves unset
// (see ResponseInput.Revising). The event says who answered and when, and
// commits to what under salt: the offers stay sealed in the trail too. The
// request stays open however many have answered: it closes at its deadline,
// or earlier only when an officer closes it.
func (r *Request) Respond(act Act, in ResponseInput, invited bool, prev *Response, salt string) (Response, []Event, error) {
	resp, err := BuildResponse(*r, in.Revising(prev), invited, act.At)
	if err != nil {
		return Response{}, nil, err
	}
	if err := CheckAnswerChange(*r, prev != nil); err != nil {
		return Response{}, nil, err
	}
	resp.RecordedBy = act.Actor
	ev := act.event(r.ID, ActionAnswerLogged, "provider", resp.ProviderID, "received", stamp(resp.Received),
		"late", yes(resp.Late(r.Deadline)), "replaces earlier answer", yes(prev != nil))
	ev.commit(FieldAnswer, salt, answerValues(resp))
	return resp, []Event{ev}, nil
}

// Withdraw takes a provider's offer back while the offers are sealed. The
// event commits to the answer as it now stands: even that it was an offer,
// not a decline, stays sealed until the opening.
func (r *Request) Withdraw(act Act, resp *Response, salt string) (Event, error) {
	if err := CheckWithdraw(*r, resp); err != nil {
		return Event{}, err
	}
	resp.WithdrawnAt = act.At
	ev := act.event(r.ID, ActionAnswerChanged, "provider", resp.ProviderID)
	ev.commit(FieldAnswer, salt, answerValues(*resp))
	return ev, nil
}

// Extend moves an open request's deadline later.
func (r *Request) Extend(act Act, deadline time.Time) (Event, error) {
	if err := CheckExtend(*r, deadline, act.At); err != nil {
		return Event{}, err
	}
	was := r.Deadline
	r.Deadline = deadline
	return act.event(r.ID, ActionDeadlineExtended, "from", stamp(was), "to", stamp(deadline)), nil
}

// MoveStart moves an open request's start date later (see CheckMoveStart),
// with a reason providers read in the letter that tells them: it may not
// carry the young person's personal data. The reason may be empty. The
// event records the dates from and to, and the reason.
func (r *Request) MoveStart(act Act, start time.Time, reason string) (Event, error) {
	reason = strings.TrimSpace(reason)
	err := CheckText("reason", reason, MaxReason)
	if err == nil {
		err = CheckProviderText(*r, "reason for moving the start date", reason)
	}
	if err != nil {
		return Event{}, err
	}
	if err := CheckMoveStart(*r, start, act.At); err != nil {
		return Event{}, err
	}
	was := r.Start
	r.Start = start
	return act.event(r.ID, ActionStartMoved, "from", ShowDate(was), "to", ShowDate(start), "reason", reason), nil
}

// Cancel ends a draft or an open request, with a recorded reason.
func (r *Request) Cancel(act Act, reason string) (Event, error) {
	reason, err := CheckReason("cancel", reason)
	if err == nil && r.Status != StatusDraft {
		// The providers of an open request read it with their outcome (a
		// draft's went to nobody).
		err = CheckProviderText(*r, "cancellation reason", reason)
	}
	if err != nil {
		return Event{}, err
	}
	if err := CheckCancel(*r); err != nil {
		return Event{}, err
	}
	was := r.Status
	r.Status, r.EndedAt, r.EndReason = StatusCancelled, act.At, reason
	return act.event(r.ID, ActionCancelled, "was", was.String(), "reason", reason), nil
}

// Open opens the offers of a closed request, like opening tenders: it
// ranks them (see Rank) on the entrants' standing at close, and from then
// on the set is frozen. Its event records the ranking whole: each ranked
// offer's price, cover, quality and total, each answer left out and why,
// and who never answered; the answers' contents are revealed by the
// openings of their own events.
func (r *Request) Open(act Act, entrants []Entrant, responses []Response) (Ranking, Event, error) {
	if err := CheckRank(*r); err != nil {
		return Ranking{}, Event{}, err
	}
	if r.Status != StatusClosed {
		return Ranking{}, Event{}, Conflictf("the offers of %s were opened on %s already", r.ID, ShowTime(r.OpenedAt))
	}
	rk := Rank(*r, r.Deadline, entrants, responses)
	r.Status, r.OpenedAt = StatusOpened, act.At
	ev := act.event(r.ID, ActionOffersOpened, append([]string{"age", strconv.Itoa(rk.Age), "weights", rk.Weights.String(),
		"price cap", capValue(r.PriceCap), "deadline", stamp(r.Deadline)}, rankingPairs(rk)...)...)
	return rk, ev, nil
}

// rankingPairs are a ranking as the event of the opening records it: each
// ranked offer's rank, provider, price, cover, quality and total; each
// answer left out and why; who never answered.
func rankingPairs(rk Ranking) []string {
	ranked := make([]string, len(rk.Ranked))
	for i, s := range rk.Ranked {
		ranked[i] = strconv.Itoa(s.Rank) + " " + s.ProviderID + " " + s.WeeklyPence.String() + " cover " + strconv.Itoa(s.CoverUntil) +
			" Q " + strconv.FormatFloat(s.Quality, 'f', -1, 64) + " total " + s.Rounded
	}
	excluded := make([]string, len(rk.Excluded))
	for i, ex := range rk.Excluded {
		excluded[i] = ex.ProviderID + " " + ex.Reason
	}
	silent := make([]string, len(rk.NoResponse))
	for i, n := range rk.NoResponse {
		silent[i] = n.ProviderID
	}
	return []string{"ranked", strings.Join(ranked, "; "), "not ranked", strings.Join(excluded, "; "), "no response", strings.Join(silent, " ")}
}

// Award gives the request to a ranked provider; anyone but rank 1 needs a
// recorded reason.
func (r *Request) Award(act Act, rk Ranking, providerID, reason string) (Event, error) {
	reason, err := CheckAward(*r, rk, providerID, reason)
	if err != nil {
		return Event{}, err
	}
	rank := 0
	for _, s := range rk.Ranked {
		if s.ProviderID == providerID {
			rank = s.Rank
		}
	}
	r.Status, r.EndedAt, r.EndReason, r.AwardedTo = StatusAwarded, act.At, reason, providerID
	return act.event(r.ID, ActionAwarded, "provider", providerID, "rank", strconv.Itoa(rank), "reason", reason), nil
}

// NoAward ends a request whose offers are opened without award, with its
// reason and, if one was made, the spot purchase recorded as the
// contingency.
func (r *Request) NoAward(act Act, reason, spot string) (Event, error) {
	spot = strings.TrimSpace(spot)
	if err := CheckText("spot purchase", spot, MaxReason); err != nil {
		return Event{}, err
	}
	reason, err := CheckNoAward(*r, reason)
	if err != nil {
		return Event{}, err
	}
	r.Status, r.EndedAt, r.EndReason, r.SpotPurchase = StatusNoAward, act.At, reason, spot
	return act.event(r.ID, ActionNoAward, "reason", reason, "spot purchase", spot), nil
}

// DefaultsSet records a council's weights and guide price for a lot,
// checked: the lot known, the council a member of its framework, the
// weights adding up to 100.
func DefaultsSet(act Act, council, lot string, d Defaults) (Event, error) {
	fw, _, ok := FindLot(lot)
	if !ok {
		return Event{}, Invalidf("lot %q is not known: use one of %s", clip(lot, 30), strings.Join(LotCodes(), ", "))
	}
	if !fw.Member(council) && !(d.Buyer != nil && d.Buyer.Slug == council && d.Buyer.BuysOn(fw.Code)) {
		return Event{}, Invalidf("%s is not a member of %s", clip(council, 40), fw.Code)
	}
	if err := d.Weights.Validate(); err != nil {
		return Event{}, err
	}
	return act.event("", ActionDefaultsSet, "council", council, "framework", fw.Code, "lot", lot, "weights", d.Weights.String(),
		"guide price", capValue(d.GuidePrice)), nil
}

// BackupMade records a copy of the store written to path.
func BackupMade(act Act, path string) Event {
	return act.event("", ActionBackupMade, "file", path)
}

// ActionStoreRestored is the action of a backup put in place as the store.
const ActionStoreRestored = "store restored"

// StoreRestored records a backup put in place as the store: the backup's
// file name, and its trail as it stood (events and head hash), which this
// event follows. Whatever the store held after the backup was made is not
// in it.
func StoreRestored(act Act, file string, events int, head string) Event {
	return act.event("", ActionStoreRestored, "file", file, "events", strconv.Itoa(events), "head", head)
}
