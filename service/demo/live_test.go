package demo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store/storetest"
)

// playLive runs a live show to its end on a clock that jumps to each step,
// checking what the commissioning side sees after every step.
func playLive(t *testing.T, svc *service.Service, clock *time.Time, l demo.Live, each func(i int, d service.Detail)) {
	t.Helper()
	ctx := context.Background()
	for i := range l.Steps {
		if l.Due(i, l.StepTime(i).Add(-time.Millisecond)) {
			t.Fatalf("step %d is due before its time", i)
		}
		*clock = l.StepTime(i)
		if !l.Due(i, *clock) {
			t.Fatalf("step %d is not due at its time", i)
		}
		if err := demo.PlayLive(ctx, svc, "presenter", l, i); err != nil {
			t.Fatalf("step %d (%s %s): %v", i, l.Steps[i].Kind, l.Steps[i].Provider, err)
		}
		d, err := svc.Show(ctx, "presenter", l.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		if each != nil {
			each(i, d)
		}
	}
	if !l.Done(len(l.Steps)) || l.Due(len(l.Steps), clock.Add(time.Hour)) {
		t.Fatal("the script does not end")
	}
}

// TestLiveDemo plays the forum demonstration on the demo data: the request
// goes to six providers, answers stay sealed until the close, the late one
// is marked late, and the offers end up opened and ranked.
func TestLiveDemo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
		clock := now
		svc := openDemoStoreOn(t, kind, &clock)
		loadDemo(t, svc)
		ctx := context.Background()

		l, err := demo.StartLive(ctx, svc, "presenter", 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Deadline.Sub(now); got != demo.LiveDeadline {
			t.Errorf("the deadline is %s ahead, want %s", got, demo.LiveDeadline)
		}
		if len(l.Steps) != len(demo.LiveScript()) {
			t.Fatalf("steps of providers not invited were dropped: %d of %d left", len(l.Steps), len(demo.LiveScript()))
		}
		d, err := svc.Show(ctx, "presenter", l.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Request.Status != matching.StatusOpen || len(d.Answers) != 6 {
			t.Fatalf("the live request is %s with %d invited, want open with 6", d.Request.Status, len(d.Answers))
		}
		// Every step in order, and the script ends after about two minutes.
		if end := l.End().Sub(l.Start); end < time.Minute || end > 3*time.Minute {
			t.Errorf("the show lasts %s", end)
		}
		closedAt := -1
		playLive(t, svc, &clock, l, func(i int, d service.Detail) {
			st := l.Steps[i]
			switch st.Kind {
			case demo.LiveAnswer, demo.LiveLate:
				if !d.Sealed {
					t.Errorf("step %d: the answers are not sealed", i)
				}
				for _, a := range d.Answers {
					if a.Offer != nil || a.Response != nil {
						t.Errorf("step %d: %s's answer is visible while sealed", i, a.ProviderID)
					}
				}
			case demo.LiveClose:
				closedAt = i
				if d.Request.Status != matching.StatusClosed {
					t.Errorf("after the close step the request is %s", d.Request.Status)
				}
			case demo.LiveOpen, demo.LiveInvitation, demo.LiveAward, demo.LiveOutcome, demo.LiveWrapUp:
			}
			if st.Kind == demo.LiveAnswer && d.Request.Status != matching.StatusOpen {
				t.Errorf("step %d: the request closed before its deadline (%s)", i, d.Request.Status)
			}
		})
		if closedAt < 0 {
			t.Fatal("no close step")
		}
		res, err := svc.Rank(ctx, "presenter", l.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Request.Status != matching.StatusAwarded || res.Request.AwardedTo != "P020" {
			t.Fatalf("at the end the request is %s to %q, want awarded to P020, the top offer", res.Request.Status, res.Request.AwardedTo)
		}
		rk := res.Ranking
		var order []string
		for _, sc := range rk.Ranked {
			order = append(order, sc.ProviderID+" "+sc.Rounded)
		}
		want := []string{"P020 90.55", "P017 90.38", "P023 88.79", "P018 80.96"}
		if len(order) != len(want) {
			t.Fatalf("ranked %v, want %v", order, want)
		}
		for i := range want {
			if order[i] != want[i] {
				t.Fatalf("ranked %v, want %v", order, want)
			}
		}
		reasons := map[string]string{}
		for _, ex := range rk.Excluded {
			reasons[ex.ProviderID] = ex.Reason
		}
		if reasons["P030"] != matching.ExclLate || reasons["P032"] != matching.ExclDeclined || len(reasons) != 2 {
			t.Errorf("excluded %v, want P030 late and P032 declined", reasons)
		}
		// The revision replaced the first offer.
		if rk.Ranked[1].WeeklyPence != 112000 {
			t.Errorf("P017's offer is %s, want its revision £1,120.00", rk.Ranked[1].WeeklyPence)
		}
		// The audit trail is intact.
		v, err := svc.VerifyAudit(ctx)
		if err != nil || v.Break != nil {
			t.Fatalf("audit: %v %+v", err, v.Break)
		}
	})
}

// TestLiveSpeed: a faster show keeps the order and the deadline moves with
// it.
func TestLiveSpeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
		clock := now
		svc := openDemoStoreOn(t, kind, &clock)
		loadDemo(t, svc)
		l, err := demo.StartLive(context.Background(), svc, "presenter", 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Deadline.Sub(now); got != demo.LiveDeadline/10 {
			t.Errorf("at speed 10 the deadline is %s ahead", got)
		}
		for i := 1; i < len(l.Steps); i++ {
			if l.StepTime(i).Before(l.StepTime(i - 1)) {
				t.Errorf("step %d comes before step %d", i, i-1)
			}
		}
		playLive(t, svc, &clock, l, nil)
		d, err := svc.Show(context.Background(), "presenter", l.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Request.Status != matching.StatusAwarded || d.Ranking == nil || len(d.Ranking.Ranked) != 4 {
			t.Fatalf("at speed 10 the show ends %s", d.Request.Status)
		}
		for _, a := range d.Answers {
			if a.ProviderID == "P030" && !a.Late {
				t.Error("the late answer is not late at speed 10")
			}
		}
	})
}

// TestReplayLive: replaying the first n steps on a copy of the store as it
// was at the start leaves the request exactly as playing them did.
func TestReplayLive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	play := func(n int) service.Detail {
		clock := now
		db := storetest.Open(t, "sqlite")
		svc := service.New(db, service.WithClock(func() time.Time { return clock }), service.WithSalts(demo.ShowSalts()))
		loadDemo(t, svc)
		l, err := demo.StartLive(ctx, svc, "presenter", 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.ReplayLive(ctx, svc, "presenter", l, n, func(at time.Time) { clock = at }); err != nil {
			t.Fatal(err)
		}
		d, err := svc.Show(ctx, "presenter", l.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	n := len(demo.LiveScript())
	a, b := play(n), play(n)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two replays of the whole script differ")
	}
	if a.Request.Status != matching.StatusAwarded {
		t.Fatalf("the whole script leaves the request %s", a.Request.Status)
	}
	if d := play(3); d.Request.Status != matching.StatusOpen || d.AnsweredCount() != 2 {
		t.Fatalf("three steps in: %s with %d answers", d.Request.Status, d.AnsweredCount())
	}
}
