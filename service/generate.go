package service

import (
	"bytes"
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"placematch/matching"
)

// GenerateOptions is the size of a generated region.
type GenerateOptions struct {
	// ProviderLots is how many register rows to make, one per provider and
	// lot.
	ProviderLots int
	// Requests is how many past requests to make.
	Requests int
	// Seed chooses the region: the same seed at the same time (to the
	// minute) gives the same data.
	Seed uint64
	// Progress, if set, hears from time to time how many requests have been
	// created so far.
	Progress func(created, total int)
}

// Limits on a generated region.
const (
	MaxGenerateRequests = 1_000_000
)

// GenerateResult says what the generator made.
type GenerateResult struct {
	ProviderLots int            `json:"provider_lots"`
	Providers    int            `json:"providers"`
	Requests     int            `json:"requests"`
	ByStatus     map[string]int `json:"by_status"`
	Invitations  int            `json:"invitations"`
	Offers       int            `json:"offers"`
	Declines     int            `json:"declines"`
	Events       int            `json:"audit_events"`
	From         time.Time      `json:"from"`
	To           time.Time      `json:"to"`
}

// Generate fills an empty store with a fictional region at scale: a
// register of opts.ProviderLots rows over the four lots and opts.Requests
// requests spread over years of history, in every state of the lifecycle,
// with their invitations, answers, rankings and decisions, for trying the
// app and measuring it on a region's worth of data.
//
// History is played in time order, as the service would have written it:
// the register is imported at the frameworks' admission rounds (new
// providers, suspensions, withdrawals), councils set their defaults, and
// officers create, broadcast, log answers, extend, close, open, award and
// cancel. The rules are matching's (BuildRequest, CheckBroadcast,
// Eligibility, BuildResponse, Rank, CheckAward, ...) and each action writes
// the same rows and audit event as the service operation of that name, so
// the audit trail is true and its chain verifies. Unlike the operations, it
// writes in large transactions, which is what makes it fast; and it queues
// no messages to providers: a generated history's messages count as sent.
//
// A store that already has a provider or a request is refused unchanged.
// If generation fails or is stopped, what was committed before stays.
func (s *Service) Generate(ctx context.Context, actor string, opts GenerateOptions) (GenerateResult, error) {
	if opts.ProviderLots < 1 || opts.ProviderLots > matching.MaxRegisterRows {
		return GenerateResult{}, matching.Invalidf("--providers must be a number of register rows from 1 to %d", matching.MaxRegisterRows)
	}
	if opts.Requests < 0 || opts.Requests > MaxGenerateRequests {
		return GenerateResult{}, matching.Invalidf("--requests must be a number of requests from 0 to %d", MaxGenerateRequests)
	}
	actor = strings.TrimSpace(actor)
	if actor == "" {
		actor = "demo"
	}
	g := newGen(actor, opts, s.now().Truncate(time.Minute))
	g.planRegister()
	g.planRequests()
	first := true
	stopped := func(err error) error {
		return fmt.Errorf("generation stopped with %d of %d requests made; the store keeps what was committed before: %w", g.committed, opts.Requests, err)
	}
	for g.steps.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return g.res, stopped(err)
		}
		err := s.store.Update(ctx, func(tx Tx) error {
			if first {
				if err := g.refuseData(tx); err != nil {
					return err
				}
			}
			return g.run(ctx, tx, generateBatch)
		})
		if err != nil {
			if ctx.Err() != nil {
				return g.res, stopped(ctx.Err())
			}
			return g.res, err
		}
		first = false
		g.committed = g.created
		if opts.Progress != nil {
			opts.Progress(g.created, opts.Requests)
		}
	}
	g.res.ByStatus = map[string]int{}
	for _, q := range g.reqs {
		if q.r.ID != "" {
			g.res.ByStatus[q.r.Status.String()]++
		}
	}
	return g.res, nil
}

// generateBatch is how many steps of history go in one transaction.
const generateBatch = 50_000

func (g *gen) refuseData(tx Tx) error {
	provs, err := tx.ProviderLots(ProviderFilter{})
	if err != nil {
		return err
	}
	reqs, err := tx.Requests(RequestFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(provs) == 0 && len(reqs) == 0 {
		return nil
	}
	var have []string
	if len(provs) > 0 {
		have = append(have, fmt.Sprintf("%d provider register rows", len(provs)))
	}
	if len(reqs) > 0 {
		have = append(have, "requests")
	}
	return matching.Conflictf("this store already has %s: demo generate fills only an empty store, so nothing was changed; give a new store file with --db PATH", strings.Join(have, " and "))
}

// gen is one generation: the plan of the region and its history, played
// step by step in time order.
type gen struct {
	actor string
	opts  GenerateOptions
	now   time.Time // the real now, to the minute: nothing happens after it
	start time.Time // when the history begins
	rng   *rand.Rand

	rows       []genRow
	imports    []*genImport
	lots       map[string]*genLot
	elig       map[genEligKey]*genElig
	officers   map[string][]string // council → officers' user names
	defaults   map[string]matching.Defaults
	reqs       []*genReq
	steps      stepHeap
	seq        uint64
	created    int
	committed  int // requests created in transactions that were committed
	res        GenerateResult
	providerNo int
}

func newGen(actor string, opts GenerateOptions, now time.Time) *gen {
	g := &gen{
		actor: actor, opts: opts, now: now.UTC(),
		rng:      rand.New(rand.NewPCG(opts.Seed, 0x5eed_0f_a_7e610)),
		lots:     map[string]*genLot{},
		elig:     map[genEligKey]*genElig{},
		officers: map[string][]string{},
		defaults: map[string]matching.Defaults{},
	}
	// A request a day for every 35 in total, at least three weeks and at
	// most four years: 50,000 requests are nearly four years of a region.
	days := min(max(opts.Requests/35, 21), 4*365)
	g.start = londonAt(matching.Today(g.now).AddDate(0, 0, -days), 9, 0)
	g.res.From, g.res.To = g.start, g.now
	for _, c := range matching.Councils() {
		g.officers[c.Slug] = g.pickOfficers(c.Slug)
	}
	return g
}

// londonAt is London wall-clock hh:mm on the date d.
func londonAt(d time.Time, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, matching.London).UTC()
}

