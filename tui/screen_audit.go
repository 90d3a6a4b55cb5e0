package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// auditPageSize is how many events the screen asks for at a time.
const auditPageSize = 200

// auditScreen is the whole audit trail, newest or oldest first, filtered
// by every word typed, read a page at a time as the officer scrolls (a
// region's trail runs to hundreds of thousands of events), and audit verify
// run in the background with its result said plainly.
type auditScreen struct {
	c      *shared
	keys   AuditKeys
	page   loader[service.AuditPage]
	events []matching.Event
	// next continues the listing; 0 once the trail is read to its end.
	next        int64
	total       int64
	scanned     int
	newestFirst bool
	started     bool
	// pageSize is how many events a page asks for (tests make it small).
	pageSize int
	nav      listNav
	filter   filterBar

	verify    loader[service.VerifyResult]
	verified  *service.VerifyResult
	verifyErr error
	// While the check runs: how far it has got, and its bar.
	progress service.VerifyProgress
	bar      progress.Model
}

func newAuditScreen(c *shared) *auditScreen {
	return &auditScreen{c: c, keys: c.keys.Audit, newestFirst: true, pageSize: auditPageSize,
		filter: newFilterBar("words in the events: a request, a provider, an action, who")}
}

func (s *auditScreen) title() string { return "Audit trail" }

func (s *auditScreen) typing() bool { return s.filter.editing }

func (s *auditScreen) modal() bool { return false }

func (s *auditScreen) open(navArg) tea.Cmd { return s.reload() }

func (s *auditScreen) resume() tea.Cmd { return nil }

// reload reads the trail again from the chosen end.
func (s *auditScreen) reload() tea.Cmd {
	s.events, s.next, s.scanned, s.started = nil, 0, 0, false
	s.nav = listNav{}
	q := service.AuditQuery{NewestFirst: s.newestFirst, Filter: s.filter.value(), Limit: s.pageSize}
	svc := s.c.svc
	return s.page.start(s.c, func(ctx context.Context) (service.AuditPage, error) { return svc.AuditPage(ctx, q) })
}

// more reads the next page, if there is one and none is under way.
func (s *auditScreen) more() tea.Cmd {
	if s.page.loading || !s.started || s.next == 0 {
		return nil
	}
	q := service.AuditQuery{NewestFirst: s.newestFirst, Filter: s.filter.value(), Limit: s.pageSize, From: s.next}
	svc := s.c.svc
	return s.page.more(s.c, func(ctx context.Context) (service.AuditPage, error) { return svc.AuditPage(ctx, q) })
}

// wantMore reads on while the rows loaded do not reach a page past what is
// shown: a filter that matches rarely keeps searching, a page at a time.
func (s *auditScreen) wantMore() tea.Cmd {
	if len(s.events) < s.nav.cursor+2*s.listHeight() {
		return s.more()
	}
	return nil
}

func (s *auditScreen) startVerify() tea.Cmd {
	s.verified, s.verifyErr = nil, nil
	s.progress = service.VerifyProgress{Stage: service.VerifyFile}
	s.bar = progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	svc := s.c.svc
	ch := make(chan service.VerifyProgress, 1)
	run := s.verify.start(s.c, func(ctx context.Context) (service.VerifyResult, error) {
		defer close(ch)
		return svc.VerifyAuditWith(ctx, service.VerifyOptions{Progress: func(p service.VerifyProgress) { latest(ch, p) }})
	})
	return tea.Batch(run, waitVerifyProgress(ch, s.verify.token))
}

// verifyProgressMsg is how far audit verify has got, under the token of
// the check it belongs to; ok is false once the check has ended.
type verifyProgressMsg struct {
	token int
	p     service.VerifyProgress
	ok    bool
	ch    chan service.VerifyProgress
}

