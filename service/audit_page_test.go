package service_test

import (
	"context"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestAuditPagesThroughTheTrail: the trail is read a page at a time,
// newest or oldest first, each page going on from where the last stopped,
// until every event was read once; a filter keeps the events with every
// word; a sealed offer's contents stay out of the words.
func TestAuditPagesThroughTheTrail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, awarded := awardedRequest(t, kind)
		ctx := context.Background()
		open := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProviderRespond(ctx, "P1", open, matching.ResponseInput{ProviderID: "P1", Weekly: "1234"}); err != nil {
			t.Fatal(err)
		}
		all, err := f.svc.Audit(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, newest := range []bool{true, false} {
			var seqs []int64
			q := service.AuditQuery{NewestFirst: newest, Limit: 3}
			for pages := 0; ; pages++ {
				if pages > len(all) {
					t.Fatal("the pages never end")
				}
				p, err := f.svc.AuditPage(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != int64(len(all)) || len(p.Events) > 3 {
					t.Fatalf("page %+v", p)
				}
				for _, e := range p.Events {
					seqs = append(seqs, e.Seq)
				}
				if p.Next == 0 {
					break
				}
				q.From = p.Next
			}
			if len(seqs) != len(all) {
				t.Fatalf("newest first %v: %d events read, the trail holds %d", newest, len(seqs), len(all))
			}
			for i, s := range seqs {
				want := all[i].Seq
				if newest {
					want = all[len(all)-1-i].Seq
				}
				if s != want {
					t.Fatalf("newest first %v: event %d is %d, want %d", newest, i, s, want)
				}
			}
		}
		p, err := f.svc.AuditPage(ctx, service.AuditQuery{Filter: "AWARDED " + strings.ToLower(awarded), NewestFirst: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Events) != 1 || p.Events[0].Action != matching.ActionAwarded || p.Next != 0 {
			t.Fatalf("filtered: %+v", p.Events)
		}
		p, _ = f.svc.AuditPage(ctx, service.AuditQuery{Filter: open + " answer", NewestFirst: true})
		if len(p.Events) != 1 || !strings.Contains(p.Events[0].Detail, "sealed until the offers are opened") || strings.Contains(p.Events[0].Detail, "1,234") {
			t.Fatalf("a sealed answer: %+v", p.Events)
		}
		if p, _ := f.svc.AuditPage(ctx, service.AuditQuery{Filter: "1,234"}); len(p.Events) != 0 {
			t.Fatalf("a filter finds a sealed price: %+v", p.Events)
		}
	})
}
