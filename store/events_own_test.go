package store

import (
	"strings"
	"testing"
	"unsafe"

	"placematch/matching"
)

// within reports whether s's bytes lie inside text's.
func within(s, text string) bool {
	if s == "" || text == "" {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return p >= lo && p < lo+uintptr(len(text))
}

// An event decoded by the parallel walk owns its strings and its fields:
// nothing it holds points into the row's text or into a slab shared with
// other events, so what a caller keeps of one event keeps nothing else
// alive (the state check keeps much of every event until the end).
func TestWalkedEventsOwnTheirMemory(t *testing.T) {
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
		raw := b.raw[i].cols
		if len(e.Fields) != 2 || e.Fields[1].Value != "£1,200.00" || e.Openings["answer"].Values[0].Value != "£1,200.00" {
			t.Fatalf("event %d decoded as %+v", i, e)
		}
		if cap(e.Fields) != len(e.Fields) {
			t.Errorf("event %d's fields have room for %d: they share a slab", i, cap(e.Fields))
		}
		for _, s := range []string{e.Fields[0].Name, e.Fields[1].Value, e.Openings["answer"].Salt, e.Openings["answer"].Values[0].Value} {
			if within(s, raw[colFields]) || within(s, raw[colOpenings]) {
				t.Errorf("event %d's %q is part of the row's JSON", i, s)
			}
		}
		if within(e.Actor, raw[colActor]) || within(e.Hash, raw[colHash]) {
			t.Errorf("event %d's actor or hash is the row's own string", i)
		}
	}
	// Changing one event's fields changes no other's.
	b.evs[0].Fields = append(b.evs[0].Fields, matching.Field{Name: "x", Value: "y"})
	if len(b.evs[1].Fields) != 2 || b.evs[1].Fields[0].Name != "provider" {
		t.Errorf("the second event's fields changed with the first's: %+v", b.evs[1].Fields)
	}
}