// latest puts p in ch, in place of any report not yet taken: the check
// never waits for the screen, and the screen shows the newest.
func latest(ch chan service.VerifyProgress, p service.VerifyProgress) {
	for {
		select {
		case ch <- p:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

func waitVerifyProgress(ch chan service.VerifyProgress, token int) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		return verifyProgressMsg{token: token, p: p, ok: ok, ch: ch}
	}
}

func (s *auditScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.AuditPage]:
		p, ok := s.page.take(s.c, msg)
		if !ok {
			return nil
		}
		s.started = true
		s.events = append(s.events, p.Events...)
		s.next, s.total = p.Next, p.Total
		s.scanned += p.Scanned
		s.nav.setLen(len(s.events), s.listHeight())
		return s.wantMore()
	case verifyProgressMsg:
		if !msg.ok || msg.token != s.verify.token || !s.verify.loading {
			return nil
		}
		s.progress = msg.p
		return waitVerifyProgress(msg.ch, msg.token)
	case loaded[service.VerifyResult]:
		if !s.verify.fresh(msg) {
			return nil
		}
		if msg.err != nil {
			s.verifyErr = msg.err
			return nil
		}
		v := msg.val
		s.verified = &v
		s.nav.clamp(s.listHeight())
		return nil
	case tea.WindowSizeMsg:
		s.nav.clamp(s.listHeight())
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *auditScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.filter.editing {
		changed, cmd := s.filter.update(msg, s.c.keys.Filter, s.c.bodyW)
		if changed {
			return tea.Batch(cmd, s.reload())
		}
		return cmd
	}
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		return s.wantMore()
	}
	switch {
	case key.Matches(msg, k.Back):
		switch {
		case s.verified != nil || s.verifyErr != nil:
			s.verified, s.verifyErr = nil, nil
			s.verify.reset()
			return nil
		case s.filter.clear():
			return s.reload()
		}
		return goBack
	case key.Matches(msg, k.Filter):
		return s.filter.edit()
	case key.Matches(msg, k.Order):
		s.newestFirst = !s.newestFirst
		return s.reload()
	case key.Matches(msg, k.Verify):
		if s.verify.loading {
			return nil
		}
		return s.startVerify()
	}
	return nil
}

