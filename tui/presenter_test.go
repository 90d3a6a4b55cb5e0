package tui

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
)

// bodyOf is a view without its footer and status lines (the keys offered
// may differ between two states that are otherwise the same).
func bodyOf(v string) string {
	lines := strings.Split(v, "\n")
	return strings.Join(lines[:len(lines)-2], "\n")
}

// TestLivePauseHoldsTheShow: space stops the show's time, so no step
// plays and the deadline does not pass however long the presenter talks;
// space again goes on from where it stood.
func TestLivePauseHoldsTheShow(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 100, 30)
	s := h.live()
	h.advanceLive(clk, 40*time.Second)
	played := s.next
	shown := s.c.now()
	h.keys(" ")
	h.mustSee("PAUSED")
	h.mustSee("space play")
	clk.now = clk.now.Add(10 * time.Minute) // well past the deadline
	h.send(liveTickMsg{gen: s.gen})
	if s.next != played {
		t.Fatalf("a step played while paused: next %d, was %d", s.next, played)
	}
	if !s.c.now().Equal(shown) {
		t.Fatalf("the show's time moved while paused: %s, was %s", s.c.now(), shown)
	}
	// The app's own sweep closes nothing: the deadline has not passed in
	// the show.
	n, err := s.c.svc.CloseDue(context.Background())
	must(t, err)
	if n != 0 {
		t.Fatal("the paused show's request was closed")
	}
	h.mustSee("Answers close in")
	h.keys(" ")
	if strings.Contains(h.view(), "PAUSED") {
		t.Fatal("space did not resume")
	}
	// Resumed, the next step comes as far after the resume as it was ahead.
	next := s.live.StepTime(s.next)
	clk.now = clk.now.Add(next.Sub(shown) - time.Second)
	h.send(liveTickMsg{gen: s.gen})
	if s.next != played {
		t.Fatal("the next step came early after the pause")
	}
	clk.now = clk.now.Add(time.Second)
	h.send(liveTickMsg{gen: s.gen})
	if s.next != played+1 {
		t.Fatalf("the next step did not come after the pause: next %d", s.next)
	}
}

// TestLiveStepsAreExact: → plays the next step at once, ← shows the state
// before the last step exactly as it was played (the request, the
// caption and the screen), each step back quick.
func TestLiveStepsAreExact(t *testing.T) {
	t.Parallel()
	h, _ := liveHarness(t, 100, 30)
	s := h.live()
	n := len(s.live.Steps)
	h.keys(" ") // paused, as a presenter explaining each step would be
	views := []string{bodyOf(h.view())}
	details := []service.Detail{*s.d}
	for i := 1; i <= n; i++ {
		h.keys("right")
		if s.next != i {
			t.Fatalf("→ to step %d went to %d", i, s.next)
		}
		if !s.c.now().Equal(s.live.StepTime(i - 1)) {
			t.Fatalf("→ to step %d: the show's time is %s, not the step's %s", i, s.c.now(), s.live.StepTime(i-1))
		}
		views = append(views, bodyOf(h.view()))
		details = append(details, *s.d)
	}
	if s.d.Request.Status != matching.StatusAwarded {
		t.Fatalf("the show ended %s", s.d.Request.Status)
	}
	var slowest time.Duration
	for i := n - 1; i >= 0; i-- {
		start := time.Now()
		h.keys("left")
		slowest = max(slowest, time.Since(start))
		if s.next != i {
			t.Fatalf("← from step %d went to %d", i+1, s.next)
		}
		if !reflect.DeepEqual(*s.d, details[i]) {
			t.Fatalf("← to step %d: the request differs from the one played:\n%+v\n%+v", i, s.d.Request, details[i].Request)
		}
		if got := bodyOf(h.view()); got != views[i] {
			t.Fatalf("← to step %d shows:\n%s\nplayed, it showed:\n%s", i, got, views[i])
		}
	}
	t.Logf("the slowest step back took %s", slowest)
	if slowest > 3*time.Second {
		t.Errorf("a step back took %s", slowest)
	}
	h.keys("left")
	if s.next != 0 {
		t.Fatal("← went before the start")
	}
	if !s.clock.Paused() {
		t.Error("stepping unpaused the show")
	}
}

