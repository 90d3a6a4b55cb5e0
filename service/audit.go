package service

import (
	"context"
	"time"

	"placematch/matching"
)

// Audit lists the audit trail, of one request or all (see AuditEach).
func (s *Service) Audit(ctx context.Context, requestID string) ([]matching.Event, error) {
	out := []matching.Event{}
	err := s.AuditEach(ctx, requestID, func(e matching.Event) error { out = append(out, e); return nil })
	return out, err
}

// AuditEach gives fn the audit trail in order, of one request or all,
// without holding it in memory (a region's runs to hundreds of thousands of
// events), each as its reader may see it (see readable).
func (s *Service) AuditEach(ctx context.Context, requestID string, fn func(matching.Event) error) error {
	if requestID != "" {
		if err := s.allowRequest(ctx, OpRequestTrail, requestID); err != nil {
			return err
		}
	} else if err := allowEverywhere(ctx, OpAuditTrail); err != nil {
		return err
	}
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
				if err := fn(readable(e, !r.Sealed())); err != nil {
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
			return fn(readable(e, opened[e.RequestID]))
		})
	})
}

// readable is an event as the commissioning side may read it, in words.
// While a request's offers are sealed (opened is false), its events say who
// answered and when but not what: a structured event keeps the opening of
// its answer back, and an old one has its content replaced. The personal
// data a commitment hides is never shown in the trail (the request shows it
// to those entitled). An event of a request the store does not hold counts
// as sealed, as nothing shows its offers opened.
func readable(e matching.Event, opened bool) matching.Event {
	if !e.Structured() {
		if !opened {
			e = sealEvent(e)
		}
		return e
	}
	e = e.WithoutOpenings(func(name string) bool { return name == matching.FieldAnswer && opened })
	e.Detail = e.Words()
	return e
}

// sealedDetail is what stands in an old (version 1) event for an answer's
// content until the offers are opened.
const sealedDetail = "sealed until the offers are opened"

// sealEvent hides what a provider answered in an old event while its
// request is sealed; who answered and when stay visible. (Events written
// now carry the answer as a commitment, sealed by construction.)
func sealEvent(e matching.Event) matching.Event {
	switch e.Action {
	case "offer logged", "decline logged", "offer logged (replaces earlier answer)", "decline logged (replaces earlier answer)":
		e.Action = "answer logged"
		e.Detail = sealedDetail
	case "offer withdrawn":
		// Even that it was an offer, not a decline, stays sealed.
		e.Action = "answer changed"
		e.Detail = sealedDetail
	}
	return e
}