func (s *auditScreen) bindings() [][]key.Binding {
	if s.filter.editing {
		return s.filter.bindings(s.c.keys.Filter)
	}
	k := s.keys
	k.Verify.SetEnabled(!s.verify.loading)
	if s.verified != nil || s.verifyErr != nil {
		k.Back.SetHelp("esc", "close the check")
	}
	return [][]key.Binding{
		{k.Verify, k.Filter, k.Order, k.Back},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}

// verifyLines are audit verify's result as the panel shows it, wrapped to
// w: what was checked and found, and what the check cannot prove.
func (s *auditScreen) verifyLines(w int) []string {
	st := s.c.styles
	var out []string
	add := func(style func(...string) string, text string) {
		if item, ok := strings.CutPrefix(text, "  - "); ok {
			out = append(out, hanging(style("    - "), item, w, style)...)
			return
		}
		out = append(out, hanging("  ", text, w, style)...)
	}
	switch {
	case s.verify.loading:
		add(st.Muted.Render, "Verifying: the store file, every event's hash in the chain, and each request, answer and ranking against what the trail records. This reads the whole trail and may take a while; you can go on reading below.")
		s.bar.Width = max(10, min(40, w/3))
		out = append(out, trunc("  "+s.bar.ViewAs(s.progress.Fraction())+"  "+st.Muted.Render(service.VerifyProgressWords(s.progress)), w))
	case s.verifyErr != nil:
		add(st.Bad.Render, "✗ The check could not run: "+clean(s.verifyErr.Error()))
	case s.verified != nil:
		for _, l := range service.VerifyWords(*s.verified) {
			style := st.Good.Render
			switch {
			case strings.HasPrefix(l, "✗"):
				style = st.Bad.Render
			case strings.HasPrefix(l, "  -"), strings.HasPrefix(l, "Not proven"), strings.HasPrefix(l, "Head"), strings.HasPrefix(l, "Took"):
				style = st.Muted.Render
			}
			add(style, l)
		}
	}
	if len(out) == 0 {
		return nil
	}
	head := section(st, "audit verify", w)
	return append([]string{head}, out...)
}

// panel is the verify panel's lines: as many as leave the list a few rows
// below, the rest counted.
func (s *auditScreen) panel(w int) []string {
	lines := s.verifyLines(w)
	if len(lines) == 0 {
		return nil
	}
	limit := max(3, s.c.bodyH-8)
	if len(lines) > limit {
		lines = append(lines[:limit-1], s.c.styles.Muted.Render(trunc("  … "+itoa(len(lines)-limit+1)+" more lines: widen the window, or run placematch audit verify", w)))
	}
	return append(lines, "")
}

// listHeight is the rows the list has below the summary, the filter, the
// panel and the selected event's words.
func (s *auditScreen) listHeight() int {
	return max(1, s.c.bodyH-2-s.filter.height()-len(s.panel(s.c.bodyW))-auditDetailLines)
}

// auditDetailLines are the lines under the list that show the selected
// event's words whole.
const auditDetailLines = 3

func (s *auditScreen) view(w, h int) string {
	st := s.c.styles
	order := "newest first"
	if !s.newestFirst {
		order = "oldest first"
	}
	summary := "The whole trail: " + matching.Plural(int(s.total), "event", "events") + " · " + order
	if f := strings.TrimSpace(s.filter.value()); f != "" {
		summary += " · " + matching.Plural(len(s.events), "match", "matches")
		if s.next != 0 {
			summary += " in the " + matching.Thousands(s.scanned) + " read so far"
		}
	}
	lines := []string{st.Strong.Render(trunc(summary, w))}
	lines = append(lines, s.filter.view(st, w)...)
	lines = append(lines, s.panel(w)...)
	if !s.started {
		if s.page.err != nil {
			return fixLines(append(lines, st.Bad.Render(trunc("✗ "+clean(s.page.err.Error()), w))), w, h)
		}
		return fixLines(append(lines, st.Muted.Render("Reading the trail…")), w, h)
	}
	if len(s.events) == 0 {
		msg := "The trail is empty."
		switch {
		case s.next != 0:
			msg = "Searching the trail: " + matching.Thousands(s.scanned) + " of " + matching.Thousands(int(s.total)) + " events read so far…"
		case strings.TrimSpace(s.filter.value()) != "":
			msg = "No event has every word of “" + clean(strings.TrimSpace(s.filter.value())) + "” — esc clears the filter."
		}
		return fixLines(append(lines, "", st.Muted.Render(trunc("  "+msg, w))), w, h)
	}
	seqW := len(itoa(int(max(s.total, 1))))
	rows := max(1, h-len(lines)-1-auditDetailLines)
	start, end := s.nav.window(rows)
	// Who and which request as wide as the rows shown need, so that what
	// happened has the room.
	actorW, reqW := 3, 7
	for _, e := range s.events[start:end] {
		actorW = max(actorW, min(14, width(clean(e.Actor))))
		reqW = max(reqW, min(16, width(clean(e.RequestID))))
	}
	lines = append(lines, st.Muted.Render(trunc("  "+fitRight("#", seqW)+"  "+fit("When (London)", 16)+"  "+fit("Who", actorW)+"  "+fit("Request", reqW)+"  What", w)))
	for i := start; i < end; i++ {
		e := s.events[i]
		mark := "  "
		if i == s.nav.cursor {
			mark = "› "
		}
		what := e.Action
		if e.Detail != "" {
			what += ": " + e.Detail
		}
		row := mark + fitRight(itoa(int(e.Seq)), seqW) + "  " + fit(matching.ShowTime(e.At), 16) + "  " + fit(clean(e.Actor), actorW) + "  " +
			fit(clean(orDashTUI(e.RequestID)), reqW) + "  " + clean(what)
		row = trunc(row, w)
		if i == s.nav.cursor {
			row = st.Selected.Render(fit(row, w))
		}
		lines = append(lines, row)
	}
	if end == len(s.events) && s.next != 0 {
		lines = append(lines, st.Muted.Render(trunc("  reading on…", w)))
	}
	for len(lines) < h-auditDetailLines {
		lines = append(lines, "")
	}
	// The selected event whole, since its row is cut at the edge.
	if s.nav.cursor < len(s.events) {
		e := s.events[s.nav.cursor]
		text := "#" + itoa(int(e.Seq)) + " " + e.Action
		if e.Detail != "" {
			text += ": " + e.Detail
		}
		wrapped := wrap(clean(text), w-2)
		if len(wrapped) > auditDetailLines {
			wrapped = append(wrapped[:auditDetailLines-1], trunc(wrapped[auditDetailLines-1]+" …", w-2))
		}
		for _, l := range wrapped {
			lines = append(lines, st.Muted.Render("  "+l))
		}
	}
	return fixLines(lines, w, h)
}

func orDashTUI(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
