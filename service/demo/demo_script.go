package demo

import (
	"time"

	"placematch/matching"
	"placematch/service"
)

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

	// Each council's placements team, named in its letters to providers.
	for i, c := range []string{"knowsley", "liverpool", "manchester", "salford", "sefton", "tameside", "wigan", "wirral"} {
		d.setContact(d.ago(72, 12, 10+i), officerHughes, c, 100+10*i)
	}

	d.termsAndPurchasers()

	sefton := d.awardedToRank1()
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
	d.registerLife()
	d.placements(sefton)
}

// awardedToRank1: a Sefton care package, awarded to the top offer; one offer
// above the guide price, one decline, two no responses.
func (d *demo) awardedToRank1() *demoRef {
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
	return r
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
	d.noAwardSpot(d.ago(11, 10, 0), officerOkafor, r,
		"No compliant offer: both offers were above the £1,650 guide price and every other invited provider declined or did not answer.",
		"Spot purchase from an off-framework nursing agency at £2,290 a week for 12 weeks, agreed by the head of service because the current package ends; to be re-run as a planned request.",
		service.SpotPlacement{ProviderName: "Hollins Nursing Agency", Weekly: "2,290"})
}

// openedAwaitingDecision: a Wigan group-living placement; every provider
// answered, and the officer, told so, closed it early with a reason; one
// withdrew while it was still sealed; the offers are opened and the award
// is still to be made.
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
	d.closeEarly(d.ago(2, 12, 5), me, r, "All four invited providers have answered and the young person needs a place this week.")
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