// FileCheck is what the database's own check of its file found (see
// FileChecker): Check names the check that ran ("" when none could), and
// Problems are what it reported.
type FileCheck struct {
	Check    string   `json:"check,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// FileChecker is a store that can check its own file (SQLite's integrity
// check).
type FileChecker interface {
	CheckFile(ctx context.Context) (FileCheck, error)
}

// VerifyResult is the outcome of checking the store against its trail:
// the file, the hash chain, the state replayed from the trail, and an
// anchor when one was given.
type VerifyResult struct {
	Events int `json:"events"`
	// Head is the trail's count and the hash of its last event, as audit
	// anchor prints it.
	Head  matching.Anchor      `json:"head"`
	File  FileCheck            `json:"file"`
	Break *matching.ChainBreak `json:"break,omitempty"`
	// Differences are where the state differs from the trail; More counts
	// those beyond the ones named.
	Differences []string `json:"differences,omitempty"`
	More        int      `json:"more_differences,omitempty"`
	// Requests and Answers count the stored requests and answers held
	// against the trail.
	Requests int `json:"requests"`
	Answers  int `json:"answers"`
	// Placements counts the stored placements held against the trail.
	Placements int `json:"placements,omitempty"`
	// AnchorProblem is how the trail fails the anchor given ("" when it
	// holds, or none was given).
	AnchorProblem string `json:"anchor_problem,omitempty"`
	// Unproven names what the check cannot hold against the trail.
	Unproven []string `json:"unproven"`
	// Took is how long each check took.
	Took VerifyTimes `json:"took"`
}

// OK reports whether the store passed every check.
func (r VerifyResult) OK() bool {
	return len(r.File.Problems) == 0 && r.Break == nil && len(r.Differences) == 0 && r.AnchorProblem == ""
}

// VerifyOptions are what VerifyAuditWith checks besides the store itself.
type VerifyOptions struct {
	// Anchor, when given, must still be held by the trail.
	Anchor *matching.Anchor
	// Progress, when given, is told how far the check has got: when each
	// stage begins, and every few thousand events of the chain's walk. It
	// is called on the goroutine that called VerifyAuditWith.
	Progress func(VerifyProgress)
}

// VerifyAudit checks the store: see VerifyAuditWith.
func (s *Service) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	return s.VerifyAuditWith(ctx, VerifyOptions{})
}

// VerifyAuditWith checks the store's file (the database's own integrity
// check), walks the whole hash chain naming the first broken event, holds
// the state (requests, invitations, answers, rankings, awards) against the
// replay of the trail naming every difference, and, given an anchor, that
// the trail still holds it. Each is reported in the result; an error is
// returned only when the store cannot be read at all (and then the file's
// problems, if any, come with it).
func (s *Service) VerifyAuditWith(ctx context.Context, opts VerifyOptions) (VerifyResult, error) {
	if err := allowEverywhere(ctx, OpAuditVerify); err != nil {
		return VerifyResult{}, err
	}
	var res VerifyResult
	start := time.Now()
	progress := opts.Progress
	if progress == nil {
		progress = func(VerifyProgress) {}
	}
	progress(VerifyProgress{Stage: VerifyFile})
	if fc, ok := s.store.(FileChecker); ok {
		var err error
		if res.File, err = fc.CheckFile(ctx); err != nil {
			return res, err
		}
	}
	res.Took.File = time.Since(start)
	v := matching.NewChainVerifier()
	check := matching.NewTrailCheck()
	var anchorHash string
	res.Head = matching.Anchor{Hash: matching.GenesisHash}
	var stateStart time.Time
	err := s.store.View(ctx, func(tx Tx) error {
		head, err := tx.AuditHead()
		if err != nil {
			return err
		}
		total := int(head.Count)
		progress(VerifyProgress{Stage: VerifyChain, Total: total})
		walkStart := time.Now()
		// The state is replayed from the trail as it stands, broken or
		// not: the first break is named, and what differs too. The replay
		// runs a block of events at a time, so that its time is its own.
		var replay time.Duration
		block := make([]matching.Event, 0, progressEvery)
		checks := make([]matching.EventCheck, 0, progressEvery)
		replayBlock := func() {
			t0 := time.Now()
			for i, e := range block {
				check.EventChecked(e, checks[i])
			}
			clear(block)
			block, checks = block[:0], checks[:0]
			replay += time.Since(t0)
		}
		done := 0
		if err := tx.EachEventChecked(func(e matching.Event, c matching.EventCheck) error {
			res.Head = matching.Anchor{Count: e.Seq, Hash: e.Hash}
			if opts.Anchor != nil && e.Seq == opts.Anchor.Count {
				anchorHash = e.Hash
			}
			if res.Break == nil {
				res.Break = v.NextChecked(e, c)
			}
			block, checks = append(block, e), append(checks, c)
			if done++; len(block) == cap(block) {
				replayBlock()
				progress(VerifyProgress{Stage: VerifyChain, Done: done, Total: max(total, done)})
			}
			return nil
		}); err != nil {
			return err
		}
		replayBlock()
		if res.Break == nil {
			written, err := tx.AuditWritten()
			if err != nil {
				return err
			}
			res.Break = v.End(written)
		}
		res.Took.Chain = time.Since(walkStart) - replay
		stateStart = time.Now().Add(-replay)
		progress(VerifyProgress{Stage: VerifyState, Done: done, Total: max(total, done)})
		if err := tx.EachRequestRow(func(r matching.Request) error { check.Request(r); return nil }); err != nil {
			return err
		}
		if err := tx.EachInvited(func(id string, ids []string) error { check.Invited(id, ids); return nil }); err != nil {
			return err
		}
		if err := tx.EachAnswer(func(id string, r matching.Response) error { check.Answer(id, r); return nil }); err != nil {
			return err
		}
		if err := tx.EachRanking(check.WantsRanking, func(id string, rk matching.Ranking) error { check.Ranking(id, rk); return nil }); err != nil {
			return err
		}
		rows, err := tx.ProviderLots(ProviderFilter{})
		for _, p := range rows {
			check.ProviderLot(p)
		}
		if err != nil {
			return err
		}
		if err := verifyPlacements(tx, check); err != nil {
			return err
		}
		return checkTerms(tx, check)
	})
	res.Events = v.Count()
	if err != nil {
		if len(res.File.Problems) > 0 {
			// The damage the file check found is the news.
			return res, nil
		}
		return res, err
	}
	check.End()
	if res.Break == nil {
		// Against a broken trail the state differs in ways that say
		// nothing more: the break is the news.
		res.Differences, res.More = check.Differences()
	}
	res.Requests, res.Answers = check.Checked()
	res.Placements = check.CheckedPlacements()
	res.Unproven = check.Unproven()
	if res.File.Check == "quick_check" {
		res.Unproven = append(res.Unproven, "the store is large, so SQLite's quick check ran: each page is read, but indexes are not held against their tables (sqlite3 FILE 'pragma integrity_check' does, slowly)")
	}
	if opts.Anchor != nil {
		res.AnchorProblem = opts.Anchor.Check(res.Head.Count, anchorHash)
	}
	res.Took.State = time.Since(stateStart)
	res.Took.Total = time.Since(start)
	return res, nil
}

// AuditAnchor is the trail's count and the hash of its last event, to be
// kept outside the store (in the case system, an email to the auditor, a
// printed backup log) and given later to audit verify --anchor.
func (s *Service) AuditAnchor(ctx context.Context) (matching.Anchor, error) {
	if err := allowEverywhere(ctx, OpAuditVerify); err != nil {
		return matching.Anchor{}, err
	}
	var a matching.Anchor
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		a, err = tx.AuditHead()
		return err
	})
	return a, err
}
