package demo

import (
	"fmt"
	"math/rand/v2"
	"placematch/matching"
	"placematch/service"
	"reflect"
	"strconv"
	"time"
)

// The lifecycle of a generated request: each change is the transition the
// service operation of that name applies (see the Traced op in each),
// written with g.record as service.Record writes it.

// act is the request's officer acting at at.
func (q *genReq) act(at time.Time) matching.Act { return matching.Act{Actor: q.officer, At: at} }

// broadcast invites every eligible provider, as Broadcast does.
func (g *gen) broadcast(tx service.Tx, q *genReq, at time.Time) error {
	r := q.r
	if r.Status != matching.StatusDraft {
		return nil
	}
	if err := matching.CheckBroadcast(r, at); err != nil {
		// Left as a draft too long: its deadline or start has passed.
		return g.cancelWith(tx, q, at, "The deadline passed before it was broadcast; a new request will be made.")
	}
	invited, left, digest := g.eligibility(r, matching.Today(at))
	if g.opts.CheckEligibility {
		i2, l2 := matching.Eligibility(r, g.lots[r.Lot].rows, matching.Today(at))
		if !reflect.DeepEqual(invited, i2) || !reflect.DeepEqual(left, l2) || (len(left) > 0 && digest != matching.NotInvitedDigest(l2)) {
			return fmt.Errorf("the eligibility worked out once for %s/%s/%d differs from matching.Eligibility", r.Lot, r.Council, r.Age())
		}
	}
	salt := g.salt()
	evs, err := q.r.Broadcast(q.act(at), invited, left, digest, salt)
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "broadcast", At: at, Actor: q.officer, RequestID: r.ID, Salt: salt})
	g.w.broadcast(q, invited, left, digest)
	q.invited, q.invitedN = invited, len(invited)
	g.res.Invitations += len(invited)
	if err := g.record(tx, q, matching.StatusDraft, evs...); err != nil {
		return err
	}
	if len(invited) == 0 {
		return nil // closed at once, nobody to wait for
	}
	g.planAnswers(q, at)
	g.plan(q.r.Deadline.Add(between(q.rng, 0, 3*time.Minute)), q.idx, stepCloseDue, 0)
	rng := q.rng
	window := q.r.Deadline.Sub(at)
	if q.fate == fateOpenCancelled {
		g.plan(at.Add(time.Duration(float64(window)*(0.1+0.8*rng.Float64()))), q.idx, stepCancel, 0)
	}
	if q.pin == pinNone {
		switch v := rng.Float64(); {
		case v < 0.04:
			g.plan(at.Add(time.Duration(float64(window)*(0.3+0.6*rng.Float64()))), q.idx, stepExtend, 0)
		case v < 0.08:
			g.plan(at.Add(time.Duration(float64(window)*(0.5+0.4*rng.Float64()))), q.idx, stepCloseEarly, 0)
		}
	}
	return nil
}

// genMeanAnswers is how many invited providers answer a request on
// average, when enough are invited.
const genMeanAnswers = 12.5

