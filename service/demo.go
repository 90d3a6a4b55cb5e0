package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// LoadDemo fills an empty store with a fictional but realistic region, for a
// presenter at a provider forum or for trying the app: a register of about
// sixty provider-lot rows over the four lots, some councils' guide prices and
// weights, and fifteen requests in every state of the lifecycle, with
// answers, a decline, a withdrawal, a late offer, an offer above the price
// cap, a provider suspended before close, an award to rank 2 with its reason
// and a no-award with a spot purchase.
//
// Every name is invented and no summary identifies anyone. Everything goes
// through the ordinary operations, so the register is validated and the
// audit trail is a real, verifiable hash chain. To give requests a past, the
// service clock is moved back while they are created, answered and decided,
// in time order, on a service of the script's own. Apart from the real time it starts at,
// the result is always the same: open requests have deadlines ahead of it
// (hours for the one needed today, days for the others), closed ones behind.
//
// A store that already has a provider or a request is refused unchanged.
// LoadDemo is not one transaction: if a step fails, what came before it
// stays, and the error names the step.
func (s *Service) LoadDemo(ctx context.Context, actor string) error {
	actor = strings.TrimSpace(actor)
	if actor == "" {
		actor = "demo"
	}
	provs, err := s.Providers(ctx, ProviderFilter{})
	if err != nil {
		return err
	}
	reqs, err := s.Requests(ctx, RequestFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(provs) > 0 || len(reqs) > 0 {
		var have []string
		if len(provs) > 0 {
			have = append(have, fmt.Sprintf("%d provider register rows", len(provs)))
		}
		if len(reqs) > 0 {
			have = append(have, "requests")
		}
		what := strings.Join(have, " and ")
		return matching.Conflictf("this store already has %s: demo data loads only into an empty store, so nothing was changed; use a new store file for the demo", what)
	}
	// The script runs on a service of its own over the same store, whose
	// clock it moves to each step's time: the caller's clock is untouched.
	d := &demo{actor: actor, now: s.now().Truncate(time.Minute)}
	d.s = New(s.store, WithClock(func() time.Time { return d.at }))
	d.plan()
	return d.run(ctx)
}

// demo is the script of the demo data: steps at past times, run in time
// order with the service clock set to each step's time.
type demo struct {
	s     *Service
	actor string
	now   time.Time // the real now, to the minute
	at    time.Time // the time of the step being played, the script's clock
	steps []demoStep
}

type demoStep struct {
	at   time.Time
	what string
	do   func(context.Context) error
}

// demoRef is a request of the script; its id is known once created.
type demoRef struct {
	label string
	id    string
}

func (d *demo) run(ctx context.Context) error {
	sort.SliceStable(d.steps, func(i, j int) bool { return d.steps[i].at.Before(d.steps[j].at) })
	for _, st := range d.steps {
		if st.at.After(d.now) {
			return fmt.Errorf("demo data: step %q is set in the future (%s)", st.what, matching.ShowTime(st.at))
		}
		d.at = st.at
		if err := st.do(ctx); err != nil {
			return fmt.Errorf("demo data, %s at %s: %w", st.what, matching.ShowTime(st.at), err)
		}
	}
	return nil
}

func (d *demo) add(at time.Time, what string, fn func(context.Context) error) {
	d.steps = append(d.steps, demoStep{at: at.UTC(), what: what, do: fn})
}

// ago is London wall-clock time hh:mm on the day n days before today (n < 0:
// days ahead).
func (d *demo) ago(n, hh, mm int) time.Time {
	l := d.now.In(matching.London)
	return time.Date(l.Year(), l.Month(), l.Day()-n, hh, mm, 0, 0, matching.London).UTC()
}

// date is the London calendar date n days before today, as a date value.
func (d *demo) date(n int) time.Time {
	return matching.Today(d.now).AddDate(0, 0, -n)
}

// rel is the real now moved by dur.
func (d *demo) rel(dur time.Duration) time.Time { return d.now.Add(dur) }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func day(t time.Time) string { return t.Format(matching.DateLayout) }

// born is a date of birth giving the age of years, months and days on start.
func born(start time.Time, years, months, days int) string {
	return day(start.AddDate(-years, -months, -days))
}

// Operations of the script, each a step at a given time.

func (d *demo) create(at time.Time, actor string, ref *demoRef, in matching.RequestInput) {
	d.add(at, "creating "+ref.label, func(ctx context.Context) error {
		r, err := d.s.NewRequest(ctx, actor, in)
		if err != nil {
			return err
		}
		ref.id = r.ID
		return nil
	})
}

func (d *demo) broadcast(at time.Time, actor string, ref *demoRef) {
	d.add(at, "broadcasting "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Broadcast(ctx, actor, ref.id)
		return err
	})
}

func (d *demo) respond(at time.Time, actor string, ref *demoRef, in matching.ResponseInput) {
	d.add(at, "logging "+in.ProviderID+"'s answer to "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Respond(ctx, actor, ref.id, in)
		return err
	})
}

func offer(provider, weekly, cover, note string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Weekly: weekly, CoverUntil: cover, Note: note}
}

func hourly(provider, rate, cover, note string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Hourly: rate, CoverUntil: cover, Note: note}
}

func decline(provider, reason string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Decline: reason}
}

// received marks an answer as having arrived earlier than it is logged (by
// phone or email).
func received(in matching.ResponseInput, at time.Time) matching.ResponseInput {
	in.Received = stamp(at)
	return in
}

func (d *demo) withdraw(at time.Time, actor string, ref *demoRef, provider string) {
	d.add(at, "withdrawing "+provider+"'s offer on "+ref.label, func(ctx context.Context) error {
		return d.s.Withdraw(ctx, actor, ref.id, provider)
	})
}

func (d *demo) extend(at time.Time, actor string, ref *demoRef, deadline time.Time) {
	d.add(at, "extending "+ref.label, func(ctx context.Context) error {
		return d.s.Extend(ctx, actor, ref.id, deadline)
	})
}

// closeDue is the app's timer closing requests whose deadline has passed.
func (d *demo) closeDue(at time.Time) {
	d.add(at, "closing requests at their deadline", func(ctx context.Context) error {
		_, err := d.s.CloseDue(ctx)
		return err
	})
}

func (d *demo) closeEarly(at time.Time, actor string, ref *demoRef, reason string) {
	d.add(at, "closing "+ref.label+" early", func(ctx context.Context) error {
		return d.s.Close(ctx, actor, ref.id, reason)
	})
}

func (d *demo) cancel(at time.Time, actor string, ref *demoRef, reason string) {
	d.add(at, "cancelling "+ref.label, func(ctx context.Context) error {
		return d.s.Cancel(ctx, actor, ref.id, reason)
	})
}

