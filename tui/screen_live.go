package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
)

// liveStarted is the show's request sent out, with a copy of the store as
// it was at that moment (base), which every step back and restart starts
// from; base is nil when no copy could be made (forkErr says why).
type liveStarted struct {
	live    demo.Live
	base    service.Store
	forkErr error
	err     error
}

// liveTickMsg is the live demo's timer; gen drops the ticks of a timer
// that was replaced.
type liveTickMsg struct{ gen int }

// livePlayed is the show brought to a step: step i played (i = -1: the
// start), with the request as it stands after it and, for a step that
// shows a provider's screen, that screen's invitation. A step back or a
// restart replays the script on a fresh copy of the store: svc and store
// are then that copy, and at the show's time at step i.
type livePlayed struct {
	run    int
	i      int
	err    error
	d      service.Detail
	derr   error
	inv    *service.Invitation
	pid    string // whose screen inv is
	ierr   error
	replay bool
	svc    *service.Service
	store  service.Store
	at     time.Time
}

// liveCaption is what the room is told of the last step: it stays on
// screen for at least hold of played time (longer for a longer caption;
// a pause holds it too), and the show waits for it.
type liveCaption struct {
	at    time.Time // the show's time of the step
	text  string
	since time.Duration
	hold  time.Duration // at speed 1
}

// liveScreen plays the provider-forum demonstration: a request goes out,
// the room sees the invitation as a provider does, the answers arrive
// (sealed: who and when, never what), the deadline closes it, a late
// answer is logged, the offers are opened and ranked, the placement is
// awarded and the room sees the outcome as the runner-up and the winner
// do. Its timer asks the script (demo.Live) which step is due and plays
// it in a command, one step at a time, so nothing writes to the store
// behind Bubble Tea's back.
//
// The presenter drives it: space pauses, ← and → step, r restarts, + and
// - change the speed. The show's time is a demo.ShowClock, which the
// service reads too, so a paused show stands still (its deadline does not
// pass). A step back or a restart replays the script to that step on a
// fresh copy of the store as it was at the start, so the state shown is
// exactly the one played; the copy is quick (tens of milliseconds).
// Everything is big and high contrast, for a projector.
type liveScreen struct {
	c        *shared
	keys     LiveKeys
	clock    *demo.ShowClock
	live     *demo.Live
	starting bool
	next     int // the steps played
	busy     bool
	run      int // replies of an earlier run (before a replay) are dropped
	gen      int
	show     loader[service.Detail]
	d        *service.Detail
	err      error
	caption  liveCaption
	cursor   int
	inv      *service.Invitation // the provider's screen the step shows
	invPID   string              // whose it is
	base     service.Store
	forkErr  error
	forks    []service.Store
	// away: the presenter went to another screen (the what-if, the
	// officer's ranking), and the show waits there until they are back.
	away bool
}

// newLiveScreen puts the app on the show's clock: from here on the
// service every screen calls reads the time the presenter controls.
func newLiveScreen(c *shared) *liveScreen {
	speed := c.opts.LiveSpeed
	if speed <= 0 {
		speed = 1
	}
	clock := demo.NewShowClock(c.svc.Now, speed)
	c.svc = service.New(c.svc.Store(), service.WithClock(clock.Now))
	return &liveScreen{c: c, keys: c.keys.Live, clock: clock}
}

// close lets go of what the screens opened: the live demonstration's
// copies of the store.
func (m *model) close() {
	if s, ok := m.screens[screenLive].(*liveScreen); ok {
		s.closeStores(0)
		if s.base != nil {
			s.base.Close()
		}
	}
}

// closeStores closes the copies replayed on but the last keep.
func (s *liveScreen) closeStores(keep int) {
	for len(s.forks) > keep {
		s.forks[0].Close()
		s.forks = s.forks[1:]
	}
}

func (s *liveScreen) title() string { return "Live demo" }

func (s *liveScreen) typing() bool { return false }

func (s *liveScreen) modal() bool { return false }

