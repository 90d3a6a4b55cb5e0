package demo

import (
	"context"
	"fmt"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The provider-forum demonstration (placematch --demo --live): a fresh
// request goes out to the providers of the demo register with a deadline
// about ninety seconds ahead, simulated providers answer over the next
// minute, one answer arrives too late, and the offers are opened and ranked,
// so an audience watches a whole mini-competition run.
//
// The script is data (LiveScript) and a live show is a plain value (Live):
// the app asks which step is due (Live.Due) on its own timer and plays each
// step through the ordinary operations (PlayLive), one at a time. Nothing
// runs behind the caller's back, so the show is as deterministic as its
// clock.

// LiveKind is what a step of the live demonstration does.
type LiveKind int

const (
	// LiveAnswer is a provider answering online (an offer, a revision or a
	// decline), through ProviderRespond as the provider itself.
	LiveAnswer LiveKind = iota
	// LiveClose is the deadline passing: the request closes.
	LiveClose
	// LiveLate is an answer that reached the council by email after the
	// deadline, logged by the officer with the time it arrived: kept and
	// marked late.
	LiveLate
	// LiveOpen is the officer opening the offers, which ranks them.
	LiveOpen
	// LiveInvitation shows the room the invitation as a provider's own
	// screen shows it: the request anonymised. It changes nothing.
	LiveInvitation
	// LiveAward is the officer awarding the placement to the highest
	// total; every invited provider is told its outcome. Nothing happens
	// if the presenter has already decided the request.
	LiveAward
	// LiveOutcome shows the room the outcome as a provider's own screen
	// shows it: the winning provider's (Won) or the runner-up's. It
	// changes nothing.
	LiveOutcome
	// LiveWrapUp returns to the officer's screen at the end. It changes
	// nothing.
	LiveWrapUp
)

func (k LiveKind) String() string {
	switch k {
	case LiveAnswer:
		return "answer"
	case LiveClose:
		return "close"
	case LiveLate:
		return "late answer"
	case LiveOpen:
		return "open"
	case LiveInvitation:
		return "provider's invitation"
	case LiveAward:
		return "award"
	case LiveOutcome:
		return "provider's outcome"
	case LiveWrapUp:
		return "wrap-up"
	}
	return "unknown"
}

// LiveStep is one moment of the script, at an offset from the start at
// normal speed.
type LiveStep struct {
	At       time.Duration
	Kind     LiveKind
	Provider string
	Weekly   string // pounds, for an offer
	Cover    string // cover until age, for an offer; "" = the register's
	Decline  string // the reason, for a decline
	Note     string
	// Received is when a late answer reached the council, from the start.
	Received time.Duration
	// Won picks the provider whose outcome a LiveOutcome shows: the
	// winner's, or else the runner-up's.
	Won bool
}

// Changes reports whether the step writes to the store; the others only
// show the room something.
func (st LiveStep) Changes() bool {
	switch st.Kind {
	case LiveInvitation, LiveOutcome, LiveWrapUp:
		return false
	}
	return true
}

// LiveDeadline is how long providers have to answer in the live demo, at
// normal speed.
const LiveDeadline = 90 * time.Second

// LiveRequest is the request the live demo sends out: a Manchester young
// person of 17 who needs semi-independent accommodation within days. It is
// fictional; its case reference and initials are never shown to providers.
func LiveRequest(deadline time.Time) matching.RequestInput {
	startDay := matching.Today(deadline)
	return matching.RequestInput{
		Council: "manchester", Lot: "group-living", CaseRef: "FORUM-DEMO-1", Initials: "QZ",
		DOB: born(startDay, 17, 3, 9), Start: day(startDay), Deadline: deadline.UTC().Format(time.RFC3339Nano),
		Urgency: "within-5-days", Needs: "independence-skills;mental-health", Risks: "self-harm",
		Locality: "Gorton",
		Summary: "Moving on from a foster placement that is ending. Goes to college in the city centre and works " +
			"Saturdays in a café. Has self-harmed at times of stress, not in the last year; has a safety plan. " +
			"Needs support with budgeting, cooking and managing a tenancy, and staff on site at night to begin with.",
	}
}

// LiveScript is who answers what and when. The steps are far enough apart
// at speed 1 for each caption to be read before the next (see the app's
// live screen), so the countdown never waits for the room. Six providers are invited to
// the live request on the demo register; the room first sees the
// invitation as one of them does; five answer before the deadline (one
// revises its offer) and one answers too late. It is close at the top: the
// what-if screen shows a small price change moving the ranking. The officer
// awards the top offer, and the room sees the outcome as the runner-up and
// the winner see it.
func LiveScript() []LiveStep {
	return []LiveStep{
		{At: 10 * time.Second, Kind: LiveInvitation, Provider: "P017"},
		{At: 30 * time.Second, Kind: LiveAnswer, Provider: "P020", Weekly: "1,150", Cover: "25", Note: "Room in a three-bed house in Levenshulme."},
		{At: 38 * time.Second, Kind: LiveAnswer, Provider: "P032", Decline: "No bed free until a current resident moves on."},
		{At: 46 * time.Second, Kind: LiveAnswer, Provider: "P017", Weekly: "1,180", Cover: "25"},
		{At: 54 * time.Second, Kind: LiveAnswer, Provider: "P018", Weekly: "1,060", Cover: "21", Note: "Can support to 21; would plan a move-on then."},
		{At: 62 * time.Second, Kind: LiveAnswer, Provider: "P023", Weekly: "1,240", Cover: "25"},
		{At: 72 * time.Second, Kind: LiveAnswer, Provider: "P017", Weekly: "1,120", Cover: "25", Note: "Revised: a room has come free sooner."},
		{At: LiveDeadline + time.Second, Kind: LiveClose},
		{At: LiveDeadline + 9*time.Second, Kind: LiveLate, Provider: "P030", Weekly: "1,010", Cover: "25",
			Received: LiveDeadline + 3*time.Second, Note: "Emailed just after the deadline."},
		{At: LiveDeadline + 20*time.Second, Kind: LiveOpen},
		{At: LiveDeadline + 30*time.Second, Kind: LiveAward},
		{At: LiveDeadline + 38*time.Second, Kind: LiveOutcome},
		{At: LiveDeadline + 55*time.Second, Kind: LiveOutcome, Won: true},
		{At: LiveDeadline + 67*time.Second, Kind: LiveWrapUp},
	}
}

// Live is a running live demonstration: its request, when it started and
// how fast it plays.
type Live struct {
	RequestID string
	Start     time.Time
	Deadline  time.Time
	Speed     float64
	Steps     []LiveStep
}

// scale is an offset of the script at the show's speed.
func (l Live) scale(d time.Duration) time.Duration {
	if l.Speed <= 0 || l.Speed == 1 {
		return d
	}
	return time.Duration(float64(d) / l.Speed)
}

// StepTime is when step i is due.
func (l Live) StepTime(i int) time.Time { return l.Start.Add(l.scale(l.Steps[i].At)) }

// Due reports whether step next is due at now; false when the script has
// ended.
func (l Live) Due(next int, now time.Time) bool {
	return next < len(l.Steps) && !now.Before(l.StepTime(next))
}

// Done reports whether every step has been played.
func (l Live) Done(next int) bool { return next >= len(l.Steps) }

// End is when the last step is due.
func (l Live) End() time.Time {
	if len(l.Steps) == 0 {
		return l.Start
	}
	return l.StepTime(len(l.Steps) - 1)
}

// StartLive creates the live request in the demo store, broadcasts it and
// returns the show. speed > 1 plays the script faster (for tests and
// rehearsals); the deadline moves with it.
func StartLive(ctx context.Context, s *service.Service, actor string, speed float64) (Live, error) {
	if speed <= 0 {
		speed = 1
	}
	l := Live{Speed: speed, Steps: LiveScript()}
	l.Start = s.Now().UTC()
	l.Deadline = l.Start.Add(l.scale(LiveDeadline))
	r, err := s.NewRequest(ctx, actor, LiveRequest(l.Deadline))
	if err != nil {
		return l, fmt.Errorf("live demo: the request: %w", err)
	}
	l.RequestID = r.ID
	l.Deadline = r.Deadline
	res, err := s.Broadcast(ctx, actor, r.ID)
	if err != nil {
		return l, fmt.Errorf("live demo: the broadcast: %w", err)
	}
	// The script names providers of the demo register; on another register
	// the steps of providers not invited are dropped, and the show goes on.
	invited := map[string]bool{}
	for _, inv := range res.Invited {
		invited[inv.ProviderID] = true
	}
	steps := l.Steps[:0:0]
	for _, st := range l.Steps {
		if st.Provider == "" || invited[st.Provider] {
			steps = append(steps, st)
		}
	}
	l.Steps = steps
	return l, nil
}

// PlayLive plays step i of a live show through the ordinary operations:
// providers answer as themselves, the deadline closes the request, the
// officer logs the late answer and opens the offers.
func PlayLive(ctx context.Context, s *service.Service, actor string, l Live, i int) error {
	if i < 0 || i >= len(l.Steps) {
		return fmt.Errorf("live demo: no step %d", i)
	}
	st := l.Steps[i]
	switch st.Kind {
	case LiveAnswer:
		in := matching.ResponseInput{Weekly: st.Weekly, CoverUntil: st.Cover, Note: st.Note}
		if st.Decline != "" {
			in = matching.ResponseInput{Declined: true, Decline: st.Decline, Note: st.Note}
		}
		_, err := s.ProviderRespond(ctx, st.Provider, l.RequestID, in)
		return err
	case LiveClose:
		_, err := s.CloseDue(ctx)
		return err
	case LiveLate:
		received := l.Start.Add(l.scale(st.Received))
		if now := s.Now().UTC(); received.After(now) {
			received = now
		}
		_, err := s.Respond(ctx, actor, l.RequestID, matching.ResponseInput{ProviderID: st.Provider, Weekly: st.Weekly,
			CoverUntil: st.Cover, Note: st.Note, Received: received.UTC().Format(time.RFC3339Nano)})
		return err
	case LiveOpen:
		_, err := s.Rank(ctx, actor, l.RequestID)
		return err
	case LiveAward:
		d, err := s.Show(ctx, actor, l.RequestID)
		if err != nil {
			return err
		}
		if d.Request.Status != matching.StatusOpened || d.Ranking == nil || len(d.Ranking.Ranked) == 0 {
			return nil // decided already by the presenter, or nothing to award
		}
		return s.Award(ctx, actor, l.RequestID, d.Ranking.Ranked[0].ProviderID, "")
	case LiveInvitation, LiveOutcome, LiveWrapUp:
		return nil
	}
	return fmt.Errorf("live demo: step %d has an unknown kind", i)
}

// ReplayLive plays the first n steps of a show on s, whose clock set moves
// to each step's time before it plays: the state of the show at step n,
// exactly as playing it live left it. The presenter's step back and
// restart replay on a fresh copy of the store as it was at the start.
func ReplayLive(ctx context.Context, s *service.Service, actor string, l Live, n int, set func(time.Time)) error {
	for i := 0; i < n && i < len(l.Steps); i++ {
		set(l.StepTime(i))
		if !l.Steps[i].Changes() {
			continue
		}
		if err := PlayLive(ctx, s, actor, l, i); err != nil {
			return fmt.Errorf("live demo, replaying step %d: %w", i, err)
		}
	}
	return nil
}