func (d *demo) rank(at time.Time, actor string, ref *demoRef) {
	d.add(at, "opening the offers of "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Rank(ctx, actor, ref.id)
		return err
	})
}

// award gives the request to the offer ranked rank (1 is the top).
func (d *demo) award(at time.Time, actor string, ref *demoRef, rank int, reason string) {
	d.add(at, fmt.Sprintf("awarding %s to rank %d", ref.label, rank), func(ctx context.Context) error {
		res, err := d.s.Rank(ctx, actor, ref.id)
		if err != nil {
			return err
		}
		if len(res.Ranking.Ranked) < rank {
			return fmt.Errorf("only %d offers are ranked", len(res.Ranking.Ranked))
		}
		return d.s.Award(ctx, actor, ref.id, res.Ranking.Ranked[rank-1].ProviderID, reason)
	})
}

func (d *demo) noAward(at time.Time, actor string, ref *demoRef, reason, spot string) {
	d.add(at, "ending "+ref.label+" without award", func(ctx context.Context) error {
		return d.s.NoAward(ctx, actor, ref.id, reason, spot)
	})
}

func (d *demo) importRegister(at time.Time, actor, what string, rows []demoLot) {
	text := demoRegisterCSV(rows)
	d.add(at, what, func(ctx context.Context) error {
		_, err := d.s.ImportProviders(ctx, actor, strings.NewReader(text))
		return err
	})
}

func (d *demo) setDefaults(at time.Time, actor, council, lot string, weights matching.Weights, guide matching.Pence) {
	d.add(at, "setting "+council+"'s defaults for "+lot, func(ctx context.Context) error {
		return d.s.SetDefaults(ctx, actor, council, lot, matching.Defaults{Weights: weights, GuidePrice: guide})
	})
}

// Invented commissioning officers who act in the demo beside the presenter.
const (
	officerOkafor = "j.okafor"
	officerPatel  = "s.patel"
	officerHughes = "m.hughes"
)

// plan writes the script: the register, the councils' defaults and the
// requests, each with its own past.
func (d *demo) plan() {
	me := d.actor

	// The register, as the lead councils keep it, then a suspension.
	d.importRegister(d.ago(75, 9, 10), me, "importing the register", demoRegister)
	suspended := demoLotOf("P045", "floating-support")
	suspended.status = "suspended"
	d.importRegister(d.ago(33, 14, 5), officerHughes, "suspending a provider", []demoLot{suspended})

	// Councils' guide prices (the default price cap) and weights.
	d.setDefaults(d.ago(74, 10, 0), officerHughes, "sefton", "packages", matching.Weights{Quality: 50, Price: 35, AgeCover: 15}, 140000)
	d.setDefaults(d.ago(74, 10, 5), officerHughes, "knowsley", "packages", matching.Weights{Quality: 55, Price: 30, AgeCover: 15}, 135000)
	d.setDefaults(d.ago(74, 10, 12), officerHughes, "liverpool", "packages", matching.Weights{Quality: 45, Price: 40, AgeCover: 15}, 165000)
	d.setDefaults(d.ago(73, 15, 30), me, "manchester", "group-living", matching.Weights{Quality: 40, Price: 40, AgeCover: 20}, 125000)
	d.setDefaults(d.ago(73, 15, 40), me, "wigan", "group-living", matching.Weights{Quality: 45, Price: 40, AgeCover: 15}, 115000)
	d.setDefaults(d.ago(73, 15, 45), me, "tameside", "floating-with-accommodation", matching.Weights{Quality: 45, Price: 35, AgeCover: 20}, 98000)
	d.setDefaults(d.ago(72, 11, 20), officerPatel, "knowsley", "floating-support", matching.Weights{Quality: 50, Price: 30, AgeCover: 20}, 36000)

	d.awardedToRank1()
	d.awardedToRank2()
	d.awardedAfterSuspension()
	d.noAwardWithSpotPurchase()
	d.openedAwaitingDecision()
	d.closedAtDeadline()
	d.closedEarly()
	d.openToday()
	d.openWithin5Days()
	d.openPlanned()
	d.openExtended()
	d.drafts()
	d.cancelled()
}

// awardedToRank1: a Sefton care package, awarded to the top offer; one offer
// above the guide price, one decline, two no responses.
func (d *demo) awardedToRank1() {
	me := d.actor
	r := &demoRef{label: "the Sefton care package"}
	start := d.date(10)
	d.create(d.ago(28, 10, 5), me, r, matching.RequestInput{
		Council: "sefton", Lot: "packages", CaseRef: "CS-48213", Initials: "KM", DOB: born(start, 9, 3, 12),
		Start: day(start), Deadline: stamp(d.ago(18, 12, 0)), Urgency: "planned", Hours: "30",
		Needs: "personal-care;sleeping-night;autism;learning-disability;makaton", Locality: "Bootle",
		Summary: "Lives at home with a parent and two younger siblings in south Sefton. Autistic, with a learning " +
			"disability; communicates with Makaton and a picture timetable. Needs support with personal care " +
			"morning and evening, and two sleeping nights a week so the family can rest. Attends a special " +
			"school; transport is arranged separately. A small, steady team matters more than anything: " +
			"frequent changes of staff have caused distress in the past.",
	})
	d.broadcast(d.ago(28, 10, 20), me, r)
	d.respond(d.ago(27, 15, 10), me, r, offer("P001", "1,180", "25", "Team of three carers based in Bootle; can start on the date asked."))
	d.respond(d.ago(27, 16, 45), me, r, decline("P004", "No staff team with capacity in south Sefton until new carers finish induction."))
	d.respond(d.ago(26, 11, 20), officerPatel, r, hourly("P007", "31.50", "", "Hourly rate for all 30 hours, sleeping nights included."))
	d.respond(d.ago(25, 9, 55), me, r, offer("P008", "1,520", "", "Nurse-led team; price reflects registered nurse oversight."))
	d.respond(d.ago(23, 14, 30), me, r, offer("P016", "1,095", "21", ""))
	d.respond(d.ago(22, 10, 5), officerPatel, r, received(offer("P002", "1,260", "", "Sent by email."), d.ago(22, 8, 47)))
	d.closeDue(d.ago(18, 12, 1))
	d.rank(d.ago(18, 14, 30), officerOkafor, r)
	d.award(d.ago(17, 11, 0), officerOkafor, r, 1, "")
}

