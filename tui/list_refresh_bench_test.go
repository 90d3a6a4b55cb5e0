package tui

import (
	"context"
	"strings"
	"testing"

	"placematch/matching"
)

// BenchmarkReturnAfterChange is going back to the list of 50,000
// requests from another screen after one change to the store (each op: the
// return, its reads and the frame it draws): a note on a request near the
// top ("note"), or a new request ("new", a draft made and cancelled). The
// list should cost what the change costs, not a read of every request.
//
// It writes to the region (a note, or a cancelled draft, each op): point
// PLACEMATCH_BENCH_REGION at a copy.
func BenchmarkReturnAfterChange(b *testing.B) {
	h, rs := regionHarness(b, 200, 60)
	ctx := context.Background()
	svc := h.svc
	back := func() string {
		h.m.stack = []screenID{screenRequests, screenDetail}
		h.send(backMsg{})
		return h.m.View()
	}
	back() // the list as the app holds it after a first return
	b.Run("note", func(b *testing.B) {
		id := rs.rows[rs.visible[3]].ID
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			if err := svc.Note(ctx, "bench", id, "rang the family"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			v := back()
			b.StopTimer()
			if h.screen() != screenRequests || !strings.Contains(v, id) {
				b.Fatalf("back showed %s:\n%s", h.screen(), v)
			}
			b.StartTimer()
		}
	})
	b.Run("new", func(b *testing.B) {
		top := rs.rows[0]
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			r, err := svc.NewDraft(ctx, "bench", matching.RequestInput{Council: top.Council, Lot: top.Lot, CaseRef: "B-1"})
			if err == nil {
				err = svc.Cancel(ctx, "bench", r.ID, "a benchmark's")
			}
			if err != nil {
				b.Fatal(err)
			}
			h.keys("g") // the cursor on the newest, which the new one is above
			b.StartTimer()
			v := back()
			b.StopTimer()
			if h.screen() != screenRequests || rs.rows[0].ID != r.ID || !strings.Contains(v, r.ID) {
				b.Fatalf("back showed %s, the newest %s:\n%s", h.screen(), rs.rows[0].ID, v)
			}
			b.StartTimer()
		}
	})
}
