package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"placematch/matching"
)

// Answer is an invited provider's state on a request as the commissioning
// side may see it: while the offers are sealed, only whether and when it
// answered; after opening, the answer itself.
type Answer struct {
	ProviderID   string             `json:"provider_id"`
	ProviderName string             `json:"provider_name"`
	MissingNeeds []string           `json:"missing_needs"`
	Vacancies    *int               `json:"vacancies"`
	CoverUntil   int                `json:"cover_until"` // on the register at broadcast
	Email        string             `json:"email"`       // on the register at broadcast; none: "to phone"
	Phone        string             `json:"phone"`
	Answered     bool               `json:"answered"`
	Received     time.Time          `json:"received_at,omitzero"`
	Late         bool               `json:"late,omitempty"`
	Response     *matching.Response `json:"-"`
	Offer        *AnswerContent     `json:"answer,omitempty"`
}

// AnswerContent is an opened answer, for JSON.
type AnswerContent struct {
	Declined      bool           `json:"declined"`
	DeclineReason string         `json:"decline_reason,omitempty"`
	WeeklyPence   matching.Pence `json:"weekly_price_pence,omitempty"`
	CoverUntil    int            `json:"cover_until,omitempty"`
	Withdrawn     bool           `json:"withdrawn,omitempty"`
	Note          string         `json:"note,omitempty"`
}

// Detail is everything the commissioning side may see of a request.
type Detail struct {
	Request    matching.Request
	Profile    matching.Profile
	Answers    []Answer
	NotInvited []matching.NotInvited
	Timeline   []matching.Event
	Ranking    *matching.Ranking
	Sealed     bool
	// Notes are the notes for the record, oldest first: for the
	// commissioning side only, never shown to providers.
	Notes []Note
	// names are the invited providers the timeline names (those left
	// out are looked for in NotInvited).
	names matching.Names
}

// timelineNames are the names the timeline gives the invited providers of
// a request. Those left out (thousands on a request of a region, whom its
// events name only when there are few of them) are found when asked for:
// see TimelineEvent.
func timelineNames(answers []Answer) matching.Names {
	n := matching.Names{Providers: make(map[string]string, len(answers)), Statuses: map[string]matching.ProviderStatus{}}
	for _, a := range answers {
		n.Providers[a.ProviderID] = a.ProviderName
	}
	return n
}

// leftOut is the name of a provider left out of the request, and its
// register status where that left it out, or "" when it was not.
func (d Detail) leftOut(id string) (string, matching.ProviderStatus) {
	for _, l := range d.NotInvited {
		if l.ProviderID == id {
			return l.ProviderName, l.Status
		}
	}
	return "", ""
}

// Show returns a request with its invitations, answers (sealed until
// opened), timeline and, once opened, its ranking. A request whose deadline
// has passed is closed first, so what is shown is true.
func (s *Service) Show(ctx context.Context, actor, id string) (Detail, error) {
	return s.show(ctx, actor, id, true)
}

// ShowPage is Show for the request's page, which shows everything but the
// ranking (its own screen reads it): the ranking is left out (Ranking is
// nil; Opened says whether there is one). On a request of a region it is
// some 17 KB of JSON, a tenth of the time the page takes to open.
func (s *Service) ShowPage(ctx context.Context, actor, id string) (Detail, error) {
	return s.show(ctx, actor, id, false)
}

// Opened reports whether the request's offers were opened, and so whether
// it has a ranking (which ShowPage leaves out).
func (d Detail) Opened() bool { return !d.Request.OpenedAt.IsZero() }

func (s *Service) show(ctx context.Context, actor, id string, ranking bool) (Detail, error) {
	if err := s.allowRequest(ctx, OpRequestShow, id); err != nil {
		return Detail{}, err
	}
	now := s.now()
	var due bool
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		due = err == nil && r.DueToClose(now)
		return err
	})
	if err != nil {
		return Detail{}, err
	}
	if due {
		if err := s.store.Update(ctx, func(tx Tx) error { _, err := s.load(tx, id, now); return err }); err != nil {
			return Detail{}, err
		}
	}
	var d Detail
	err = s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		d.Request, d.Profile, d.Sealed = r, matching.ProfileOf(r), r.Sealed()
		notInvited := tx.NotInvitedAhead(id)
		invs, err := tx.Invitations(id)
		if err != nil {
			notInvited()
			return err
		}
		resps, err := tx.Responses(id)
		if err != nil {
			notInvited()
			return err
		}
		byID := map[string]matching.Response{}
		for _, rp := range resps {
			byID[rp.ProviderID] = rp
		}
		for _, inv := range invs {
			a := Answer{ProviderID: inv.ProviderID, ProviderName: inv.ProviderName, MissingNeeds: inv.MissingNeeds, Vacancies: inv.Vacancies,
				CoverUntil: inv.CoverUntil, Email: inv.Email, Phone: inv.Phone}
			if rp, ok := byID[inv.ProviderID]; ok {
				a.Answered, a.Received, a.Late = true, rp.Received, rp.Late(r.Deadline)
				if !d.Sealed {
					rp := rp
					a.Response = &rp
					a.Offer = &AnswerContent{Declined: rp.Declined, DeclineReason: rp.DeclineReason, WeeklyPence: rp.Weekly,
						CoverUntil: rp.CoverUntil, Withdrawn: rp.Withdrawn(), Note: rp.Note}
				}
			}
			d.Answers = append(d.Answers, a)
		}
		d.names = timelineNames(d.Answers)
		if d.Timeline, err = tx.Events(id); err != nil {
			notInvited()
			return err
		}
		if d.NotInvited, err = notInvited(); err != nil {
			return err
		}
		d.Notes = notesOf(d.Timeline)
		for i := range d.Timeline {
			d.Timeline[i] = readable(d.Timeline[i], !d.Sealed)
		}
		if ranking && !r.OpenedAt.IsZero() {
			rk, err := tx.Ranking(id)
			if err != nil {
				return err
			}
			d.Ranking = &rk
		}
		return nil
	})
	redactFor(ctx, &d)
	return d, err
}

