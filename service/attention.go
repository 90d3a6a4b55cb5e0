package service

import (
	"context"
	"slices"
	"time"

	"placematch/matching"
)

// What needs attention: the first screen of an officer's or commissioner's
// app lists what is waiting on them, most urgent first. Each kind of item
// comes from a source, one function reading through an index; a new kind
// is one source added to attentionSources.

// AttentionKind is what an item of the list is.
type AttentionKind string

// The kinds of item.
const (
	AttentionClosing   AttentionKind = "closing"     // an open request closing soon
	AttentionToOpen    AttentionKind = "to-open"     // closed, its offers still sealed
	AttentionToDecide  AttentionKind = "to-award"    // offers opened, no decision yet
	AttentionExtension AttentionKind = "extension"   // a framework's term needs a decision
	AttentionApplied   AttentionKind = "application" // an application waiting for a decision
	AttentionSuspended AttentionKind = "suspension"  // a suspension ending soon
	AttentionEnding    AttentionKind = "ending"      // a placement ending within 8 weeks
	AttentionAdult     AttentionKind = "adult"       // a young person turning 18 in a running placement
)

// AttentionTarget is what an item opens: a request, a framework, or what
// a later source names (a provider's application, a placement).
type AttentionTarget struct {
	Kind string `json:"kind"` // "request", "framework", "provider", "placement"
	ID   string `json:"id"`
}

// AttentionItem is one line of the list: its kind, when it is due (the
// list is ordered by it, earliest first, so what is overdue comes first),
// its line of text and what it opens.
type AttentionItem struct {
	Kind    AttentionKind   `json:"kind"`
	Due     time.Time       `json:"due"`
	Title   string          `json:"title"`
	Council string          `json:"council,omitempty"`
	Target  AttentionTarget `json:"target"`
}

// AttentionScope narrows the list: one council's (or purchaser's) work,
// and the frameworks whose term its reader keeps (""/nil: all).
type AttentionScope struct {
	Council string
	// Frameworks are those whose term decisions are listed; nil: every
	// framework the council buys on, or all with no council.
	Frameworks []string
}

// suspensionsWithin is how soon a suspension's end date puts it on the
// list.
const suspensionsWithin = 14

// AttentionList is the list, and how many items of each kind there are in
// all (a source lists up to attentionLimit).
type AttentionList struct {
	Items  []AttentionItem       `json:"items"`
	Counts map[AttentionKind]int `json:"counts"`
}

// attentionLimit is how many items one source lists; the rest are
// counted.
const attentionLimit = 50

// closingWithin is how soon an open request's deadline puts it on the
// list.
const closingWithin = 48 * time.Hour

