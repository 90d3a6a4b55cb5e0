package store

import (
	"strings"
	"testing"

	"placematch/matching"
)

// The events of a batch share a slab of fields, each capped at its own:
// appending to one event's fields never writes into another's.
func TestWalkedEventsFieldsAreCapped(t *testing.T) {
	row := func(seq int64, actor string) rawEvent {
		r := rawEvent{seq: seq, version: 2}
		r.cols[colAt] = "2026-11-20T10:00:00.000000000Z"
		r.cols[colActor] = strings.Clone(actor)
		r.cols[colRequest] = "R-2026-0001"
		r.cols[colAction] = "answer logged"
		r.cols[colPrev] = strings.Repeat("a", 64)
		r.cols[colHash] = strings.Repeat("b", 64)
		r.cols[colFields] = `[["provider","P1"],["weekly","£1,200.00"]]`
		r.cols[colOpenings] = `{"answer":{"salt":"s1","values":[["weekly","£1,200.00"]]}}`
		return r
	}
	b := &eventBatch{raw: []rawEvent{row(1, "ann"), row(2, "bob")}, done: make(chan struct{})}
	b.decode()
	if b.err != nil {
		t.Fatal(b.err)
	}
	for i, e := range b.evs {
		if len(e.Fields) != 2 || e.Fields[1].Value != "£1,200.00" || e.Openings["answer"].Values[0].Value != "£1,200.00" {
			t.Fatalf("event %d decoded as %+v", i, e)
		}
		if cap(e.Fields) != len(e.Fields) {
			t.Errorf("event %d's fields have room for %d more: appending would write into another event's", i, cap(e.Fields)-len(e.Fields))
		}
	}
	b.evs[0].Fields = append(b.evs[0].Fields, matching.Field{Name: "x", Value: "y"})
	if len(b.evs[1].Fields) != 2 || b.evs[1].Fields[0].Name != "provider" {
		t.Errorf("the second event's fields changed with the first's: %+v", b.evs[1].Fields)
	}
}

// The two readers take ranges of seq only over a trail without gaps: one
// with a gap (an event deleted, or a seq altered to a far number) is read
// whole by one reader, however far apart its lowest and highest seq.
func TestReadRangesOnlyWithoutGaps(t *testing.T) {
	if got := readRanges(1, 1_000_000_000_000, 300, 128); got != nil {
		t.Errorf("a trail of 300 events up to seq 10^12 is read in %d ranges", len(got))
	}
	if got := readRanges(1, 301, 300, 128); got != nil {
		t.Errorf("a trail with a gap is read in %d ranges", len(got))
	}
	if got := readRanges(5, 5, 1, 128); got != nil {
		t.Errorf("a trail of one event is read in %d ranges", len(got))
	}
	got := readRanges(1, 300, 300, 128)
	next := int64(1)
	for _, c := range got {
		if !c.ranged || c.from != next || c.to < c.from || c.to-c.from+1 > 128 {
			t.Fatalf("ranges %+v", got)
		}
		next = c.to + 1
	}
	if len(got) != 3 || next != 301 {
		t.Errorf("300 events in ranges of 128: %+v", got)
	}
}
