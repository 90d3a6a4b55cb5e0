package tui

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
)

type liveStarted struct {
	live demo.Live
	err  error
}

// liveTickMsg is the live demo's timer; gen drops the ticks of a timer
// that was replaced.
type liveTickMsg struct{ gen int }

// livePlayed is one step of the script played, with the request as it
// stands after it.
type livePlayed struct {
	i    int
	err  error
	d    service.Detail
	derr error
}

// liveEvent is one line of what the audience has seen happen.
type liveEvent struct {
	at   time.Time
	text string
}

// liveScreen plays the provider-forum demonstration: a request goes out,
// the answers arrive (sealed: who and when, never what), the deadline
// closes it, a late answer is logged, the offers are opened and ranked.
// Its timer asks the script (demo.Live) which step is due and plays it
// in a command, one step at a time, so nothing writes to the store behind
// Bubble Tea's back. Everything is big and high contrast, for a projector.
type liveScreen struct {
	c        *shared
	keys     LiveKeys
	live     *demo.Live
	starting bool
	next     int
	busy     bool
	gen      int
	show     loader[service.Detail]
	d        *service.Detail
	err      error
	events   []liveEvent
	cursor   int
}

func newLiveScreen(c *shared) *liveScreen { return &liveScreen{c: c, keys: c.keys.Live} }

func (s *liveScreen) title() string { return "Live demo" }

func (s *liveScreen) typing() bool { return false }

func (s *liveScreen) modal() bool { return false }

func (s *liveScreen) open(navArg) tea.Cmd {
	if s.live != nil || s.starting {
		return s.load()
	}
	s.starting = true
	ctx, svc, user, speed := s.c.ctx, s.c.svc, s.c.user(), s.c.opts.LiveSpeed
	return func() tea.Msg {
		l, err := demo.StartLive(ctx, svc, user, speed)
		return liveStarted{live: l, err: err}
	}
}

func (s *liveScreen) resume() tea.Cmd { return s.load() }

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
	d := 250 * time.Millisecond
	if sp := s.c.opts.LiveSpeed; sp > 1 {
		d = time.Duration(float64(d) / sp)
	}
	return max(20*time.Millisecond, d)
}

func (s *liveScreen) tick() tea.Cmd {
	gen := s.gen
	return s.c.tick(s.interval(), func(time.Time) tea.Msg { return liveTickMsg{gen: gen} })
}

// play runs the next step when it is due and no step is running.
func (s *liveScreen) play() tea.Cmd {
	if s.live == nil || s.busy || !s.live.Due(s.next, s.c.now()) {
		return nil
	}
	s.busy = true
	i, l := s.next, *s.live
	ctx, svc, user := s.c.ctx, s.c.svc, s.c.user()
	return func() tea.Msg {
		err := demo.PlayLive(ctx, svc, user, l, i)
		d, derr := svc.Show(ctx, user, l.RequestID)
		return livePlayed{i: i, err: err, d: d, derr: derr}
	}
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
		s.live, s.next, s.gen = &l, 0, s.gen+1
		s.events = append(s.events, liveEvent{at: l.Start, text: "The council sent the request to every eligible provider on the lot. Each can offer, revise, withdraw or decline until the deadline."})
		return tea.Batch(s.load(), s.tick())
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
		s.busy = false
		s.next = msg.i + 1
		if msg.err != nil {
			s.c.fail(msg.err)
			s.events = append(s.events, liveEvent{at: s.c.now(), text: "This step did not work: " + msg.err.Error()})
		}
		if msg.derr == nil {
			before := s.d
			s.d = &msg.d
			if msg.err == nil {
				s.events = append(s.events, liveEvent{at: s.c.now(), text: s.caption(msg.i, before, s.d)})
			}
		} else {
			s.c.fail(msg.derr)
		}
		return s.play()
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
	k.Up.SetEnabled(n > 1)
	k.Down.SetEnabled(n > 1)
	k.WhatIf.SetEnabled(opened && (n > 0 || len(s.d.Ranking.Excluded) > 0))
	k.Ranking.SetEnabled(opened)
	return k
}

func (s *liveScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.actionKeys()
	n := len(s.ranked())
	switch {
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Down):
		s.cursor = min(n-1, s.cursor+1)
	case key.Matches(msg, k.WhatIf):
		pid := ""
		if n > 0 {
			pid = s.ranked()[min(s.cursor, n-1)].ProviderID
		}
		return navTo(screenWhatIf, navArg{requestID: s.live.RequestID, providerID: pid}, false)
	case key.Matches(msg, k.Ranking):
		return navTo(screenRanking, navArg{requestID: s.live.RequestID, status: s.d.Request.Status}, false)
	}
	return nil
}

