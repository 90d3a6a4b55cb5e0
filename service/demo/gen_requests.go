package demo

import (
	"fmt"
	"math/rand/v2"
	"placematch/matching"
	"placematch/service"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ---- Requests ----

// fate is what becomes of a request, given time.
type fate uint8

const (
	fateDecided        fate = iota // broadcast, answered, closed, opened and decided
	fateDraftCancelled             // cancelled before it was broadcast
	fateOpenCancelled              // cancelled while open
	fateStaysDraft                 // still being written
)

// pin forces a request's course so that a small region still has a request
// in every state.
type pin uint8

const (
	pinNone pin = iota
	pinDraft
	pinOpen
	pinClosed
	pinOpened
	pinAwarded
	pinNoAward
	pinCancelled
)

// genReq is one request of the history.
type genReq struct {
	idx     int
	created time.Time
	pin     pin
	fate    fate
	rng     *rand.Rand

	r       matching.Request
	officer string
	invited []matching.Invitation
	answers map[string]matching.Response
	plans   []genAnswer
	ranking matching.Ranking
	// entrants are the invited providers' standing at close, which the
	// offers are opened with.
	entrants []matching.Entrant
	// invitedN and answeredN count the invited and those who answered.
	invitedN, answeredN int
}

// genAnswer is an answer a provider will give, planned at broadcast.
type genAnswer struct {
	provider string
	in       matching.ResponseInput
	received time.Time
}

func (g *gen) planRequests() {
	m := g.opts.Requests
	g.reqs = make([]*genReq, m)
	// Requests come on working days in office hours, those needed today at
	// any time of the day.
	first := matching.Today(g.start).AddDate(0, 0, 2)
	days := int(matching.Today(g.now).Sub(first).Hours()/24) + 1
	for i := range m {
		q := &genReq{idx: i, rng: rand.New(rand.NewPCG(g.opts.Seed, uint64(i)+1))}
		for {
			d := first.AddDate(0, 0, q.rng.IntN(days))
			if wd := d.Weekday(); (wd == time.Saturday || wd == time.Sunday) && chance(q.rng, 0.85) {
				continue
			}
			q.created = londonAt(d, 8, 30).Add(between(q.rng, 0, 9*time.Hour))
			if q.created.Before(g.now.Add(-10 * time.Minute)) {
				break
			}
		}
		g.reqs[i] = q
	}
	// A request in every state, near the end of the history.
	if m >= 7 {
		pins := []struct {
			p   pin
			ago time.Duration
		}{
			{pinDraft, 25 * time.Minute}, {pinOpen, 3 * time.Hour}, {pinClosed, 74 * time.Hour},
			{pinOpened, 98 * time.Hour}, {pinCancelled, 6 * 24 * time.Hour}, {pinAwarded, 9 * 24 * time.Hour},
			{pinNoAward, 10 * 24 * time.Hour},
		}
		for i, p := range pins {
			q := g.reqs[i]
			q.pin, q.created = p.p, g.now.Add(-p.ago)
		}
	}
	slices.SortStableFunc(g.reqs, func(a, b *genReq) int { return a.created.Compare(b.created) })
	for i, q := range g.reqs {
		q.idx = i
		g.plan(q.created, i, stepCreate, 0)
	}
}

func (g *gen) officer(council string, rng *rand.Rand) string { return pick(rng, g.officers[council]) }

func (g *gen) pickOfficers(council string) []string {
	n := 3 + g.rng.IntN(3)
	var out []string
	for len(out) < n {
		name := string(rune('a'+g.rng.IntN(26))) + "." + pick(g.rng, genSurnames)
		taken := false
		for _, names := range g.officers {
			taken = taken || slices.Contains(names, name)
		}
		if !taken && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// create writes a draft as NewRequest does, from an officer's input checked
// by matching.BuildRequest.
func (g *gen) create(tx service.Tx, q *genReq, at time.Time) error {
	in, urg := g.requestInput(q, at)
	council, lot := in.Council, in.Lot
	def := g.defaults[council+"/"+lot]
	if def.Weights == (matching.Weights{}) {
		def.Weights = matching.DefaultWeights()
	}
	q.officer = g.officer(council, q.rng)
	id, err := tx.NextRequestID(council, at)
	if err != nil {
		return err
	}
	salt := g.salt()
	r, ev, err := matching.NewDraft(id, in, def, matching.Act{Actor: q.officer, At: at}, salt)
	if err != nil {
		return fmt.Errorf("the generated request does not pass its own checks: %s", err)
	}
	g.trace(Traced{Op: "create", At: at, Actor: q.officer, Request: in, Salt: salt})
	if err := tx.InsertRequest(r); err != nil {
		return err
	}
	q.r = r
	g.created++
	g.res.Requests++
	if err := g.appendEvent(tx, ev); err != nil {
		return err
	}
	g.planFate(q, urg, at)
	return nil
}

// requestInput is what an officer types for q's request, made at at.
func (g *gen) requestInput(q *genReq, at time.Time) (matching.RequestInput, matching.Urgency) {
	rng := q.rng
	lotIdx := weighted(rng, []float64{30, 30, 15, 25})
	lot := []string{"packages", "group-living", "floating-with-accommodation", "floating-support"}[lotIdx]
	if q.pin != pinNone {
		lot = "floating-support"
	}
	fw, l, _ := matching.FindLot(lot)
	council := g.pickCouncil(rng, fw)
	var age int
	switch {
	case lot == "packages":
		age = []int{rng.IntN(5), 5 + rng.IntN(11), 16 + rng.IntN(2), 18 + rng.IntN(7)}[weighted(rng, []float64{15, 60, 17, 8})]
	default:
		age = []int{16 + rng.IntN(2), 18 + rng.IntN(3), 21 + rng.IntN(4)}[weighted(rng, []float64{65, 30, 5})]
	}
	if q.pin != pinNone {
		council, age = g.competitiveCouncil(rng, lot), 19
	}
	age = min(max(age, l.MinAge), l.MaxAge-1)
	urg := matching.Urgencies()[weighted(rng, genUrgency[lot])]
	if q.pin != pinNone {
		urg = matching.UrgencyWithin5
		if q.pin == pinOpen || q.pin == pinDraft {
			urg = matching.UrgencyPlanned
		}
	}
	today := matching.Today(at)
	var deadline, start time.Time
	switch urg {
	case matching.UrgencyToday:
		deadline = matching.DefaultDeadline(urg, at)
		start = matching.Today(deadline)
	case matching.UrgencyWithin5:
		deadline = matching.DefaultDeadline(urg, at)
		start = today.AddDate(0, 0, 2+rng.IntN(4))
	default:
		if chance(rng, 0.6) {
			deadline = matching.DefaultDeadline(urg, at)
		} else {
			deadline = londonAt(today.AddDate(0, 0, 5+rng.IntN(10)), 17, 0)
		}
		start = matching.Today(deadline).AddDate(0, 0, rng.IntN(29))
	}
	if s := matching.Today(deadline); start.Before(s) {
		start = s
	}
	dob := start.AddDate(-age, 0, -rng.IntN(365))
	if dob.After(today) { // a baby not yet born when the request was made
		dob = today.AddDate(0, 0, -rng.IntN(30))
	}
	needs, risks := g.needs(rng, lot, age)
	in := matching.RequestInput{
		Council: council, Lot: lot,
		CaseRef: strings.ToUpper(council[:3]) + "-" + strconv.Itoa(10000+rng.IntN(90000)),
		DOB:     matching.ShowDate(dob), Start: matching.ShowDate(start),
		Deadline: deadline.Format(time.RFC3339), Urgency: string(urg),
		Needs: strings.Join(needs, ";"), Risks: strings.Join(risks, ";"),
		Locality: pick(rng, genTowns[council]),
		Summary:  g.summary(rng, lot, needs, risks),
	}
	switch lot {
	case "packages":
		in.Hours = strconv.FormatFloat(float64(20+rng.IntN(101))/2, 'f', -1, 64)
	case "floating-support":
		in.Hours = strconv.Itoa(4 + rng.IntN(12))
	}
	switch v := rng.Float64(); {
	case v < 0.08:
		in.Weights = pick(rng, genWeights).String()
	}
	switch v := rng.Float64(); {
	case v < 0.06:
		in.PriceCap = "none"
	case v < 0.14:
		lo, hi := genGuide[lot][0], genGuide[lot][1]
		in.PriceCap = matching.Pence((lo + rng.IntN(hi-lo)) / 100 * 100).String()
	}
	for {
		in.Initials = string(rune('A'+rng.IntN(26))) + string(rune('A'+rng.IntN(26)))
		if chance(rng, 0.2) {
			in.Initials += string(rune('A' + rng.IntN(26)))
		}
		// Initials that the summary or the locality happen to spell would
		// be refused there (matching.CheckProviderText): draw again.
		if matching.FindPersonal(matching.Request{Initials: in.Initials}, in.Summary+"\n"+in.Locality) == nil {
			break
		}
	}
	return in, urg
}

// planFate decides what becomes of q's request and plans its next step.
func (g *gen) planFate(q *genReq, urg matching.Urgency, at time.Time) {
	rng, r := q.rng, q.r
	switch v := rng.Float64(); {
	case v < 0.025:
		q.fate = fateDraftCancelled
	case v < 0.04:
		q.fate = fateOpenCancelled
	}
	switch q.pin {
	case pinDraft:
		q.fate = fateStaysDraft
	case pinCancelled:
		q.fate = fateDraftCancelled
	case pinNone:
	default:
		q.fate = fateDecided
	}
	window := r.Deadline.Sub(at)
	switch q.fate {
	case fateStaysDraft: // still being written
	case fateDraftCancelled:
		g.plan(at.Add(between(rng, 20*time.Minute, min(window, 48*time.Hour))), q.idx, stepCancel, 0)
	default:
		wait := between(rng, 5*time.Minute, 2*time.Hour)
		if urg == matching.UrgencyToday {
			wait = between(rng, 3*time.Minute, 20*time.Minute)
		}
		if q.pin == pinNone && chance(rng, 0.03) {
			wait = between(rng, 24*time.Hour, 72*time.Hour) // left as a draft for a while
		}
		g.plan(at.Add(min(wait, window/2)), q.idx, stepBroadcast, 0)
	}
}

func (g *gen) pickCouncil(rng *rand.Rand, fw matching.Framework) string {
	w := make([]float64, len(fw.Members()))
	for i, m := range fw.Members() {
		w[i] = genCouncilWeight(m)
	}
	return fw.Members()[weighted(rng, w)]
}

// competitiveCouncil is a council for which at least three providers on the
// lot are eligible now, for the requests pinned to a state that needs
// offers; any council when there is none.
func (g *gen) competitiveCouncil(rng *rand.Rand, lot string) string {
	fw, _, _ := matching.FindLot(lot)
	best, most := fw.Members()[0], -1
	for _, c := range fw.Members() {
		n := 0
		for _, p := range g.lots[lot].rows {
			if p.Status == matching.ProviderAdmitted && p.ServesCouncil(c) && p.MinAge <= 19 && 19 < p.CoverUntil {
				n++
			}
		}
		if n > most || (n == most && rng.IntN(2) == 0) {
			best, most = c, n
		}
	}
	return best
}

func (g *gen) needs(rng *rand.Rand, lot string, age int) (needs, risks []string) {
	pool := genNeedsLeaving
	if lot == "packages" {
		pool = genNeedsPackages
	}
	for _, i := range rng.Perm(len(pool))[:1+rng.IntN(4)] {
		needs = append(needs, pool[i])
	}
	nr := []int{0, 1, 2, 3}[weighted(rng, []float64{35, 35, 20, 10})]
	if lot == "packages" && age < 11 {
		nr = min(nr, 1)
	}
	for _, i := range rng.Perm(len(matching.Risks()))[:nr] {
		risks = append(risks, matching.Risks()[i])
	}
	return needs, risks
}

func (g *gen) summary(rng *rand.Rand, lot string, needs, risks []string) string {
	situations := genSituationsLeaving
	if lot == "packages" {
		situations = genSituationsPackages
	}
	parts := []string{pick(rng, situations)}
	tags := append(slices.Clone(needs), risks...)
	for _, i := range rng.Perm(len(tags)) {
		if s, ok := genTagSentences[tags[i]]; ok && len(parts) < 4 {
			parts = append(parts, s)
		}
	}
	if chance(rng, 0.5) {
		parts = append(parts, pick(rng, genEndings))
	}
	return strings.Join(parts, " ")
}

// broadcast invites every eligible provider, as Broadcast does.