// AnsweredCount is how many invited providers have answered.
func (d Detail) AnsweredCount() int {
	n := 0
	for _, a := range d.Answers {
		if a.Answered {
			n++
		}
	}
	return n
}

// AnswersToRead are the invited providers in the order people read them:
// those who answered first, then those who did not, each by name (then
// id). The list on a request of a whole region runs to hundreds, of whom a
// handful answer. Answers keeps its order (by id) for JSON.
func (d Detail) AnswersToRead() []Answer {
	if d.Answers == nil {
		return nil
	}
	// Each name is put in lower case once, not at each comparison: a
	// region's request invites hundreds.
	lower := make([]string, len(d.Answers))
	order := make([]int, len(d.Answers))
	for i, a := range d.Answers {
		lower[i], order[i] = strings.ToLower(a.ProviderName), i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &d.Answers[i], &d.Answers[j]
		if a.Answered != b.Answered {
			if a.Answered {
				return -1
			}
			return 1
		}
		if c := strings.Compare(lower[i], lower[j]); c != 0 {
			return c
		}
		return strings.Compare(a.ProviderID, b.ProviderID)
	})
	out := make([]Answer, len(order))
	for k, i := range order {
		out[k] = d.Answers[i]
	}
	return out
}

// AllAnswered reports whether every invited provider has answered a request
// that is still open: the officer is told, and may close it early. It never
// closes by itself before its deadline.
func (d Detail) AllAnswered() bool {
	return d.Request.Status == matching.StatusOpen && len(d.Answers) > 0 && d.AnsweredCount() == len(d.Answers)
}

// ClosedWords says when and why the request closed (see
// matching.ClosedWords), naming who closed it early from the timeline; ""
// while it has not closed.
func (d Detail) ClosedWords() string {
	by := ""
	for _, e := range d.Timeline {
		if e.Action == matching.ActionClosed && e.Actor != "system" {
			by = e.Actor
		}
	}
	return matching.ClosedWords(d.Request, by)
}

// TimelineEvent is an audit event as the timeline shows it: providers and
// councils by name, long lists counted (see matching.Event.NamedWords).
// While the offers are sealed, what a provider offered is hidden from the
// timeline too.
func (d Detail) TimelineEvent(e matching.Event) string {
	words := e.Detail
	if e.Structured() {
		if d.names.Providers == nil {
			d.names = timelineNames(d.Answers)
		}
		// An event names those left out one by one only when they are
		// few (a broadcast lists up to a hundred), so each is looked for
		// in the list rather than the list put in a map first.
		d.names.More = d.leftOut
		words = e.NamedWords(d.names)
	}
	if words == "" {
		return e.Action
	}
	return e.Action + ": " + words
}

// Scenario is what a recorded ranking was computed from. The "how your
// offer is scored" screen changes a price or a cover age in a copy and calls
// matching.Rank again, so the record is never touched.
type Scenario struct {
	Request   matching.Request
	Entrants  []matching.Entrant
	Responses []matching.Response
	Ranking   matching.Ranking
}

// Scenario returns the inputs of an opened request's ranking; sealed
// offers stay sealed.
func (s *Service) Scenario(ctx context.Context, id string) (Scenario, error) {
	if err := s.allowRequest(ctx, OpRequestScenario, id); err != nil {
		return Scenario{}, err
	}
	var sc Scenario
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		if r.Sealed() {
			return matching.Sealedf("the offers of %s are sealed until they are opened: open the ranking first", id)
		}
		sc.Request = r
		if sc.Entrants, err = tx.Entrants(id); err != nil {
			return err
		}
		if sc.Responses, err = tx.Responses(id); err != nil {
			return err
		}
		sc.Ranking, err = tx.Ranking(id)
		return err
	})
	return sc, err
}

// InvitedAs finds the invited provider a person means by text: its id
// (any case), or a part of its name that only one invited provider's name
// holds (any case). It refuses, in words, text that names none or several.
func (d Detail) InvitedAs(text string) (Answer, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	var found []Answer
	for _, a := range d.Answers {
		if strings.ToLower(a.ProviderID) == t {
			return a, nil
		}
		if t != "" && strings.Contains(strings.ToLower(a.ProviderName), t) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Answer{}, matching.NotFoundf("no provider invited to %s has the id or a name with %q: give its id or more of its name, as the invited list shows", d.Request.ID, matching.Inert(strings.TrimSpace(text)))
	}
	names := make([]string, 0, 3)
	for _, a := range found[:min(3, len(found))] {
		names = append(names, a.ProviderName)
	}
	if len(found) > 3 {
		names = append(names, "…")
	}
	return Answer{}, matching.Invalidf("%q is in the names of %d invited providers (%s): give more of the name, or its id", matching.Inert(strings.TrimSpace(text)), len(found), strings.Join(names, ", "))
}
