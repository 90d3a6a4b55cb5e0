package matching

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TrailCheck checks a store's state against its audit trail: replaying the
// structured events (version 2) of each request gives its status, dates,
// criteria, award, who was invited, each answer (through the commitment
// its event made) and the ranking recorded when the offers were opened,
// and each of these must be what the store holds. Feed it every event in
// order (Event), then every stored request, invitation list, answer and
// ranking, in any order; End names what the trail records and the store
// lacks. Every difference is named, up to a limit (see Differences).
//
// What the trail cannot prove is named by Unproven: the check is only as
// strong as the trail, and the chain has no secret, so a trail rewritten
// whole with its hashes recomputed passes unless it is held against an
// anchor kept outside the store (see Anchor).
type TrailCheck struct {
	reqs    map[string]*trailRequest
	answers map[answerKey]*trailAnswer
	diffs   []string
	more    int // differences found beyond the limit
	// what could not be replayed, counted for Unproven
	oldRequests     int
	unknownActions  map[string]int
	unopenedAnswers int
	draftsSeen      int
	requests        int // stored requests held against the trail
	answersSeen     int
	register        *trailRegister  // the register's rows (trail_register.go)
	pl              *placementTrail // placements and budgets (placement_trail.go)
	// framework terms and purchasers (see trail_term.go)
	terms      map[string]*trailTerm
	purchasers map[string]*trailPurchaser
}

// maxDifferences is how many differences a check names; the rest are
// counted.
const maxDifferences = 200

type trailRequest struct {
	id            string // the request's id, the check's own copy
	created, seen bool
	old           bool   // an event of version 1: not replayed
	unknown       string // an action not replayed; "" when none
	status        Status
	createdSeq    int64
	// From the broadcast on.
	broadcastSeq int64
	criteria     Fields
	personal     string // the commitment
	personalSalt string // "" when no opening was kept
	invited      string // sorted, joined by spaces
	deadline     string
	broadcastAt  string
	closedAt     string
	closeReason  string
	openedSeq    int64
	openedAt     string
	ranking      Fields
	endedAt      string
	endReason    string
	awarded      string
	awardSeq     int64
	spot         string
}

type answerKey struct{ request, provider string }

type trailAnswer struct {
	seq      int64
	received string
	opened   bool // the opening was kept: digest holds the values
	digest   [32]byte
	seen     bool
}

// NewTrailCheck starts a check.
func NewTrailCheck() *TrailCheck {
	return &TrailCheck{reqs: map[string]*trailRequest{}, answers: map[answerKey]*trailAnswer{}, unknownActions: map[string]int{}}
}

func (c *TrailCheck) differ(msg string) {
	if len(c.diffs) >= maxDifferences {
		c.more++
		return
	}
	c.diffs = append(c.diffs, msg)
}

// Differences are the differences found, in the order found; more counts
// those beyond the limit that were not named.
func (c *TrailCheck) Differences() (named []string, more int) { return c.diffs, c.more }

// valuesDigest is a digest of committed values, without a salt: what an
// opening kept in the trail opened, to be held against the store's values.
func valuesDigest(values Fields) [32]byte {
	var buf [512]byte
	b := buf[:0]
	for _, v := range values {
		b = appendPrefixed(b, v.Name)
		b = appendPrefixed(b, v.Value)
	}
	return sha256.Sum256(b)
}

// Event replays one event of the trail. Events must come in sequence
// order, after the chain has accepted them (ChainVerifier.Next).
//
// What the check keeps of an event (an id, a date, a reason) it copies
// (keep): an event's strings may be parts of something much larger, such
// as the row of the store it was read from, which a part kept would keep
// whole, for every request of a region.
func (c *TrailCheck) Event(e Event) { c.event(e, false) }

// EventChecked is Event given the event's own check (CheckEvent), which
// the chain's check worked out already: an answer's opening is then not
// held against its commitment a second time.
func (c *TrailCheck) EventChecked(e Event, ck EventCheck) { c.event(e, ck.BadOpening == "") }