// TestLiveRestart: r at the end starts the show again from the broadcast,
// on the same request, and it plays to the same ranking.
func TestLiveRestart(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 100, 30)
	s := h.live()
	first := bodyOf(h.view())
	start := *s.d
	h.advanceLive(clk, liveEnd)
	if !s.live.Done(s.next) {
		t.Fatal("the show did not end")
	}
	h.keys(" ")
	h.keys("r")
	if s.next != 0 || s.clock.Paused() {
		t.Fatalf("r: next %d, paused %v", s.next, s.clock.Paused())
	}
	if !reflect.DeepEqual(*s.d, start) {
		t.Fatalf("r: the request is not as it was at the start:\n%+v\n%+v", s.d.Request, start.Request)
	}
	if got := bodyOf(h.view()); got != first {
		t.Fatalf("r shows:\n%s\nthe start showed:\n%s", got, first)
	}
	// And again to the end, on the show's clock from the start.
	clk.now = s.c.now()
	for s.next < len(s.live.Steps) {
		at := s.live.StepTime(s.next)
		clk.now = clk.now.Add(at.Sub(s.c.now()))
		h.send(liveTickMsg{gen: s.gen})
	}
	if s.d.Request.Status != matching.StatusAwarded || s.d.Ranking.Ranked[0].Rounded != "90.55" {
		t.Fatalf("the second run ended %s", s.d.Request.Status)
	}
}

// TestLiveSpeedKeys: + and - step through the speeds, shown in the footer
// and the banner, and the show's time runs at the speed chosen.
func TestLiveSpeedKeys(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 100, 30)
	s := h.live()
	h.mustSee("+/- speed ×1")
	h.keys("+")
	h.mustSee("+/- speed ×1.5")
	h.keys("+", "+")
	h.mustSee("speed ×3")
	before := s.c.now()
	clk.now = clk.now.Add(time.Second)
	if got := s.c.now().Sub(before); got != time.Second*3/2 && got != 3*time.Second {
		// Held at the first step (2 s in), or running at ×3.
		if s.c.now().After(s.live.StepTime(0)) || got == time.Second {
			t.Fatalf("at ×3 a second moved the show %s", got)
		}
	}
	h.keys("-", "-", "-", "-", "-")
	h.mustSee("speed ×½")
	h.keys("-")
	h.mustSee("speed ×½")
}

// TestLiveCaptionsStayToBeRead: at speed 3 the next step waits until the
// caption has been on screen long enough to read (longer for a longer
// caption), and a pause holds it.
func TestLiveCaptionsStayToBeRead(t *testing.T) {
	t.Parallel()
	h, clk := liveHarnessWith(t, Options{LiveSpeed: 3}, 100, 30)
	s := h.live()
	hold := s.captionHold(s.caption.text, false)
	if hold < 5*time.Second {
		t.Fatalf("the first caption (%d characters) holds %s", len([]rune(s.caption.text)), hold)
	}
	// The first step is due 10 s into the show, 3.3 s at ×3; the caption
	// holds it.
	clk.now = clk.now.Add(4 * time.Second)
	h.send(liveTickMsg{gen: s.gen})
	if !s.c.now().Equal(s.live.StepTime(0)) {
		t.Fatalf("the show is at %s, not waiting at the first step's time", s.c.now().Sub(s.live.Start))
	}
	if s.next != 0 {
		t.Fatal("the first step came before its caption could be read")
	}
	// A pause does not count.
	h.keys(" ")
	clk.now = clk.now.Add(time.Minute)
	h.keys(" ")
	h.send(liveTickMsg{gen: s.gen})
	if s.next != 0 {
		t.Fatal("the time paused counted as reading time")
	}
	clk.now = clk.now.Add(hold - 4*time.Second)
	h.send(liveTickMsg{gen: s.gen})
	if s.next != 1 {
		t.Fatalf("the first step did not come once its caption was read (next %d)", s.next)
	}
	// A short caption holds less than a long one.
	if short, long := s.captionHold("Closed.", false), s.captionHold(strings.Repeat("word ", 30), false); short >= long {
		t.Errorf("a short caption holds %s, a long one %s", short, long)
	}
	// It stayed on screen, with its step's time, all the while.
	h.mustSee("Every invited provider sees this")
}