// awardedToRank2: a Manchester group-living placement awarded to rank 2 on
// the young person's choice; a withdrawal, a decline and a late offer.
func (d *demo) awardedToRank2() {
	me := d.actor
	r := &demoRef{label: "the Manchester group-living placement"}
	start := d.date(16)
	d.create(d.ago(21, 9, 40), officerPatel, r, matching.RequestInput{
		Council: "manchester", Lot: "group-living", CaseRef: "LC-20931", Initials: "TB", DOB: born(start, 17, 2, 20),
		Start: day(start), Deadline: stamp(d.ago(19, 12, 0)), Urgency: "within-5-days",
		Needs: "independence-skills;mental-health", Risks: "self-harm;going-missing", Locality: "Manchester city centre",
		Summary: "Moving on from a residential children's home after eighteen months there. Wants to stay near " +
			"college in the city centre, where they are on a level 2 catering course. Has self-harmed at times " +
			"of change, most recently four months ago; works with the mental health team and has a safety plan " +
			"that any provider must follow. Has gone missing overnight twice this year, each time returning by " +
			"morning. Needs help with budgeting, cooking and managing a tenancy.",
	})
	d.broadcast(d.ago(21, 9, 52), officerPatel, r)
	d.respond(d.ago(21, 13, 15), officerPatel, r, offer("P017", "1,150", "25", "Room in a four-bed house in Levenshulme, staff on site 24 hours."))
	d.respond(d.ago(21, 16, 2), officerPatel, r, offer("P023", "1,180", "", ""))
	d.respond(d.ago(20, 10, 30), me, r, decline("P032", "No vacancy for a young person under 18 in the Manchester house until a current resident moves on."))
	d.respond(d.ago(20, 11, 45), me, r, offer("P018", "1,095", "21", "Can take a referral from 21 only; would plan a move-on at 21."))
	d.withdraw(d.ago(20, 15, 20), officerPatel, r, "P023")
	d.respond(d.ago(19, 9, 10), officerPatel, r, offer("P020", "1,210", "25", "Room in a three-bed house two stops from the college."))
	d.closeDue(d.ago(19, 12, 1))
	d.respond(d.ago(19, 15, 20), officerPatel, r, received(offer("P030", "990", "25", "Emailed after the deadline; staff were at a training day."), d.ago(19, 12, 40)))
	d.rank(d.ago(19, 16, 5), officerPatel, r)
	d.award(d.ago(18, 10, 30), officerPatel, r, 2,
		"The young person chose this provider after visits to both homes: it is two stops from college and near friends, and they felt safe with the staff they met.")
}

// awardedAfterSuspension: a Knowsley floating-support package; the cheapest
// provider was suspended from the lot before close, so its offer does not rank.
func (d *demo) awardedAfterSuspension() {
	me := d.actor
	r := &demoRef{label: "the Knowsley floating support"}
	start := d.date(24)
	d.create(d.ago(40, 11, 0), me, r, matching.RequestInput{
		Council: "knowsley", Lot: "floating-support", CaseRef: "LC-31877", Initials: "RD", DOB: born(start, 19, 7, 3),
		Start: day(start), Deadline: stamp(d.ago(30, 12, 0)), Urgency: "planned", Hours: "8",
		Needs: "independence-skills;young-parent", Locality: "Kirkby",
		Summary: "Care leaver living in a council flat with a six-month-old baby. Needs about eight hours a week of " +
			"floating support to manage bills, appointments and the tenancy, and to build confidence as a parent. " +
			"A health visitor is involved; there are no current safeguarding concerns. Prefers visits in the afternoons.",
	})
	d.broadcast(d.ago(40, 11, 25), me, r)
	d.respond(d.ago(39, 10, 0), me, r, hourly("P045", "24", "", "Worker based in Kirkby."))
	d.respond(d.ago(38, 14, 40), me, r, offer("P001", "232", "25", ""))
	d.respond(d.ago(37, 9, 30), officerPatel, r, decline("P039", "Our support here is for mental health needs; this young person needs a parenting focus."))
	d.respond(d.ago(35, 16, 10), me, r, offer("P017", "248", "25", "Same worker throughout; evening visits possible."))
	d.closeDue(d.ago(30, 12, 2))
	d.rank(d.ago(30, 14, 0), me, r)
	d.award(d.ago(29, 10, 15), me, r, 1, "Highest-scoring compliant offer.")
}

// noAwardWithSpotPurchase: a Liverpool package with complex health needs;
// every offer is above the guide price, so no award and a spot purchase.
func (d *demo) noAwardWithSpotPurchase() {
	r := &demoRef{label: "the Liverpool complex-health package"}
	start := d.date(8)
	d.create(d.ago(14, 9, 15), officerOkafor, r, matching.RequestInput{
		Council: "liverpool", Lot: "packages", CaseRef: "CS-50764", Initials: "LF", DOB: born(start, 14, 5, 9),
		Start: day(start), Deadline: stamp(d.ago(12, 17, 0)), Urgency: "within-5-days", Hours: "56",
		Needs: "personal-care;complex-health;waking-night;physical-disability", Locality: "Walton",
		Summary: "Has a life-limiting condition with a tracheostomy and gastrostomy feeding, and uses a wheelchair " +
			"full time. Needs two carers trained in the health tasks for personal care, and a waking-night carer " +
			"seven nights a week, with tasks delegated by the community children's nursing team. Lives with a " +
			"parent who works part time. The current package ends when the existing provider leaves the area.",
	})
	d.broadcast(d.ago(14, 9, 30), officerOkafor, r)
	d.respond(d.ago(13, 10, 5), officerOkafor, r, decline("P004", "Cannot recruit a second trained waking-night carer in time."))
	d.respond(d.ago(13, 12, 40), officerOkafor, r, offer("P008", "2,380", "25", "Includes registered nurse oversight and training of the team."))
	d.respond(d.ago(13, 15, 55), officerOkafor, r, decline("P005", "No staff trained in tracheostomy care."))
	d.respond(d.ago(12, 9, 20), officerOkafor, r, offer("P001", "2,145", "25", ""))
	d.respond(d.ago(12, 11, 0), officerOkafor, r, decline("P016", "No waking-night capacity in north Liverpool."))
	d.respond(d.ago(12, 14, 30), officerOkafor, r, decline("P007", "We do not provide nursing-delegated health tasks."))
	d.closeDue(d.ago(12, 17, 1))
	d.rank(d.ago(12, 17, 20), officerOkafor, r)
	d.noAward(d.ago(11, 10, 0), officerOkafor, r,
		"No compliant offer: both offers were above the £1,650 guide price and every other invited provider declined or did not answer.",
		"Spot purchase from an off-framework nursing agency at £2,290 a week for 12 weeks, agreed by the head of service because the current package ends; to be re-run as a planned request.")
}