// event is Event; opened is true when every opening of e is known to open
// its commitment.
func (c *TrailCheck) event(e Event, opened bool) {
	if e.Structured() && c.placementEvent(e) {
		return
	}
	if e.RequestID == "" {
		c.registerEvent(e)
		c.otherEvent(e)
		return
	}
	r := c.reqs[e.RequestID]
	if r == nil {
		r = &trailRequest{id: keep(e.RequestID)}
		c.reqs[r.id] = r
	}
	if !e.Structured() {
		r.old = true
		return
	}
	f := e.Fields
	switch e.Action {
	case ActionDraftCreated:
		r.created, r.createdSeq, r.status = true, e.Seq, StatusDraft
		r.personal, r.personalSalt = keep(f.Get(FieldPersonal)), keep(e.Openings[FieldPersonal].Salt)
	case ActionBroadcast:
		r.status, r.broadcastSeq, r.broadcastAt = StatusOpen, e.Seq, stamp(e.At)
		r.criteria = r.criteria[:0]
		for _, x := range f {
			switch x.Name {
			case "invited", "not invited", "not invited sha256", FieldPersonal:
			case "deadline":
				r.deadline = keep(x.Value)
			default:
				r.criteria = append(r.criteria, Field{keep(x.Name), keep(x.Value)})
			}
		}
		ids := strings.Fields(f.Get("invited"))
		slices.Sort(ids)
		r.invited = keep(strings.Join(ids, " "))
		r.personal, r.personalSalt = keep(f.Get(FieldPersonal)), keep(e.Openings[FieldPersonal].Salt)
	case ActionAnswerLogged, ActionAnswerChanged:
		a := c.answers[answerKey{e.RequestID, f.Get("provider")}]
		if a == nil {
			a = &trailAnswer{}
			c.answers[answerKey{r.id, keep(f.Get("provider"))}] = a
		}
		a.seq = e.Seq
		if e.Action == ActionAnswerLogged {
			a.received = keep(f.Get("received"))
		}
		o, ok := e.Openings[FieldAnswer]
		a.opened = ok && (opened || e.Opens(FieldAnswer, o))
		if a.opened {
			a.digest = valuesDigest(o.Values)
		}
	case ActionDeadlineExtended:
		r.deadline = keep(f.Get("to"))
	case ActionStartMoved:
		// The criteria fixed at broadcast, but for the start date, which
		// may move later at the same age.
		for i := range r.criteria {
			if r.criteria[i].Name == "start" {
				r.criteria[i].Value = keep(f.Get("to"))
			}
		}
	case ActionClosed:
		r.status, r.closedAt = StatusClosed, keep(f.Get("closed at"))
		if CloseCause(f.Get("cause")) == CloseEarly {
			r.deadline, r.closeReason = r.closedAt, keep(f.Get("reason"))
		}
	case ActionCancelled:
		r.status, r.endedAt, r.endReason = StatusCancelled, stamp(e.At), keep(f.Get("reason"))
	case ActionOffersOpened:
		r.status, r.openedSeq, r.openedAt = StatusOpened, e.Seq, stamp(e.At)
		r.ranking = Fields{{"ranked", keep(f.Get("ranked"))}, {"not ranked", keep(f.Get("not ranked"))}, {"no response", keep(f.Get("no response"))}}
	case ActionAwarded:
		r.status, r.endedAt, r.endReason, r.awarded, r.awardSeq = StatusAwarded, stamp(e.At), keep(f.Get("reason")), keep(f.Get("provider")), e.Seq
	case ActionNoAward:
		r.status, r.endedAt, r.endReason, r.spot = StatusNoAward, stamp(e.At), keep(f.Get("reason")), keep(f.Get("spot purchase"))
	case ActionNote:
		// A note changes nothing the store holds of the request.
	default:
		if r.unknown == "" {
			r.unknown = keep(e.Action)
		}
	}
}

// replayable is the replayed request, or nil when its state cannot be
// held against the store (an old or unknown event; not created in the
// trail), counting why.
func (c *TrailCheck) replayable(id string) *trailRequest {
	r := c.reqs[id]
	switch {
	case r == nil:
		return nil
	case r.old:
		c.oldRequests++
		return nil
	case r.unknown != "":
		c.unknownActions[r.unknown]++
		return nil
	}
	return r
}

// keep is a copy of s, for what the check keeps of an event (see Event).
func keep(s string) string { return strings.Clone(s) }

