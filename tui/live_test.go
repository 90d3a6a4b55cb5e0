package tui

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service/demo"
)

var poundsRe = regexp.MustCompile(`£\d`)

// TestLiveRunsToRanking plays the forum demonstration on its own timer:
// the answers arrive sealed (who and when, never a price), the deadline
// closes the request, the late answer is marked, and the show ends on the
// ranking with its scores.
func TestLiveRunsToRanking(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 80, 24)
	s := h.live()
	l := s.live
	h.mustSee("Answers close in")
	h.mustSee("0 of 6")
	if s.d.Request.Status != matching.StatusOpen {
		t.Fatalf("the live request is %s", s.d.Request.Status)
	}
	// Before any step is due, a tick plays nothing.
	h.send(liveTickMsg{gen: s.gen})
	if s.next != 0 {
		t.Fatalf("a step ran before its time: next %d", s.next)
	}
	// A tick from a replaced timer is dropped.
	clk.now = l.StepTime(0)
	h.send(liveTickMsg{gen: s.gen - 1})
	if s.next != 0 {
		t.Fatal("a stale timer played a step")
	}
	for i := range l.Steps {
		clk.now = l.StepTime(i)
		h.send(liveTickMsg{gen: s.gen})
		if s.next != i+1 {
			t.Fatalf("at step %d's time, next is %d", i, s.next)
		}
		v := h.view()
		st := l.Steps[i]
		switch st.Kind {
		case demo.LiveAnswer, demo.LiveClose, demo.LiveLate:
			if st.Kind == demo.LiveAnswer && !strings.Contains(v, s.name(st.Provider)) {
				t.Errorf("step %d: %s's answer is not shown", i, st.Provider)
			}
		case demo.LiveOpen:
		}
		// Sealed: no weekly price anywhere until the offers are opened.
		if s.d.Ranking == nil {
			for _, line := range strings.Split(v, "\n") {
				if poundsRe.MatchString(line) && !strings.Contains(line, "price cap") {
					t.Errorf("step %d: a price on screen while sealed: %q", i, line)
				}
			}
		}
		switch st.Kind {
		case demo.LiveClose:
			h.mustSee("Closed at the deadline")
			if e := s.caption.text; !strings.Contains(e, "5 of 6 invited providers answered in time") {
				t.Errorf("the close says %q", e)
			}
		case demo.LiveLate:
			h.mustSee("(late)")
			h.mustSee("marked")
		case demo.LiveOpen:
			if s.d.Request.Status != matching.StatusOpened || s.d.Ranking == nil {
				t.Fatalf("after the opening the request is %s", s.d.Request.Status)
			}
			for _, want := range []string{"Stepping Stones Tameside", "90.55", "90.38", "Rank 1", "(received after the deadline)", "(declined)", "Press w", "offers opened"} {
				h.mustSee(want)
			}
		case demo.LiveAnswer, demo.LiveInvitation, demo.LiveAward, demo.LiveOutcome, demo.LiveWrapUp:
		}
	}
	if !l.Done(s.next) {
		t.Fatal("the script did not end")
	}
	if s.d.Request.Status != matching.StatusAwarded || s.d.Ranking == nil {
		t.Fatalf("the show ended with the request %s", s.d.Request.Status)
	}
	// The store agrees.
	res, err := s.c.svc.Rank(context.Background(), "test", l.RequestID)
	must(t, err)
	if res.JustOpened || len(res.Ranking.Ranked) != 4 || res.Ranking.Ranked[0].ProviderID != "P020" {
		t.Fatalf("the recorded ranking: %+v", res.Ranking.Ranked)
	}
}

// TestLiveAdvancesItself: with the timer firing, the show gets from the
// start to the ranking with no key pressed.
func TestLiveAdvancesItself(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 120, 40)
	for i := 0; i < 200 && h.live().d.Ranking == nil; i++ {
		clk.now = clk.now.Add(time.Second)
		h.send(liveTickMsg{gen: h.live().gen})
	}
	if h.live().d.Ranking == nil {
		t.Fatalf("no ranking after 200 seconds:\n%s", h.view())
	}
	if d := clk.now.Sub(h.live().live.Start); d > liveEnd {
		t.Errorf("the ranking came after %s", d)
	}
	h.mustSee("offers opened")
}