// openedAwaitingDecision: a Wigan group-living placement; every provider
// answered, so it closed early by itself; one withdrew while sealed; the
// offers are opened and the award is still to be made.
func (d *demo) openedAwaitingDecision() {
	me := d.actor
	r := &demoRef{label: "the Wigan group-living placement"}
	start := d.date(-1)
	d.create(d.ago(3, 9, 0), me, r, matching.RequestInput{
		Council: "wigan", Lot: "group-living", CaseRef: "LC-41520", Initials: "JW", DOB: born(start, 16, 1, 25),
		Start: day(start), Deadline: stamp(d.ago(2, 17, 0)), Urgency: "within-5-days",
		Needs: "independence-skills", Risks: "criminal-exploitation;going-missing", Locality: "Wigan",
		Summary: "Needs semi-independent accommodation after a family breakdown; staying with a friend's family for " +
			"now. Attends a sixth-form college in the town and wants to keep going. Has been targeted for " +
			"exploitation by older young people in the town centre; the police are aware. Needs staff on site " +
			"24 hours a day to begin with.",
	})
	d.broadcast(d.ago(3, 9, 20), me, r)
	d.respond(d.ago(3, 13, 0), me, r, offer("P017", "1,120", "25", ""))
	d.respond(d.ago(3, 16, 40), me, r, decline("P018", "No vacancy in the Wigan house until a current resident moves on."))
	d.respond(d.ago(2, 10, 15), officerOkafor, r, offer("P023", "1,090", "21", "Two-bed flat with staff in the building."))
	d.respond(d.ago(2, 11, 30), me, r, offer("P030", "1,045", "", ""))
	d.withdraw(d.ago(2, 14, 0), me, r, "P030")
	d.rank(d.ago(1, 10, 0), officerOkafor, r)
}

// closedAtDeadline: a Tameside room needed today; closed at its deadline and
// still sealed; one answer by phone logged after close, one late.
func (d *demo) closedAtDeadline() {
	me := d.actor
	r := &demoRef{label: "the Tameside room needed today"}
	start := d.date(1)
	d.create(d.ago(1, 9, 30), me, r, matching.RequestInput{
		Council: "tameside", Lot: "floating-with-accommodation", CaseRef: "LC-52208", Initials: "DN", DOB: born(start, 17, 4, 2),
		Start: day(start), Deadline: stamp(d.ago(1, 13, 30)), Urgency: "today",
		Needs: "independence-skills", Risks: "substance-misuse", Locality: "Ashton-under-Lyne",
		Summary: "Presented as homeless at the council offices this morning after being asked to leave the family " +
			"home. Needs a room in supported accommodation tonight, with floating support to follow. Has used " +
			"cannabis; engages well with the youth worker. Has a part-time job in the town and would like to " +
			"stay within travelling distance of it.",
	})
	d.broadcast(d.ago(1, 9, 35), me, r)
	d.respond(d.ago(1, 11, 0), me, r, offer("P020", "940", "25", "Room free tonight; keys from 6pm."))
	d.respond(d.ago(1, 12, 15), me, r, offer("P037", "905", "", ""))
	d.closeDue(d.ago(1, 13, 31))
	d.respond(d.ago(1, 15, 5), me, r, received(offer("P036", "960", "25", "Offered by phone before the deadline."), d.ago(1, 13, 10)))
	d.respond(d.ago(1, 16, 0), me, r, received(offer("P017", "920", "25", ""), d.ago(1, 15, 50)))
}

// closedEarly: a Liverpool short-breaks package closed early by an officer
// with a reason; not opened yet.
func (d *demo) closedEarly() {
	r := &demoRef{label: "the Liverpool short breaks"}
	start := d.date(-10)
	d.create(d.ago(6, 10, 30), officerOkafor, r, matching.RequestInput{
		Council: "liverpool", Lot: "packages", CaseRef: "CS-51390", Initials: "EP", DOB: born(start, 6, 8, 14),
		Start: day(start), Deadline: stamp(d.ago(-3, 12, 0)), Urgency: "planned", Hours: "12",
		Needs: "short-breaks;autism;community-access", Locality: "Allerton",
		Summary: "Autistic child who enjoys being outdoors, swimming and trains. Needs twelve hours a week of " +
			"community-based short breaks after school and on Saturdays, to give the family time with a sibling " +
			"who has health needs. Can become distressed in crowded places; the family will share the " +
			"strategies that work.",
	})
	d.broadcast(d.ago(6, 10, 45), officerOkafor, r)
	d.respond(d.ago(4, 14, 20), officerOkafor, r, hourly("P007", "29.75", "", ""))
	d.respond(d.ago(3, 11, 5), officerOkafor, r, offer("P003", "330", "18", "Worker speaks the family's first language."))
	d.respond(d.ago(3, 15, 50), officerOkafor, r, decline("P005", "Our short-breaks team is full until the summer."))
	d.closeEarly(d.ago(1, 16, 10), officerOkafor, r,
		"The providers who have not answered confirmed by email that they will not bid; closing so the funding panel can consider it this week.")
}

// openToday: a Manchester placement needed today; hours to go, two of the
// invited providers have answered.
func (d *demo) openToday() {
	me := d.actor
	r := &demoRef{label: "the Manchester placement needed today"}
	// Providers answer before the placement starts: late in the evening
	// the deadline three hours on is tomorrow, and so is the start.
	deadline := d.rel(3 * time.Hour)
	start := matching.Today(deadline)
	d.create(d.rel(-55*time.Minute), me, r, matching.RequestInput{
		Council: "manchester", Lot: "group-living", CaseRef: "LC-60112", Initials: "MK", DOB: born(start, 16, 5, 0),
		Start: day(start), Deadline: stamp(deadline), Urgency: "today",
		Needs: "independence-skills;mental-health", Risks: "self-harm", Locality: "Wythenshawe",
		Summary: "Needs a placement today: the foster placement ended at short notice. Attends school in south " +
			"Manchester with exams coming up, so a placement within reach of the school matters. Has self-harmed " +
			"in the past when under stress; currently stable. Would do best in a small house with few residents.",
	})
	d.broadcast(d.rel(-50*time.Minute), me, r)
	d.respond(d.rel(-31*time.Minute), me, r, offer("P020", "1,195", "25", "Room in a two-bed house in Sale, 20 minutes from the school."))
	d.respond(d.rel(-12*time.Minute), me, r, decline("P032", "No bed free tonight."))
}