// Request holds a stored request against its replay.
func (c *TrailCheck) Request(s Request) {
	c.requests++
	t := c.reqs[s.ID]
	if t == nil || !t.created && !t.old {
		c.differ(trailNotRecorded(s.ID))
		return
	}
	t.seen = true
	if t = c.replayable(s.ID); t == nil {
		return
	}
	if s.Status != t.status {
		c.differ(trailStatusDiffers(s.ID, s.Status, t.status))
		return // what follows depends on the status
	}
	if s.Status == StatusDraft {
		c.draftsSeen++
		return // a draft changes without events until its broadcast
	}
	if t.broadcastSeq != 0 {
		c.broadcastFacts(s, t)
	}
	c.times(s.ID, "close time", s.ClosedAt, t.closedAt)
	c.times(s.ID, "opening time", s.OpenedAt, t.openedAt)
	c.times(s.ID, "end time", s.EndedAt, t.endedAt)
	if s.CloseReason != t.closeReason {
		c.differ(trailFieldDiffers(s.ID, "reason for closing early", s.CloseReason, t.closeReason))
	}
	if s.EndReason != t.endReason {
		c.differ(trailFieldDiffers(s.ID, "reason", s.EndReason, t.endReason))
	}
	if s.AwardedTo != t.awarded {
		c.differ(trailAwardDiffers(s.ID, s.AwardedTo, t.awarded))
	}
	if s.SpotPurchase != t.spot {
		c.differ(trailFieldDiffers(s.ID, "spot purchase", s.SpotPurchase, t.spot))
	}
}

// broadcastFacts holds what a broadcast fixed against the stored request:
// the criteria, the personal data (through the commitment), the deadline
// as moved since, the time of the broadcast.
func (c *TrailCheck) broadcastFacts(s Request, t *trailRequest) {
	stored := pairsOf(criteriaPairs(s)...)
	for _, f := range stored {
		if f.Name == "deadline" {
			continue
		}
		if want := t.criteria.Get(f.Name); want != f.Value {
			c.differ(trailFieldDiffers(s.ID, f.Name, f.Value, want))
		}
	}
	for _, f := range t.criteria {
		if stored.Get(f.Name) == "" {
			c.differ(trailFieldDiffers(s.ID, f.Name, "", f.Value))
		}
	}
	if t.personal != "" && t.personalSalt != "" && Commit(t.personalSalt, personalValues(s)) != t.personal {
		c.differ(trailPersonalDiffers(s.ID, t.broadcastSeq))
	}
	c.times(s.ID, "deadline", s.Deadline, t.deadline)
	c.times(s.ID, "broadcast time", s.BroadcastAt, t.broadcastAt)
}

func (c *TrailCheck) times(id, what string, stored time.Time, trail string) {
	if s := stamp(stored); s != trail {
		c.differ(trailTimeDiffers(id, what, stored, trail))
	}
}

// Invited holds the providers a stored request invited against its
// broadcast.
func (c *TrailCheck) Invited(requestID string, providerIDs []string) {
	t := c.reqs[requestID]
	if t == nil || !t.created {
		if t == nil || !t.old {
			c.differ(trailInvitationsNotRecorded(requestID))
		}
		return
	}
	if t.old || t.unknown != "" {
		return
	}
	ids := slices.Clone(providerIDs)
	slices.Sort(ids)
	if got := strings.Join(ids, " "); got != t.invited {
		c.differ(trailInvitedDiffers(requestID, ids, strings.Fields(t.invited), t.broadcastSeq))
	}
}

// Answer holds a stored answer against the event that last logged or
// changed it, through its commitment.
func (c *TrailCheck) Answer(requestID string, s Response) {
	c.answersSeen++
	if t := c.reqs[requestID]; t != nil && (t.old || t.unknown != "") {
		return
	}
	a := c.answers[answerKey{requestID, s.ProviderID}]
	if a == nil {
		c.differ(trailAnswerNotRecorded(requestID, s.ProviderID))
		return
	}
	a.seen = true
	if !a.opened {
		c.unopenedAnswers++
	} else if valuesDigest(answerValues(s)) != a.digest {
		c.differ(trailAnswerDiffers(requestID, s.ProviderID, a.seq))
	}
	if a.received != "" {
		c.times(requestID, s.ProviderID+"'s answer's received time", s.Received, a.received)
	}
}

// WantsRanking reports whether Ranking would hold the stored ranking of a
// request against the trail (not for a request checked by the chain only),
// so that the caller need not read it otherwise.
func (c *TrailCheck) WantsRanking(requestID string) bool {
	t := c.reqs[requestID]
	return t == nil || !t.old && t.unknown == ""
}