// planAnswers decides who will answer and how.
func (g *gen) planAnswers(q *genReq, at time.Time) {
	rng := q.rng
	r := q.r
	n := len(q.invited)
	p := min(0.8, genMeanAnswers/float64(n))
	clean := q.pin == pinAwarded || q.pin == pinOpened || q.pin == pinNoAward || q.pin == pinClosed
	age := r.Age()
	for i, inv := range q.invited {
		if !chance(rng, p) && !(clean && i < 3) {
			continue
		}
		a := genAnswer{provider: inv.ProviderID, received: uniform(rng, at.Add(10*time.Minute), r.Deadline.Add(-time.Minute)).Truncate(time.Second)}
		a.in.ProviderID = inv.ProviderID
		declineP := 0.1
		if inv.Vacancies != nil && *inv.Vacancies == 0 {
			declineP = 0.5
		}
		if !clean && chance(rng, declineP) {
			a.in.Decline = pick(rng, genDeclines)
		} else {
			g.offer(rng, q, inv, &a, age, clean)
		}
		if !clean && chance(rng, 0.03) {
			a.received = r.Deadline.Add(between(rng, 5*time.Minute, 6*time.Hour)).Truncate(time.Second) // late
		}
		logged := a.received
		if chance(rng, 0.3) {
			// By phone or email, logged a little later with when it came.
			logged = a.received.Add(between(rng, 5*time.Minute, 3*time.Hour))
			a.in.Received = a.received.Format(time.RFC3339)
			if a.in.Note == "" && chance(rng, 0.3) {
				a.in.Note = pick(rng, []string{"Sent by email.", "Taken by phone.", "Emailed to the team inbox."})
			}
		}
		q.plans = append(q.plans, a)
		j := len(q.plans) - 1
		g.plan(logged, q.idx, stepRespond, j)
		if a.in.Decline == "" && !clean {
			switch v := rng.Float64(); {
			case v < 0.02: // withdrawn before the deadline
				g.plan(uniform(rng, logged, r.Deadline), q.idx, stepWithdraw, j)
			case v < 0.04: // revised before the deadline
				b := a
				b.received = uniform(rng, logged, r.Deadline).Truncate(time.Second)
				b.in.Received, b.in.Note = "", "Revised offer."
				if w, err := matching.ParseMoney(b.in.Weekly); err == nil && w > 0 {
					b.in.Weekly = (w * matching.Pence(90+rng.IntN(15)) / 100).String()
				}
				q.plans = append(q.plans, b)
				g.plan(b.received, q.idx, stepRespond, len(q.plans)-1)
			}
		}
	}
	q.answers = map[string]matching.Response{}
}

// offer fills in a price, cover and note.
func (g *gen) offer(rng *rand.Rand, q *genReq, inv matching.Invitation, a *genAnswer, age int, clean bool) {
	r := q.r
	var weekly matching.Pence
	switch r.Lot {
	case "packages", "floating-support":
		rate := 2400 + rng.IntN(1100)
		if r.Lot == "floating-support" {
			rate = 2600 + rng.IntN(1000)
		}
		if r.Hours > 0 && chance(rng, 0.25) {
			a.in.Hourly = matching.Pence(rate).String()
			weekly = matching.WeeklyFromHourly(matching.Pence(rate), r.Hours)
		} else {
			weekly = matching.Pence(float64(rate) * max(r.Hours, 8))
		}
	default:
		lo, hi := genGuide[r.Lot][0], genGuide[r.Lot][1]
		weekly = matching.Pence(lo + rng.IntN(hi-lo+20000))
	}
	if r.PriceCap > 0 && a.in.Hourly == "" {
		if !clean && chance(rng, 0.08) {
			weekly = r.PriceCap + matching.Pence(float64(r.PriceCap)*(0.01+0.15*rng.Float64()))
		} else if weekly > r.PriceCap {
			weekly = matching.Pence(float64(r.PriceCap) * (0.8 + 0.2*rng.Float64()))
		}
	}
	if a.in.Hourly == "" {
		if chance(rng, 0.6) {
			weekly -= weekly % 500
		}
		a.in.Weekly = max(weekly, 100).String()
	}
	if chance(rng, 0.3) {
		covers := []int{21, 25, 25}
		if r.Lot == "packages" {
			covers = []int{18, 21, 25}
		}
		c := pick(rng, covers)
		if clean && c <= age {
			c = 25
		}
		a.in.CoverUntil = strconv.Itoa(c)
	}
	if chance(rng, 0.35) {
		a.in.Note = pick(rng, genNotes)
	}
}

// respond logs an answer, as Respond does.
func (g *gen) respond(tx service.Tx, q *genReq, j int, at time.Time) error {
	if !q.r.Status.Allows(matching.StepLogAnswer) {
		return nil // the offers were opened before it came: it is not logged
	}
	a := q.plans[j]
	var prev *matching.Response
	if p, ok := q.answers[a.provider]; ok {
		prev = &p
	}
	if matching.CheckAnswerChange(q.r, prev != nil) != nil {
		return nil // no revising after the deadline
	}
	was := q.r.Status
	salt := g.salt()
	resp, evs, err := q.r.Respond(q.act(at), a.in, true, prev, salt)
	if err != nil {
		return fmt.Errorf("the generated answer of %s does not pass its own checks: %s", a.provider, err)
	}
	g.trace(Traced{Op: "respond", At: at, Actor: q.officer, RequestID: q.r.ID, Response: a.in, Salt: salt})
	g.w.response(q, resp)
	if prev == nil {
		q.answeredN++
		if resp.Declined {
			g.res.Declines++
		} else {
			g.res.Offers++
		}
	}
	q.answers[a.provider] = resp
	return g.record(tx, q, was, evs...)
}