// TestLiveHeaderHasNoLogin: the header on the projector names the show,
// never who is signed in.
func TestLiveHeaderHasNoLogin(t *testing.T) {
	t.Parallel()
	h, _ := liveHarness(t, 120, 40)
	header := strings.Split(h.view(), "\n")[0]
	if strings.Contains(header, "presenter") {
		t.Errorf("the header shows the login name: %q", header)
	}
	for _, want := range []string{"Provider forum", "DEMO"} {
		if !strings.Contains(header, want) {
			t.Errorf("the header has no %q: %q", want, header)
		}
	}
}

// TestLiveStatusFollowsTheLifecycle: once awarded, the live screen says so,
// not "offers opened".
func TestLiveStatusFollowsTheLifecycle(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 120, 40)
	h.advanceLive(clk, liveStepAt(demo.LiveOpen, 1))
	h.mustSee("offers opened")
	h.advanceLive(clk, liveStepAt(demo.LiveAward, 1))
	v := h.view()
	if strings.Contains(v, "offers opened") {
		t.Errorf("awarded, the live screen still says offers opened:\n%s", v)
	}
	h.mustSee("awarded 14:02:00 to Stepping Stones Tameside")
	h.mustSee("Rank 1: Stepping Stones Tameside · awarded")
	h.advanceLive(clk, liveEnd)
	h.mustSee("awarded 14:02:00 to Stepping Stones Tameside")
}

// TestLiveShowsWhatAProviderSees: the room sees the invitation as a
// provider's screen shows it (no case reference, initials or date of
// birth), and the outcome as the runner-up and the winner see it.
func TestLiveShowsWhatAProviderSees(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 120, 40)
	s := h.live()
	h.advanceLive(clk, liveStepAt(demo.LiveInvitation, 1))
	v := h.view()
	for _, want := range []string{"what a provider sees", "Pennine Futures CIC", "Answer by", "Press o to offer", "The request", "Moving on from a foster placement"} {
		if !strings.Contains(v, want) {
			t.Errorf("the invitation has no %q:\n%s", want, v)
		}
	}
	dob := s.d.Request.DOB.Format("2006-01-02")
	for _, never := range []string{"FORUM-DEMO-1", "QZ", dob} {
		if strings.Contains(v, never) {
			t.Errorf("the provider's screen shows %q:\n%s", never, v)
		}
	}
	h.advanceLive(clk, liveStepAt(demo.LiveOutcome, 1))
	h.mustSee("outcome on Pennine Futures CIC's own screen")
	h.mustSee("not awarded to you")
	h.mustSee("0.17 points higher than yours")
	h.advanceLive(clk, liveStepAt(demo.LiveOutcome, 2))
	h.mustSee("outcome on Stepping Stones Tameside's own screen")
	h.mustSee("awarded to you")
	// The show ends back on the officer's screen.
	h.advanceLive(clk, liveEnd)
	h.mustSee("Rank 1: Stepping Stones Tameside")
}

// TestLiveFooterHasThePresenterKeys: at 80x24 every presenter key is in
// the footer.
func TestLiveFooterHasThePresenterKeys(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 80, 24)
	h.advanceLive(clk, 40*time.Second)
	lines := strings.Split(h.view(), "\n")
	footer := lines[len(lines)-1]
	for _, want := range []string{"space pause", "← back", "→ next", "r restart", "+/- speed ×1"} {
		if !strings.Contains(footer, want) {
			t.Errorf("the footer has no %q: %q", want, footer)
		}
	}
}