// openWithin5Days: a Sefton package for a 16 year old; three of nine
// invited have answered.
func (d *demo) openWithin5Days() {
	me := d.actor
	r := &demoRef{label: "the Sefton package for a 16 year old"}
	start := d.date(-6)
	d.create(d.ago(1, 11, 20), officerPatel, r, matching.RequestInput{
		Council: "sefton", Lot: "packages", CaseRef: "CS-53102", Initials: "HG", DOB: born(start, 16, 9, 18),
		Start: day(start), Deadline: stamp(d.ago(-2, 12, 0)), Urgency: "within-5-days", Hours: "20",
		Needs:    "personal-care;sleeping-night;community-access;learning-disability;physical-disability;independence-skills",
		Locality: "Crosby",
		Summary: "Has cerebral palsy and a mild learning disability, and lives with a grandparent. Needs about 20 " +
			"hours a week of support with personal care and with getting to college and activities, plus a " +
			"sleeping night twice a week. Wants to build independence before moving to adult services, and " +
			"would like support workers close to their own age where possible.",
	})
	d.broadcast(d.ago(1, 11, 40), officerPatel, r)
	d.respond(d.ago(1, 15, 25), officerPatel, r, offer("P011", "690", "25", "Can continue into adult services at 18 with the same team."))
	d.respond(d.rel(-5*time.Hour), me, r, hourly("P001", "27.80", "25", ""))
	d.respond(d.rel(-2*time.Hour), me, r, decline("P004", "Our Crosby team has no capacity for new packages this month."))
}

// openPlanned: a Wigan floating-support package with its own weights and no
// price cap; one of seven has answered.
func (d *demo) openPlanned() {
	me := d.actor
	r := &demoRef{label: "the Wigan floating support"}
	start := d.date(-16)
	d.create(d.ago(2, 14, 0), me, r, matching.RequestInput{
		Council: "wigan", Lot: "floating-support", CaseRef: "LC-58844", Initials: "SJ", DOB: born(start, 18, 2, 6),
		Start: day(start), Deadline: stamp(d.ago(-9, 17, 0)), Urgency: "planned", Hours: "6",
		Needs: "independence-skills;mental-health", Locality: "Leigh", Weights: "60,25,15", PriceCap: "none",
		Summary: "Moving into a first tenancy in Leigh in a few weeks. Needs floating support of about six hours a " +
			"week for budgeting, cooking and settling in. Has anxiety and low mood; registered with a doctor " +
			"and on a waiting list for talking therapy.",
	})
	d.broadcast(d.ago(2, 14, 10), me, r)
	d.respond(d.ago(1, 10, 40), me, r, hourly("P038", "26", "25", "Worker lives locally; can meet before the move."))
}

// openExtended: a Knowsley package whose deadline was extended at the
// providers' request; two answers so far.
func (d *demo) openExtended() {
	r := &demoRef{label: "the Knowsley package"}
	start := d.date(-14)
	d.create(d.ago(8, 10, 0), officerOkafor, r, matching.RequestInput{
		Council: "knowsley", Lot: "packages", CaseRef: "CS-49957", Initials: "RW", DOB: born(start, 11, 0, 27),
		Start: day(start), Deadline: stamp(d.ago(2, 12, 0)), Urgency: "planned", Hours: "15",
		Needs: "autism;behaviour-support;community-access", Risks: "harm-to-others", Locality: "Huyton",
		Summary: "Lives with foster carers who need support to keep the placement going. Has diagnoses of ADHD and " +
			"autism; behaviour can escalate at home in the evenings. Needs 15 hours a week of one-to-one support " +
			"after school and at weekends, from staff trained in positive behaviour support.",
	})
	d.broadcast(d.ago(8, 10, 20), officerOkafor, r)
	d.respond(d.ago(6, 13, 0), officerOkafor, r, offer("P005", "1,210", "18", ""))
	d.extend(d.ago(3, 9, 40), officerPatel, r, d.ago(-5, 12, 0))
	d.respond(d.ago(1, 10, 55), officerOkafor, r, offer("P013", "1,295", "18", "Staff team trained in positive behaviour support."))
}

// drafts: two requests not yet broadcast.
func (d *demo) drafts() {
	me := d.actor
	r1 := &demoRef{label: "the Knowsley draft"}
	start := d.date(-14)
	d.create(d.rel(-130*time.Minute), me, r1, matching.RequestInput{
		Council: "knowsley", Lot: "packages", CaseRef: "CS-54418", Initials: "FK", DOB: born(start, 3, 2, 11),
		Start: day(start), Deadline: stamp(d.ago(-5, 12, 0)), Urgency: "planned", Hours: "42",
		Needs: "personal-care;complex-health;waking-night", Locality: "Prescot",
		Summary: "Pre-school child with complex health needs, due home from hospital after a long stay. Needs " +
			"waking-night support six nights a week and help with personal care, with health tasks delegated " +
			"by the community nursing team. Parents are trained in the child's care.",
	})
	r2 := &demoRef{label: "the Tameside draft"}
	start = d.date(-4)
	d.create(d.ago(1, 16, 45), officerPatel, r2, matching.RequestInput{
		Council: "tameside", Lot: "floating-with-accommodation", CaseRef: "LC-60087", Initials: "HM", DOB: born(start, 16, 10, 0),
		Start: day(start), Deadline: stamp(d.ago(-3, 17, 0)), Urgency: "within-5-days",
		Needs: "unaccompanied;esol;independence-skills", Locality: "Hyde",
		Summary: "Unaccompanied young person seeking asylum, recently arrived and placed in emergency accommodation. " +
			"Speaks Tigrinya and some Arabic; needs an interpreter for key meetings and help to enrol on an ESOL " +
			"course. Keen to study and to play football.",
	})
}

// cancelled: one request cancelled while open, one as a draft.
func (d *demo) cancelled() {
	me := d.actor
	r1 := &demoRef{label: "the Wirral package"}
	start := d.date(5)
	d.create(d.ago(12, 10, 0), me, r1, matching.RequestInput{
		Council: "wirral", Lot: "packages", CaseRef: "CS-50211", Initials: "CW", DOB: born(start, 12, 6, 1),
		Start: day(start), Deadline: stamp(d.ago(9, 12, 0)), Urgency: "planned", Hours: "10",
		Needs: "learning-disability;community-access;short-breaks", Locality: "Birkenhead",
		Summary: "Has a learning disability and enjoys football and music. Needs ten hours a week of community " +
			"support at weekends while the family adjusts to a new baby.",
	})
	d.broadcast(d.ago(12, 10, 10), me, r1)
	d.respond(d.ago(11, 9, 30), me, r1, offer("P002", "860", "", ""))
	d.cancel(d.ago(11, 15, 30), me, r1, "The family's circumstances changed and the support is being met by the extended family; the package is no longer needed.")

	r2 := &demoRef{label: "the Salford draft"}
	start = d.date(-20)
	d.create(d.ago(5, 11, 0), officerPatel, r2, matching.RequestInput{
		Council: "salford", Lot: "floating-support", CaseRef: "LC-59013", Initials: "JL", DOB: born(start, 17, 3, 9),
		Start: day(start), Deadline: stamp(d.ago(-5, 12, 0)), Urgency: "planned", Hours: "5",
		Needs: "independence-skills", Locality: "Eccles",
		Summary: "Living with a foster carer and planning to stay put after 18. Needs a few hours a week of support " +
			"to learn to budget and cook.",
	})
	d.cancel(d.ago(5, 11, 25), officerPatel, r2, "Raised in error: the support is already part of the young person's staying-put arrangement.")
}

