package service_test

import (
	"context"
	"slices"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

func summaryIDs(rows []service.RequestSummary) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// The list read since a mark brings the requests changed since, and only
// those each person may see on the whole list: the incremental read is no
// way round the access rules.
func TestRequestsSinceKeepsTheAccessRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		sef := f.draft(t, nil)
		wir := f.draft(t, func(in *matching.RequestInput) { in.Council, in.CaseRef = "wirral", "W-1" })
		quiet := f.draft(t, nil)
		for _, id := range []string{sef, wir, quiet} {
			if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
				t.Fatal(err)
			}
		}
		marks := map[string]service.ListMark{}
		for _, p := range accessPeople {
			pctx := service.WithPerson(ctx, p)
			whole, err := f.svc.Requests(pctx, service.RequestFilter{})
			ch, err2 := f.svc.RequestsSince(pctx, service.RequestFilter{}, service.ListMark{})
			if (err == nil) != (err2 == nil) {
				t.Fatalf("%s: the list says %v, the list since nothing %v", p.Name, err, err2)
			}
			if err != nil {
				if err2.Error() != err.Error() {
					t.Fatalf("%s: the list is refused with %q, the list since nothing with %q", p.Name, err, err2)
				}
				continue
			}
			if !ch.Full || !slices.Equal(summaryIDs(ch.Rows), summaryIDs(whole)) {
				t.Fatalf("%s: since nothing gives %v (whole: %v), the list %v", p.Name, summaryIDs(ch.Rows), ch.Full, summaryIDs(whole))
			}
			marks[p.Name] = ch.Mark
		}
		if len(marks) < 6 {
			t.Fatalf("only %d people may list requests", len(marks))
		}
		// P1 answers Sefton's and Wirral's requests; the third is quiet.
		for _, id := range []string{sef, wir} {
			if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "1000"}); err != nil {
				t.Fatal(err)
			}
		}
		saw := map[string]int{}
		for _, p := range accessPeople {
			mark, ok := marks[p.Name]
			if !ok {
				continue
			}
			pctx := service.WithPerson(ctx, p)
			whole, err := f.svc.Requests(pctx, service.RequestFilter{})
			if err != nil {
				t.Fatal(err)
			}
			ch, err := f.svc.RequestsSince(pctx, service.RequestFilter{}, mark)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, id := range summaryIDs(whole) {
				if id == sef || id == wir {
					want = append(want, id)
				}
			}
			got := summaryIDs(ch.Rows)
			if ch.Full || !slices.Equal(got, append([]string{}, want...)) || ch.Mark.Seq <= mark.Seq {
				t.Fatalf("%s: since the mark gives %v (whole: %v, mark %d after %d), want %v", p.Name, got, ch.Full, ch.Mark.Seq, mark.Seq, want)
			}
			for _, r := range ch.Rows {
				if r.Answered != 1 {
					t.Fatalf("%s: %s reads %d answered", p.Name, r.ID, r.Answered)
				}
			}
			saw[p.Name] = len(got)
		}
		// Each person's own: the test must not pass by showing no one
		// anything.
		if saw["Sam Sefton"] != 1 || saw["Wyn Wirral"] != 1 || saw["Lee Leaving"] != 0 || saw["Three Ltd"] != 0 || saw["One Ltd"] != 2 || saw["Cath Care"] != 2 || saw["Audrey"] != 2 {
			t.Fatalf("changed requests seen: %v", saw)
		}
		// Asking for another council's is as the list: nothing.
		ch, err := f.svc.RequestsSince(service.WithPerson(ctx, accessPeople[0]), service.RequestFilter{Council: "wirral"}, marks["Sam Sefton"])
		if err != nil || len(ch.Rows) != 0 {
			t.Fatalf("a Sefton officer asking for Wirral's changes got %v, %v", summaryIDs(ch.Rows), err)
		}
	})
}

// A mark the trail no longer holds (a restored store) gives the whole
// list; a mark with nothing since gives nothing but the drafts, which
// change without an event.
func TestRequestsSinceMarks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		open := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
			t.Fatal(err)
		}
		draft := f.draft(t, nil)
		ch, err := f.svc.RequestsSince(ctx, service.RequestFilter{}, service.ListMark{})
		if err != nil || !ch.Full || len(ch.Rows) != 2 || ch.Mark.Seq == 0 || ch.Mark.Hash == "" {
			t.Fatalf("since nothing: %+v, %v", ch, err)
		}
		again, err := f.svc.RequestsSince(ctx, service.RequestFilter{}, ch.Mark)
		if err != nil || again.Full || !slices.Equal(summaryIDs(again.Rows), []string{draft}) || again.Mark != ch.Mark {
			t.Fatalf("nothing changed: %v (whole %v, mark %+v), %v", summaryIDs(again.Rows), again.Full, again.Mark, err)
		}
		gone := ch.Mark
		gone.Hash = "0" + gone.Hash[1:]
		if gone.Hash == ch.Mark.Hash {
			gone.Hash = "1" + gone.Hash[1:]
		}
		whole, err := f.svc.RequestsSince(ctx, service.RequestFilter{Limit: 1}, gone)
		if err != nil || !whole.Full || len(whole.Rows) != 1 {
			t.Fatalf("a mark the trail does not hold: %d rows (whole %v), %v", len(whole.Rows), whole.Full, err)
		}
		ahead := service.ListMark{Seq: ch.Mark.Seq + 100, Hash: ch.Mark.Hash}
		if whole, err := f.svc.RequestsSince(ctx, service.RequestFilter{}, ahead); err != nil || !whole.Full || len(whole.Rows) != 2 {
			t.Fatalf("a mark past the trail's end: %d rows (whole %v), %v", len(whole.Rows), whole.Full, err)
		}
	})
}
