// Package demo holds placematch's fixtures and scripts, kept out of the
// service, which holds operations only: the demo data (Load), the live
// provider-forum demonstration (StartLive, PlayLive) and the region
// generator (Generate). Each acts through the service's operations or, in
// the generator's batches, through the same matching transitions and the
// same service.Record, so what they make reads and verifies exactly as real
// work does.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

// Load fills an empty store with a fictional but realistic region, for a
// presenter at a provider forum or for trying the app: a register of about
// sixty provider-lot rows over the four lots, some councils' guide prices and
// weights, and fifteen requests in every state of the lifecycle, with
// answers, a decline, a withdrawal, a late offer, an offer above the price
// cap, a provider suspended before close, an award to rank 2 with its reason
// and a no-award with a spot purchase.
//
// Every name is invented and no summary identifies anyone. Everything goes
// through the ordinary operations, so the register is validated and the
// audit trail is a real, verifiable hash chain. To give requests a past,
// the script plays on a service of its own whose clock is set back to each
// step's time, in time order. Apart from the real time it starts at, the
// result is always the same: open requests have deadlines ahead of it
// (hours for the one needed today, days for the others), closed ones behind.
//
// A store that already has a provider or a request is refused unchanged.
// Load is not one transaction: if a step fails, what came before it
// stays, and the error names the step.
func Load(ctx context.Context, s *service.Service, actor string) error {
	actor = strings.TrimSpace(actor)
	if actor == "" {
		actor = "demo"
	}
	provs, err := s.Providers(ctx, service.ProviderFilter{})
	if err != nil {
		return err
	}
	reqs, err := s.Requests(ctx, service.RequestFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(provs) > 0 || len(reqs) > 0 {
		var have []string
		if len(provs) > 0 {
			have = append(have, fmt.Sprintf("%d provider register rows", len(provs)))
		}
		if len(reqs) > 0 {
			have = append(have, "requests")
		}
		what := strings.Join(have, " and ")
		return matching.Conflictf("this store already has %s: demo data loads only into an empty store, so nothing was changed; use a new store file for the demo", what)
	}
	// The script runs on a service of its own over the same store, whose
	// clock it moves to each step's time: the caller's clock is untouched.
	d := &demo{actor: actor, now: s.Now().UTC().Truncate(time.Minute)}
	// Its salts come from a fixed seed: the data is fictional, and the same
	// moment then gives the same trail, hash for hash.
	salts := rand.New(rand.NewPCG(0xde30, 0xda7a))
	d.s = service.New(s.Store(), service.WithClock(func() time.Time { return d.at }),
		service.WithSalts(func() string { return fmt.Sprintf("%016x%016x", salts.Uint64(), salts.Uint64()) }))
	d.plan()
	return d.run(ctx)
}

// demo is the script of the demo data: steps at past times, run in time
// order with the service clock set to each step's time.
type demo struct {
	s     *service.Service
	actor string
	now   time.Time // the real now, to the minute
	at    time.Time // the time of the step being played, the script's clock
	steps []demoStep
}

type demoStep struct {
	at   time.Time
	what string
	do   func(context.Context) error
}

// demoRef is a request of the script; its id is known once created.
type demoRef struct {
	label string
	id    string
}

func (d *demo) run(ctx context.Context) error {
	sort.SliceStable(d.steps, func(i, j int) bool { return d.steps[i].at.Before(d.steps[j].at) })
	for _, st := range d.steps {
		if st.at.After(d.now) {
			return fmt.Errorf("demo data: step %q is set in the future (%s)", st.what, matching.ShowTime(st.at))
		}
		d.at = st.at
		if err := st.do(ctx); err != nil {
			return fmt.Errorf("demo data, %s at %s: %w", st.what, matching.ShowTime(st.at), err)
		}
	}
	return nil
}

func (d *demo) add(at time.Time, what string, fn func(context.Context) error) {
	d.steps = append(d.steps, demoStep{at: at.UTC(), what: what, do: fn})
}

// ago is London wall-clock time hh:mm on the day n days before today (n < 0:
// days ahead).
func (d *demo) ago(n, hh, mm int) time.Time {
	l := d.now.In(matching.London)
	return time.Date(l.Year(), l.Month(), l.Day()-n, hh, mm, 0, 0, matching.London).UTC()
}

// date is the London calendar date n days before today, as a date value.
func (d *demo) date(n int) time.Time {
	return matching.Today(d.now).AddDate(0, 0, -n)
}

// rel is the real now moved by dur.
func (d *demo) rel(dur time.Duration) time.Time { return d.now.Add(dur) }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func day(t time.Time) string { return t.Format(matching.DateLayout) }

// born is a date of birth giving the age of years, months and days on start.
func born(start time.Time, years, months, days int) string {
	return day(start.AddDate(-years, -months, -days))
}

// Operations of the script, each a step at a given time.

func (d *demo) create(at time.Time, actor string, ref *demoRef, in matching.RequestInput) {
	d.add(at, "creating "+ref.label, func(ctx context.Context) error {
		r, err := d.s.NewRequest(ctx, actor, in)
		if err != nil {
			return err
		}
		ref.id = r.ID
		return nil
	})
}

func (d *demo) broadcast(at time.Time, actor string, ref *demoRef) {
	d.add(at, "broadcasting "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Broadcast(ctx, actor, ref.id)
		return err
	})
}

