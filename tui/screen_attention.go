package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// AttentionKeys are the "what needs attention" screen's.
type AttentionKeys struct {
	ScrollKeys
	Open     key.Binding
	Requests key.Binding // on to the requests list
	Settings key.Binding
	Terms    key.Binding
	Refresh  key.Binding
}

func attentionKeys() AttentionKeys {
	return AttentionKeys{
		ScrollKeys: scrollKeys(),
		Open:       bind([]string{"enter"}, "enter", "open"),
		Requests:   bind([]string{"esc", "l"}, "esc/l", "requests list"),
		Settings:   bind([]string{"S"}, "S", "council settings"),
		Terms:      bind([]string{"F"}, "F", "framework terms"),
		Refresh:    bind([]string{"ctrl+r"}, "ctrl+r", "refresh"),
	}
}

// attentionScreen is the officer's first screen: what is waiting on them,
// most urgent first, each line opening the screen that deals with it.
type attentionScreen struct {
	c    *shared
	keys AttentionKeys
	load loader[service.AttentionList]
	list *service.AttentionList
	nav  listNav
}

func newAttentionScreen(c *shared) *attentionScreen {
	return &attentionScreen{c: c, keys: c.keys.Attention}
}

func (s *attentionScreen) title() string { return "What needs attention" }

func (s *attentionScreen) typing() bool { return false }

func (s *attentionScreen) modal() bool { return false }

func (s *attentionScreen) open(navArg) tea.Cmd { return s.fetch() }

func (s *attentionScreen) resume() tea.Cmd { return s.fetch() }

func (s *attentionScreen) fetch() tea.Cmd {
	svc, council := s.c.svc, s.c.council
	return s.load.start(s.c, func(ctx context.Context) (service.AttentionList, error) {
		return svc.Attention(ctx, service.AttentionScope{Council: council})
	})
}

// listHeight is the rows the list has below its heading.
func (s *attentionScreen) listHeight() int { return max(1, s.c.bodyH-3) }

func (s *attentionScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.AttentionList]:
		l, ok := s.load.take(s.c, msg)
		if !ok {
			return nil
		}
		s.list = &l
		s.nav.setLen(len(l.Items), s.listHeight())
		return nil
	case refreshMsg:
		return s.fetch()
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *attentionScreen) selected() *service.AttentionItem {
	if s.list == nil || s.nav.cursor < 0 || s.nav.cursor >= len(s.list.Items) {
		return nil
	}
	return &s.list.Items[s.nav.cursor]
}

func (s *attentionScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Requests):
		return goBack
	case key.Matches(msg, k.Refresh):
		return s.fetch()
	case key.Matches(msg, k.Settings):
		return navTo(screenSettings, navArg{}, false)
	case key.Matches(msg, k.Terms):
		return navTo(screenTerm, navArg{}, false)
	case key.Matches(msg, k.Open):
		if it := s.selected(); it != nil {
			return attentionTarget(*it)
		}
	}
	return nil
}

// attentionTarget opens the screen an item deals with: a request closed
// or opened goes to its ranking (open the offers, award); one still open
// to its page; a framework to its term. A kind this app does not know yet
// opens nothing.
func attentionTarget(it service.AttentionItem) tea.Cmd {
	switch it.Target.Kind {
	case "request":
		switch it.Kind {
		case service.AttentionToOpen:
			return navTo(screenRanking, navArg{requestID: it.Target.ID, status: matching.StatusClosed}, false)
		case service.AttentionToDecide:
			return navTo(screenRanking, navArg{requestID: it.Target.ID, status: matching.StatusOpened}, false)
		}
		return navTo(screenDetail, navArg{requestID: it.Target.ID}, false)
	case "framework":
		return navTo(screenTerm, navArg{framework: it.Target.ID}, false)
	case "provider":
		return navTo(screenProviders, navArg{providerID: it.Target.ID}, false)
	case "placement":
		return navTo(screenPlacements, navArg{placementID: it.Target.ID}, false)
	}
	return nil
}

func (s *attentionScreen) bindings() [][]key.Binding {
	k := s.keys
	k.Open.SetEnabled(s.selected() != nil)
	has := s.list != nil && len(s.list.Items) > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has)
	}
	return [][]key.Binding{{k.Open, k.Requests, k.Settings, k.Terms}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Refresh}}
}