// withdraw records that a provider took its offer back, as Withdraw does.
func (g *gen) withdraw(tx service.Tx, q *genReq, j int, at time.Time) error {
	id := q.plans[j].provider
	resp, ok := q.answers[id]
	var rp *matching.Response
	if ok {
		rp = &resp
	}
	if matching.CheckWithdraw(q.r, rp) != nil {
		return nil
	}
	salt := g.salt()
	ev, err := q.r.Withdraw(q.act(at), rp, salt)
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "withdraw", At: at, Actor: q.officer, RequestID: q.r.ID, Provider: id, Salt: salt})
	g.w.response(q, resp)
	q.answers[id] = resp
	return g.appendEvent(tx, ev)
}

// extend moves the deadline later, as Extend does.
func (g *gen) extend(tx service.Tx, q *genReq, at time.Time) error {
	deadline := q.r.Deadline.Add(time.Duration(1+q.rng.IntN(3)) * 24 * time.Hour)
	was := q.r.Status
	ev, err := q.r.Extend(q.act(at), deadline)
	if err != nil {
		return nil // past the start date, or no longer open
	}
	g.trace(Traced{Op: "extend", At: at, Actor: q.officer, RequestID: q.r.ID, Deadline: deadline})
	g.plan(deadline.Add(between(q.rng, 0, 3*time.Minute)), q.idx, stepCloseDue, 0)
	return g.record(tx, q, was, ev)
}

// closeEarly closes before the deadline, as Close does.
func (g *gen) closeEarly(tx service.Tx, q *genReq, at time.Time) error {
	if matching.CheckClose(q.r) != nil {
		return nil
	}
	reason := pick(q.rng, genCloseReasons)
	was := q.r.Status
	ev, err := q.r.CloseEarly(q.act(at), reason)
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "close-early", At: at, Actor: q.officer, RequestID: q.r.ID, Reason: reason})
	return g.record(tx, q, was, ev)
}

// closed plans the opening of a request's offers once it has closed.
func (g *gen) closed(q *genReq) {
	var wait time.Duration
	switch q.r.Urgency {
	case matching.UrgencyToday:
		wait = between(q.rng, 15*time.Minute, 2*time.Hour)
	case matching.UrgencyWithin5:
		wait = between(q.rng, time.Hour, 24*time.Hour)
	default:
		wait = between(q.rng, 2*time.Hour, 4*24*time.Hour)
	}
	switch q.pin {
	case pinClosed:
		return // still to be opened
	case pinOpened, pinAwarded, pinNoAward:
		wait = 2 * time.Hour
	}
	// From the moment it closed: the close event's time, which is when
	// the history noticed (a request closes at its deadline when next
	// touched).
	g.plan(g.stepAt.Add(wait), q.idx, stepRank, 0)
}

// cancel ends a draft or open request, as Cancel does.
func (g *gen) cancel(tx service.Tx, q *genReq, at time.Time) error {
	reasons := genCancelDraft
	if q.r.Status == matching.StatusOpen {
		reasons = genCancelOpen
	}
	return g.cancelWith(tx, q, at, pick(q.rng, reasons))
}

func (g *gen) cancelWith(tx service.Tx, q *genReq, at time.Time, reason string) error {
	if matching.CheckCancel(q.r) != nil {
		return nil
	}
	was := q.r.Status
	ev, err := q.r.Cancel(q.act(at), reason)
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "cancel", At: at, Actor: q.officer, RequestID: q.r.ID, Reason: reason})
	if err := g.record(tx, q, was, ev); err != nil {
		return err
	}
	q.release()
	return nil
}