// The register. Providers are invented; emails use example.org.

type demoProvider struct {
	id, name, kind, town, email string
}

var demoProviders = []demoProvider{
	{"P001", "Mersey Bridge Care Ltd", "company", "Liverpool", "referrals@mersey-bridge.example.org"},
	{"P002", "Wirral Shore Support CIC", "company", "Birkenhead", "referrals@wirral-shore.example.org"},
	{"P003", "Café Ōtautahi Support", "sole-trader", "Southport", "referrals@cafe-otautahi.example.org"},
	{"P004", "The Northern Lights Children's and Young People's Complex Care Partnership Ltd", "health", "Liverpool", "referrals@northern-lights.example.org"},
	{"P005", "Kestrel Lane Care", "company", "Huyton", "referrals@kestrel-lane.example.org"},
	{"P006", "Brightwater Homecare Ltd", "company", "Widnes", "referrals@brightwater.example.org"},
	{"P007", "Sandstone Family Support Trust", "charity", "Wallasey", "referrals@sandstone.example.org"},
	{"P008", "Fairhaven Complex Care", "health", "Bootle", "referrals@fairhaven.example.org"},
	{"P009", "Lark Rise Support Services", "company", "Formby", "referrals@lark-rise.example.org"},
	{"P010", "Dee Estuary Care Partners", "company", "Hoylake", ""},
	{"P011", "Calderstones Independent Living", "company", "Liverpool", "referrals@calderstones.example.org"},
	{"P012", "Runcorn Riverside Care Ltd", "company", "Runcorn", "referrals@runcorn-riverside.example.org"},
	{"P013", "Greenbank Therapeutic Care", "charity", "Liverpool", "referrals@greenbank.example.org"},
	{"P014", "Meols Sunflower Care", "sole-trader", "Meols", ""},
	{"P015", "Halewood Helping Hands", "sole-trader", "Halewood", "referrals@halewood-helping-hands.example.org"},
	{"P016", "Maghull Meadows Care Ltd", "company", "Maghull", "referrals@maghull-meadows.example.org"},
	{"P017", "Pennine Futures CIC", "company", "Oldham", "referrals@pennine-futures.example.org"},
	{"P018", "Irwell Youth Housing", "charity", "Salford", "referrals@irwell-youth.example.org"},
	{"P019", "Red Rose Supported Living Ltd", "company", "Preston", "referrals@red-rose.example.org"},
	{"P020", "Stepping Stones Tameside", "charity", "Ashton-under-Lyne", "referrals@stepping-stones.example.org"},
	{"P021", "Gorton Gate Housing Ltd", "company", "Manchester", "referrals@gorton-gate.example.org"},
	{"P022", "Pier Lane Young People's Homes", "company", "Wigan", "referrals@pier-lane.example.org"},
	{"P023", "Moorside Foyer Trust", "charity", "Bolton", "referrals@moorside-foyer.example.org"},
	{"P024", "Weaver Valley Supported Housing", "company", "Northwich", "referrals@weaver-valley.example.org"},
	{"P025", "Fell & Lakeside Youth Homes", "charity", "Kendal", "referrals@fell-lakeside.example.org"},
	{"P026", "Crosby Harbour Homes Ltd", "company", "Crosby", "referrals@crosby-harbour.example.org"},
	{"P027", "Northgate Pathways", "company", "Rochdale", ""},
	{"P028", "Anchorline Young People's Service", "charity", "Stockport", ""},
	{"P029", "Hartley Street Lodgings", "sole-trader", "Wigan", "referrals@hartley-street.example.org"},
	{"P030", "Riverside Crescent Supported Homes", "company", "Hyde", "referrals@riverside-crescent.example.org"},
	{"P031", "Bridgewater Tenancy Support Ltd", "company", "Warrington", "referrals@bridgewater-tenancy.example.org"},
	{"P032", "Peel Park Housing Partnership", "charity", "Salford", "referrals@peel-park.example.org"},
	{"P033", "Millstone Lane Lettings & Support", "sole-trader", "Rochdale", "referrals@millstone-lane.example.org"},
	{"P034", "Saddleworth Hearth CIC", "company", "Oldham", "referrals@saddleworth-hearth.example.org"},
	{"P035", "Lantern Coast Youth Housing", "charity", "Blackpool", "referrals@lantern-coast.example.org"},
	{"P036", "Kingsway Foyer Manchester", "charity", "Manchester", "referrals@kingsway-foyer.example.org"},
	{"P037", "Viaduct Youth Homes Ltd", "company", "Stockport", "referrals@viaduct-youth.example.org"},
	{"P038", "Next Chapter Mentoring", "sole-trader", "Wigan", "referrals@next-chapter.example.org"},
	{"P039", "Mind the Step Wellbeing", "charity", "Bury", "referrals@mind-the-step.example.org"},
	{"P040", "Lune Valley Floating Support", "charity", "Lancaster", "referrals@lune-valley.example.org"},
	{"P041", "Leigh Tenancy Coaching", "sole-trader", "Leigh", ""},
	{"P042", "Crewe Pathfinder Support", "company", "Crewe", "referrals@crewe-pathfinder.example.org"},
	{"P043", "Eccles New Leaf Support", "company", "Eccles", "referrals@eccles-new-leaf.example.org"},
	{"P044", "Greater Together Health Outreach", "health", "Manchester", "referrals@greater-together.example.org"},
	{"P045", "Kirkby Compass Support", "company", "Kirkby", "referrals@kirkby-compass.example.org"},
}

// demoLot is one register row; the provider's name, kind, town and email
// come from demoProviders, the framework from the lot.
type demoLot struct {
	id, lot, status, admitted, quality, serves string
	minAge, cover                              int
	urn, caps, vacancies                       string
}

const (
	lotPK  = "packages"
	lotGL  = "group-living"
	lotFWA = "floating-with-accommodation"
	lotFS  = "floating-support"
)