func (s *liveScreen) bindings() [][]key.Binding {
	k := s.actionKeys()
	return [][]key.Binding{{k.WhatIf, k.Up, k.Down, k.Ranking}}
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

// caption says what a step did, in words for the room; never what a
// provider offered before the offers are opened.
func (s *liveScreen) caption(i int, before, after *service.Detail) string {
	st := s.live.Steps[i]
	switch st.Kind {
	case demo.LiveAnswer:
		if before != nil {
			for _, a := range before.Answers {
				if a.ProviderID == st.Provider && a.Answered {
					return s.name(st.Provider) + " changed its answer: the new one replaces the first, still sealed. Answers can change until the deadline."
				}
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
	}
	return ""
}

func (s *liveScreen) digitScale(w, h int) int {
	if w >= 110 && h >= 36 {
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
	// On a wide screen the show keeps to a column in the middle, where a
	// room looks.
	cw := min(w, liveMaxWidth)
	var lines []string
	if s.d.Ranking != nil {
		lines = s.rankedLines(cw, h)
	} else {
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

// liveMaxWidth is the widest the live show draws.
const liveMaxWidth = 120

// fitBlocks tries layouts from the fullest to the barest and keeps the
// first that fits in h lines, spaced out as far as the room allows: on a
// projector, space between the parts is what makes them readable.
func fitBlocks(h int, layouts ...[][]string) []string {
	var out []string
	for _, l := range layouts {
		out = stackGaps(l, h, max(2, h/12))
		if len(out) <= h {
			return out
		}
	}
	return out
}

// banner is the show's title bar; three lines tall when there is room.
func (s *liveScreen) banner(text string, w, h int) []string {
	b := s.c.styles.Banner
	line := b.Render(fit(" LIVE  "+text, w))
	if h >= 36 {
		blank := b.Render(strings.Repeat(" ", w))
		return []string{blank, line, blank}
	}
	return []string{line}
}

func (s *liveScreen) captionLines(w, rows int) []string {
	if len(s.events) == 0 {
		return nil
	}
	e := s.events[len(s.events)-1]
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
	scale := s.digitScale(w, h)
	var big, small []string
	if clock != "" {
		digits := bigText(clock, scale)
		for i := range digits {
			digits[i] = st.Big.Render(digits[i])
		}
		big = beside(digits, 3, label, w)
		small = []string{trunc(strings.Join(label, " ")+"  "+st.Big.Render(clock), w)}
	} else {
		big = label
		small = label
	}

	answers := s.answerLines(w)
	caption := s.captionLines(w, 3)
	return fitBlocks(h,
		[][]string{head, prof, big, answers, caption},
		[][]string{head, prof[:1], big, answers, caption},
		[][]string{head, small, answers, caption},
		[][]string{head, small, caption, answers},
	)
}

// stepTime is when the first step of a kind is due.
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
			out = append(out, st.Warn.Render(trunc(line+"  (late)", w)))
			continue
		}
		out = append(out, st.Strong.Render(trunc(line, w)))
	}
	return out
}

func (s *liveScreen) rankedLines(w, h int) []string {
	st := s.c.styles
	r, rk := s.d.Request, s.d.Ranking
	head := s.banner(r.ID+" · offers opened "+clockTime(r.OpenedAt)+" · age "+itoa(rk.Age), w, h)
	formula := formulaLines(rk.Weights, w)
	formula[0] = st.Strong.Render(formula[0])

	cur := min(s.cursor, max(0, len(rk.Ranked)-1))
	table, _ := rankTable{rk: *rk, cursor: cur, parts: true, header: true, strong: true}.lines(st, w)
	if len(rk.Ranked) == 0 {
		table = append(table, st.Warn.Render("  No compliant offer."))
	}
	notRanked := notRankedLines(st, *rk, "", true, "", w)

	var big, small []string
	if len(rk.Ranked) > 0 {
		sc := rk.Ranked[cur]
		label := []string{
			st.Strong.Render("Rank " + itoa(sc.Rank) + ": " + clean(sc.ProviderName)),
			st.Muted.Render("= " + matching.ScoreWorking(rk.Weights, sc)),
		}
		digits := bigText(sc.Rounded, s.digitScale(w, h))
		for i := range digits {
			digits[i] = st.Big.Render(digits[i])
		}
		big = beside(digits, 3, label, w)
		small = []string{trunc(st.Strong.Render("Rank "+itoa(sc.Rank)+":")+" "+st.Muted.Render(matching.ScoreWorking(rk.Weights, sc)), w)}
	}
	caption := s.captionLines(w, 2)
	return fitBlocks(h,
		[][]string{head, formula, table, notRanked, big, caption},
		[][]string{head, formula[:1], table, notRanked, big, caption},
		[][]string{head, formula[:1], table, notRanked, small, caption},
		[][]string{head, formula[:1], table, small, notRanked},
	)
}