// TestWhatIfNeverTouchesTheRecord: trying prices and cover ages moves the
// total and the rank on screen, and leaves the store exactly as it was.
func TestWhatIfNeverTouchesTheRecord(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 100, 30)
	h.advanceLive(clk, liveEnd)
	ctx := context.Background()
	id := h.live().live.RequestID
	before, err := h.svc.Scenario(ctx, id)
	must(t, err)
	auditBefore, err := h.svc.Audit(ctx, "")
	must(t, err)
	showBefore := show(t, h.svc, id)

	h.keys("down", "w")
	w := h.whatIf()
	if h.screen() != screenWhatIf || w.selected() == nil || w.selected().providerID != "P017" {
		t.Fatalf("w did not explain the selected offer: %s %+v", h.screen(), w.selected())
	}
	// Unchanged, the copy ranks exactly as the record.
	if !reflect.DeepEqual(w.now, before.Ranking) {
		t.Fatalf("matching.Rank on the copy differs from the record:\n%+v\n%+v", w.now, before.Ranking)
	}
	h.mustSee("rank 2 of 4")
	h.keys("-", "-", "-")
	h.mustSee("£1,090.00 a week")
	h.mustSee("91.42")
	h.mustSee("rank 1 of 4")
	h.mustSee("recorded: rank 2, total 90.38")
	h.mustSee("▲1")
	// Typed: a price above the cap leaves the offer unscored.
	h.keys("p")
	h.typeText("1300")
	h.keys("enter")
	h.mustSee("Not scored: above the price cap")
	h.keys("c")
	h.typeText("19")
	h.keys("enter")
	h.keys("r")
	h.mustSee("as recorded")
	// Cover: Irwell's cover to 25 lifts it from 4th to 1st.
	h.keys("down", "down", "]", "]", "]", "]")
	h.mustSee("rank 1 of 4")
	h.mustSee("▲3")
	h.keys("down")
	if k := w.actionKeys(); k.Raise.Enabled() {
		t.Error("a late answer's price can be tried, though no price can bring it in")
	}

	after, err := h.svc.Scenario(ctx, id)
	must(t, err)
	if !reflect.DeepEqual(before, after) {
		t.Fatal("the what-if screen changed the record")
	}
	auditAfter, err := h.svc.Audit(ctx, "")
	must(t, err)
	if len(auditAfter) != len(auditBefore) {
		t.Fatalf("the what-if screen wrote %d audit events", len(auditAfter)-len(auditBefore))
	}
	if !reflect.DeepEqual(showBefore, show(t, h.svc, id)) {
		t.Fatal("the request changed")
	}
	// Back on the live screen the ranking is the recorded one.
	h.keys("esc")
	if h.screen() != screenLive {
		t.Fatalf("esc went to %s", h.screen())
	}
	h.mustSee("90.55")
}

// TestWhatIfFromTheRanking: the officer's ranking reaches the same screen
// with w, on the offer selected.
func TestWhatIfFromTheRanking(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.opened)
	h.keys("r", "down", "w")
	if h.screen() != screenWhatIf {
		t.Fatalf("w opened %s", h.screen())
	}
	rk := h.ranking().res.Ranking
	if got := h.whatIf().selected().providerID; got != rk.Ranked[1].ProviderID {
		t.Errorf("the what-if explains %s, not the selected %s", got, rk.Ranked[1].ProviderID)
	}
	h.mustSee(matching.Formula(rk.Weights))
	// The offer above the cap comes in when its price comes down.
	for i := 0; i < 5 && h.whatIf().selected().providerID != "P005"; i++ {
		h.keys("down")
	}
	h.mustSee("above the price cap")
	h.keys("p")
	h.typeText("1,100")
	h.keys("enter")
	h.mustSee("new ")
	h.mustSee("rank ")
	// Not reachable while the offers are sealed.
	h.openRequest(wd.closed)
	h.keys("r")
	for _, b := range scopeOf(h) {
		if b.Help().Desc == "what if" {
			t.Fatal("what if is offered while the offers are sealed")
		}
	}
}

// TestBigDigits: the block digits are three rows (six doubled), as wide as
// their characters.
func TestBigDigits(t *testing.T) {
	t.Parallel()
	rows := bigText("90.55", 1)
	if len(rows) != 3 || width(rows[0]) != bigWidth("90.55", 1) || width(rows[0]) != 17 {
		t.Fatalf("bigText(90.55) = %q", rows)
	}
	if rows2 := bigText("1:30", 2); len(rows2) != 6 || width(rows2[0]) != 2*width(bigText("1:30", 1)[0]) {
		t.Fatalf("doubled: %q", rows2)
	}
	if clockText(90) != "1:30" || clockText(3725) != "1:02:05" || clockText(-3) != "0:00" {
		t.Fatal("clockText")
	}
}