// Care-support members: halton, knowsley, liverpool, sefton, wirral;
// admissions every 6 months. Leaving-care: the 24 North West councils;
// admissions every 4 months from October 2015.
var demoRegister = []demoLot{
	// care-support / packages
	{"P001", lotPK, "admitted", "2021-04-01", "82.5", "*", 0, 25, "", "personal-care;complex-health;waking-night;sleeping-night;autism;learning-disability;physical-disability;behaviour-support", "3"},
	{"P002", lotPK, "admitted", "2022-10-01", "76.25", "wirral;sefton", 5, 25, "", "personal-care;short-breaks;community-access;autism;learning-disability;makaton", "1"},
	{"P003", lotPK, "admitted", "2024-04-01", "68", "sefton;liverpool", 0, 18, "", "personal-care;short-breaks;community-access;esol;unaccompanied", ""},
	{"P004", lotPK, "admitted", "2020-10-01", "91.4", "*", 0, 25, "", "personal-care;complex-health;waking-night;sleeping-night;learning-disability;physical-disability;bsl;makaton", "0"},
	{"P005", lotPK, "admitted", "2023-04-01", "79.8", "knowsley;liverpool;halton", 0, 18, "", "personal-care;waking-night;sleeping-night;autism;behaviour-support;self-harm;harm-to-others", "2"},
	{"P006", lotPK, "admitted", "2019-10-01", "72.35", "halton;knowsley", 0, 21, "", "personal-care;short-breaks;sleeping-night;learning-disability", "4"},
	{"P007", lotPK, "admitted", "2022-04-01", "85", "*", 5, 25, "", "short-breaks;community-access;autism;learning-disability;behaviour-support;mental-health;makaton;harm-to-others", ""},
	{"P008", lotPK, "admitted", "2021-10-01", "88.6", "sefton;liverpool;knowsley", 0, 25, "", "personal-care;complex-health;waking-night;physical-disability", "1"},
	{"P009", lotPK, "suspended", "2020-04-01", "61.5", "sefton", 0, 18, "", "personal-care;short-breaks", "2"},
	{"P010", lotPK, "applied", "", "70", "wirral", 0, 25, "", "personal-care;community-access;autism", ""},
	{"P011", lotPK, "admitted", "2023-10-01", "74.9", "liverpool;sefton", 16, 25, "", "independence-skills;community-access;mental-health;learning-disability", "5"},
	{"P012", lotPK, "admitted", "2024-10-01", "66.75", "halton", 0, 18, "", "personal-care;sleeping-night;short-breaks", "1"},
	{"P013", lotPK, "admitted", "2020-04-01", "90.1", "*", 0, 18, "", "autism;behaviour-support;mental-health;self-harm;going-missing;harm-to-others;fire-setting", "0"},
	{"P014", lotPK, "withdrawn", "2019-04-01", "58", "wirral", 0, 18, "", "personal-care;short-breaks", ""},
	{"P015", lotPK, "admitted", "2025-04-01", "63.2", "knowsley", 5, 18, "", "personal-care;short-breaks;community-access", "1"},
	{"P016", lotPK, "admitted", "2022-10-01", "80.05", "sefton;knowsley;liverpool", 0, 25, "", "personal-care;waking-night;sleeping-night;autism;learning-disability;physical-disability;behaviour-support", "2"},

	// leaving-care / group-living
	{"P001", lotGL, "admitted", "2019-06-01", "83", "liverpool;knowsley;sefton;wirral;halton;st-helens", 16, 21, "2748555", "independence-skills;mental-health;self-harm;going-missing", "1"},
	{"P017", lotGL, "admitted", "2016-02-01", "81.3", "*", 16, 25, "2751043", "independence-skills;mental-health;self-harm;going-missing;substance-misuse", "2"},
	{"P018", lotGL, "admitted", "2017-06-01", "77.4", "manchester;salford;trafford;bolton;bury;wigan", 16, 21, "2763318", "independence-skills;esol;young-parent;unaccompanied;going-missing", "1"},
	{"P019", lotGL, "admitted", "2018-10-01", "72.6", "lancashire;blackpool;blackburn-with-darwen", 16, 25, "2770091", "independence-skills;sexual-exploitation;going-missing", "3"},
	{"P020", lotGL, "admitted", "2015-10-01", "84.2", "tameside;stockport;oldham;manchester", 16, 25, "2744120", "independence-skills;mental-health;self-harm;sexual-exploitation;criminal-exploitation", "3"},
	{"P021", lotGL, "admitted", "2020-02-01", "69.9", "manchester", 18, 25, "", "independence-skills;substance-misuse", "4"},
	{"P022", lotGL, "admitted", "2021-06-01", "78", "wigan;bolton;st-helens;warrington", 16, 25, "", "independence-skills;criminal-exploitation;going-missing", "2"},
	{"P023", lotGL, "admitted", "2016-06-01", "86.5", "*", 16, 25, "2739876", "independence-skills;mental-health;self-harm;eating-disorder;going-missing", ""},
	{"P024", lotGL, "admitted", "2019-02-01", "73.1", "cheshire-west-and-chester;cheshire-east;warrington;halton", 16, 25, "2758810", "independence-skills;substance-misuse", "1"},
	{"P025", lotGL, "admitted", "2017-10-01", "80.4", "cumberland;westmorland-and-furness;lancashire", 16, 25, "2766002", "independence-skills;mental-health;unaccompanied", "2"},
	{"P026", lotGL, "suspended", "2018-02-01", "64", "sefton;liverpool;knowsley", 16, 25, "2749001", "independence-skills", "3"},
	{"P027", lotGL, "applied", "", "70", "rochdale;oldham;bury", 16, 25, "", "independence-skills;young-parent", ""},
	{"P028", lotGL, "removed", "2017-06-01", "52", "stockport;tameside", 16, 25, "2741200", "independence-skills", ""},
	{"P029", lotGL, "admitted", "2022-06-01", "62.8", "wigan", 17, 25, "", "independence-skills;substance-misuse", "1"},
	{"P030", lotGL, "admitted", "2020-10-01", "75.55", "*", 16, 25, "2760321", "independence-skills;self-harm;criminal-exploitation;going-missing", "2"},
	{"P032", lotGL, "admitted", "2019-10-01", "79.15", "salford;manchester;trafford", 16, 25, "2768234", "independence-skills;esol;young-parent;unaccompanied", "1"},

	// leaving-care / floating-with-accommodation
	{"P017", lotFWA, "admitted", "2016-02-01", "79", "*", 16, 25, "2751043", "independence-skills;mental-health;substance-misuse", "1"},
	{"P018", lotFWA, "admitted", "2017-06-01", "76.6", "manchester;salford;trafford;bolton;bury;wigan", 16, 21, "2763318", "independence-skills;esol;unaccompanied", ""},
	{"P019", lotFWA, "admitted", "2018-10-01", "71.2", "lancashire;blackpool;blackburn-with-darwen", 16, 25, "2770091", "independence-skills;young-parent", "2"},
	{"P020", lotFWA, "admitted", "2016-06-01", "83.7", "tameside;stockport;oldham;manchester", 16, 25, "2744120", "independence-skills;mental-health;self-harm;substance-misuse", "1"},
	{"P023", lotFWA, "admitted", "2016-06-01", "85", "*", 16, 25, "2739876", "independence-skills;mental-health;self-harm", "2"},
	{"P024", lotFWA, "admitted", "2019-02-01", "70.8", "cheshire-west-and-chester;cheshire-east;warrington;halton", 16, 25, "2758810", "independence-skills", "0"},
	{"P027", lotFWA, "applied", "", "68", "rochdale;oldham;bury", 16, 25, "", "independence-skills;young-parent", ""},
	{"P031", lotFWA, "admitted", "2020-06-01", "76.8", "warrington;st-helens;wigan;halton", 16, 25, "2771450", "independence-skills;young-parent;substance-misuse", "3"},
	{"P032", lotFWA, "admitted", "2019-10-01", "81.75", "salford;manchester;trafford", 16, 25, "2768234", "independence-skills;esol;unaccompanied", "1"},
	{"P033", lotFWA, "admitted", "2023-02-01", "60.5", "rochdale;oldham", 18, 25, "", "independence-skills", "2"},
	{"P034", lotFWA, "suspended", "2018-06-01", "67", "oldham;tameside;rochdale", 16, 25, "2752290", "independence-skills;going-missing", "1"},
	{"P035", lotFWA, "admitted", "2021-10-01", "74.4", "blackpool;lancashire", 16, 25, "", "independence-skills;mental-health;sexual-exploitation", "2"},
	{"P036", lotFWA, "admitted", "2017-02-01", "87.2", "manchester;salford;stockport;tameside;trafford", 16, 25, "2740017", "independence-skills;mental-health;substance-misuse;criminal-exploitation", "0"},
	{"P037", lotFWA, "admitted", "2024-06-01", "70.6", "stockport;tameside;manchester;cheshire-east", 16, 18, "2759904", "independence-skills;going-missing", "1"},

	// leaving-care / floating-support
	{"P001", lotFS, "admitted", "2019-06-01", "80.2", "liverpool;knowsley;sefton;wirral;halton", 16, 25, "", "independence-skills;mental-health;young-parent", ""},
	{"P003", lotFS, "admitted", "2024-02-01", "71.15", "manchester;salford;sefton;liverpool", 16, 25, "", "community-access;esol;independence-skills;unaccompanied", "3"},
	{"P017", lotFS, "admitted", "2016-02-01", "77.5", "*", 16, 25, "", "independence-skills;mental-health;young-parent;substance-misuse", "5"},
	{"P018", lotFS, "admitted", "2017-06-01", "74", "manchester;salford;trafford;bolton;bury;wigan", 16, 25, "", "independence-skills;esol;unaccompanied", "2"},
	{"P020", lotFS, "admitted", "2016-06-01", "82", "tameside;stockport;oldham;manchester", 16, 25, "", "independence-skills;mental-health;self-harm", "4"},
	{"P023", lotFS, "admitted", "2016-10-01", "84.9", "*", 16, 25, "", "independence-skills;mental-health", ""},
	{"P031", lotFS, "admitted", "2020-06-01", "75", "warrington;st-helens;wigan;halton", 16, 25, "", "independence-skills;young-parent", "6"},
	{"P038", lotFS, "admitted", "2023-06-01", "69.3", "wigan;bolton;st-helens", 16, 25, "", "independence-skills;mental-health;criminal-exploitation", "2"},
	{"P039", lotFS, "admitted", "2018-02-01", "83.6", "*", 16, 25, "", "mental-health;independence-skills;self-harm;eating-disorder", ""},
	{"P040", lotFS, "admitted", "2019-10-01", "77.7", "lancashire;westmorland-and-furness;cumberland;blackpool", 16, 25, "", "independence-skills;mental-health", "3"},
	{"P041", lotFS, "suspended", "2021-02-01", "59.9", "wigan", 16, 25, "", "independence-skills", "1"},
	{"P042", lotFS, "admitted", "2022-10-01", "71.4", "cheshire-east;cheshire-west-and-chester", 16, 25, "", "independence-skills;young-parent", "2"},
	{"P043", lotFS, "applied", "", "65", "salford;manchester", 16, 25, "", "independence-skills;esol", ""},
	{"P044", lotFS, "admitted", "2020-02-01", "89", "manchester;tameside;stockport;oldham;wigan", 16, 25, "", "mental-health;self-harm;substance-misuse;eating-disorder", "1"},
	{"P045", lotFS, "admitted", "2023-10-01", "73.3", "knowsley;liverpool;sefton;st-helens", 18, 25, "", "independence-skills;mental-health;young-parent", "2"},
}