// The steps of history, in a heap by time; ties keep the order they were
// planned in, so a seed always plays out the same way.

type stepKind uint8

const (
	stepImport stepKind = iota
	stepDefaults
	stepCreate
	stepBroadcast
	stepCancel
	stepRespond
	stepWithdraw
	stepExtend
	stepCloseEarly
	stepCloseDue
	stepRank
	stepDecide
)

type step struct {
	at   int64 // Unix nanoseconds
	seq  uint64
	req  int32
	kind stepKind
	arg  int32
}

type stepHeap []step

func (h stepHeap) Len() int { return len(h) }
func (h stepHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h stepHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *stepHeap) Push(x any)   { *h = append(*h, x.(step)) }
func (h *stepHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// plan schedules a step; a step after now never happens.
func (g *gen) plan(at time.Time, req int, kind stepKind, arg int) {
	if at.After(g.now) {
		return
	}
	g.seq++
	heap.Push(&g.steps, step{at: at.UnixNano(), seq: g.seq, req: int32(req), kind: kind, arg: int32(arg)})
}

// run plays up to n steps in the transaction tx.
func (g *gen) run(ctx context.Context, tx Tx, n int) error {
	for i := 0; i < n && g.steps.Len() > 0; i++ {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		st := heap.Pop(&g.steps).(step)
		at := time.Unix(0, st.at).UTC()
		if err := g.do(tx, st, at); err != nil {
			what := "the register"
			if st.req >= 0 {
				if q := g.reqs[st.req]; q.r.ID != "" {
					what = "request " + q.r.ID
				} else {
					what = "a request"
				}
			}
			return fmt.Errorf("generating %s at %s: %w", what, matching.ShowTime(at), err)
		}
	}
	return nil
}

func (g *gen) do(tx Tx, st step, at time.Time) error {
	if st.kind == stepImport {
		return g.importRound(tx, int(st.arg), at)
	}
	if st.kind == stepDefaults {
		return g.setDefaults(tx, at)
	}
	q := g.reqs[st.req]
	if st.kind == stepCreate {
		return g.create(tx, q, at)
	}
	if q.r.Status.Final() {
		return nil
	}
	// As the service does before any action: a request whose deadline has
	// passed is closed first.
	if q.r.DueToClose(at) {
		if err := g.close(tx, q, q.r.Deadline, "system", "the deadline was reached", at); err != nil {
			return err
		}
	}
	switch st.kind {
	case stepBroadcast:
		return g.broadcast(tx, q, at)
	case stepCancel:
		return g.cancel(tx, q, at)
	case stepRespond:
		return g.respond(tx, q, int(st.arg), at)
	case stepWithdraw:
		return g.withdraw(tx, q, int(st.arg), at)
	case stepExtend:
		return g.extend(tx, q, at)
	case stepCloseEarly:
		return g.closeEarly(tx, q, at)
	case stepCloseDue:
		return nil // the close, if due, happened above
	case stepRank:
		return g.open(tx, q, at)
	case stepDecide:
		return g.decide(tx, q, at)
	}
	return fmt.Errorf("unknown step %d", st.kind)
}

func (g *gen) event(tx Tx, at time.Time, actor, requestID, action, detail string) error {
	_, err := tx.AppendEvent(event(at, actor, requestID, action, detail))
	if err == nil {
		g.res.Events++
	}
	return err
}

// uniform is a time uniformly between a and b.
func uniform(rng *rand.Rand, a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(rng.Int64N(int64(b.Sub(a)))))
}

