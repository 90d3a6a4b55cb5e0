package demo_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The trail's walk hands the state check events whose strings are parts
// of larger memory (the row of the store each was read from). What the
// check keeps of an event it must copy, or one part kept would keep the
// whole row alive, for every request of a region. Here every string of
// every event of the demo's trail is cut from a buffer of its own of
// 256 KiB: if the check kept any part of an event's strings, that event's
// buffer would stay, and the heap would grow by the buffer for each event
// kept in part.
func TestTrailCheckKeepsNoPartOfItsEvents(t *testing.T) {
	ctx := context.Background()
	svc := openDemoStore(t, "sqlite", time.Time{})
	loadDemo(t, svc)
	var events []matching.Event
	if err := svc.Store().View(ctx, func(tx service.Tx) error {
		return tx.EachEvent(func(e matching.Event) error { events = append(events, e); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	// The demo's trail must hold each kind of event the check keeps
	// something of, or this test proves less than it says.
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Action] = true
	}
	for _, a := range []string{matching.ActionDraftCreated, matching.ActionBroadcast, matching.ActionAnswerLogged,
		matching.ActionAnswerChanged, matching.ActionDeadlineExtended, matching.ActionClosed, matching.ActionCancelled,
		matching.ActionOffersOpened, matching.ActionAwarded, matching.ActionNoAward, matching.ActionProviderAdded,
		matching.ActionPlacementMade, matching.ActionPlacementPriced, matching.ActionPlacementEnded, matching.ActionBudgetSet,
		matching.ActionTermSet, matching.ActionPurchaserAdded} {
		if !seen[a] {
			t.Errorf("the demo's trail has no %q event: the test cannot show the check copies what it keeps of one", a)
		}
	}
	events = append(events, madeUpEvents(t, events)...)
	const pad = 256 << 10
	check := matching.NewTrailCheck()
	var before, after runtime.MemStats
	// Twice, so that what pools let go of (in two collections) is gone
	// before the count starts, not during it.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, e := range events {
		check.Event(inflate(e, pad))
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	// Less than one buffer: an event of a kind met once is caught too.
	if limit := int64(pad / 2); grew > limit {
		t.Errorf("after %d events the heap grew by %d KiB (over %d KiB): the check keeps parts of about %d events' strings",
			len(events), grew>>10, limit>>10, grew/pad)
	}
	runtime.KeepAlive(check)
}

// madeUpEvents are events of the kinds the demo's trail has none of, made
// from ones it has: a start moved, a provider reinstated and one left, an
// action the check does not know, and events of the first version (a
// request's and the register's).
func madeUpEvents(t *testing.T, events []matching.Event) []matching.Event {
	t.Helper()
	find := func(action string) matching.Event {
		for _, e := range events {
			if e.Action == action {
				return e
			}
		}
		t.Fatalf("the demo's trail has no %q event to make others from", action)
		return matching.Event{}
	}
	seq := events[len(events)-1].Seq
	next := func(e matching.Event) matching.Event {
		seq++
		e.Seq = seq
		e.Fields = append(matching.Fields(nil), e.Fields...)
		return e
	}
	var out []matching.Event
	moved := next(find(matching.ActionBroadcast))
	moved.Action, moved.Fields = matching.ActionStartMoved, matching.Fields{{Name: "to", Value: "2027-01-05"}}
	out = append(out, moved)
	for _, a := range []string{matching.ActionProviderReinstated, matching.ActionProviderLeft} {
		e := next(find(matching.ActionProviderSuspended))
		e.Action = a
		out = append(out, e)
	}
	unknown := next(find(matching.ActionDeadlineExtended))
	unknown.Action, unknown.RequestID = "a change of a kind not known yet", "NEW-2026-0001"
	out = append(out, unknown)
	old := next(find(matching.ActionAnswerLogged))
	old.Version, old.RequestID = 1, "OLD-2019-0001"
	out = append(out, old)
	oldLot := next(find(matching.ActionProviderAdded))
	oldLot.Version = 1
	for i, f := range oldLot.Fields {
		if f.Name == "provider" {
			oldLot.Fields[i].Value = "P-OLD-1"
		}
	}
	return append(out, oldLot)
}

// inflate is e with each of its strings cut from one new buffer, pad bytes
// longer than they are together.
func inflate(e matching.Event, pad int) matching.Event {
	var strs []*string
	add := func(s *string) { strs = append(strs, s) }
	add(&e.Actor)
	add(&e.RequestID)
	add(&e.Action)
	add(&e.Detail)
	add(&e.PrevHash)
	add(&e.Hash)
	e.Fields = append(matching.Fields(nil), e.Fields...)
	for i := range e.Fields {
		add(&e.Fields[i].Name)
		add(&e.Fields[i].Value)
	}
	type opening struct {
		name string
		o    matching.Opening
	}
	ops := make([]opening, 0, len(e.Openings))
	for name, o := range e.Openings {
		ops = append(ops, opening{name, matching.Opening{Salt: o.Salt, Values: append(matching.Fields(nil), o.Values...)}})
	}
	for i := range ops {
		add(&ops[i].name)
		add(&ops[i].o.Salt)
		for j := range ops[i].o.Values {
			add(&ops[i].o.Values[j].Name)
			add(&ops[i].o.Values[j].Value)
		}
	}
	var b strings.Builder
	for _, s := range strs {
		b.WriteString(*s)
	}
	b.WriteString(strings.Repeat(" ", pad))
	buf := b.String()
	at := 0
	for _, s := range strs {
		n := len(*s)
		*s = buf[at : at+n]
		at += n
	}
	if e.Openings != nil {
		e.Openings = make(map[string]matching.Opening, len(ops))
		for _, op := range ops {
			e.Openings[op.name] = op.o
		}
	}
	return e
}