// attentionLabel is an item's kind in a word or two, for its column.
func attentionLabel(k service.AttentionKind) string {
	switch k {
	case service.AttentionClosing:
		return "closing"
	case service.AttentionToOpen:
		return "to open"
	case service.AttentionToDecide:
		return "to award"
	case service.AttentionExtension:
		return "term"
	case service.AttentionApplied:
		return "decide"
	case service.AttentionSuspended:
		return "suspended"
	case service.AttentionEnding:
		return "ends"
	case service.AttentionAdult:
		return "turns 18"
	}
	return string(k)
}

// attentionDue is when an item is due, beside now: overdue items say so.
func attentionDue(due, now time.Time) string {
	if due.IsZero() {
		return ""
	}
	l, today := due.In(matching.London), now.In(matching.London)
	if d := due.Sub(now); d > 0 {
		if d < 72*time.Hour {
			return "in " + countdown(d)
		}
		return "by " + l.Format("2 Jan 2006")
	}
	if l.Format("2006-01-02") == today.Format("2006-01-02") {
		return "since " + l.Format("15:04")
	}
	return "since " + l.Format("2 Jan")
}

func (s *attentionScreen) view(w, h int) string {
	st := s.c.styles
	var lines []string
	switch {
	case s.list == nil && s.load.err != nil:
		lines = append(lines, st.Bad.Render(trunc("Cannot read what needs attention: ", w)))
		lines = append(lines, wrap(clean(s.load.err.Error()), w)...)
		return fixLines(lines, w, h)
	case s.list == nil:
		return fixLines([]string{st.Muted.Render("Looking for what needs attention…")}, w, h)
	}
	l := s.list
	head := "Waiting on you, most urgent first (" + councilName(s.c.council) + ")"
	if len(l.Items) == 0 {
		head = "Nothing is waiting on you (" + councilName(s.c.council) + ")."
	}
	lines = append(lines, st.Strong.Render(trunc(head, w)))
	lines = append(lines, st.Muted.Render(trunc(attentionCounts(l.Counts), w)), "")
	if len(l.Items) == 0 {
		lines = append(lines, wrap("No request is closing in the next two days, none is waiting to be opened or awarded, no framework term, application or suspension needs a decision, and no placement ends or sees its young person turn 18 in the next 8 weeks. Press esc for the requests list.", w)...)
		return fixLines(lines, w, h)
	}
	now := s.c.now()
	from, to := s.nav.window(s.listHeight())
	labelW, dueW := 9, 14
	for i := from; i < to; i++ {
		it := l.Items[i]
		style := st.Muted.Render
		switch {
		case it.Due.Before(now):
			style = st.Bad.Render
		case it.Kind == service.AttentionClosing || it.Kind == service.AttentionExtension || it.Kind == service.AttentionSuspended:
			style = st.Warn.Render
		}
		lead := fit(attentionLabel(it.Kind), labelW) + " " + fit(attentionDue(it.Due, now), dueW) + " "
		title := clean(it.Title)
		if s.c.council == "" && it.Council != "" {
			title = councilName(it.Council) + " · " + title
		}
		row := trunc(lead+title, w)
		if i == s.nav.cursor {
			row = st.Selected.Render(fit(row, w))
		} else {
			row = style(lead) + trunc(title, w-width(lead))
		}
		lines = append(lines, row)
	}
	return fixLines(lines, w, h)
}

// attentionCounts counts the list's items by kind, in all.
func attentionCounts(c map[service.AttentionKind]int) string {
	return matching.Plural(c[service.AttentionClosing], "closing soon", "closing soon") + " · " +
		matching.Thousands(c[service.AttentionToOpen]) + " to open · " +
		matching.Thousands(c[service.AttentionToDecide]) + " to award · " +
		matching.Plural(c[service.AttentionExtension], "term decision", "term decisions") +
		more(c[service.AttentionApplied], "application", "applications") +
		more(c[service.AttentionSuspended], "suspension ending", "suspensions ending") +
		more(c[service.AttentionEnding], "placement ending", "placements ending") +
		more(c[service.AttentionAdult], "turning 18", "turning 18")
}

// more is " · n things", or nothing for none (kinds a reader may not have
// at all).
func more(n int, one, many string) string {
	if n == 0 {
		return ""
	}
	return " · " + matching.Plural(n, one, many)
}