// TestLiveFillsAProjector: at 200x50 each phase of the show uses the
// screen: text down to the last third, lines wider than the 120 columns
// of a laptop, and the key figures in block digits nine rows tall.
func TestLiveFillsAProjector(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 200, 50)
	for _, at := range []time.Duration{40 * time.Second, liveStepAt(demo.LiveInvitation, 1) + time.Second, liveStepAt(demo.LiveOpen, 1), liveEnd} {
		h.advanceLive(clk, at)
		lines := strings.Split(h.view(), "\n")
		body := lines[1 : len(lines)-2]
		last, widest, bigRows := 0, 0, 0
		for i, l := range body {
			if strings.TrimSpace(l) != "" {
				last = i
			}
			widest = max(widest, len([]rune(strings.TrimRight(l, " "))))
			if strings.Contains(l, "█████████") {
				bigRows++
			}
		}
		if last < len(body)*2/3 {
			t.Errorf("at %s the last third of the screen is empty (last line %d of %d):\n%s", at, last, len(body), h.view())
		}
		if widest < 150 {
			t.Errorf("at %s the widest line is %d of 200 columns:\n%s", at, widest, h.view())
		}
		if h.live().inv == nil && bigRows < 2 {
			t.Errorf("at %s no figure is in large block digits:\n%s", at, h.view())
		}
	}
}

// TestWhatIfWeights: Q, P and A move five points of weight to quality,
// price or age cover, keeping the sum 100; the ranking follows, r puts
// everything back, and the record is never touched.
func TestWhatIfWeights(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 120, 40)
	h.advanceLive(clk, liveEnd)
	ctx := context.Background()
	id := h.live().live.RequestID
	svc := h.live().c.svc
	before, err := svc.Scenario(ctx, id)
	must(t, err)
	h.keys("w")
	w := h.whatIf()
	h.mustSee("Q/P/A weight +5")
	h.keys("Q")
	h.mustSee("Weights tried: quality 45 · price 35 · age cover 20")
	h.mustSee("total = (45 × Q + 35 × P + 20 × A) / 100")
	h.mustSee("The ranking with this change")
	// Quality heavy enough puts the best-rated provider first. Two
	// presses arriving in one read (a double tap) count as two.
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("QQ")})
	if q := w.now.Weights.Quality; q != 55 {
		t.Fatalf("QQ in one read left quality at %d, want 55", q)
	}
	h.keys("Q", "Q", "Q", "Q")
	if top := w.now.Ranked[0].ProviderID; top != "P023" {
		t.Errorf("with quality at %d the top offer is %s, want Moorside Foyer Trust (P023)", w.now.Weights.Quality, top)
	}
	for range 30 {
		h.keys("A")
		wt := w.now.Weights
		if wt.Quality+wt.Price+wt.AgeCover != 100 || wt.Quality < 0 || wt.Price < 0 || wt.AgeCover > 100 {
			t.Fatalf("weights %+v", wt)
		}
	}
	if wt := w.now.Weights; wt.AgeCover != 100 {
		t.Errorf("thirty presses of A leave the weights at %+v", wt)
	}
	h.keys("r")
	if w.weights != nil || w.now.Weights != before.Ranking.Weights {
		t.Fatalf("r left the weights at %+v", w.now.Weights)
	}
	h.mustSee("The ranking as recorded")
	if !reflect.DeepEqual(w.now, before.Ranking) {
		t.Fatal("after r the ranking differs from the record")
	}
	// Back to the request's weights by hand is no change either.
	h.keys("Q", "P")
	if w.changed() {
		t.Errorf("Q then P leaves %+v tried", w.weights)
	}
	after, err := svc.Scenario(ctx, id)
	must(t, err)
	if !reflect.DeepEqual(before, after) {
		t.Fatal("trying weights changed the record")
	}
}