func between(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(rng.Int64N(int64(hi-lo)))
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// weighted picks an index with the given weights.
func weighted(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	v := rng.Float64() * sum
	for i, x := range w {
		if v < x {
			return i
		}
		v -= x
	}
	return len(w) - 1
}

func chance(rng *rand.Rand, p float64) bool { return rng.Float64() < p }

// ---- The register ----

// genRow is one register row and its history: it enters the register at an
// admission round (or is there when the history begins) and may later be
// suspended, withdrawn or removed at another round.
type genRow struct {
	p       matching.ProviderLot // as it ends up
	appears int                  // index of the import it first comes in
	first   matching.ProviderStatus
	changes int // index of the import that changes its status; -1: none
}

type genProvider struct {
	id, name, kind, town, email string
	home                        string
}

// genLot is a lot's register as it stands while history is played.
type genLot struct {
	rows    []matching.ProviderLot // in provider id order
	version int                    // counts the imports that changed it
	// ageBounds are the ages at which some row's eligibility changes: its
	// min_age and cover_until, and 18.
	ageBounds []int
}

// eligibility is who a broadcast of r invites and leaves out, by
// matching.Eligibility, with the digest of the list left out. Who is
// eligible depends on the request only through its lot, council and age,
// and on the age only through which side of each row's age limits (and of
// 18, for the Ofsted rule) it falls; so the split is worked out once for
// each lot, council and class of ages while the lot's register stands
// still, and only the needs each invited provider is missing are worked out
// per request. A region's broadcasts would otherwise check thousands of
// rows and hash the list left out over again, with the same result.
func (g *gen) eligibility(r matching.Request) ([]matching.Invitation, []matching.NotInvited, string) {
	l := g.lots[r.Lot]
	age := r.Age()
	class := 0
	for _, b := range l.ageBounds {
		if age >= b {
			class++
		}
	}
	key := genEligKey{r.Lot, l.version, r.Council, class}
	m, ok := g.elig[key]
	if !ok {
		if len(g.elig) >= 2048 {
			clear(g.elig)
		}
		base := r
		base.Needs, base.Risks = nil, nil
		m = &genElig{}
		m.invited, m.left = matching.Eligibility(base, l.rows)
		if len(m.left) > 0 {
			m.digest = matching.NotInvitedDigest(m.left)
		}
		m.rows = make([]*matching.ProviderLot, len(m.invited))
		j := 0
		for i, inv := range m.invited {
			for l.rows[j].ProviderID != inv.ProviderID {
				j++
			}
			m.rows[i] = &l.rows[j]
		}
		g.elig[key] = m
	}
	invited := slices.Clone(m.invited)
	for i := range invited {
		invited[i].MissingNeeds = matching.MissingNeeds(r, *m.rows[i])
	}
	return invited, m.left, m.digest
}

type genEligKey struct {
	lot     string
	version int
	council string
	class   int // of ages
}

type genElig struct {
	invited []matching.Invitation
	rows    []*matching.ProviderLot // the register row of each invited
	left    []matching.NotInvited
	digest  string
}

// genCheckEligibility, set by a test, checks each split against
// matching.Eligibility itself.
var genCheckEligibility bool

// genImport is one import of the register: the rows it brings in or
// changes, at an admission round of a framework (or the first import).
type genImport struct {
	at        time.Time
	framework string // "" for the first import, of both frameworks
	adds      []int
	changes   []int
}

// Lot shares of the register's rows: care-support packages are bought by
// five councils, the leaving-care lots by twenty-four.
var genLotShares = []struct {
	lot   string
	share float64
}{
	{"packages", 0.08}, {"group-living", 0.32}, {"floating-with-accommodation", 0.26}, {"floating-support", 0.34},
}

// genRounds are the admission rounds of a framework up to now: care-support
// admits every 6 months, leaving-care every 4 from October 2015.
func (g *gen) genRounds(framework string) []time.Time {
	first, every := time.Date(2015, 10, 1, 0, 0, 0, 0, time.UTC), 4
	if framework == "care-support" {
		first, every = time.Date(2018, 4, 1, 0, 0, 0, 0, time.UTC), 6
	}
	var out []time.Time
	for d := first; !londonAt(d, 10, 0).After(g.now); d = d.AddDate(0, every, 0) {
		out = append(out, d)
	}
	return out
}

func (g *gen) planRegister() {
	n := g.opts.ProviderLots
	width := max(4, len(strconv.Itoa(n)))
	rounds := map[string][]time.Time{"care-support": g.genRounds("care-support"), "leaving-care": g.genRounds("leaving-care")}
	// The imports: the first, when the history begins, then each round of
	// each framework within the history.
	imports := []*genImport{{at: g.start}}
	type key struct {
		fw string
		d  time.Time
	}
	importOf := map[key]int{}
	for _, fw := range []string{"care-support", "leaving-care"} {
		for _, d := range rounds[fw] {
			if at := londonAt(d, 10, 0); at.After(g.start) {
				importOf[key{fw, d}] = len(imports)
				imports = append(imports, &genImport{at: at, framework: fw})
			}
		}
	}
	at := func(fw string, d time.Time) int {
		if i, ok := importOf[key{fw, d}]; ok {
			return i
		}
		return 0 // before the history: in the first import
	}
	names := map[string]bool{}
	shares := make([]float64, len(genLotShares))
	for i, s := range genLotShares {
		shares[i] = s.share
	}
	for len(g.rows) < n {
		g.providerNo++
		prov := g.newProvider(fmt.Sprintf("P%0*d", width, g.providerNo), names)
		// One lot, or two or three of leaving-care's.
		lots := []string{genLotShares[weighted(g.rng, shares)].lot}
		if lots[0] != "packages" {
			for _, extra := range []float64{0.4, 0.2} {
				if chance(g.rng, extra) {
					l := genLotShares[1+g.rng.IntN(3)].lot
					if !slices.Contains(lots, l) {
						lots = append(lots, l)
					}
				}
			}
		} else if chance(g.rng, 0.1) {
			lots = append(lots, genLotShares[1+g.rng.IntN(3)].lot)
		}
		for _, lot := range lots {
			if len(g.rows) == n {
				break
			}
			row := g.newRow(prov, lot)
			fw := row.p.Framework
			rs := rounds[fw]
			row.changes = -1
			switch row.p.Status {
			case matching.ProviderApplied:
				// Applied at one of the last two rounds, not yet assessed.
				d := rs[max(0, len(rs)-1-g.rng.IntN(2))]
				row.appears, row.first = at(fw, d), matching.ProviderApplied
			default:
				ai := g.rng.IntN(len(rs))
				if row.p.Status != matching.ProviderAdmitted && ai == len(rs)-1 {
					ai = max(0, ai-1-g.rng.IntN(3))
				}
				row.p.AdmittedOn = rs[ai]
				row.appears, row.first = at(fw, rs[ai]), matching.ProviderAdmitted
				if row.p.Status != matching.ProviderAdmitted {
					if ai == len(rs)-1 {
						row.p.Status = matching.ProviderAdmitted // admitted at the last round: nothing since
						break
					}
					ci := ai + 1 + g.rng.IntN(len(rs)-ai-1)
					if c := at(fw, rs[ci]); c == 0 {
						row.first = row.p.Status // changed before the history begins
					} else {
						row.changes = c
					}
				}
			}
			g.rows = append(g.rows, row)
			i := len(g.rows) - 1
			imports[row.appears].adds = append(imports[row.appears].adds, i)
			if row.changes > 0 {
				imports[row.changes].changes = append(imports[row.changes].changes, i)
			}
		}
	}
	g.res.ProviderLots, g.res.Providers = len(g.rows), g.providerNo
	for i, im := range imports {
		if len(im.adds)+len(im.changes) > 0 {
			g.plan(im.at, -1, stepImport, i)
		}
	}
	g.imports = imports
	for _, s := range genLotShares {
		g.lots[s.lot] = &genLot{}
	}
	g.plan(g.start.Add(24*time.Hour+time.Hour), -1, stepDefaults, 0)
}

func (g *gen) newProvider(id string, names map[string]bool) *genProvider {
	p := &genProvider{id: id}
	p.kind = matching.ProviderKinds()[weighted(g.rng, []float64{55, 30, 10, 5})]
	p.home = genCouncils[weighted(g.rng, genHomeWeights)].slug
	p.town = pick(g.rng, genTowns[p.home])
	name := pick(g.rng, genNameFirst)
	if chance(g.rng, 0.5) {
		name += " " + pick(g.rng, genNameSecond)
	}
	name += " " + pick(g.rng, genNameSuffix[p.kind])
	if p.kind == "charity" && chance(g.rng, 0.04) {
		name += " for Children and Young People in the North West"
	}
	if names[name] {
		name += " (" + p.town + ")"
	}
	if names[name] {
		name += " " + id
	}
	names[name] = true
	p.name = name
	if chance(g.rng, 0.88) {
		p.email = "referrals@" + genSlug(name) + ".example.org"
	}
	return p
}

func genSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (g *gen) newRow(prov *genProvider, lot string) genRow {
	fw, l, _ := matching.FindLot(lot)
	p := matching.ProviderLot{
		ProviderID: prov.id, ProviderName: prov.name, Kind: prov.kind, Framework: fw.Code, Lot: lot,
		// Years of a register: many rows withdrawn or removed since.
		Status: matching.ProviderStatuses()[weighted(g.rng, []float64{6, 55, 7, 18, 14})],
		Town:   prov.town, Email: prov.email,
	}
	q := 4500 + g.rng.IntN(5300)
	switch g.rng.IntN(3) {
	case 0:
		q -= q % 100
	case 1:
		q -= q % 10
	}
	p.Quality = float64(q) / 100
	p.Serves = g.serves(fw, prov.home)
	if lot == "packages" {
		p.MinAge = pick(g.rng, []int{0, 0, 0, 5, 5, 11})
		p.CoverUntil = pick(g.rng, []int{18, 18, 21, 25, 25})
	} else {
		p.MinAge = []int{16, 17, 18}[weighted(g.rng, []float64{80, 5, 15})]
		p.CoverUntil = []int{18, 21, 25}[weighted(g.rng, []float64{5, 15, 80})]
		if p.CoverUntil <= p.MinAge {
			p.CoverUntil = 25
		}
	}
	if l.NeedsOfsted && chance(g.rng, 0.88) {
		p.OfstedURN = strconv.Itoa(2700000 + g.rng.IntN(100000))
	}
	pool := genCapsLeaving
	if lot == "packages" {
		pool = genCapsPackages
	}
	k := 2 + g.rng.IntN(6)
	for _, i := range g.rng.Perm(len(pool))[:min(k, len(pool))] {
		p.Capabilities = append(p.Capabilities, pool[i])
	}
	if lot != "packages" && !slices.Contains(p.Capabilities, "independence-skills") && chance(g.rng, 0.8) {
		p.Capabilities = append(p.Capabilities, "independence-skills")
	}
	slices.Sort(p.Capabilities)
	if chance(g.rng, 0.7) {
		v := g.rng.IntN(6)
		p.Vacancies = &v
	}
	return genRow{p: p}
}

// serves is the councils a row serves: mostly its own, often its
// neighbours, a few every member.
func (g *gen) serves(fw matching.Framework, home string) []string {
	members := fw.Members()
	// Nationals that serve everywhere are a handful on each lot, however
	// long the register.
	perLot := float64(g.opts.ProviderLots) * 0.25
	if chance(g.rng, min(0.1, 8/max(perLot, 1))) || len(members) <= 1 {
		return []string{"*"}
	}
	near := members
	if fw.Code == "leaving-care" {
		near = genSubRegion(home)
	} else if !fw.Member(home) {
		home = pick(g.rng, members)
	}
	if !slices.Contains(members, home) {
		home = pick(g.rng, members)
	}
	out := []string{home}
	var extra int
	switch v := g.rng.Float64(); {
	case v < 0.85:
	case v < 0.97:
		extra = 1 + g.rng.IntN(2)
	default:
		extra = 3 + g.rng.IntN(4)
	}
	for _, i := range g.rng.Perm(len(near)) {
		if extra == 0 {
			break
		}
		if c := near[i]; !slices.Contains(out, c) && slices.Contains(members, c) {
			out = append(out, c)
			extra--
		}
	}
	if len(out) == len(members) {
		return []string{"*"}
	}
	slices.Sort(out)
	return out
}

// importRound imports the rows that come in or change at an import, as the
// lead council's commissioning officer would: a register file, checked
// whole, written with its audit events.
func (g *gen) importRound(tx Tx, i int, at time.Time) error {
	im := g.imports[i]
	var rows []matching.ProviderLot
	for _, r := range im.adds {
		p := g.rows[r].p
		p.Status = g.rows[r].first
		rows = append(rows, p)
	}
	for _, r := range im.changes {
		rows = append(rows, g.rows[r].p)
	}
	text := genRegisterCSV(rows)
	parsed, err := matching.ParseRegister(strings.NewReader(text))
	if err != nil {
		return fmt.Errorf("the generated register does not pass its own checks: %s", err)
	}
	sum := sha256.Sum256([]byte(text))
	actor := g.actor
	if im.framework != "" {
		fw, _ := matching.FrameworkByCode(im.framework)
		actor = g.officers[fw.Lead][0]
	}
	res, err := importRows(tx, actor, parsed, hex.EncodeToString(sum[:]), at)
	if err != nil {
		return err
	}
	g.res.Events += res.Added + res.Updated + 1
	// The lots as they now stand, in provider id order as the store gives
	// them.
	added := map[string][]matching.ProviderLot{}
	for _, p := range parsed {
		l := g.lots[p.Lot]
		l.version++
		j, found := slices.BinarySearchFunc(l.rows, p.ProviderID, func(x matching.ProviderLot, id string) int { return strings.Compare(x.ProviderID, id) })
		if found {
			l.rows[j] = p
		} else {
			added[p.Lot] = append(added[p.Lot], p)
		}
	}
	// What was worked out on the lots as they stood can never be used again.
	for k := range g.elig {
		if g.lots[k.lot].version != k.version {
			delete(g.elig, k)
		}
	}
	for _, s := range genLotShares {
		l := g.lots[s.lot]
		if add := added[s.lot]; len(add) > 0 {
			l.rows = append(l.rows, add...)
			slices.SortFunc(l.rows, func(a, b matching.ProviderLot) int { return strings.Compare(a.ProviderID, b.ProviderID) })
		}
		l.ageBounds = []int{18}
		for _, p := range l.rows {
			l.ageBounds = append(l.ageBounds, p.MinAge, p.CoverUntil)
		}
		slices.Sort(l.ageBounds)
		l.ageBounds = slices.Compact(l.ageBounds)
	}
	return nil
}

func genRegisterCSV(rows []matching.ProviderLot) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append(append([]string{}, matching.RegisterColumns()...), "email"))
	for _, p := range rows {
		vac := ""
		if p.Vacancies != nil {
			vac = strconv.Itoa(*p.Vacancies)
		}
		w.Write([]string{p.ProviderID, p.ProviderName, p.Kind, p.Framework, p.Lot, string(p.Status), matching.ShowDate(p.AdmittedOn),
			strconv.FormatFloat(p.Quality, 'f', -1, 64), strings.Join(p.Serves, ";"), strconv.Itoa(p.MinAge), strconv.Itoa(p.CoverUntil),
			p.OfstedURN, strings.Join(p.Capabilities, ";"), vac, p.Town, p.Email})
	}
	w.Flush()
	return b.String()
}