// open ranks the offers and opens them, as Rank does the first time.
func (g *gen) open(tx service.Tx, q *genReq, at time.Time) error {
	if q.r.Status != matching.StatusClosed {
		return nil
	}
	// The entrants and answers as the store would give them (see
	// gen_write.go).
	entrants, resps := q.entrants, q.storedAnswers()
	if g.opts.CheckEligibility {
		if err := g.checkAgainstStore(tx, q, entrants, resps); err != nil {
			return err
		}
	}
	was := q.r.Status
	rk, ev, err := q.r.Open(q.act(at), entrants, resps)
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "open", At: at, Actor: q.officer, RequestID: q.r.ID})
	g.w.ranking(q, rk)
	q.ranking = rk
	if err := g.record(tx, q, was, ev); err != nil {
		return err
	}
	if q.pin == pinOpened {
		return nil // awaiting the decision
	}
	g.plan(at.Add(between(q.rng, 10*time.Minute, 48*time.Hour)), q.idx, stepDecide, 0)
	return nil
}

// decide awards or ends without award, as Award and NoAward do.
func (g *gen) decide(tx service.Tx, q *genReq, at time.Time) error {
	rk, rng := q.ranking, q.rng
	if q.r.Status != matching.StatusOpened {
		return nil
	}
	defer q.release()
	was := q.r.Status
	if len(rk.Ranked) > 0 && q.pin != pinNoAward && (q.pin == pinAwarded || chance(rng, 0.96)) {
		pos := 0
		if len(rk.Ranked) > 1 && q.pin == pinNone && chance(rng, 0.07) {
			pos = 1 + rng.IntN(min(2, len(rk.Ranked)-1))
		}
		providerID, reason := rk.Ranked[pos].ProviderID, ""
		if pos > 0 {
			reason = pick(rng, genAwardReasons)
		}
		ev, err := q.r.Award(q.act(at), rk, providerID, reason)
		if err != nil {
			return err
		}
		// The award makes its placement, as Award does.
		salt := g.salt()
		pev, err := g.placement(tx, q, func(id string) (matching.Placement, matching.Event, error) {
			return matching.AwardPlacement(id, q.r, rk, q.act(at), salt)
		})
		if err != nil {
			return err
		}
		g.trace(Traced{Op: "award", At: at, Actor: q.officer, RequestID: q.r.ID, Provider: providerID, Reason: reason, Salt: salt})
		return g.record(tx, q, was, ev, pev)
	}
	reason, spot := pick(rng, genNoAwardReasons), ""
	if len(rk.Ranked) == 0 {
		reason = "No compliant offer was received."
		if len(q.invited) == 0 {
			reason = "No provider on the lot was eligible."
		}
	}
	if len(rk.Ranked) == 0 || chance(rng, 0.3) {
		if chance(rng, 0.7) {
			spot = pick(rng, genSpotPurchases)
		}
	}
	ev, err := q.r.NoAward(q.act(at), reason, spot)
	if err != nil {
		return err
	}
	evs := []matching.Event{ev}
	t := Traced{Op: "no-award", At: at, Actor: q.officer, RequestID: q.r.ID, Reason: reason, Spot: spot}
	if spot != "" && chance(rng, 0.6) {
		// Most spot purchases are recorded with their provider and price,
		// and become placements, as NoAwardSpot makes them.
		t.SpotPlacement = service.SpotPlacement{ProviderName: pick(rng, genSpotProviders),
			Weekly: matching.Pence(80000 + 500*rng.IntN(400)).String()}
		weekly, _ := matching.ParseMoney(t.SpotPlacement.Weekly)
		t.Salt = g.salt()
		pev, err := g.placement(tx, q, func(id string) (matching.Placement, matching.Event, error) {
			return matching.SpotPlacement(id, q.r, t.SpotPlacement.ProviderName, weekly, q.act(at), t.Salt)
		})
		if err != nil {
			return err
		}
		evs = append(evs, pev)
	}
	g.trace(t)
	return g.record(tx, q, was, evs...)
}

// placement takes a new placement id of the council, makes the placement
// with it and writes it, returning its event, as the service does.
func (g *gen) placement(tx service.Tx, q *genReq, make func(id string) (matching.Placement, matching.Event, error)) (matching.Event, error) {
	id, err := tx.NextPlacementID(q.r.Council)
	if err != nil {
		return matching.Event{}, err
	}
	p, ev, err := make(id)
	if err != nil {
		return matching.Event{}, err
	}
	g.res.Placements++
	g.placed(p, q.officer, q.rng)
	return ev, tx.InsertPlacement(p)
}

// release lets go of what a decided request no longer needs.
func (q *genReq) release() {
	q.invited, q.answers, q.plans, q.ranking, q.entrants = nil, nil, nil, matching.Ranking{}, nil
}