// Ranking holds a stored ranking against the one recorded when the offers
// were opened.
func (c *TrailCheck) Ranking(requestID string, rk Ranking) {
	t := c.reqs[requestID]
	if t != nil && (t.old || t.unknown != "") {
		return
	}
	if t == nil || t.openedSeq == 0 {
		c.differ(trailRankingNotRecorded(requestID))
		return
	}
	t.ranking = append(t.ranking, Field{"seen", "yes"})
	got := pairsOf(rankingPairs(rk)...)
	for _, name := range []string{"ranked", "not ranked", "no response"} {
		sep := "; "
		if name == "no response" {
			sep = " "
		}
		if a, b := got.Get(name), t.ranking.Get(name); a != b {
			c.differ(trailRankingDiffers(requestID, name, split(a, sep), split(b, sep), t.openedSeq))
		}
	}
}

func split(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// End names what the trail records and the store lacks: requests, answers,
// rankings and register rows.
func (c *TrailCheck) End() {
	defer c.registerEnd()
	c.endPlacements()
	ids := make([]string, 0, len(c.reqs))
	for id, t := range c.reqs {
		if t.created && !t.seen {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		c.differ(trailRequestMissing(id, c.reqs[id].createdSeq))
	}
	var missing []answerKey
	for k, a := range c.answers {
		if t := c.reqs[k.request]; !a.seen && t != nil && t.seen && !t.old && t.unknown == "" {
			missing = append(missing, k)
		}
	}
	slices.SortFunc(missing, func(a, b answerKey) int {
		return strings.Compare(a.request+"\x00"+a.provider, b.request+"\x00"+b.provider)
	})
	for _, k := range missing {
		c.differ(trailAnswerMissing(k.request, k.provider, c.answers[k].seq))
	}
	ids = ids[:0]
	for id, t := range c.reqs {
		if t.seen && t.openedSeq != 0 && !t.old && t.unknown == "" && t.ranking.Get("seen") == "" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		c.differ(trailRankingMissing(id, c.reqs[id].openedSeq))
	}
	c.endOthers()
}

// Checked counts the stored requests and answers held against the trail.
func (c *TrailCheck) Checked() (requests, answers int) { return c.requests, c.answersSeen }

// Unproven names what this check could not hold against the trail.
func (c *TrailCheck) Unproven() []string {
	out := trailAlwaysUnproven()
	if c.draftsSeen > 0 {
		out = append(out, trailDraftsUnproven(c.draftsSeen))
	}
	if c.oldRequests > 0 {
		out = append(out, trailOldUnproven(c.oldRequests))
	}
	for action, n := range c.unknownActions {
		out = append(out, trailUnknownUnproven(action, n))
	}
	if c.unopenedAnswers > 0 {
		out = append(out, trailUnopenedUnproven(c.unopenedAnswers))
	}
	return out
}

// Anchor is a point of the trail kept outside the store: how many events
// it held and the hash of the last, as audit anchor prints it
// (COUNT:HASH). A trail that no longer holds that hash at that count was
// rewritten or rolled back.
type Anchor struct {
	Count int64  `json:"count"`
	Hash  string `json:"hash"`
}

func (a Anchor) String() string { return strconv.FormatInt(a.Count, 10) + ":" + a.Hash }

// ParseAnchor reads an anchor as audit anchor prints it.
func ParseAnchor(s string) (Anchor, error) {
	count, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(count, 10, 64)
	if !ok || err != nil || n < 0 || len(hash) != 64 || strings.Trim(strings.ToLower(hash), "0123456789abcdef") != "" {
		return Anchor{}, Invalidf("%q is not an anchor: give it as audit anchor printed it, COUNT:HASH (a number, a colon and 64 hex digits)", clip(s, 80))
	}
	return Anchor{Count: n, Hash: strings.ToLower(hash)}, nil
}

// Check holds a trail against the anchor: count is how many events it
// holds and hashAt the hash of the event at the anchor's count ("" when
// the trail is shorter). It returns the problem, or "".
func (a Anchor) Check(count int64, hashAt string) string {
	switch {
	case count < a.Count:
		return anchorShorter(a, count)
	case a.Count == 0:
		return ""
	case hashAt != a.Hash:
		return anchorRewritten(a)
	}
	return ""
}
