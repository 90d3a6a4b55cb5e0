package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// Service is the one implementation of every placematch action.
type Service struct {
	store Store
	clock func() time.Time
}

// An Option sets how a Service is made.
type Option func(*Service)

// WithClock makes the service read the time from now rather than the
// system's clock: for tests, and for the demo data, whose history is played
// at past times.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.clock = now } }

// New wraps a store.
func New(s Store, opts ...Option) *Service {
	svc := &Service{store: s, clock: time.Now}
	for _, o := range opts {
		o(svc)
	}
	return svc
}

// Store exposes the store for wiring (backups, closing).
func (s *Service) Store() Store { return s.store }

// Now is the service's time, which the rules and the screens share.
func (s *Service) Now() time.Time { return s.clock() }

func (s *Service) now() time.Time { return s.clock().UTC() }

func event(now time.Time, actor, requestID, action, detail string) matching.Event {
	return matching.Event{At: now, Actor: actor, RequestID: requestID, Action: action, Detail: detail}
}

// load reads a request for change, first closing it if its deadline has
// passed, so that every operation sees the lifecycle as it truly stands.
func (s *Service) load(tx Tx, id string, now time.Time) (matching.Request, error) {
	r, err := tx.Request(id)
	if err != nil {
		return r, err
	}
	if r.DueToClose(now) {
		if err := closeRequest(tx, &r, r.Deadline, "system", "the deadline was reached", now); err != nil {
			return r, err
		}
	}
	return r, nil
}

func closeRequest(tx Tx, r *matching.Request, at time.Time, actor, why string, now time.Time) error {
	r.Status = matching.StatusClosed
	r.ClosedAt = at
	if err := tx.SnapshotAtClose(r.ID); err != nil {
		return err
	}
	if err := tx.UpdateRequest(*r); err != nil {
		return err
	}
	action, detail := closedEvent(at, why)
	_, err := tx.AppendEvent(event(now, actor, r.ID, action, detail))
	return err
}

