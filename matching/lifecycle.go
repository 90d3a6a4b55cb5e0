package matching

import (
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DueToClose reports whether an open request has reached its deadline.
func (r Request) DueToClose(now time.Time) bool {
	return r.Status == StatusOpen && !now.Before(r.Deadline)
}

// Sealed reports whether the content of answers must stay hidden: until the
// offers are opened nobody on the commissioning side sees what was offered.
func (r Request) Sealed() bool { return r.OpenedAt.IsZero() }

// CheckBroadcast allows a broadcast of a draft whose deadline is still ahead.
func CheckBroadcast(r Request, now time.Time) error {
	if r.Status != StatusDraft {
		return Conflictf("request %s is %s: only a draft can be broadcast", r.ID, r.Status)
	}
	if missing := r.Missing(); len(missing) > 0 {
		return Invalidf("%s is not complete: it has no %s yet; fill that in on the draft (e) or with placematch request edit %s, then broadcast it",
			r.ID, JoinWords(missing, "or"), r.ID)
	}
	if !r.Deadline.After(now) {
		return Conflictf("the deadline of %s (%s) has passed: set a later deadline before broadcasting", r.ID, ShowTime(r.Deadline))
	}
	if r.Start.Before(Today(now)) {
		return Conflictf("the start date of %s (%s) has passed: it cannot be broadcast; cancel it and create a new request", r.ID, ShowDate(r.Start))
	}
	// A draft saved as it was typed may still break a rule: every field is
	// checked again, as the criteria it will be fixed with.
	in := InputOf(r)
	in.Deadline = r.Deadline.UTC().Format(time.RFC3339Nano) // to the second, as stored
	if _, err := BuildRequest(in, Defaults{Weights: r.Weights, GuidePrice: r.PriceCap, Buyer: r.Buyer}, now); err != nil {
		var fe FieldErrors
		if errors.As(err, &fe) && len(fe) > 0 {
			return Invalidf("%s cannot be broadcast yet: %s; put it right on the draft (e) or with placematch request edit %s", r.ID, fe[0].Msg, r.ID)
		}
		return err
	}
	return nil
}

// CheckExtend allows moving an open request's deadline later, never earlier.
func CheckExtend(r Request, deadline, now time.Time) error {
	if r.Status != StatusOpen {
		return Conflictf("request %s is %s: only an open request's deadline can be extended", r.ID, r.Status)
	}
	if !deadline.After(r.Deadline) {
		return Invalidf("the new deadline %s is not later than the current one, %s: a deadline can only move later", ShowTime(deadline), ShowTime(r.Deadline))
	}
	if !deadline.After(now) {
		return Invalidf("the new deadline %s has already passed", ShowTime(deadline))
	}
	if !r.Start.IsZero() && dateOf(deadline).After(r.Start) {
		return Invalidf("the new deadline %s is after the start date %s: providers must answer before the placement starts; choose a deadline on or before %s",
			ShowTime(deadline), ShowDate(r.Start), ShowDate(r.Start))
	}
	return nil
}

// CheckMoveStart allows moving an open request's start date later, and
// only while the young person's age on the new date is the age the request
// was broadcast with: eligibility and scores were worked out on that age, so
// they stand. Otherwise the request is cancelled and sent anew.
func CheckMoveStart(r Request, start, now time.Time) error {
	if !r.Status.Allows(StepMoveStart) {
		return Conflictf("request %s is %s: only an open request's start date can be moved; providers have answered for the date it set", r.ID, r.Status)
	}
	start = dateOf(start)
	if !start.After(r.Start) {
		return Invalidf("the new start date %s is not later than the current one, %s: a start date can only move later", ShowDate(start), ShowDate(r.Start))
	}
	if start.After(dateOf(now).AddDate(1, 0, 0)) {
		return Invalidf("the new start date %s is more than a year away: check the date", ShowDate(start))
	}
	if was, now := r.Age(), AgeOn(r.DOB, start); was != now {
		return Invalidf("the young person would be %d on %s, not %d as the request was sent: eligibility and scores would change, so cancel the request and send a new one; the latest start date at age %d is %s",
			now, ShowDate(start), was, was, ShowDate(LastDayAtAge(r.DOB, was)))
	}
	return nil
}

// LastDayAtAge is the last date on which someone born on dob is still age.
func LastDayAtAge(dob time.Time, age int) time.Time {
	return dateOf(dob).AddDate(age+1, 0, -1)
}

// CheckCancel allows cancelling a draft or an open request.
func CheckCancel(r Request) error {
	if r.Status != StatusDraft && r.Status != StatusOpen {
		return Conflictf("request %s is %s: only a draft or an open request can be cancelled", r.ID, r.Status)
	}
	return nil
}

// CheckClose allows an officer to close an open request early.
func CheckClose(r Request) error {
	if r.Status != StatusOpen {
		return Conflictf("request %s is %s: only an open request can be closed", r.ID, r.Status)
	}
	return nil
}

// CheckRank allows ranking once answers are no longer sealed by the deadline:
// a closed request (whose first ranking opens the offers) or one already
// opened or decided.
func CheckRank(r Request) error {
	switch r.Status {
	case StatusOpen:
		return Sealedf("request %s is open until %s and its offers are sealed: wait for the deadline, or close it early with a reason (request close %s --reason ...)", r.ID, ShowTime(r.Deadline), r.ID)
	case StatusDraft:
		return Conflictf("request %s is a draft: broadcast it and wait for offers before ranking", r.ID)
	case StatusCancelled:
		return Conflictf("request %s was cancelled: there is nothing to rank", r.ID)
	}
	return nil
}

// ResponseInput is a provider's answer as typed.
type ResponseInput struct {
	ProviderID string
	Weekly     string // pounds; empty with Decline set
	Hourly     string // pounds an hour, times the request's hours, instead of Weekly
	Decline    string // the reason; empty for an offer
	Declined   bool   // a decline with Decline as its reason
	CoverUntil string
	Start      string
	Received   string // empty: now
	Note       string
	// Clear names the fields given empty on purpose ("cover-until",
	// "start", "note"): a revision clears them rather than keeping the
	// earlier answer's (see Revising).
	Clear []string
}

// Revising is an answer as it revises prev, the provider's earlier answer
// (nil if none): an offer that revises an offer keeps every field it leaves
// unset and does not clear, so that changing the price does not erase the
// start date or the note given before. The price is kept only when neither
// a weekly price nor an hourly rate is given. A decline keeps nothing, nor
// does an offer after a decline or a withdrawal: there is no offer to
// revise.
func (in ResponseInput) Revising(prev *Response) ResponseInput {
	if prev == nil || prev.Declined || prev.Withdrawn() || in.Declined || strings.TrimSpace(in.Decline) != "" {
		return in
	}
	keep := func(field, given string) bool {
		return strings.TrimSpace(given) == "" && !slices.Contains(in.Clear, field)
	}
	if strings.TrimSpace(in.Weekly) == "" && strings.TrimSpace(in.Hourly) == "" && prev.Weekly > 0 {
		in.Weekly = prev.Weekly.String()
	}
	if keep("cover-until", in.CoverUntil) && prev.CoverUntil > 0 {
		in.CoverUntil = strconv.Itoa(prev.CoverUntil)
	}
	if keep("start", in.Start) && !prev.Start.IsZero() {
		in.Start = ShowDate(prev.Start)
	}
	if keep("note", in.Note) {
		in.Note = prev.Note
	}
	return in
}

// BuildResponse checks an answer against the request it is for. invited says
// whether the provider was invited; now is when it is being logged.
func BuildResponse(r Request, in ResponseInput, invited bool, now time.Time) (Response, error) {
	switch r.Status {
	case StatusOpen, StatusClosed:
	case StatusDraft:
		return Response{}, Conflictf("request %s is a draft: broadcast it before logging answers", r.ID)
	case StatusOpened, StatusAwarded, StatusNoAward:
		return Response{}, Conflictf("the offers of %s were opened on %s: the set is frozen and no answer can be added or changed", r.ID, ShowTime(r.OpenedAt))
	default:
		return Response{}, Conflictf("request %s is %s: it takes no answers", r.ID, r.Status)
	}
	if !invited {
		return Response{}, Conflictf("provider %q was not invited to %s: only invited providers can answer (see request show %s)", clip(in.ProviderID, 30), r.ID, r.ID)
	}
	var errs FieldErrors
	add := func(field string, err error) {
		if err != nil {
			errs = append(errs, FieldError{field, err.Error()})
		}
	}
	resp := Response{ProviderID: in.ProviderID, RecordedAt: now}
	weekly, hourly := strings.TrimSpace(in.Weekly), strings.TrimSpace(in.Hourly)
	declined := in.Declined || strings.TrimSpace(in.Decline) != ""
	switch {
	case declined && (weekly != "" || hourly != ""):
		add("weekly", Invalidf("give either a weekly price or a decline, not both"))
	case declined:
		reason, err := CheckReason("decline", in.Decline)
		add("decline", err)
		resp.Declined, resp.DeclineReason = true, reason
	case weekly != "" && hourly != "":
		add("weekly", Invalidf("give a weekly price or an hourly rate, not both"))
	case weekly != "":
		p, err := ParseMoney(weekly)
		if err == nil && p == 0 {
			err = Invalidf("a weekly price of £0 is not an offer: give the weekly price, or log a decline")
		}
		add("weekly", err)
		resp.Weekly = p
	case hourly != "":
		p, err := ParseMoney(hourly)
		if err == nil && r.Hours <= 0 {
			err = Invalidf("the request gives no hours a week, so an hourly rate cannot be turned into a weekly price: give the weekly price")
		}
		if err == nil && p == 0 {
			err = Invalidf("an hourly rate of £0 is not an offer")
		}
		if err == nil {
			resp.Weekly = WeeklyFromHourly(p, r.Hours)
			switch {
			case resp.Weekly <= 0:
				err = Invalidf("an hourly rate of %s for %s hours comes to less than a penny a week: give the weekly price", p, strconv.FormatFloat(r.Hours, 'f', -1, 64))
			case resp.Weekly > MaxPence:
				err = Invalidf("an hourly rate of %s for %s hours comes to %s a week, over the £10,000,000 limit: check the rate", p, strconv.FormatFloat(r.Hours, 'f', -1, 64), resp.Weekly)
			}
		}
		add("hourly", err)
	default:
		add("weekly", Invalidf("give the weekly price offered (e.g. 950), or a decline with its reason"))
	}
	if c := strings.TrimSpace(in.CoverUntil); c != "" {
		v, err := strconv.Atoi(c)
		if err != nil || v < 1 || v > 30 {
			add("cover-until", Invalidf("cover until %q must be an age in whole years, e.g. 21 or 25", clip(c, 10)))
		} else {
			resp.CoverUntil = v
		}
	}
	if s := strings.TrimSpace(in.Start); s != "" {
		d, err := ParseDate(s)
		add("start", err)
		resp.Start = d
	}
	if s := strings.TrimSpace(in.Received); s == "" {
		resp.Received = now
	} else if t, err := ParseTime(s); err != nil {
		add("received", err)
	} else if t.After(now.Add(time.Minute)) {
		add("received", Invalidf("the received time %s is in the future: give when the answer actually arrived", ShowTime(t)))
	} else if !r.BroadcastAt.IsZero() && t.Before(r.BroadcastAt.Truncate(time.Minute)) {
		add("received", Invalidf("the received time %s is before the request was broadcast (%s)", ShowTime(t), ShowTime(r.BroadcastAt)))
	} else {
		resp.Received = t
	}
	resp.Note = strings.TrimSpace(in.Note)
	add("note", CheckText("note", resp.Note, MaxReason))
	if len(errs) > 0 {
		return Response{}, errs
	}
	return resp, nil
}

// CheckAnswerChange stops a provider re-pricing after close: once a request
// is closed, only a provider that has not answered yet may have an answer
// logged (one that came by phone or email); an earlier answer stands.
func CheckAnswerChange(r Request, hadAnswer bool) error {
	if r.Status != StatusOpen && hadAnswer {
		return Conflictf("request %s is closed and this provider has already answered: an answer cannot be changed after close (no re-pricing)", r.ID)
	}
	return nil
}

// WeeklyFromHourly is an hourly rate times the weekly hours, to the penny
// (halves away from zero).
func WeeklyFromHourly(rate Pence, hours float64) Pence {
	// Exactly, on the hours as written (4.1, not 4.0999…), so that a half
	// penny is not lost to float rounding.
	v := new(big.Rat).Mul(big.NewRat(int64(rate), 1), decimalRat(hours))
	return Pence(RoundHalfAway(v, 0).Num().Int64())
}

// CheckWithdraw allows a provider to withdraw an offer while the offers are
// still sealed.
func CheckWithdraw(r Request, resp *Response) error {
	if r.Status != StatusOpen && r.Status != StatusClosed {
		if r.Status >= StatusOpened && r.Status != StatusCancelled {
			return Conflictf("the offers of %s were opened: the set is frozen and nothing can be withdrawn", r.ID)
		}
		return Conflictf("request %s is %s: there is nothing to withdraw", r.ID, r.Status)
	}
	if resp == nil {
		return NotFoundf("that provider has no answer on %s to withdraw", r.ID)
	}
	if resp.Declined {
		return Conflictf("that provider declined %s: there is no offer to withdraw", r.ID)
	}
	if resp.Withdrawn() {
		return Conflictf("that provider's offer on %s is already withdrawn", r.ID)
	}
	return nil
}

// CheckOwnWithdraw is CheckWithdraw as the provider withdrawing is told it,
// in its own words ("you declined"), never the council's ("that provider
// declined").
func CheckOwnWithdraw(r Request, resp *Response) error {
	if r.Status == StatusOpen || r.Status == StatusClosed {
		switch {
		case resp == nil:
			return NotFoundf("you have not answered %s, so there is no offer to withdraw", r.ID)
		case resp.Declined:
			return Conflictf("you declined %s, so there is no offer to withdraw", r.ID)
		case resp.Withdrawn():
			return Conflictf("you have already withdrawn your offer on %s", r.ID)
		}
	}
	return CheckWithdraw(r, resp)
}

// CheckAward checks an award against the ranking: the provider must be
// ranked; anyone but rank 1 needs a recorded reason.
func CheckAward(r Request, rk Ranking, providerID, reason string) (string, error) {
	if r.Status != StatusOpened {
		if r.Status == StatusClosed {
			return "", Conflictf("the offers of %s have not been opened: rank it first (request rank %s)", r.ID, r.ID)
		}
		return "", Conflictf("request %s is %s: only a request whose offers are opened can be awarded", r.ID, r.Status)
	}
	pos := -1
	for i, s := range rk.Ranked {
		if s.ProviderID == providerID {
			pos = i
		}
	}
	if pos < 0 {
		return "", Invalidf("provider %q has no compliant offer on %s: award one of the ranked providers, or end without award (request no-award)", clip(providerID, 30), r.ID)
	}
	reason = strings.TrimSpace(reason)
	var err error
	if pos > 0 {
		reason, err = CheckReason("award to rank "+strconv.Itoa(pos+1)+" rather than rank 1", reason)
	} else {
		err = CheckText("reason", reason, MaxReason)
	}
	if err != nil {
		return reason, err
	}
	// Every invited provider reads the reason with its outcome.
	return reason, CheckProviderText(r, "award reason", reason)
}

// CheckNoAward allows ending a request whose offers are opened without award.
func CheckNoAward(r Request, reason string) (string, error) {
	if r.Status != StatusOpened {
		if r.Status == StatusClosed {
			return "", Conflictf("the offers of %s have not been opened: rank it first (request rank %s)", r.ID, r.ID)
		}
		return "", Conflictf("request %s is %s: only a request whose offers are opened can end without award", r.ID, r.Status)
	}
	reason, err := CheckReason("end without award", reason)
	if err != nil {
		return reason, err
	}
	// Every invited provider reads the reason with its outcome.
	return reason, CheckProviderText(r, "no-award reason", reason)
}