func (d *demo) respond(at time.Time, actor string, ref *demoRef, in matching.ResponseInput) {
	d.add(at, "logging "+in.ProviderID+"'s answer to "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Respond(ctx, actor, ref.id, in)
		return err
	})
}

func offer(provider, weekly, cover, note string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Weekly: weekly, CoverUntil: cover, Note: note}
}

func hourly(provider, rate, cover, note string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Hourly: rate, CoverUntil: cover, Note: note}
}

func decline(provider, reason string) matching.ResponseInput {
	return matching.ResponseInput{ProviderID: provider, Decline: reason}
}

// received marks an answer as having arrived earlier than it is logged (by
// phone or email).
func received(in matching.ResponseInput, at time.Time) matching.ResponseInput {
	in.Received = stamp(at)
	return in
}

func (d *demo) withdraw(at time.Time, actor string, ref *demoRef, provider string) {
	d.add(at, "withdrawing "+provider+"'s offer on "+ref.label, func(ctx context.Context) error {
		return d.s.Withdraw(ctx, actor, ref.id, provider)
	})
}

func (d *demo) extend(at time.Time, actor string, ref *demoRef, deadline time.Time) {
	d.add(at, "extending "+ref.label, func(ctx context.Context) error {
		return d.s.Extend(ctx, actor, ref.id, deadline)
	})
}

// closeDue is the app's timer closing requests whose deadline has passed.
func (d *demo) closeDue(at time.Time) {
	d.add(at, "closing requests at their deadline", func(ctx context.Context) error {
		_, err := d.s.CloseDue(ctx)
		return err
	})
}

func (d *demo) closeEarly(at time.Time, actor string, ref *demoRef, reason string) {
	d.add(at, "closing "+ref.label+" early", func(ctx context.Context) error {
		return d.s.Close(ctx, actor, ref.id, reason)
	})
}

func (d *demo) cancel(at time.Time, actor string, ref *demoRef, reason string) {
	d.add(at, "cancelling "+ref.label, func(ctx context.Context) error {
		return d.s.Cancel(ctx, actor, ref.id, reason)
	})
}

func (d *demo) rank(at time.Time, actor string, ref *demoRef) {
	d.add(at, "opening the offers of "+ref.label, func(ctx context.Context) error {
		_, err := d.s.Rank(ctx, actor, ref.id)
		return err
	})
}

// award gives the request to the offer ranked rank (1 is the top).
func (d *demo) award(at time.Time, actor string, ref *demoRef, rank int, reason string) {
	d.add(at, fmt.Sprintf("awarding %s to rank %d", ref.label, rank), func(ctx context.Context) error {
		res, err := d.s.Rank(ctx, actor, ref.id)
		if err != nil {
			return err
		}
		if len(res.Ranking.Ranked) < rank {
			return fmt.Errorf("only %d offers are ranked", len(res.Ranking.Ranked))
		}
		return d.s.Award(ctx, actor, ref.id, res.Ranking.Ranked[rank-1].ProviderID, reason)
	})
}

func (d *demo) importRegister(at time.Time, actor, what string, rows []demoLot) {
	text := demoRegisterCSV(rows)
	d.add(at, what, func(ctx context.Context) error {
		_, err := d.s.ImportProviders(ctx, actor, strings.NewReader(text))
		return err
	})
}

// setContact sets a council's placements contact, with a number from
// Ofcom's range for drama (0161 496 0000 to 0999), which rings nobody.
func (d *demo) setContact(at time.Time, actor, council string, n int) {
	name, email := "Placements team", "placements@"+council+".example.gov.uk"
	phone := fmt.Sprintf("0161 496 0%03d", n)
	d.add(at, "setting "+council+"'s contact", func(ctx context.Context) error {
		return d.s.SetCouncil(ctx, actor, council, service.CouncilChange{Contact: service.ContactChange{Name: &name, Email: &email, Phone: &phone}})
	})
}

func (d *demo) setDefaults(at time.Time, actor, council, lot string, weights matching.Weights, guide matching.Pence) {
	d.add(at, "setting "+council+"'s defaults for "+lot, func(ctx context.Context) error {
		return d.s.SetDefaults(ctx, actor, council, lot, matching.Defaults{Weights: weights, GuidePrice: guide})
	})
}
