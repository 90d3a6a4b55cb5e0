package matching

import (
	"strings"
	"testing"
	"time"
)

// broadcastDraft is draftInput's request (age 16 on 2026-12-01, born
// 2010-03-15) broadcast to A and B, with its trail.
func broadcastDraft(t *testing.T) (Request, []Event) {
	t.Helper()
	r, ev, err := NewDraft("R-1", draftInput(), Defaults{}, officer, "s1")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := r.Broadcast(later(time.Hour), invitees("A", "B"), nil, "", "s2")
	if err != nil {
		t.Fatal(err)
	}
	return r, append([]Event{ev}, evs...)
}

func date(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestMoveStartLaterAtTheSameAge: an open request's start date moves later
// while the age on it is unchanged, on the record with its dates and
// reason; earlier, to another age, or with personal data in the reason it
// is refused and nothing changes.
func TestMoveStartLaterAtTheSameAge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, start, reason, wantErr string
	}{
		{"earlier", "2026-11-30", "", "can only move later"},
		{"same day", "2026-12-01", "", "can only move later"},
		{"another age", "2027-03-15", "", "would be 17 on 2027-03-15, not 16"},
		{"names the latest date", "2027-03-15", "", "the latest start date at age 16 is 2027-03-14"},
		{"personal data in the reason", "2026-12-08", "TB's school term ends later", "initials"},
		{"case reference in the reason", "2026-12-08", "see SF-20931", "case reference"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := broadcastDraft(t)
			before := r
			_, err := r.MoveStart(later(2*time.Hour), date(tc.start), tc.reason)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error saying %q", err, tc.wantErr)
			}
			if !r.Start.Equal(before.Start) {
				t.Errorf("a refused move changed the start date to %v", r.Start)
			}
		})
	}
	r, _ := broadcastDraft(t)
	ev, err := r.MoveStart(later(2*time.Hour), date("2027-03-14"), "  the room is ready a week later ")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Start.Equal(date("2027-03-14")) || r.Age() != 16 {
		t.Errorf("start %v, age %d", r.Start, r.Age())
	}
	if ev.Action != ActionStartMoved || ev.RequestID != "R-1" || ev.Actor != "j.okafor" || ev.Fields.Get("from") != "2026-12-01" ||
		ev.Fields.Get("to") != "2027-03-14" || ev.Fields.Get("reason") != "the room is ready a week later" {
		t.Errorf("event %+v", ev)
	}
	if w := ev.Words(); !strings.Contains(w, "from: 2026-12-01") || !strings.Contains(w, "to: 2027-03-14") {
		t.Errorf("words %q", w)
	}
	// A closed request's answers were given for the date it set.
	r.Status = StatusClosed
	if _, err := r.MoveStart(later(3*time.Hour), date("2027-03-14"), ""); KindOf(err) != KindConflict {
		t.Errorf("a closed request: %v", err)
	}
}

// TestTrailCheckReplaysStartMoved: the trail check knows the move, so a
// moved start date matches the trail, and a start date changed without it
// is named.
func TestTrailCheckReplaysStartMoved(t *testing.T) {
	t.Parallel()
	r, trail := broadcastDraft(t)
	ev, err := r.MoveStart(later(2*time.Hour), date("2026-12-08"), "")
	if err != nil {
		t.Fatal(err)
	}
	trail = append(trail, ev)
	check := func(r Request, trail []Event) ([]string, []string) {
		c := NewTrailCheck()
		for i, e := range trail {
			e.Seq = int64(i + 1)
			c.Event(e)
		}
		c.Request(r)
		c.Invited(r.ID, []string{"A", "B"})
		c.End()
		d, _ := c.Differences()
		return d, c.Unproven()
	}
	diffs, unproven := check(r, trail)
	if len(diffs) != 0 {
		t.Errorf("a moved start date differs from its trail: %v", diffs)
	}
	for _, u := range unproven {
		if strings.Contains(u, ActionStartMoved) {
			t.Errorf("the check does not know the move: %q", u)
		}
	}
	if diffs, _ := check(r, trail[:len(trail)-1]); len(diffs) != 1 || !strings.Contains(diffs[0], "start") {
		t.Errorf("a start date moved outside placematch: %v", diffs)
	}
}