// setDefaults has some councils set a guide price and weights for a lot,
// as SetDefaults does.
func (g *gen) setDefaults(tx Tx, at time.Time) error {
	for _, fw := range matching.Frameworks() {
		for _, l := range fw.Lots() {
			for _, c := range fw.Members() {
				if !chance(g.rng, 0.45) {
					continue
				}
				lo, hi := genGuide[l.Code][0], genGuide[l.Code][1]
				d := matching.Defaults{
					Weights:    pick(g.rng, genWeights),
					GuidePrice: matching.Pence((lo + g.rng.IntN(hi-lo)) / 500 * 500),
				}
				if err := d.Weights.Validate(); err != nil {
					return err
				}
				if err := tx.SetCouncilDefaults(c, fw.Code, l.Code, d); err != nil {
					return err
				}
				g.defaults[c+"/"+l.Code] = d
				at = at.Add(time.Duration(1+g.rng.IntN(4)) * time.Minute)
				action, detail := defaultsSetEvent(c, l.Code, d)
				if err := g.event(tx, at, g.officers[c][0], "", action, detail); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

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

	r        matching.Request
	officer  string
	invited  []matching.Invitation
	answers  map[string]matching.Response
	plans    []genAnswer
	extended bool
	opened   bool
	ranking  matching.Ranking
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
func (g *gen) create(tx Tx, q *genReq, at time.Time) error {
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
		if !slices.Contains(strings.FieldsFunc(in.Summary, func(r rune) bool { return !unicode.IsLetter(r) }), in.Initials) {
			break
		}
	}
	def := g.defaults[council+"/"+lot]
	if def.Weights == (matching.Weights{}) {
		def.Weights = matching.DefaultWeights()
	}
	r, err := matching.BuildRequest(in, def, at)
	if err != nil {
		return fmt.Errorf("the generated request does not pass its own checks: %s", err)
	}
	q.officer = g.officer(council, rng)
	r.CreatedBy = q.officer
	id, err := tx.NextRequestID(at)
	if err != nil {
		return err
	}
	r.ID = id
	if err := tx.InsertRequest(r); err != nil {
		return err
	}
	q.r = r
	g.created++
	g.res.Requests++
	action, detail := draftCreatedEvent(r)
	if err := g.event(tx, at, q.officer, r.ID, action, detail); err != nil {
		return err
	}
	// What becomes of it.
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
	return nil
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
func (g *gen) broadcast(tx Tx, q *genReq, at time.Time) error {
	r := q.r
	if r.Status != matching.StatusDraft {
		return nil
	}
	if err := matching.CheckBroadcast(r, at); err != nil {
		// Left as a draft too long: its deadline or start has passed.
		return g.cancelWith(tx, q, at, "The deadline passed before it was broadcast; a new request will be made.")
	}
	invited, left, digest := g.eligibility(r)
	if genCheckEligibility {
		i2, l2 := matching.Eligibility(r, g.lots[r.Lot].rows)
		if !reflect.DeepEqual(invited, i2) || !reflect.DeepEqual(left, l2) || (len(left) > 0 && digest != matching.NotInvitedDigest(l2)) {
			return fmt.Errorf("the eligibility worked out once for %s/%s/%d differs from matching.Eligibility", r.Lot, r.Council, r.Age())
		}
	}
	if err := tx.InsertBroadcast(r.ID, invited, left, digest); err != nil {
		return err
	}
	r.Status, r.BroadcastAt = matching.StatusOpen, at
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	q.r, q.invited = r, invited
	g.res.Invitations += len(invited)
	if err := g.event(tx, at, q.officer, r.ID, "broadcast", broadcastDetail(r, invited, left, digest)); err != nil {
		return err
	}
	if len(invited) == 0 {
		return g.close(tx, q, at, q.officer, "no provider on the lot was eligible", at)
	}
	g.planAnswers(q, at)
	g.plan(r.Deadline.Add(between(q.rng, 0, 3*time.Minute)), q.idx, stepCloseDue, 0)
	rng := q.rng
	window := r.Deadline.Sub(at)
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
func (g *gen) respond(tx Tx, q *genReq, j int, at time.Time) error {
	r := q.r
	if r.Status != matching.StatusOpen && r.Status != matching.StatusClosed {
		return nil // the offers were opened before it came: it is not logged
	}
	a := q.plans[j]
	_, replaced := q.answers[a.provider]
	if err := matching.CheckAnswerChange(r, replaced); err != nil {
		return nil // no revising after the deadline
	}
	resp, err := matching.BuildResponse(r, a.in, true, at)
	if err != nil {
		return fmt.Errorf("the generated answer of %s does not pass its own checks: %s", a.provider, err)
	}
	resp.RecordedBy = q.officer
	if err := tx.PutResponse(r.ID, resp); err != nil {
		return err
	}
	if !replaced {
		if resp.Declined {
			g.res.Declines++
		} else {
			g.res.Offers++
		}
	}
	q.answers[a.provider] = resp
	action, detail := answerEvent(resp, replaced, r.Deadline)
	if err := g.event(tx, at, q.officer, r.ID, action, detail); err != nil {
		return err
	}
	if r.Status == matching.StatusOpen && len(q.answers) >= len(q.invited) {
		return g.close(tx, q, at, "system", "every invited provider has answered", at)
	}
	return nil
}

// withdraw records that a provider took its offer back, as Withdraw does.
func (g *gen) withdraw(tx Tx, q *genReq, j int, at time.Time) error {
	id := q.plans[j].provider
	resp, ok := q.answers[id]
	var rp *matching.Response
	if ok {
		rp = &resp
	}
	if matching.CheckWithdraw(q.r, rp) != nil {
		return nil
	}
	resp.WithdrawnAt = at
	if err := tx.PutResponse(q.r.ID, resp); err != nil {
		return err
	}
	q.answers[id] = resp
	action, detail := withdrawnEvent(id)
	return g.event(tx, at, q.officer, q.r.ID, action, detail)
}

// extend moves the deadline later, as Extend does.
func (g *gen) extend(tx Tx, q *genReq, at time.Time) error {
	r := q.r
	deadline := r.Deadline.Add(time.Duration(1+q.rng.IntN(3)) * 24 * time.Hour)
	if matching.Today(deadline).After(r.Start) || matching.CheckExtend(r, deadline, at) != nil {
		return nil
	}
	old := r.Deadline
	r.Deadline = deadline
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	q.r = r
	g.plan(deadline.Add(between(q.rng, 0, 3*time.Minute)), q.idx, stepCloseDue, 0)
	action, detail := extendedEvent(old, deadline)
	return g.event(tx, at, q.officer, r.ID, action, detail)
}

// closeEarly closes before the deadline, as Close does.
func (g *gen) closeEarly(tx Tx, q *genReq, at time.Time) error {
	r := q.r
	if matching.CheckClose(r) != nil {
		return nil
	}
	reason := pick(q.rng, genCloseReasons)
	orig := r.Deadline
	r.Deadline, r.CloseReason = at, reason
	q.r = r
	return g.close(tx, q, at, q.officer, "closed early: "+reason+" (deadline was "+matching.ShowTime(orig)+")", at)
}

// close closes the request, as the service does (closeRequest), and plans
// the opening of its offers.
func (g *gen) close(tx Tx, q *genReq, closedAt time.Time, actor, why string, at time.Time) error {
	r := q.r
	if err := closeRequest(tx, &r, closedAt, actor, why, at); err != nil {
		return err
	}
	q.r = r
	g.res.Events++
	var wait time.Duration
	switch r.Urgency {
	case matching.UrgencyToday:
		wait = between(q.rng, 15*time.Minute, 2*time.Hour)
	case matching.UrgencyWithin5:
		wait = between(q.rng, time.Hour, 24*time.Hour)
	default:
		wait = between(q.rng, 2*time.Hour, 4*24*time.Hour)
	}
	switch q.pin {
	case pinClosed:
		return nil // still to be opened
	case pinOpened, pinAwarded, pinNoAward:
		wait = 2 * time.Hour
	}
	g.plan(at.Add(wait), q.idx, stepRank, 0)
	return nil
}

// cancel ends a draft or open request, as Cancel does.
func (g *gen) cancel(tx Tx, q *genReq, at time.Time) error {
	reasons := genCancelDraft
	if q.r.Status == matching.StatusOpen {
		reasons = genCancelOpen
	}
	return g.cancelWith(tx, q, at, pick(q.rng, reasons))
}

func (g *gen) cancelWith(tx Tx, q *genReq, at time.Time, reason string) error {
	r := q.r
	if matching.CheckCancel(r) != nil {
		return nil
	}
	r.Status, r.EndedAt, r.EndReason = matching.StatusCancelled, at, reason
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	q.r = r
	action, detail := cancelledEvent(reason)
	if err := g.event(tx, at, q.officer, r.ID, action, detail); err != nil {
		return err
	}
	q.release()
	return nil
}

// open ranks the offers and opens them, as Rank does the first time.
func (g *gen) open(tx Tx, q *genReq, at time.Time) error {
	r := q.r
	if r.Status != matching.StatusClosed {
		return nil
	}
	entrants, err := tx.Entrants(r.ID)
	if err != nil {
		return err
	}
	resps, err := tx.Responses(r.ID)
	if err != nil {
		return err
	}
	rk := matching.Rank(r, r.Deadline, entrants, resps)
	// The request first, then its ranking: the same two writes as Rank's,
	// without rewriting the stored ranking twice.
	r.Status, r.OpenedAt = matching.StatusOpened, at
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	if err := tx.SaveRanking(r.ID, rk); err != nil {
		return err
	}
	q.r, q.ranking = r, rk
	action, detail := openedEvent(r, rk)
	if err := g.event(tx, at, q.officer, r.ID, action, detail); err != nil {
		return err
	}
	if q.pin == pinOpened {
		return nil // awaiting the decision
	}
	g.plan(at.Add(between(q.rng, 10*time.Minute, 48*time.Hour)), q.idx, stepDecide, 0)
	return nil
}

// decide awards or ends without award, as Award and NoAward do.
func (g *gen) decide(tx Tx, q *genReq, at time.Time) error {
	r, rk, rng := q.r, q.ranking, q.rng
	if r.Status != matching.StatusOpened {
		return nil
	}
	defer q.release()
	if len(rk.Ranked) > 0 && q.pin != pinNoAward && (q.pin == pinAwarded || chance(rng, 0.96)) {
		pos := 0
		if len(rk.Ranked) > 1 && q.pin == pinNone && chance(rng, 0.07) {
			pos = 1 + rng.IntN(min(2, len(rk.Ranked)-1))
		}
		providerID, reason := rk.Ranked[pos].ProviderID, ""
		if pos > 0 {
			reason = pick(rng, genAwardReasons)
		}
		reason, err := matching.CheckAward(r, rk, providerID, reason)
		if err != nil {
			return err
		}
		r.Status, r.EndedAt, r.EndReason, r.AwardedTo = matching.StatusAwarded, at, reason, providerID
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		q.r = r
		action, detail := awardedEvent(providerID, pos+1, reason)
		return g.event(tx, at, q.officer, r.ID, action, detail)
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
	reason, err := matching.CheckNoAward(r, reason)
	if err != nil {
		return err
	}
	r.Status, r.EndedAt, r.EndReason, r.SpotPurchase = matching.StatusNoAward, at, reason, spot
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	q.r = r
	action, detail := noAwardEvent(reason, spot)
	return g.event(tx, at, q.officer, r.ID, action, detail)
}

// release lets go of what a decided request no longer needs.
func (q *genReq) release() {
	q.invited, q.answers, q.plans, q.ranking = nil, nil, nil, matching.Ranking{}
}

// ---- Words of the region: invented, and naming nobody ----

type genCouncil struct {
	slug   string
	weight float64 // roughly the population, in hundreds of thousands
}

var genCouncils = []genCouncil{
	{"blackburn-with-darwen", 1.5}, {"blackpool", 1.4}, {"bolton", 3}, {"bury", 1.9}, {"cheshire-east", 4},
	{"cheshire-west-and-chester", 3.6}, {"cumberland", 2.7}, {"halton", 1.3}, {"knowsley", 1.5}, {"lancashire", 12},
	{"liverpool", 4.9}, {"manchester", 5.5}, {"oldham", 2.4}, {"rochdale", 2.2}, {"salford", 2.7}, {"sefton", 2.8},
	{"st-helens", 1.8}, {"stockport", 2.9}, {"tameside", 2.3}, {"trafford", 2.4}, {"warrington", 2.1},
	{"westmorland-and-furness", 2.3}, {"wigan", 3.3}, {"wirral", 3.2},
}

var genCouncilWeights = func() []float64 {
	w := make([]float64, len(genCouncils))
	for i, c := range genCouncils {
		w[i] = c.weight
	}
	return w
}()

// genHomeWeights are where providers are based: more in the bigger
// councils, but less than in proportion.
var genHomeWeights = func() []float64 {
	w := make([]float64, len(genCouncils))
	for i, c := range genCouncils {
		w[i] = math.Sqrt(c.weight)
	}
	return w
}()

func genCouncilWeight(slug string) float64 {
	for _, c := range genCouncils {
		if c.slug == slug {
			return c.weight
		}
	}
	return 1
}

// genSubRegion is the councils near a council: its sub-region.
func genSubRegion(slug string) []string {
	for _, r := range genSubRegions {
		if slices.Contains(r, slug) {
			return r
		}
	}
	return []string{slug}
}

var genSubRegions = [][]string{
	{"halton", "knowsley", "liverpool", "sefton", "st-helens", "wirral", "warrington", "cheshire-east", "cheshire-west-and-chester"},
	{"bolton", "bury", "manchester", "oldham", "rochdale", "salford", "stockport", "tameside", "trafford", "wigan"},
	{"lancashire", "blackpool", "blackburn-with-darwen", "cumberland", "westmorland-and-furness"},
}

var genTowns = map[string][]string{
	"blackburn-with-darwen": {"Blackburn", "Darwen"}, "blackpool": {"Blackpool", "Bispham"},
	"bolton": {"Bolton", "Farnworth", "Horwich"}, "bury": {"Bury", "Ramsbottom", "Prestwich"},
	"cheshire-east": {"Crewe", "Macclesfield", "Congleton"}, "cheshire-west-and-chester": {"Chester", "Ellesmere Port", "Northwich"},
	"cumberland": {"Carlisle", "Workington", "Whitehaven"}, "halton": {"Widnes", "Runcorn"},
	"knowsley": {"Kirkby", "Huyton", "Prescot"}, "lancashire": {"Preston", "Lancaster", "Burnley", "Chorley", "Morecambe"},
	"liverpool": {"Liverpool", "Garston", "Walton"}, "manchester": {"Manchester city centre", "Wythenshawe", "Levenshulme"},
	"oldham": {"Oldham", "Chadderton"}, "rochdale": {"Rochdale", "Heywood", "Middleton"},
	"salford": {"Salford", "Eccles", "Swinton"}, "sefton": {"Bootle", "Southport", "Crosby"},
	"st-helens": {"St Helens", "Newton-le-Willows"}, "stockport": {"Stockport", "Cheadle", "Marple"},
	"tameside": {"Ashton-under-Lyne", "Hyde", "Stalybridge"}, "trafford": {"Sale", "Stretford", "Altrincham"},
	"warrington": {"Warrington", "Great Sankey"}, "westmorland-and-furness": {"Kendal", "Barrow-in-Furness", "Penrith"},
	"wigan": {"Wigan", "Leigh"}, "wirral": {"Birkenhead", "Wallasey", "Heswall"},
}

var genNameFirst = []string{
	"Brook", "Meadow", "Harbour", "Pennine", "Mersey", "Irwell", "Ribble", "Lune", "Beacon", "Kingsway", "Oakfield",
	"Rowan", "Willow", "Heron", "Lantern", "Compass", "Hearth", "Anchor", "Northgate", "Summit", "Millstone",
	"Viaduct", "Saddleworth", "Moorside", "Bridgewater", "Cedar", "Foxglove", "Hollins", "Larkhill", "Marsh Lane",
	"New Leaf", "Next Chapter", "Open Door", "Pathfinder", "Quayside", "Redbrick", "Riverside", "Sandstone",
	"Skylark", "Stepping Stones", "Thornbury", "Waterside", "Whitegate", "Wildflower", "Windmill", "Yew Tree",
	"Tŷ Hafan", "Élan", "Cúram", "Lighthouse", "Haven", "Keystone", "Goldfinch", "Bluebell", "Dovecote", "Fellside",
}

var genNameSecond = []string{"House", "Lane", "Valley", "Park", "View", "Bridge", "Court", "Gardens", "Fields", "Row", "Green", "Hill"}

var genNameSuffix = map[string][]string{
	"company":     {"Care Ltd", "Support Services Ltd", "Homes Ltd", "Living Ltd", "Care Group Ltd", "Supported Living Ltd", "Youth Homes Ltd", "Lettings & Support"},
	"charity":     {"Trust", "Foundation", "Partnership", "Youth Housing", "Foyer", "Community Interest Company", "CIC", "Project"},
	"sole-trader": {"Mentoring", "Tenancy Coaching", "Support", "Wellbeing", "Outreach"},
	"health":      {"Health Outreach", "Community Health Services", "Children's Health Partnership"},
}

var genSurnames = []string{
	"okafor", "patel", "hughes", "khan", "jones", "murphy", "walsh", "nowak", "ahmed", "clarke", "brennan", "evans",
	"lee", "ali", "kaur", "sullivan", "baker", "wright", "nguyen", "hassan", "doyle", "price", "shaw", "quinn",
	"roberts", "ward", "oconnor", "mensah", "lewis", "taylor", "byrne", "morris", "singh", "kowalski", "adeyemi",
}

var genCapsPackages = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks", "community-access", "autism",
	"learning-disability", "physical-disability", "behaviour-support", "bsl", "makaton", "mental-health", "self-harm", "harm-to-others",
}

var genCapsLeaving = []string{
	"independence-skills", "mental-health", "young-parent", "unaccompanied", "esol", "community-access", "learning-disability",
	"self-harm", "sexual-exploitation", "criminal-exploitation", "substance-misuse", "eating-disorder", "going-missing", "harm-to-others",
}

var genNeedsPackages = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks", "community-access", "autism",
	"learning-disability", "physical-disability", "behaviour-support", "bsl", "makaton",
}

var genNeedsLeaving = []string{"independence-skills", "independence-skills", "mental-health", "young-parent", "unaccompanied", "esol", "learning-disability"}

// genUrgency weights today, within-5-days and planned per lot.
var genUrgency = map[string][]float64{
	"packages": {5, 25, 70}, "group-living": {20, 45, 35}, "floating-with-accommodation": {10, 40, 50}, "floating-support": {5, 35, 60},
}

// genGuide is the range of guide prices per lot, in pence.
var genGuide = map[string][2]int{
	"packages": {110000, 170000}, "group-living": {95000, 140000}, "floating-with-accommodation": {80000, 110000}, "floating-support": {30000, 45000},
}

var genWeights = []matching.Weights{
	{Quality: 50, Price: 35, AgeCover: 15}, {Quality: 45, Price: 40, AgeCover: 15}, {Quality: 55, Price: 30, AgeCover: 15},
	{Quality: 40, Price: 40, AgeCover: 20}, {Quality: 50, Price: 30, AgeCover: 20},
}

var genSituationsPackages = []string{
	"Lives at home with a parent and younger siblings.", "Lives with grandparents who want to carry on caring.",
	"Lives with foster carers who need regular breaks.", "Attends a special school; transport is arranged separately.",
	"Lives at home; the family's current package ends next month.", "Coming home from a residential school for the holidays.",
}

var genSituationsLeaving = []string{
	"Moving on from a residential children's home.", "Leaving foster care and wants to stay in the area.",
	"Arrived in Britain unaccompanied and is settled at college.", "Returning from a placement out of the area.",
	"A young parent with a baby, needing support to keep a tenancy.", "Sofa-surfing after a family breakdown.",
	"Stepping down from supported lodgings.",
}

var genTagSentences = map[string]string{
	"personal-care":         "Needs support with personal care morning and evening.",
	"complex-health":        "Needs health care tasks carried out by trained staff.",
	"waking-night":          "Needs a waking night so that someone is always up.",
	"sleeping-night":        "Needs sleeping nights so the family can rest.",
	"short-breaks":          "Short breaks at weekends would help the family most.",
	"community-access":      "Wants to get out to clubs and activities in the community.",
	"autism":                "Autistic; needs a predictable routine and notice of changes.",
	"learning-disability":   "Has a learning disability and needs help with everyday tasks.",
	"physical-disability":   "Uses a wheelchair; the home needs level access.",
	"behaviour-support":     "Needs staff trained in positive behaviour support.",
	"bsl":                   "Communicates in British Sign Language.",
	"makaton":               "Communicates with Makaton and a picture timetable.",
	"independence-skills":   "Needs help with budgeting, cooking and managing a tenancy.",
	"mental-health":         "Works with the mental health team and has a plan to follow.",
	"young-parent":          "Needs support as a new parent.",
	"unaccompanied":         "Needs help with appointments and with settling in.",
	"esol":                  "Learning English; an interpreter helps at meetings.",
	"self-harm":             "Has self-harmed at times of change; any provider must follow the safety plan.",
	"sexual-exploitation":   "Has been at risk of exploitation; a safety plan is in place.",
	"criminal-exploitation": "Has been drawn into criminal exploitation; staying away from some areas matters.",
	"substance-misuse":      "Is working with a substance misuse service.",
	"eating-disorder":       "Is recovering from an eating disorder, with a clinic's support.",
	"going-missing":         "Has gone missing overnight a few times this year, each time returning by morning.",
	"harm-to-others":        "Has hurt others when distressed; staff need de-escalation training.",
	"fire-setting":          "Has set small fires in the past; the home must have a fire risk plan.",
	"harm-to-animals":       "Should not live with pets.",
}

var genEndings = []string{
	"A small, steady team matters more than anything.", "Wants to stay near college.", "Keeping in touch with family matters a lot.",
	"Would like to start soon.", "Does best with staff who are calm and consistent.",
}

var genNotes = []string{
	"Can start on the date asked.", "Team of three support workers based locally.", "Room in a four-bed house, staff on site 24 hours.",
	"Price includes two sleeping nights a week.", "Nurse-led team; price reflects registered nurse oversight.",
	"Can take the referral from the following Monday.", "Price includes weekly key-work sessions.", "Would plan a move-on at 21.",
	"Bilingual staff available.", "Transport to college included.", "Includes an allowance for activities.",
}

var genDeclines = []string{
	"No vacancy in the area until next month.", "No staff team with capacity in the area.",
	"Cannot meet the health care tasks described.", "The needs of current residents would not fit.",
	"Outside the area our team can reach in the hours asked.", "The risks described are beyond what our team can manage safely.",
}

var genCancelDraft = []string{
	"Created in error: a duplicate of an earlier request.", "The young person's plan changed before broadcast.",
	"Support arranged within the family network.",
}

var genCancelOpen = []string{
	"The young person returned home; the placement is no longer needed.", "Placed with the council's own provision.",
	"Court directions changed the plan.",
}

var genCloseReasons = []string{
	"Enough compliant offers to decide; the placement is needed sooner.", "The young person's situation became urgent.",
	"All providers with vacancies have answered.",
}

var genAwardReasons = []string{
	"The young person chose this provider after visiting both.", "A better fit with the current residents of the home.",
	"Keeps the young person near school and family contact.", "The top-ranked provider could no longer start on the date needed.",
}

var genNoAwardReasons = []string{
	"None of the offers could meet the health needs described.", "The plan changed after opening; the placement is no longer needed.",
	"The start dates offered were too late.",
}

var genSpotPurchases = []string{
	"Spot purchase from a provider off the DPS for four weeks while a new request is prepared.",
	"Spot purchase of an emergency placement; the need will be tendered again.", "In-house provision used for now.",
}