func (s *liveScreen) open(navArg) tea.Cmd {
	if s.live != nil || s.starting {
		return s.load()
	}
	s.starting = true
	ctx, svc, user, fork := s.c.ctx, s.c.svc, s.c.user(), s.c.opts.LiveFork
	return func() tea.Msg {
		l, err := demo.StartLive(ctx, svc, user, 1)
		if err != nil {
			return liveStarted{err: err}
		}
		msg := liveStarted{live: l}
		if fork != nil {
			msg.base, msg.forkErr = fork(ctx, svc.Store())
		} else {
			msg.forkErr = fmt.Errorf("this app was started without a way to copy its store")
		}
		return msg
	}
}

func (s *liveScreen) resume() tea.Cmd {
	if s.away {
		s.away = false
		s.clock.SetPaused(false)
	}
	return s.load()
}

// leave goes to another screen: a show playing waits for the presenter to
// come back, as if paused, so the room misses nothing.
func (s *liveScreen) leave(cmd tea.Cmd) tea.Cmd {
	if !s.clock.Paused() {
		s.away = true
		s.clock.SetPaused(true)
	}
	return cmd
}

func (s *liveScreen) load() tea.Cmd {
	if s.live == nil {
		return nil
	}
	svc, user, id := s.c.svc, s.c.user(), s.live.RequestID
	return s.show.start(s.c, func(ctx context.Context) (service.Detail, error) { return svc.Show(ctx, user, id) })
}

// interval is how often the timer looks for a due step: often enough that
// a step lands within a quarter of a second of its time at any speed.
func (s *liveScreen) interval() time.Duration {
	d := time.Duration(float64(250*time.Millisecond) / max(1, s.clock.Speed()))
	return max(20*time.Millisecond, d)
}

func (s *liveScreen) tick() tea.Cmd {
	gen := s.gen
	return s.c.tick(s.interval(), func(time.Time) tea.Msg { return liveTickMsg{gen: gen} })
}

// restartTimer replaces the timer (after a replay, when the one before
// may have stopped at the end of the script).
func (s *liveScreen) restartTimer() tea.Cmd {
	s.gen++
	return s.tick()
}

// holdNext makes the show's time wait at the next step's time until the
// step has played, so that it happens at exactly its time in the script.
func (s *liveScreen) holdNext() {
	if s.live.Done(s.next) {
		s.clock.Hold(time.Time{})
		return
	}
	s.clock.Hold(s.live.StepTime(s.next))
}

// captionHold is how long a caption stays before the next step, at speed
// 1: time to read it (about 16 characters a second), more when the step
// shows a provider's screen, which the room reads too. Above speed 5 (a
// rehearsal) it shortens with the speed.
func (s *liveScreen) captionHold(text string, screen bool) time.Duration {
	if s.c.opts.liveQuick {
		return 0
	}
	d := time.Second + time.Duration(len([]rune(text)))*60*time.Millisecond
	if screen {
		d += 6 * time.Second
	}
	return d
}

// captionRead reports whether the caption has been on screen long enough.
func (s *liveScreen) captionRead() bool {
	hold := s.caption.hold
	if sp := s.clock.Speed(); sp > 5 {
		hold = time.Duration(float64(hold) * 5 / sp)
	}
	return s.clock.Played()-s.caption.since >= hold
}

func (s *liveScreen) setCaption(at time.Time, text string, screen bool) {
	s.caption = liveCaption{at: at, text: text, since: s.clock.Played(), hold: s.captionHold(text, screen)}
}

// play runs the next step when it is due, its caption has been read, the
// show is not paused and no step is running.
func (s *liveScreen) play() tea.Cmd {
	if s.live == nil || s.busy || s.live.Done(s.next) || s.clock.Paused() {
		return nil
	}
	if !s.live.Due(s.next, s.c.now()) || !s.captionRead() {
		return nil
	}
	return s.playStep()
}

// playStep plays the next step now.
func (s *liveScreen) playStep() tea.Cmd {
	s.busy = true
	i, l, run := s.next, *s.live, s.run
	ctx, svc, user := s.c.ctx, s.c.svc, s.c.user()
	return func() tea.Msg {
		msg := livePlayed{run: run, i: i}
		if l.Steps[i].Changes() {
			msg.err = demo.PlayLive(ctx, svc, user, l, i)
		}
		msg.d, msg.derr = svc.Show(ctx, user, l.RequestID)
		if msg.derr == nil {
			msg.pid = screenProvider(l.Steps[i], msg.d)
			msg.inv, msg.ierr = screenOf(ctx, svc, msg.pid, msg.d)
		}
		return msg
	}
}

