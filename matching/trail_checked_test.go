package matching

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// EventChecked takes an answer's opening as opened when the event's own
// check found every opening opens, and holds it against its commitment
// itself otherwise: the check comes out as Event's, with an opening kept
// as it was and with one altered after the event was made.
func TestEventCheckedAgreesWithEvent(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	stored := Response{ProviderID: "P1", Weekly: 125000, CoverUntil: 25, Received: at}
	for _, altered := range []bool{false, true} {
		e := Event{Seq: 3, At: at, Actor: "a.officer", RequestID: "R-2026-0001", Action: ActionAnswerLogged, Version: EventVersion,
			Fields: Fields{{"provider", "P1"}, {"received", stamp(at)}}}
		e.commit(FieldAnswer, "salt", answerValues(stored))
		if altered {
			o := e.Openings[FieldAnswer]
			o.Values = slices.Clone(o.Values)
			o.Values[2].Value = "£1.00"
			e.Openings[FieldAnswer] = o
		}
		run := func(checked bool) ([]string, []string) {
			c := NewTrailCheck()
			if checked {
				c.EventChecked(e, CheckEvent(e))
			} else {
				c.Event(e)
			}
			c.Answer(e.RequestID, stored)
			d, _ := c.Differences()
			return d, c.Unproven()
		}
		d1, u1 := run(false)
		d2, u2 := run(true)
		if !slices.Equal(d1, d2) || !slices.Equal(u1, u2) {
			t.Errorf("altered %v: Event gives %q, %q; EventChecked %q, %q", altered, d1, u1, d2, u2)
		}
		// The altered opening opens nothing, so the answer is unproven;
		// the kept one proves it.
		if got := slices.ContainsFunc(u2, func(s string) bool { return s == trailUnopenedUnproven(1) }); got != altered {
			t.Errorf("altered %v: unproven %q", altered, u2)
		}
	}
}

// appendLength writes every length as strconv does.
func TestAppendLengthIsStrconvs(t *testing.T) {
	for n := range 100_000 {
		if got, want := string(appendLength([]byte("x"), n)), "x"+strconv.Itoa(n); got != want {
			t.Fatalf("appendLength(%d) = %q, want %q", n, got, want)
		}
	}
}