// attentionSource adds one kind of item to the list.
type attentionSource func(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error

// attentionSources are the list's sources, in no order (the list is
// sorted by due time).
var attentionSources = []attentionSource{
	requestsSource(AttentionClosing, matching.StatusOpen, closingWithin),
	requestsSource(AttentionToOpen, matching.StatusClosed, 0),
	requestsSource(AttentionToDecide, matching.StatusOpened, 0),
	termSource,
	applicationsSource,
	suspensionsSource,
	placementsSource,
}

// keepsRegister reports whether the person reading keeps the register:
// the store's owner (no person) or a commissioner; their list has the
// applications and suspensions.
func keepsRegister(ctx context.Context) bool {
	p, ok := PersonFrom(ctx)
	return !ok || p.Role == matching.RoleCommissioner
}

// actsOnRequests reports whether the person reading acts on the councils'
// requests: not a commissioner (those are the officers' to act on).
func actsOnRequests(ctx context.Context) bool {
	p, ok := PersonFrom(ctx)
	return !ok || p.Role != matching.RoleCommissioner
}

// decidesTerms reports whether the person reading decides frameworks'
// terms: not an officer (a term is its commissioner's).
func decidesTerms(ctx context.Context) bool {
	p, ok := PersonFrom(ctx)
	return !ok || p.Role != matching.RoleOfficer
}

// buysPlacements reports whether the person reading keeps placements: the
// store's owner (no person) or a council's officer.
func buysPlacements(ctx context.Context) bool {
	p, ok := PersonFrom(ctx)
	return !ok || p.Role == matching.RoleOfficer
}

// Attention is what needs attention in a scope, most urgent first.
func (s *Service) Attention(ctx context.Context, scope AttentionScope) (AttentionList, error) {
	if err := allow(ctx, OpAttention, Target{Council: scope.Council}); err != nil {
		return AttentionList{}, err
	}
	p, signedIn := PersonFrom(ctx)
	switch {
	case signedIn && p.Role == matching.RoleOfficer:
		scope.Council = p.Scope
	case signedIn && p.Role == matching.RoleCommissioner:
		// Their own framework, and only if it is among those asked for.
		own := []string{p.Scope}
		if scope.Frameworks != nil && !slices.Contains(scope.Frameworks, p.Scope) {
			own = []string{}
		}
		scope.Council, scope.Frameworks = "", own
	}
	l := AttentionList{Items: []AttentionItem{}, Counts: map[AttentionKind]int{}}
	now := s.now()
	err := s.store.View(ctx, func(tx Tx) error {
		for _, src := range attentionSources {
			if err := src(ctx, tx, scope, now, &l); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortStableFunc(l.Items, func(a, b AttentionItem) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return compareStrings(a.Target.ID, b.Target.ID)
	})
	return l, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// requestsSource lists the requests in a status, by deadline, those open
// only when it falls within the time given.
func requestsSource(kind AttentionKind, status matching.Status, within time.Duration) attentionSource {
	return func(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error {
		if !actsOnRequests(ctx) {
			return nil
		}
		var before time.Time
		if within > 0 {
			before = now.Add(within)
		}
		rs, total, err := tx.AttentionRequests(scope.Council, status, before, attentionLimit)
		if err != nil {
			return err
		}
		l.Counts[kind] += total
		for _, r := range rs {
			l.Items = append(l.Items, AttentionItem{Kind: kind, Due: r.Deadline, Council: r.Council,
				Title:  matching.AttentionRequestWords(string(kind), r.ID, r.Lot, r.Invited, r.Answered),
				Target: AttentionTarget{Kind: "request", ID: r.ID}})
		}
		return nil
	}
}

// termSource lists the frameworks whose term needs a decision (see
// FrameworkTerm.ReminderDue).
func termSource(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error {
	if !decidesTerms(ctx) {
		return nil
	}
	for _, fw := range matching.Frameworks() {
		if scope.Frameworks != nil && !slices.Contains(scope.Frameworks, fw.Code) {
			continue
		}
		if scope.Frameworks == nil && scope.Council != "" {
			_, buysOn, err := buyer(tx, scope.Council)
			if err != nil {
				return err
			}
			if buysOn == nil || !buysOn(fw) {
				continue
			}
		}
		t, err := tx.FrameworkTerm(fw.Code)
		if err != nil {
			return err
		}
		if !t.ReminderDue(now) {
			continue
		}
		l.Counts[AttentionExtension]++
		// Due on the last day it runs: London midnight at its end.
		due := time.Date(t.CurrentEnd().Year(), t.CurrentEnd().Month(), t.CurrentEnd().Day(), 23, 59, 0, 0, matching.London)
		l.Items = append(l.Items, AttentionItem{Kind: AttentionExtension, Due: due.UTC(),
			Title: matching.TermReminderWords(t, now), Target: AttentionTarget{Kind: "framework", ID: fw.Code}})
	}
	return nil
}

// londonDay is a date's London midnight (start) or last minute (end of
// the day), as a time the list is ordered by.
func londonDay(d time.Time, end bool) time.Time {
	if end {
		return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, matching.London).UTC()
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, matching.London).UTC()
}

// inScope reports whether a framework is among the scope's (all with
// none named).
func (sc AttentionScope) inScope(framework string) bool {
	return sc.Frameworks == nil || slices.Contains(sc.Frameworks, framework)
}

// applicationsSource lists the applications waiting for a decision (read
// through the register's status index), due on their decision date, so
// those overdue come first. For the one who keeps the register, in a list
// of every council (the commissioner's, the owner's).
func applicationsSource(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error {
	if !keepsRegister(ctx) {
		return nil
	}
	rows, err := tx.ProviderLots(ProviderFilter{Status: string(matching.ProviderApplied)})
	if err != nil {
		return err
	}
	apps := applicationsOf(rows, matching.Today(now))
	n := 0
	for _, a := range apps {
		if !scope.inScope(a.Framework) {
			continue
		}
		l.Counts[AttentionApplied]++
		if n++; n > attentionLimit {
			continue
		}
		l.Items = append(l.Items, AttentionItem{Kind: AttentionApplied, Due: londonDay(a.DecisionDue, true),
			Title:  matching.AttentionApplicationWords(a),
			Target: AttentionTarget{Kind: "provider", ID: a.ProviderID}})
	}
	return nil
}

// suspensionsSource lists the suspensions whose end date comes within
// suspensionsWithin days (read through the register's status index), due
// on the day the provider is reinstated.
func suspensionsSource(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error {
	if !keepsRegister(ctx) {
		return nil
	}
	rows, err := tx.ProviderLots(ProviderFilter{SuspensionEndsBy: matching.Today(now).AddDate(0, 0, suspensionsWithin)})
	if err != nil {
		return err
	}
	slices.SortStableFunc(rows, func(a, b matching.ProviderLot) int { return a.SuspendedUntil.Compare(b.SuspendedUntil) })
	n := 0
	for _, p := range rows {
		if p.Status != matching.ProviderSuspended || p.SuspendedUntil.IsZero() || !scope.inScope(p.Framework) {
			continue
		}
		l.Counts[AttentionSuspended]++
		if n++; n > attentionLimit {
			continue
		}
		l.Items = append(l.Items, AttentionItem{Kind: AttentionSuspended, Due: londonDay(p.SuspendedUntil, false),
			Title:  matching.AttentionSuspensionWords(p.ProviderID, p.ProviderName, p.Lot, p.SuspendedUntil),
			Target: AttentionTarget{Kind: "provider", ID: p.ProviderID}})
	}
	return nil
}

// placementsSource lists the council's placements ending within 8 weeks,
// and those whose young person turns 18 in them (PlacementsDue), due on
// the day. For whoever keeps placements: a council's officer, the owner.
func placementsSource(ctx context.Context, tx Tx, scope AttentionScope, now time.Time, l *AttentionList) error {
	if !buysPlacements(ctx) {
		return nil
	}
	due, err := placementsDueIn(tx, scope.Council, matching.Today(now))
	if err != nil {
		return err
	}
	n := map[AttentionKind]int{}
	for _, d := range due {
		kind := AttentionEnding
		if d.Why == matching.PlacementAttentionAdult {
			kind = AttentionAdult
		}
		l.Counts[kind]++
		if n[kind]++; n[kind] > attentionLimit {
			continue
		}
		p := d.Placement
		l.Items = append(l.Items, AttentionItem{Kind: kind, Due: londonDay(d.On, false), Council: p.Council,
			Title:  matching.AttentionPlacementWords(p.ID, p.ProviderName, p.Lot, d.Why),
			Target: AttentionTarget{Kind: "placement", ID: p.ID}})
	}
	return nil
}