// CloseDue closes every open request whose deadline has passed; the app
// calls it on a timer so that lists show the truth.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	now := s.now()
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		ids, err := tx.DueRequests(now)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := s.load(tx, id, now); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// ImportResult says what an import changed.
type ImportResult struct {
	Rows      int `json:"rows"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportProviders loads a register file: the whole file is checked first,
// and any bad row means nothing is imported. Rows with the same provider,
// framework and lot as existing ones update them. Each added or changed row
// is recorded in the audit trail.
func (s *Service) ImportProviders(ctx context.Context, actor string, r io.Reader) (ImportResult, error) {
	h := sha256.New()
	rows, err := matching.ParseRegister(io.TeeReader(r, h))
	if err != nil {
		return ImportResult{}, err
	}
	now := s.now()
	var res ImportResult
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		res, err = importRows(tx, actor, rows, hex.EncodeToString(h.Sum(nil)), now)
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importRows writes checked register rows and records each added or changed
// row, and the import with the file's SHA-256, in the audit trail. The
// generator imports its register through it too.
func importRows(tx Tx, actor string, rows []matching.ProviderLot, sum string, now time.Time) (ImportResult, error) {
	res := ImportResult{Rows: len(rows)}
	before, err := tx.UpsertProviderLots(rows, now)
	if err != nil {
		return res, err
	}
	for i, p := range rows {
		var action, detail string
		if before[i] == nil {
			res.Added++
			action = "provider added"
			detail = matching.Describe("provider", p.ProviderID+" "+p.ProviderName, "lot", p.Framework+"/"+p.Lot,
				"status", string(p.Status), "quality", strconv.FormatFloat(p.Quality, 'f', -1, 64))
		} else if changes := registerChanges(*before[i], p); changes != "" {
			res.Updated++
			action = "provider updated"
			detail = matching.Describe("provider", p.ProviderID+" "+p.ProviderName, "lot", p.Framework+"/"+p.Lot, "changes", changes)
		} else {
			res.Unchanged++
			continue
		}
		if _, err := tx.AppendEvent(event(now, actor, "", action, detail)); err != nil {
			return res, err
		}
	}
	_, err = tx.AppendEvent(event(now, actor, "", "register imported", matching.Describe(
		"rows", strconv.Itoa(res.Rows), "added", strconv.Itoa(res.Added), "updated", strconv.Itoa(res.Updated),
		"sha256", sum)))
	return res, err
}

func registerChanges(a, b matching.ProviderLot) string {
	var ch []string
	diff := func(name, x, y string) {
		if x != y {
			ch = append(ch, name+" "+x+" → "+y)
		}
	}
	vac := func(v *int) string {
		if v == nil {
			return "none"
		}
		return strconv.Itoa(*v)
	}
	diff("name", a.ProviderName, b.ProviderName)
	diff("kind", a.Kind, b.Kind)
	diff("status", string(a.Status), string(b.Status))
	diff("admitted_on", matching.ShowDate(a.AdmittedOn), matching.ShowDate(b.AdmittedOn))
	diff("quality", strconv.FormatFloat(a.Quality, 'f', -1, 64), strconv.FormatFloat(b.Quality, 'f', -1, 64))
	diff("serves", strings.Join(a.Serves, ";"), strings.Join(b.Serves, ";"))
	diff("min_age", strconv.Itoa(a.MinAge), strconv.Itoa(b.MinAge))
	diff("cover_until", strconv.Itoa(a.CoverUntil), strconv.Itoa(b.CoverUntil))
	diff("ofsted_urn", a.OfstedURN, b.OfstedURN)
	diff("capabilities", strings.Join(a.Capabilities, ";"), strings.Join(b.Capabilities, ";"))
	diff("vacancies", vac(a.Vacancies), vac(b.Vacancies))
	diff("town", a.Town, b.Town)
	diff("email", a.Email, b.Email)
	return strings.Join(ch, ", ")
}

// Providers lists the register.
func (s *Service) Providers(ctx context.Context, f ProviderFilter) ([]matching.ProviderLot, error) {
	var out []matching.ProviderLot
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ProviderLots(f)
		return err
	})
	return out, err
}

// Defaults are a council's weights and guide price for a lot, for the form.
func (s *Service) Defaults(ctx context.Context, council, lot string) (matching.Defaults, error) {
	fw, _, ok := matching.FindLot(lot)
	if !ok {
		return matching.Defaults{Weights: matching.DefaultWeights()}, nil
	}
	var d matching.Defaults
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		d, err = tx.CouncilDefaults(council, fw.Code, lot)
		return err
	})
	return d, err
}

// SetDefaults records a council's weights and guide price for a lot.
func (s *Service) SetDefaults(ctx context.Context, actor, council, lot string, d matching.Defaults) error {
	fw, _, ok := matching.FindLot(lot)
	if !ok {
		return matching.Invalidf("lot %q is not known: use one of %s", lot, strings.Join(matching.LotCodes(), ", "))
	}
	if !fw.Member(council) {
		return matching.Invalidf("%s is not a member of %s", council, fw.Code)
	}
	if err := d.Weights.Validate(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SetCouncilDefaults(council, fw.Code, lot, d); err != nil {
			return err
		}
		action, detail := defaultsSetEvent(council, lot, d)
		_, err := tx.AppendEvent(event(s.now(), actor, "", action, detail))
		return err
	})
}

// NewRequest checks an input and saves it as a draft.
func (s *Service) NewRequest(ctx context.Context, actor string, in matching.RequestInput) (matching.Request, error) {
	now := s.now()
	def, err := s.Defaults(ctx, strings.TrimSpace(in.Council), strings.TrimSpace(in.Lot))
	if err != nil {
		return matching.Request{}, err
	}
	r, err := matching.BuildRequest(in, def, now)
	if err != nil {
		return r, err
	}
	r.CreatedBy = actor
	err = s.store.Update(ctx, func(tx Tx) error {
		id, err := tx.NextRequestID(now)
		if err != nil {
			return err
		}
		r.ID = id
		if err := tx.InsertRequest(r); err != nil {
			return err
		}
		action, detail := draftCreatedEvent(r)
		_, err = tx.AppendEvent(event(now, actor, r.ID, action, detail))
		return err
	})
	return r, err
}

// EditDraft replaces a draft's details with a checked new input; only a
// draft can change, since the criteria are fixed at broadcast.
func (s *Service) EditDraft(ctx context.Context, actor, id string, in matching.RequestInput) (matching.Request, error) {
	now := s.now()
	def, err := s.Defaults(ctx, strings.TrimSpace(in.Council), strings.TrimSpace(in.Lot))
	if err != nil {
		return matching.Request{}, err
	}
	var r matching.Request
	err = s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.Request(id)
		if err != nil {
			return err
		}
		if old.Status != matching.StatusDraft {
			return matching.Conflictf("request %s is %s: only a draft can be edited, because the criteria are fixed once it is broadcast", id, old.Status)
		}
		r, err = matching.BuildRequest(in, def, now)
		if err != nil {
			return err
		}
		r.ID, r.CreatedAt, r.CreatedBy = old.ID, old.CreatedAt, old.CreatedBy
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		_, err = tx.AppendEvent(event(now, actor, id, "draft edited", draftChanges(old, r)))
		return err
	})
	return r, err
}

// draftChanges names what an edit changed, without personal data values.
func draftChanges(a, b matching.Request) string {
	var ch []string
	diff := func(name, x, y string) {
		if x != y {
			ch = append(ch, name+" "+x+" → "+y)
		}
	}
	if a.CaseRef != b.CaseRef || a.Initials != b.Initials || !a.DOB.Equal(b.DOB) {
		ch = append(ch, "personal details changed")
	}
	diff("council", a.Council, b.Council)
	diff("lot", a.Lot, b.Lot)
	diff("start", matching.ShowDate(a.Start), matching.ShowDate(b.Start))
	diff("deadline", matching.ShowTime(a.Deadline), matching.ShowTime(b.Deadline))
	diff("urgency", string(a.Urgency), string(b.Urgency))
	diff("hours", strconv.FormatFloat(a.Hours, 'f', -1, 64), strconv.FormatFloat(b.Hours, 'f', -1, 64))
	diff("needs", strings.Join(a.Needs, ";"), strings.Join(b.Needs, ";"))
	diff("risks", strings.Join(a.Risks, ";"), strings.Join(b.Risks, ";"))
	diff("locality", a.Locality, b.Locality)
	if a.Summary != b.Summary {
		ch = append(ch, "summary changed")
	}
	diff("weights", a.Weights.String(), b.Weights.String())
	diff("price cap", capText(a.PriceCap), capText(b.PriceCap))
	if len(ch) == 0 {
		return "no change"
	}
	return strings.Join(ch, ", ")
}

func capText(p matching.Pence) string {
	if p == 0 {
		return "none"
	}
	return p.String()
}

// Requests lists requests.
func (s *Service) Requests(ctx context.Context, f RequestFilter) ([]RequestSummary, error) {
	var out []RequestSummary
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Requests(f)
		return err
	})
	return out, err
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
		lot, err := tx.ProviderLots(ProviderFilter{Framework: r.Framework, Lot: r.Lot})
		if err != nil {
			return err
		}
		res.RequestID, res.Council = id, r.Council
		res.Invited, res.NotInvited = matching.Eligibility(r, lot)
		return nil
	})
	return res, err
}

// Broadcast sends a draft to every eligible provider, snapshotting the list
// and fixing the criteria.
func (s *Service) Broadcast(ctx context.Context, actor, id string) (BroadcastResult, error) {
	now := s.now()
	var res BroadcastResult
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		if err := matching.CheckBroadcast(r, now); err != nil {
			return err
		}
		lot, err := tx.ProviderLots(ProviderFilter{Framework: r.Framework, Lot: r.Lot})
		if err != nil {
			return err
		}
		res.RequestID, res.Council = id, r.Council
		res.Invited, res.NotInvited = matching.Eligibility(r, lot)
		var digest string
		if len(res.NotInvited) > 0 {
			digest = matching.NotInvitedDigest(res.NotInvited)
		}
		if err := tx.InsertBroadcast(id, res.Invited, res.NotInvited, digest); err != nil {
			return err
		}
		r.Status, r.BroadcastAt = matching.StatusOpen, now
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		if err := queueInvitations(tx, r, res.Invited); err != nil {
			return err
		}
		if _, err := tx.AppendEvent(event(now, actor, id, "broadcast", broadcastDetail(r, res.Invited, res.NotInvited, digest))); err != nil {
			return err
		}
		if len(res.Invited) == 0 {
			return closeRequest(tx, &r, now, actor, "no provider on the lot was eligible", now)
		}
		return nil
	})
	if err != nil {
		return BroadcastResult{}, err
	}
	return res, nil
}

// maxListedNotInvited is how many providers left out a broadcast's audit
// event names one by one. On a region's register nearly the whole lot is
// left out of each request (thousands of providers that do not serve the
// council); the event then counts them by reason and quotes the digest of
// the list, which is kept whole with the request.
const maxListedNotInvited = 100

// broadcastDetail is the audit record of a broadcast: who was invited, who
// was not and why, and the criteria fixed. leftDigest is the digest of left.
func broadcastDetail(r matching.Request, invited []matching.Invitation, left []matching.NotInvited, leftDigest string) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(invited)))
	b.WriteString(": ")
	for i, inv := range invited {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(inv.ProviderID)
	}
	var notInvited string
	if len(left) <= maxListedNotInvited {
		parts := make([]string, len(left))
		for i, n := range left {
			parts[i] = n.ProviderID + " (" + strings.Join(n.Reasons, ",") + ")"
		}
		notInvited = strings.Join(parts, ", ")
	} else {
		count := matching.ReasonCounts(left)
		var parts []string
		for _, c := range matching.Reasons() {
			if count[c] > 0 {
				parts = append(parts, c+" "+strconv.Itoa(count[c]))
			}
		}
		notInvited = strconv.Itoa(len(left)) + " providers (" + strings.Join(parts, ", ") +
			"); the list is kept with the request, sha256 " + leftDigest
	}
	return matching.Describe(
		"invited", b.String(),
		"not invited", notInvited,
		"criteria fixed", "weights "+r.Weights.String()+", price cap "+capText(r.PriceCap)+", deadline "+matching.ShowTime(r.Deadline))
}

// Respond logs a provider's answer. A later answer from the same provider
// replaces its earlier one. When every invited provider has answered, an
// open request closes.
func (s *Service) Respond(ctx context.Context, actor, id string, in matching.ResponseInput) (matching.Response, error) {
	now := s.now()
	var resp matching.Response
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		invs, err := tx.Invitations(id)
		if err != nil {
			return err
		}
		invited := slices.ContainsFunc(invs, func(i matching.Invitation) bool { return i.ProviderID == in.ProviderID })
		resp, err = matching.BuildResponse(r, in, invited, now)
		if err != nil {
			return err
		}
		resp.RecordedBy = actor
		prev, err := tx.Responses(id)
		if err != nil {
			return err
		}
		replaced := slices.ContainsFunc(prev, func(p matching.Response) bool { return p.ProviderID == in.ProviderID })
		if err := matching.CheckAnswerChange(r, replaced); err != nil {
			return err
		}
		if err := tx.PutResponse(id, resp); err != nil {
			return err
		}
		// The content is in the trail, so that it can be checked years later;
		// the trail is for the commissioning side after opening, and the
		// screens never show it while the offers are sealed.
		action, detail := answerEvent(resp, replaced, r.Deadline)
		if _, err := tx.AppendEvent(event(now, actor, id, action, detail)); err != nil {
			return err
		}
		if r.Status == matching.StatusOpen && len(prev)+boolInt(!replaced) >= len(invs) {
			return closeRequest(tx, &r, now, "system", "every invited provider has answered", now)
		}
		return nil
	})
	return resp, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Withdraw records that a provider took its offer back.
func (s *Service) Withdraw(ctx context.Context, actor, id, providerID string) error {
	now := s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		resps, err := tx.Responses(id)
		if err != nil {
			return err
		}
		var resp *matching.Response
		for i := range resps {
			if resps[i].ProviderID == providerID {
				resp = &resps[i]
			}
		}
		if err := matching.CheckWithdraw(r, resp); err != nil {
			return err
		}
		resp.WithdrawnAt = now
		if err := tx.PutResponse(id, *resp); err != nil {
			return err
		}
		action, detail := withdrawnEvent(providerID)
		_, err = tx.AppendEvent(event(now, actor, id, action, detail))
		return err
	})
}

// Extend moves an open request's deadline later.
func (s *Service) Extend(ctx context.Context, actor, id string, deadline time.Time) error {
	now := s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		if err := matching.CheckExtend(r, deadline, now); err != nil {
			return err
		}
		old := r.Deadline
		r.Deadline = deadline
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		action, detail := extendedEvent(old, deadline)
		if _, err = tx.AppendEvent(event(now, actor, id, action, detail)); err != nil {
			return err
		}
		// The providers were told the old deadline in their invitation.
		return queueDeadlineMoved(tx, r, old, now)
	})
}

// Cancel ends a draft or open request.
func (s *Service) Cancel(ctx context.Context, actor, id, reason string) error {
	now := s.now()
	reason, err := matching.CheckReason("cancel", reason)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		if err := matching.CheckCancel(r); err != nil {
			return err
		}
		wasOpen := r.Status == matching.StatusOpen
		r.Status, r.EndedAt, r.EndReason = matching.StatusCancelled, now, reason
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		if wasOpen {
			if err := queueOutcomes(tx, r, matching.Ranking{}); err != nil {
				return err
			}
		}
		action, detail := cancelledEvent(reason)
		_, err = tx.AppendEvent(event(now, actor, id, action, detail))
		return err
	})
}

// Close ends an open request early; the close time becomes its deadline.
func (s *Service) Close(ctx context.Context, actor, id, reason string) error {
	now := s.now()
	reason, err := matching.CheckReason("close early", reason)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		if err := matching.CheckClose(r); err != nil {
			return err
		}
		orig := r.Deadline
		r.Deadline, r.CloseReason = now, reason
		return closeRequest(tx, &r, now, actor, "closed early: "+reason+" (deadline was "+matching.ShowTime(orig)+")", now)
	})
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
	now := s.now()
	var res RankResult
	err := s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
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
		rk := matching.Rank(r, r.Deadline, entrants, resps)
		if err := tx.SaveRanking(id, rk); err != nil {
			return err
		}
		r.Status, r.OpenedAt = matching.StatusOpened, now
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		action, detail := openedEvent(r, rk)
		if _, err := tx.AppendEvent(event(now, actor, id, action, detail)); err != nil {
			return err
		}
		res.Request, res.Ranking, res.JustOpened = r, rk, true
		return nil
	})
	return res, err
}

// Award gives the request to a ranked provider; anyone but rank 1 needs a
// recorded reason.
func (s *Service) Award(ctx context.Context, actor, id, providerID, reason string) error {
	now := s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		var rk matching.Ranking
		if r.Status == matching.StatusOpened {
			if rk, err = tx.Ranking(id); err != nil {
				return err
			}
		}
		reason, err := matching.CheckAward(r, rk, providerID, reason)
		if err != nil {
			return err
		}
		rank := 0
		for _, sc := range rk.Ranked {
			if sc.ProviderID == providerID {
				rank = sc.Rank
			}
		}
		r.Status, r.EndedAt, r.EndReason, r.AwardedTo = matching.StatusAwarded, now, reason, providerID
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		if err := queueOutcomes(tx, r, rk); err != nil {
			return err
		}
		action, detail := awardedEvent(providerID, rank, reason)
		_, err = tx.AppendEvent(event(now, actor, id, action, detail))
		return err
	})
}

// NoAward ends an opened request without award, with an optional spot
// purchase recorded as the contingency.
func (s *Service) NoAward(ctx context.Context, actor, id, reason, spot string) error {
	now := s.now()
	spot = strings.TrimSpace(spot)
	if err := matching.CheckText("spot purchase", spot, matching.MaxReason); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, now)
		if err != nil {
			return err
		}
		reason, err := matching.CheckNoAward(r, reason)
		if err != nil {
			return err
		}
		r.Status, r.EndedAt, r.EndReason, r.SpotPurchase = matching.StatusNoAward, now, reason, spot
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		rk, err := tx.Ranking(id)
		if err != nil {
			return err
		}
		if err := queueOutcomes(tx, r, rk); err != nil {
			return err
		}
		action, detail := noAwardEvent(reason, spot)
		_, err = tx.AppendEvent(event(now, actor, id, action, detail))
		return err
	})
}

// Audit lists the audit trail, of one request or all (see AuditEach).
func (s *Service) Audit(ctx context.Context, requestID string) ([]matching.Event, error) {
	out := []matching.Event{}
	err := s.AuditEach(ctx, requestID, func(e matching.Event) error { out = append(out, e); return nil })
	return out, err
}

// AuditEach gives fn the audit trail in order, of one request or all,
// without holding it in memory (a region's runs to hundreds of thousands of
// events). While a request's offers are sealed, its events say that an
// answer was logged or changed but not what it was; so do the events of a
// request the store does not hold, as nothing shows their offers opened.
func (s *Service) AuditEach(ctx context.Context, requestID string, fn func(matching.Event) error) error {
	return s.store.View(ctx, func(tx Tx) error {
		if requestID != "" {
			r, err := tx.Request(requestID)
			if err != nil {
				return err
			}
			evs, err := tx.Events(requestID)
			if err != nil {
				return err
			}
			for _, e := range evs {
				if r.Sealed() {
					e = sealEvent(e)
				}
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		}
		opened, err := tx.OpenedRequests()
		if err != nil {
			return err
		}
		return tx.EachEvent(func(e matching.Event) error {
			if e.RequestID != "" && !opened[e.RequestID] {
				e = sealEvent(e)
			}
			return fn(e)
		})
	})
}

// VerifyResult is the outcome of checking the audit chain.
type VerifyResult struct {
	Events int                  `json:"events"`
	Break  *matching.ChainBreak `json:"break,omitempty"`
}

// VerifyAudit walks the whole hash chain and names the first broken event.
func (s *Service) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	v := matching.NewChainVerifier()
	var res VerifyResult
	err := s.store.View(ctx, func(tx Tx) error {
		if err := tx.EachEvent(func(e matching.Event) error {
			if res.Break != nil {
				return nil
			}
			res.Break = v.Next(e)
			return nil
		}); err != nil || res.Break != nil {
			return err
		}
		written, err := tx.AuditWritten()
		if err != nil {
			return err
		}
		res.Break = v.End(written)
		return nil
	})
	res.Events = v.Count()
	return res, err
}

// Backup writes a consistent copy of the store to a new file while others
// keep working, and records it in the trail.
func (s *Service) Backup(ctx context.Context, actor, path string) error {
	if strings.TrimSpace(path) == "" {
		return matching.Invalidf("give the file to write the backup to")
	}
	if err := s.store.Backup(ctx, path); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		_, err := tx.AppendEvent(event(s.now(), actor, "", "backup made", matching.Describe("file", path)))
		return err
	})
}