// replay brings the show to the state after n steps on a fresh copy of the
// store as it was at the start: its own clock moves to each step's time,
// and the service the app goes on with reads the show's clock.
func (s *liveScreen) replay(n int) tea.Cmd {
	if s.base == nil {
		msg := "Stepping back and restarting need a copy of the store, which could not be made"
		if s.forkErr != nil {
			msg += ": " + s.forkErr.Error()
		}
		s.c.refuse(msg)
		return nil
	}
	s.busy = true
	s.run++
	run, l, base, clock := s.run, *s.live, s.base, s.clock
	ctx, user, fork := s.c.ctx, s.c.user(), s.c.opts.LiveFork
	return func() tea.Msg {
		msg := livePlayed{run: run, i: n - 1, at: l.Start, replay: true}
		if n > 0 {
			msg.at = l.StepTime(n - 1)
		}
		st, err := fork(ctx, base)
		if err != nil {
			msg.err = err
			return msg
		}
		at, salts := l.Start, demo.ShowSalts()
		then := service.New(st, service.WithClock(func() time.Time { return at }), service.WithSalts(salts))
		if msg.err = demo.ReplayLive(ctx, then, user, l, n, func(t time.Time) { at = t }); msg.err != nil {
			st.Close()
			return msg
		}
		msg.svc, msg.store = service.New(st, service.WithClock(clock.Now), service.WithSalts(salts)), st
		msg.d, msg.derr = then.Show(ctx, user, l.RequestID)
		if msg.derr == nil && n > 0 {
			msg.pid = screenProvider(l.Steps[n-1], msg.d)
			msg.inv, msg.ierr = screenOf(ctx, then, msg.pid, msg.d)
		}
		return msg
	}
}

// screenOf is the provider's screen a step shows the room: the
// invitation as one provider sees it, or the outcome as the winner or the
// runner-up sees it. nil for the other steps, and for an outcome before
// any award.
func screenOf(ctx context.Context, svc *service.Service, pid string, d service.Detail) (*service.Invitation, error) {
	if pid == "" {
		return nil, nil
	}
	inv, err := svc.ProviderShow(ctx, pid, d.Request.ID)
	if err != nil {
		return nil, err
	}
	return &inv, nil
}

// screenProvider is whose screen a step shows: the script's for the
// invitation; for an outcome the winner, or the best-ranked provider that
// did not win.
func screenProvider(st demo.LiveStep, d service.Detail) string {
	switch st.Kind {
	case demo.LiveInvitation:
		return st.Provider
	case demo.LiveOutcome:
		won := d.Request.AwardedTo
		if d.Request.Status != matching.StatusAwarded || won == "" || d.Ranking == nil {
			return ""
		}
		if st.Won {
			return won
		}
		for _, sc := range d.Ranking.Ranked {
			if sc.ProviderID != won {
				return sc.ProviderID
			}
		}
	}
	return ""
}