// TestLiveLateAnswerToTheSecond: the officer's ranking says when the late
// answer came beside the deadline to the second, where the minute would
// read the same for both.
func TestLiveLateAnswerToTheSecond(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 200, 50)
	h.advanceLive(clk, liveEnd)
	h.keys("o")
	if h.screen() != screenRanking {
		t.Fatalf("o opened %s", h.screen())
	}
	h.mustSee("received 2026-11-25 14:01:33, deadline 14:01:30")
}

// TestLivePresenterInAProgram drives the show in a real Bubble Tea program
// on its own timers (teatest), at ×200: space pauses it, → and ← step
// while paused, r starts it again, playing.
func TestLivePresenterInAProgram(t *testing.T) {
	t.Parallel()
	demoSvc, _ := demoService(t)
	svc := service.New(demoSvc.Store()) // the real clock: the timers are real
	opts := Options{User: "presenter", Demo: true, Live: true, LiveSpeed: 200, LiveFork: forkStores(t)}
	m := newModel(t.Context(), svc, opts, NewStyles(lipglossDefault()))
	t.Cleanup(m.close)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	stepRe := regexp.MustCompile(`(PAUSED · )?step (\d+) of 14`)
	// waitStep waits for the banner to show a step that ok accepts, and
	// returns it.
	waitStep := func(what string, ok func(n int, paused bool) bool) int {
		t.Helper()
		got := -1
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			// The banner as last drawn.
			all := stepRe.FindAllSubmatch(b, -1)
			if len(all) == 0 {
				return false
			}
			m := all[len(all)-1]
			n, _ := strconv.Atoi(string(m[2]))
			if ok(n, len(m[1]) > 0) {
				got = n
				return true
			}
			return false
		}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		if got < 0 {
			t.Fatalf("never saw %s", what)
		}
		return got
	}
	waitStep("the show under way", func(n int, paused bool) bool { return n >= 2 && !paused })
	tm.Send(keyMsg(" "))
	at := waitStep("the pause", func(n int, paused bool) bool { return paused })
	// A step under way when space was pressed still lands; then nothing
	// moves.
	time.Sleep(300 * time.Millisecond)
	tm.Send(keyMsg("right"))
	at = waitStep("a step forward", func(n int, paused bool) bool { return n > at && paused })
	tm.Send(keyMsg("left"))
	waitStep("a step back", func(n int, paused bool) bool { return n == at-1 && paused })
	tm.Send(keyMsg("left"))
	waitStep("another step back", func(n int, paused bool) bool { return n == at-2 && paused })
	tm.Send(keyMsg("r"))
	waitStep("the restart", func(n int, paused bool) bool { return n == 0 && !paused })
	must(t, tm.Quit())
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*model)
	if s := fm.screens[screenLive].(*liveScreen); s.clock.Paused() || s.next > 3 {
		t.Errorf("after r the show is at step %d, paused %v", s.next, s.clock.Paused())
	}
}

// TestLiveWaitsWhileThePresenterIsAway: on the what-if screen the show
// waits, and goes on when the presenter comes back; paused by the
// presenter, it stays paused.
func TestLiveWaitsWhileThePresenterIsAway(t *testing.T) {
	t.Parallel()
	h, clk := liveHarness(t, 100, 30)
	s := h.live()
	h.advanceLive(clk, liveStepAt(demo.LiveOpen, 1))
	played := s.next
	h.keys("w")
	if h.screen() != screenWhatIf {
		t.Fatalf("w opened %s", h.screen())
	}
	clk.now = clk.now.Add(10 * time.Minute)
	h.send(liveTickMsg{gen: s.gen})
	if s.next != played {
		t.Fatal("the show went on while the presenter was on the what-if screen")
	}
	h.keys("esc")
	if s.clock.Paused() {
		t.Fatal("back on the show, it is still paused")
	}
	clk.now = clk.now.Add(time.Minute)
	h.send(liveTickMsg{gen: s.gen})
	if s.next != played+1 {
		t.Fatalf("back on the show, the next step did not come (next %d)", s.next)
	}
	h.keys(" ", "o", "esc")
	if !s.clock.Paused() {
		t.Error("a show the presenter paused was resumed by coming back to it")
	}
}
