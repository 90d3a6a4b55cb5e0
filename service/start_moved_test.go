package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestMoveStartTellsEveryInvitedProvider: moving an open request's start
// date later at the same age changes it, queues one update to each invited
// provider with the dates, the reason and the council's contact and nothing
// that identifies the young person, is on the record, and holds against
// the trail in audit verify; a refused move changes and queues nothing.
func TestMoveStartTellsEveryInvitedProvider(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, _, _, _ := deliveryStore(t, kind, 2)
		name, email := "Sefton placements", "placements@sefton.example"
		if err := a.SetCouncil(ctx, "t", "sefton", service.CouncilChange{Contact: service.ContactChange{Name: &name, Email: &email}}); err != nil {
			t.Fatal(err)
		}
		reqs, err := a.Requests(ctx, service.RequestFilter{})
		if err != nil || len(reqs) != 1 {
			t.Fatal(len(reqs), err)
		}
		id := reqs[0].ID
		updates := func() []service.Delivery {
			ds, err := a.Deliveries(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []service.Delivery
			for _, d := range ds {
				if d.Kind == "update" {
					out = append(out, d)
				}
			}
			return out
		}
		day := func(s string) time.Time { d, _ := matching.ParseDate(s); return d }
		// Born 2014-05-05, 12 on 2026-12-07: 13 from 2027-05-05.
		for _, bad := range []struct{ start, reason, want string }{
			{"2027-05-05", "", "cancel the request and send a new one"},
			{"2026-12-06", "", "can only move later"},
			{"2026-12-14", "KM's move is delayed", "initials"},
		} {
			if err := a.MoveStart(ctx, "t", id, day(bad.start), bad.reason); err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("move to %s (%q): %v, want %q", bad.start, bad.reason, err, bad.want)
			}
		}
		if n := len(updates()); n != 0 {
			t.Fatalf("a refused move queued %d messages", n)
		}
		if err := a.MoveStart(ctx, "t", id, day("2027-05-04"), "the room is ready later"); err != nil {
			t.Fatal(err)
		}
		d, err := a.Show(ctx, "t", id)
		if err != nil || matching.ShowDate(d.Request.Start) != "2027-05-04" {
			t.Fatalf("start %v, %v", d.Request.Start, err)
		}
		got := updates()
		if len(got) != 2 {
			t.Fatalf("%d messages for 2 invited providers", len(got))
		}
		for i, m := range got {
			text := m.Subject + "\n" + m.Body
			for _, want := range []string{"2026-12-07", "2027-05-04", id, "the room is ready later", "placements@sefton.example",
				fmt.Sprintf("Dear Provider %d,", i+1), fmt.Sprintf("P%03d", i+1)} {
				if !strings.Contains(text, want) {
					t.Errorf("message %d does not say %q:\n%s", i, want, text)
				}
			}
			for _, private := range []string{"S-1", "KM", "2014-05-05"} {
				if strings.Contains(text, private) {
					t.Errorf("message %d carries %q:\n%s", i, private, text)
				}
			}
		}
		evs, err := a.Audit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := evs[len(evs)-1]
		if last.Action != matching.ActionStartMoved || last.Fields.Get("to") != "2027-05-04" || last.Fields.Get("reason") != "the room is ready later" {
			t.Errorf("the last event %+v", last)
		}
		v, err := a.VerifyAudit(ctx)
		if err != nil || !v.OK() {
			t.Fatalf("verify after a move: %+v %v", v, err)
		}
		for _, u := range v.Unproven {
			if strings.Contains(u, matching.ActionStartMoved) {
				t.Errorf("verify does not replay the move: %q", u)
			}
		}
	})
}