func demoLotOf(id, lot string) demoLot {
	for _, l := range demoRegister {
		if l.id == id && l.lot == lot {
			return l
		}
	}
	panic("demo: no register row for " + id + " on " + lot)
}

func demoProviderOf(id string) demoProvider {
	for _, p := range demoProviders {
		if p.id == id {
			return p
		}
	}
	panic("demo: no provider " + id)
}

// demoRegisterCSV writes register rows as a register file, email included.
func demoRegisterCSV(rows []demoLot) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append(append([]string{}, matching.RegisterColumns()...), "email"))
	for _, l := range rows {
		p := demoProviderOf(l.id)
		fw, _, _ := matching.FindLot(l.lot)
		rec := map[string]string{
			"provider_id": p.id, "provider_name": p.name, "kind": p.kind, "framework": fw.Code, "lot": l.lot,
			"status": l.status, "admitted_on": l.admitted, "quality_score": l.quality, "serves": l.serves,
			"min_age": strconv.Itoa(l.minAge), "cover_until": strconv.Itoa(l.cover), "ofsted_urn": l.urn,
			"capabilities": l.caps, "vacancies": l.vacancies, "town": p.town, "email": p.email,
		}
		line := make([]string, 0, len(matching.RegisterColumns())+1)
		for _, c := range matching.RegisterColumns() {
			line = append(line, rec[c])
		}
		w.Write(append(line, rec["email"]))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic("demo: cannot write the register: " + err.Error()) // a bytes.Buffer does not fail
	}
	return b.String()
}
