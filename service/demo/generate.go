package demo

import (
	"container/heap"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
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
	// Trace, if set, hears each change the generator makes, as the service
	// operation that would make it (see Traced): a test plays the trace
	// through the service and checks that the two trails are the same.
	Trace func(Traced)
	// CheckEligibility makes the generator check each broadcast's split,
	// which it works out once for many requests, against
	// matching.Eligibility itself, and the entrants and answers it opens
	// offers with, which it keeps rather than reads, against the store's
	// (a self-check for tests; it costs time).
	CheckEligibility bool
	// Discarded says that the store is a new file that is thrown away if
	// generation fails (see store.BulkFile), for the message that says
	// what is kept.
	Discarded bool
}

// Traced is one change of a generated history as the service operation
// that makes it: Op names the operation, At is when, Actor who, Salt the
// salt of any commitment it makes (the generator draws them from its seed),
// and the rest its arguments.
type Traced struct {
	Op        string // import, defaults, term, purchaser, create, broadcast, respond, withdraw, extend, close-early, close-due, cancel, open, award, no-award, placement-change, placement-end, budget
	At        time.Time
	Actor     string
	RequestID string // "" for import and defaults (and create, whose id the store gives)
	Register  string // import: the register file
	Council   string // defaults
	Lot       string
	Defaults  matching.Defaults
	Request   matching.RequestInput  // create
	Response  matching.ResponseInput // respond
	Provider  string                 // withdraw, award
	Deadline  time.Time              // extend
	Reason    string                 // close-early, cancel, award, no-award
	Spot      string                 // no-award
	// SpotPlacement is a no-award's spot placement, when it made one.
	SpotPlacement service.SpotPlacement
	// A placement's change or end, and a budget: the placement, the date
	// (the budget's year), the weekly price, the framework and amount.
	Placement, Date, Weekly, Framework, Amount string
	Salt                                       string
	// term: the framework's term (Framework (shared with a budget), Start, Years); purchaser: a
	// purchaser (Council its slug, Name, Framework, GSS).
	Start     time.Time
	Years     string
	Name, GSS string
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
	Placements   int            `json:"placements"`
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
// cancel. Each change is the matching transition the service operation of
// that name applies, written as service.Record writes it, so the audit
// trail is the one the operations would have written (a test checks it,
// event by event) and its chain verifies. Unlike the operations, it writes
// in large transactions, each in a few bulk statements at its end (see
// gen_write.go), which is what makes it fast; it takes its salts from the
// seed; and it queues no messages to providers: a generated history's
// messages count as sent.
//
// A store that already has a provider or a request is refused unchanged.
// If generation fails or is stopped, what was committed before stays
// (unless opts.Discarded: the caller then throws the store away).
func Generate(ctx context.Context, s *service.Service, actor string, opts GenerateOptions) (GenerateResult, error) {
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
	g := newGen(actor, opts, s.Now().UTC().Truncate(time.Minute))
	g.planRegister()
	g.planRequests()
	g.planBudgets()
	first := true
	stopped := func(err error) error {
		if opts.Discarded {
			return fmt.Errorf("generation stopped with %d of %d requests made; the store was left as it was: %w", g.created, opts.Requests, err)
		}
		return fmt.Errorf("generation stopped with %d of %d requests made; the store keeps what was committed before: %w", g.committed, opts.Requests, err)
	}
	for g.steps.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return g.res, stopped(err)
		}
		err := s.Store().Update(ctx, func(tx service.Tx) error {
			if first {
				if err := refuseData(tx); err != nil {
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
	err := s.Store().Update(ctx, func(tx service.Tx) error {
		if err := g.termsAndPurchasers(tx); err != nil {
			return err
		}
		return g.flush(tx)
	})
	if err != nil {
		return g.res, err
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

// RefuseUnlessNew refuses a store that holds anything a generated region
// would replace: the generator's command makes the region in a new file and
// puts it in place of the store (see cmd/placematch), so the store must be
// new, as init makes it (no provider, no request, no change in its audit
// trail). Nothing is changed either way.
func RefuseUnlessNew(ctx context.Context, s *service.Service) error {
	return s.Store().View(ctx, func(tx service.Tx) error {
		if err := refuseData(tx); err != nil {
			return err
		}
		n, err := tx.AuditWritten()
		if err != nil {
			return err
		}
		if n > 0 {
			return matching.Conflictf("this store already has %s changes in its audit trail: demo generate fills only a new store, so nothing was changed; give a new store file with --db PATH", matching.Thousands(int(n)))
		}
		return nil
	})
}

func refuseData(tx service.Tx) error {
	provs, err := tx.ProviderLots(service.ProviderFilter{})
	if err != nil {
		return err
	}
	reqs, err := tx.Requests(service.RequestFilter{Limit: 1})
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
	salts *rand.Rand // the salts of commitments: from the seed, apart from rng

	rows       []genRow
	imports    []*genImport
	lots       map[string]*genLot
	elig       map[genEligKey]*genElig
	officers   map[string][]string // council → officers' user names
	defaults   map[string]matching.Defaults
	reqs       []*genReq
	steps      stepHeap
	stepAt     time.Time // the time of the step being played
	seq        uint64
	created    int
	committed  int // requests created in transactions that were committed
	res        GenerateResult
	providerNo int
	placements []*genPlacement
	w          genWrites // what the batch has written so far
}

func newGen(actor string, opts GenerateOptions, now time.Time) *gen {
	g := &gen{
		actor: actor, opts: opts, now: now.UTC(),
		rng:      rand.New(rand.NewPCG(opts.Seed, 0x5eed_0f_a_7e610)),
		salts:    rand.New(rand.NewPCG(opts.Seed, 0x5a17_5a17)),
		lots:     map[string]*genLot{},
		elig:     map[genEligKey]*genElig{},
		officers: map[string][]string{},
		defaults: map[string]matching.Defaults{},
	}
	g.w.reset()
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
	stepPlacementPrice // a placement's (see gen_placements.go): arg is its index
	stepPlacementEnd
	stepBudget // every council's budgets: arg is the financial year
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
func (g *gen) run(ctx context.Context, tx service.Tx, n int) error {
	for i := 0; i < n && g.steps.Len() > 0; i++ {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		st := heap.Pop(&g.steps).(step)
		at := time.Unix(0, st.at).UTC()
		g.stepAt = at
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
	return g.flush(tx)
}

func (g *gen) do(tx service.Tx, st step, at time.Time) error {
	if st.kind == stepImport {
		return g.importRound(tx, int(st.arg), at)
	}
	if st.kind == stepDefaults {
		return g.setDefaults(tx, at)
	}
	if st.kind >= stepPlacementPrice {
		return g.placementStep(tx, st, at)
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
	was := q.r.Status
	if ev, due := q.r.CloseDue(at); due {
		g.trace(Traced{Op: "close-due", At: at, Actor: q.officer, RequestID: q.r.ID})
		if err := g.record(tx, q, was, ev); err != nil {
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

// record writes what a transition did to q's request, as the service does
// (service.Record: the snapshot at close, the request, its events; kept
// for the end of the batch, see gen_write.go), and plans what follows a
// close.
func (g *gen) record(_ service.Tx, q *genReq, was matching.Status, evs ...matching.Event) error {
	closed := q.r.Status == matching.StatusClosed && was != matching.StatusClosed
	if closed {
		g.snapshotAtClose(q)
	}
	g.w.changed(q)
	g.w.events(evs...)
	g.res.Events += len(evs)
	if closed {
		g.closed(q)
	}
	return nil
}

// appendEvent adds an event that changes no request.
func (g *gen) appendEvent(_ service.Tx, ev matching.Event) error {
	g.w.events(ev)
	g.res.Events++
	return nil
}

// trace tells the options' Trace of a change, if it listens.
func (g *gen) trace(t Traced) {
	if g.opts.Trace != nil {
		g.opts.Trace(t)
	}
}

// salt is the next salt of a commitment: 16 bytes from the seed, in hex,
// as service.RandomSalt makes them from the system's randomness.
func (g *gen) salt() string {
	return fmt.Sprintf("%016x%016x", g.salts.Uint64(), g.salts.Uint64())
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