func (s *liveScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case liveStarted:
		s.starting = false
		if msg.err != nil {
			s.err = msg.err
			s.c.fail(msg.err)
			return nil
		}
		l := msg.live
		s.live, s.next, s.base, s.forkErr = &l, 0, msg.base, msg.forkErr
		// The run's salts from the start, as every replay's.
		s.c.svc = service.New(s.c.svc.Store(), service.WithClock(s.clock.Now), service.WithSalts(demo.ShowSalts()))
		s.setCaption(l.Start, startCaption, false)
		s.holdNext()
		return tea.Batch(s.load(), s.restartTimer())
	case liveTickMsg:
		if msg.gen != s.gen || s.live == nil {
			return nil
		}
		var cmds []tea.Cmd
		if !s.live.Done(s.next) {
			cmds = append(cmds, s.tick())
		}
		return tea.Batch(append(cmds, s.play())...)
	case livePlayed:
		return s.played(msg)
	case refreshMsg:
		// The timer that closes due requests got there first.
		return s.load()
	case loaded[service.Detail]:
		if d, ok := s.show.take(s.c, msg); ok {
			s.d = &d
		}
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

// played takes a step played or a replay: the request as it now stands,
// the caption of the step, and the wait at the next step.
func (s *liveScreen) played(msg livePlayed) tea.Cmd {
	if msg.run != s.run {
		if msg.store != nil {
			msg.store.Close()
		}
		return nil
	}
	s.busy = false
	var cmds []tea.Cmd
	if msg.replay {
		if msg.err != nil {
			s.c.fail(msg.err) // the show stays where it was
			return nil
		}
		// The app goes on with the fresh copy, at the step's time.
		s.c.svc = msg.svc
		s.forks = append(s.forks, msg.store)
		s.closeStores(2) // a reply under way may still read the one before
		s.show.reset()
		s.clock.Set(msg.at)
		s.cursor = 0
		cmds = append(cmds, s.restartTimer())
	} else {
		s.clock.Set(s.live.StepTime(msg.i))
		// A step that failed is passed over, and said.
		s.c.fail(msg.err)
	}
	s.next = msg.i + 1
	if msg.derr != nil {
		s.c.fail(msg.derr)
	} else {
		s.d = &msg.d
	}
	if msg.ierr != nil {
		s.c.fail(msg.ierr)
	}
	s.inv, s.invPID = msg.inv, msg.pid
	if s.d != nil {
		at := s.live.Start
		if msg.i >= 0 {
			at = s.live.StepTime(msg.i)
		}
		text := s.captionText(msg.i, s.d)
		if msg.err != nil {
			text = "This step did not work: " + msg.err.Error()
		}
		s.setCaption(at, text, s.inv != nil)
	}
	s.holdNext()
	return tea.Batch(append(cmds, s.play())...)
}

func (s *liveScreen) ranked() []matching.Scored {
	if s.d == nil || s.d.Ranking == nil {
		return nil
	}
	return s.d.Ranking.Ranked
}

func (s *liveScreen) actionKeys() LiveKeys {
	k := s.keys
	opened := s.d != nil && s.d.Ranking != nil
	n := len(s.ranked())
	started := s.live != nil
	k.Up.SetEnabled(n > 1)
	k.Down.SetEnabled(n > 1)
	k.WhatIf.SetEnabled(opened && (n > 0 || len(s.d.Ranking.Excluded) > 0))
	k.Ranking.SetEnabled(opened)
	k.Pause.SetEnabled(started)
	if s.clock.Paused() {
		k.Pause.SetHelp("space", "play")
	}
	k.Back.SetEnabled(started && s.next > 0)
	k.Forward.SetEnabled(started && !s.live.Done(s.next))
	k.Restart.SetEnabled(started)
	sp := s.clock.Speed()
	k.Faster.SetEnabled(started && demo.FasterSpeed(sp) != sp)
	k.Slower.SetEnabled(started && demo.SlowerSpeed(sp) != sp)
	return k
}

// speedText is a speed as the presenter reads it: ×1, ×1.5, ×½.
func speedText(v float64) string {
	if v == 0.5 {
		return "×½"
	}
	return "×" + strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func (s *liveScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.actionKeys()
	n := len(s.ranked())
	switch {
	case key.Matches(msg, k.Pause):
		s.clock.SetPaused(!s.clock.Paused())
		return s.play()
	case key.Matches(msg, k.Faster):
		s.clock.SetSpeed(demo.FasterSpeed(s.clock.Speed()))
		return nil
	case key.Matches(msg, k.Slower):
		s.clock.SetSpeed(demo.SlowerSpeed(s.clock.Speed()))
		return nil
	case key.Matches(msg, k.Forward):
		if s.busy {
			return nil
		}
		s.clock.Set(s.live.StepTime(s.next))
		return s.playStep()
	case key.Matches(msg, k.Back):
		if s.busy {
			return nil
		}
		return s.replay(s.next - 1)
	case key.Matches(msg, k.Restart):
		if s.busy {
			return nil
		}
		s.clock.SetPaused(false)
		return s.replay(0)
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Down):
		s.cursor = min(n-1, s.cursor+1)
	case key.Matches(msg, k.WhatIf):
		pid := ""
		if n > 0 {
			pid = s.ranked()[min(s.cursor, n-1)].ProviderID
		}
		return s.leave(navTo(screenWhatIf, navArg{requestID: s.live.RequestID, providerID: pid}, false))
	case key.Matches(msg, k.Ranking):
		return s.leave(navTo(screenRanking, navArg{requestID: s.live.RequestID, status: s.d.Request.Status}, false))
	}
	return nil
}

// bindings put the presenter's keys first, so they are in the footer at
// 80 columns: the two speed keys show as one, with the speed now.
func (s *liveScreen) bindings() [][]key.Binding {
	k := s.actionKeys()
	speed := key.NewBinding(key.WithKeys(append(k.Faster.Keys(), k.Slower.Keys()...)...),
		key.WithHelp("+/-", "speed "+speedText(s.clock.Speed())))
	speed.SetEnabled(s.live != nil)
	return [][]key.Binding{
		{k.Pause, k.Back, k.Forward, k.Restart, speed},
		{k.WhatIf, k.Up, k.Down, k.Ranking},
	}
}

func (s *liveScreen) name(pid string) string {
	if s.d != nil {
		for _, a := range s.d.Answers {
			if a.ProviderID == pid {
				return clean(a.ProviderName)
			}
		}
	}
	return clean(pid)
}

func clockTime(t time.Time) string { return t.In(matching.London).Format("15:04:05") }

const startCaption = "The council sent the request to every eligible provider on the lot. Each can offer, revise, withdraw or decline until the deadline."

// captionText says what step i did (i = -1: the start), in words for the
// room, from the request as it stands after it; never what a provider
// offered before the offers are opened.
func (s *liveScreen) captionText(i int, after *service.Detail) string {
	if i < 0 {
		return startCaption
	}
	st := s.live.Steps[i]
	switch st.Kind {
	case demo.LiveAnswer:
		for _, before := range s.live.Steps[:i] {
			if before.Kind == demo.LiveAnswer && before.Provider == st.Provider {
				return s.name(st.Provider) + " changed its answer: the new one replaces the first, still sealed. Answers can change until the deadline."
			}
		}
		return s.name(st.Provider) + " answered. Sealed: the council sees who answered and when, never what."
	case demo.LiveClose:
		onTime := 0
		for _, a := range after.Answers {
			if a.Answered && !a.Late {
				onTime++
			}
		}
		return "The deadline passed at " + clockTime(after.Request.Deadline) + ": the request is closed. " + itoa(onTime) + " of " + itoa(len(after.Answers)) + " invited providers answered in time."
	case demo.LiveLate:
		return "An answer from " + s.name(st.Provider) + " reached the council by email after the deadline. The officer logs it: it is kept, marked late, and not scored."
	case demo.LiveOpen:
		return "The officer opened the offers: the set is frozen and ranked, highest total first. Press w to see how an offer is scored."
	case demo.LiveInvitation:
		return "Every invited provider sees this on its own screen, and by email: the request anonymised, with no name, no case reference and no date of birth. Here, " + s.name(st.Provider) + "'s screen."
	case demo.LiveAward:
		switch r := after.Request; r.Status {
		case matching.StatusAwarded:
			return "The officer awarded the placement to " + s.name(r.AwardedTo) + ". Every invited provider is told its own outcome."
		case matching.StatusNoAward:
			return "The officer ended the request without an award. Every invited provider is told."
		}
		return "The officer decides: an award, or no award with a reason."
	case demo.LiveOutcome:
		pid := screenProvider(st, *after)
		switch {
		case pid == "":
			return "No placement was awarded, so there is no winner's outcome to show."
		case st.Won:
			return "What " + s.name(pid) + " sees: it won the placement, with its own scores."
		}
		return "What " + s.name(pid) + " sees: it did not win. It sees its own scores beside the winning offer's, never its rank or another provider's name."
	case demo.LiveWrapUp:
		return "From request to award, every step is on the audit trail. Press w to see how an offer is scored, o for the officer's ranking, r to run it again."
	}
	return ""
}

// digitScale is how large the block digits are drawn: 9 rows tall on a
// projector (200x50), 6 on a large window, 3 otherwise.
func (s *liveScreen) digitScale(w, h int) int {
	switch {
	case w >= 150 && h >= 44:
		return 3
	case w >= 110 && h >= 36:
		return 2
	}
	return 1
}

func (s *liveScreen) view(w, h int) string {
	st := s.c.styles
	if s.err != nil {
		lines := []string{st.Urgent.Render("The live demonstration could not start."), ""}
		lines = append(lines, wrap(clean(s.err.Error()), w)...)
		return fixLines(lines, w, h)
	}
	if s.live == nil || s.d == nil {
		return fixLines([]string{st.Banner.Render(fit(" LIVE  Sending a request to the providers…", w))}, w, h)
	}
	// On a wide screen the show keeps a margin each side.
	cw := min(w, liveMaxWidth)
	if w > liveMaxWidth {
		cw = max(liveMaxWidth, w-16)
	}
	var lines []string
	switch {
	case s.inv != nil:
		lines = s.providerLines(cw, h)
	case s.d.Ranking != nil:
		lines = s.rankedLines(cw, h)
	default:
		lines = s.openLines(cw, h)
	}
	if pad := (w - cw) / 2; pad > 0 {
		for i, l := range lines {
			if l != "" {
				lines[i] = strings.Repeat(" ", pad) + l
			}
		}
	}
	return fixLines(lines, w, h)
}

// liveMaxWidth is the widest the live show draws with no margin.
const liveMaxWidth = 120

// fitBlocks tries layouts from the fullest to the barest and keeps the
// first that fits in h lines, spaced out as far as the room allows: on a
// projector, space between the parts is what makes them readable.
func fitBlocks(h int, layouts ...[][]string) []string {
	var out []string
	for i, l := range layouts {
		n, nb := 0, 0
		for _, b := range l {
			if len(b) > 0 {
				n, nb = n+len(b), nb+1
			}
		}
		// A layout fits with a blank line at least between its parts;
		// the barest is kept anyway.
		if n+max(0, nb-1) <= h || i == len(layouts)-1 {
			out = stackGaps(l, h, max(2, h/12))
			if len(out) <= h || i == len(layouts)-1 {
				return out
			}
		}
	}
	return out
}

// banner is the show's title bar, with where the presenter is on the
// right; three lines tall when there is room.
func (s *liveScreen) banner(text string, w, h int) []string {
	b := s.c.styles.Banner
	right := " step " + itoa(s.next) + " of " + itoa(len(s.live.Steps)) + " · " + speedText(s.clock.Speed()) + " "
	if w < 100 {
		right = " " + itoa(s.next) + "/" + itoa(len(s.live.Steps)) + " " + speedText(s.clock.Speed()) + " "
	}
	if s.clock.Paused() {
		right = " PAUSED ·" + right
	}
	lw := max(0, w-width(right))
	line := b.Render(fit(trunc(" LIVE  "+text, lw), lw) + right)
	if h >= 36 {
		blank := b.Render(strings.Repeat(" ", w))
		return []string{blank, line, blank}
	}
	return []string{line}
}

func (s *liveScreen) captionLines(w, rows int) []string {
	e := s.caption
	if e.text == "" {
		return nil
	}
	lines := wrap(clockTime(e.at)+"  "+clean(e.text), w-2)
	if len(lines) > rows {
		lines = lines[:rows]
		lines[rows-1] = trunc(lines[rows-1]+"…", w-2)
	}
	for i := range lines {
		lead := "› "
		if i > 0 {
			lead = "  "
		}
		lines[i] = s.c.styles.Strong.Render(lead + lines[i])
	}
	return lines
}

func (s *liveScreen) profileLines(w int) []string {
	p := s.d.Profile
	var out []string
	add := func(t string) { out = append(out, wrap(t, w)...) }
	add("Needs " + tagsText(p.Needs) + " · risks " + tagsText(p.Risks))
	loc := clean(p.Locality)
	if loc == "" {
		loc = "not given"
	}
	add("Locality " + loc + " · " + string(p.Urgency) + " · starts " + clean(p.Start))
	add("Scored: " + matching.Formula(p.Weights) + " · " + matching.CapWords(p.PriceCap))
	return out
}

// bigBeside is a figure in block digits with its label to the right.
func (s *liveScreen) bigBeside(figure string, label []string, w, h int) []string {
	digits := bigText(figure, s.digitScale(w, h))
	for i := range digits {
		digits[i] = s.c.styles.Big.Render(digits[i])
	}
	return beside(digits, 4, label, w)
}

// spaced puts a blank line after each line: rows a room reads from afar.
func spaced(lines []string) []string {
	out := make([]string, 0, 2*len(lines))
	for _, l := range lines {
		out = append(out, l, "")
	}
	if len(out) > 0 {
		out = out[:len(out)-1]
	}
	return out
}

func (s *liveScreen) openLines(w, h int) []string {
	st := s.c.styles
	r, p := s.d.Request, s.d.Profile
	now := s.c.now()
	head := s.banner(r.ID+" · "+councilName(p.Council)+" · "+lotName(p.Lot)+" · age "+itoa(p.Age), w, h)
	prof := s.profileLines(w)

	var label []string
	var clock string
	if r.Status == matching.StatusOpen {
		left := r.Deadline.Sub(now)
		clock = clockText(int((left + time.Second - 1) / time.Second))
		label = []string{st.Strong.Render("Answers close in"), st.Muted.Render("at " + clockTime(r.Deadline))}
	} else {
		label = []string{st.Urgent.Render("Closed at the deadline " + clockTime(r.Deadline))}
		if at, ok := s.stepTime(demo.LiveOpen); ok {
			clock = clockText(int((at.Sub(now) + time.Second - 1) / time.Second))
			label = append(label, st.Strong.Render("The offers are opened in"))
		}
	}
	var big, small []string
	if clock != "" {
		big = s.bigBeside(clock, label, w, h)
		small = []string{trunc(strings.Join(label, " ")+"  "+st.Big.Render(clock), w)}
	} else {
		big = label
		small = label
	}

	answers := s.answerLines(w)
	roomy := append(answers[:1:1], spaced(answers[1:])...)
	caption := s.captionLines(w, 3)
	return fitBlocks(h,
		[][]string{head, prof, big, roomy, caption},
		[][]string{head, prof, big, answers, caption},
		[][]string{head, prof[:1], big, answers, caption},
		[][]string{head, small, answers, caption},
		[][]string{head, small, caption, answers},
	)
}

// stepTime is when the first step of a kind still to play is due.
func (s *liveScreen) stepTime(kind demo.LiveKind) (time.Time, bool) {
	for i, st := range s.live.Steps {
		if st.Kind == kind && i >= s.next {
			return s.live.StepTime(i), true
		}
	}
	return time.Time{}, false
}

// answerLines are who answered and when, never what: sealed.
func (s *liveScreen) answerLines(w int) []string {
	st := s.c.styles
	answers := append([]service.Answer(nil), s.d.Answers...)
	sort.SliceStable(answers, func(i, j int) bool {
		a, b := answers[i], answers[j]
		if a.Answered != b.Answered {
			return a.Answered
		}
		return a.Answered && a.Received.Before(b.Received)
	})
	out := []string{section(st, "Answers, sealed: who and when, never what · "+itoa(s.d.AnsweredCount())+" of "+itoa(len(answers)), w)}
	for _, a := range answers {
		if !a.Answered {
			out = append(out, st.Muted.Render(trunc("  ·  waiting   "+clean(a.ProviderName), w)))
			continue
		}
		line := "  ✓  " + clockTime(a.Received) + "  " + clean(a.ProviderName)
		if a.Late {
			late := line + "  (late: after the deadline " + clockTime(s.d.Request.Deadline) + ")"
			if width(late) > w {
				late = line + "  (late)"
			}
			out = append(out, st.Warn.Render(trunc(late, w)))
			continue
		}
		out = append(out, st.Strong.Render(trunc(line, w)))
	}
	return out
}

// phaseWords is where the request stands once its offers are opened: the
// status line follows the lifecycle to the decision.
func (s *liveScreen) phaseWords() string {
	r := s.d.Request
	switch r.Status {
	case matching.StatusAwarded:
		return "awarded " + clockTime(r.EndedAt) + " to " + s.name(r.AwardedTo)
	case matching.StatusNoAward:
		return "no award " + clockTime(r.EndedAt)
	case matching.StatusCancelled:
		return "cancelled " + clockTime(r.EndedAt)
	}
	return "offers opened " + clockTime(r.OpenedAt)
}

func (s *liveScreen) rankedLines(w, h int) []string {
	st := s.c.styles
	r, rk := s.d.Request, s.d.Ranking
	head := s.banner(r.ID+" · "+s.phaseWords()+" · age "+itoa(rk.Age), w, h)
	formula := formulaLines(rk.Weights, w)
	formula[0] = st.Strong.Render(formula[0])

	cur := min(s.cursor, max(0, len(rk.Ranked)-1))
	awarded := ""
	if r.Status == matching.StatusAwarded {
		awarded = r.AwardedTo
	}
	table, _ := rankTable{rk: *rk, cursor: cur, parts: true, cover: w >= 140, header: true, strong: true, awarded: awarded}.lines(st, w)
	if len(rk.Ranked) == 0 {
		table = append(table, st.Warn.Render("  No compliant offer."))
	}
	roomy := table
	if len(table) > 1 {
		roomy = append(table[:1:1], spaced(table[1:])...)
	}
	notRanked := notRankedLines(st, *rk, "", true, "", w)

	var big, small []string
	if len(rk.Ranked) > 0 {
		sc := rk.Ranked[cur]
		title := "Rank " + itoa(sc.Rank) + ": " + clean(sc.ProviderName)
		if sc.ProviderID == awarded {
			title += " · awarded"
		}
		label := []string{
			st.Strong.Render(title),
			st.Muted.Render("= " + matching.ScoreWorking(rk.Weights, sc)),
		}
		big = s.bigBeside(sc.Rounded, label, w, h)
		small = []string{trunc(st.Strong.Render("Rank "+itoa(sc.Rank)+":")+" "+st.Muted.Render(matching.ScoreWorking(rk.Weights, sc)), w)}
	}
	caption := s.captionLines(w, 3)
	return fitBlocks(h,
		[][]string{head, formula, roomy, notRanked, big, caption},
		[][]string{head, formula, table, notRanked, big, caption},
		[][]string{head, formula[:1], table, notRanked, big, caption},
		[][]string{head, formula[:1], table, notRanked, small, caption},
		[][]string{head, formula[:1], table, small, notRanked},
	)
}

// providerLines show the room a provider's own screen, framed as a
// window: what the invitation screen of `placematch --provider` draws,
// from the same service.Invitation, which never holds a case reference,
// initials or a date of birth.
func (s *liveScreen) providerLines(w, h int) []string {
	st := s.c.styles
	inv := s.inv
	r := s.d.Request
	who := s.name(s.invPID)
	what := "the invitation"
	if inv.Outcome != nil {
		what = "the outcome"
	}
	head := s.banner(r.ID+" · what a provider sees: "+what+" on "+who+"'s own screen", w, h)
	caption := s.captionLines(w, 3)
	inner := w - 4
	page := &invitationScreen{dialogPage: dialogPage{c: s.c, id: r.ID}, keys: s.c.keys.Invite, inv: inv}
	body := page.lines(inner)
	room := h - len(head) - len(caption) - 2 - 2 // the frame, and a gap each side
	if len(body) > room {
		// Short of room, the blank lines go first.
		var dense []string
		for _, l := range body {
			if strings.TrimSpace(l) != "" {
				dense = append(dense, l)
			}
		}
		body = dense
	}
	if len(body) > room {
		body = body[:max(1, room)]
		body[len(body)-1] = st.Muted.Render("…")
	}
	title := " placematch › Invitation " + r.ID + " "
	side := " " + who + " · " + clean(s.invPID) + " "
	fill := max(0, inner+2-width(title)-width(side))
	frame := []string{st.Muted.Render("┌" + trunc(title+strings.Repeat("─", fill)+side, inner+2) + "┐")}
	for _, l := range body {
		frame = append(frame, st.Muted.Render("│ ")+fit(l, inner)+st.Muted.Render(" │"))
	}
	frame = append(frame, st.Muted.Render("└"+strings.Repeat("─", inner+2)+"┘"))
	return fitBlocks(h, [][]string{head, frame, caption})
}
