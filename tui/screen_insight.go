package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"placematch/matching"
	"placematch/service"
)

// insightScreen is what the data shows for the session's council (or the
// region): the headlines, small bar charts of the awards, the urgencies
// and the providers' response rates, then each provider's figures and who
// never answers. It reads the whole store once, off the event loop.
type insightScreen struct {
	c       *shared
	keys    ScrollBack
	load    loader[matching.Insight]
	in      *matching.Insight
	council string
	scroll  scroller
	drawn   struct {
		w     int
		in    *matching.Insight
		lines []string
	}
}

func newInsightScreen(c *shared) *insightScreen { return &insightScreen{c: c, keys: c.keys.Insight} }

func (s *insightScreen) title() string { return "What the data shows" }

func (s *insightScreen) typing() bool { return false }

func (s *insightScreen) modal() bool { return false }

func (s *insightScreen) open(navArg) tea.Cmd {
	if s.council != s.c.council {
		s.in = nil
	}
	s.council, s.scroll = s.c.council, scroller{}
	return s.reload()
}

func (s *insightScreen) resume() tea.Cmd { return nil }

func (s *insightScreen) reload() tea.Cmd {
	svc, user, q := s.c.svc, s.c.user(), service.InsightQuery{Council: s.council}
	return s.load.start(s.c, func(ctx context.Context) (matching.Insight, error) { return svc.Insight(ctx, user, q) })
}

func (s *insightScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[matching.Insight]:
		if in, ok := s.load.take(s.c, msg); ok {
			s.in = &in
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return goBack
		case key.Matches(msg, s.keys.Refresh):
			return s.reload()
		}
		s.scroll.move(msg, s.keys.ScrollKeys, len(s.lines(s.c.bodyW)), s.c.bodyH)
	}
	return nil
}

// bar is one bar of a chart: its label, its value and the figure shown
// beside the label.
type bar struct {
	label  string
	value  float64
	figure string
}

// hbars draws a small horizontal bar chart w wide, one line a bar, each
// labelled with its figure; max is the value of a full bar.
func hbars(st Styles, title string, bars []bar, max float64, w int) []string {
	lw := 0
	for _, b := range bars {
		lw = maxInt(lw, len(b.label)+1+len(b.figure))
	}
	lw = min(lw+1, w/2)
	data := make([]barchart.BarData, len(bars))
	for i, b := range bars {
		label := b.label + strings.Repeat(" ", maxInt(1, lw-len(b.label)-len(b.figure))) + b.figure
		if len(label) > lw {
			label = label[:lw]
		}
		data[i] = barchart.BarData{Label: label, Values: []barchart.BarValue{{Name: b.label, Value: b.value, Style: st.Section}}}
	}
	if max <= 0 {
		max = 1
	}
	chart := barchart.New(maxInt(lw+4, w), len(bars), barchart.WithHorizontalBars(), barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(1),
		barchart.WithBarGap(0), barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(max), barchart.WithStyles(st.Muted, lipgloss.NewStyle()))
	chart.PushAll(data)
	chart.SetShowAxis(true) // lays the labels out for the data pushed
	chart.Draw()
	out := []string{st.Strong.Render(title)}
	return append(out, strings.Split(chart.View(), "\n")...)
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// lines are the page w wide, laid out again only when the figures or the
// width change.
func (s *insightScreen) lines(w int) []string {
	if s.in == nil {
		return nil
	}
	if s.drawn.in == s.in && s.drawn.w == w {
		return s.drawn.lines
	}
	st, in := s.c.styles, *s.in
	var out []string
	out = append(out, wrap(clean(matching.InsightScopeWords(in)), w)...)
	for _, l := range matching.InsightSummary(in) {
		out = append(out, wrap(l, w)...)
	}
	cw := w
	if w >= 100 {
		cw = (w - 3) / 2
	}
	awards := hbars(st, "Awards", []bar{
		{"all awards", float64(in.Awards), matching.Thousands(in.Awards)},
		{"to rank 1", float64(in.AwardsToRank1), fmt.Sprintf("%d%%", matching.Share(in.AwardsToRank1, in.Awards))},
		{"lowest price", float64(in.AwardsToLowestPrice), fmt.Sprintf("%d%%", matching.Share(in.AwardsToLowestPrice, in.Awards))},
		{"no award", float64(in.NoAwards), matching.Thousands(in.NoAwards)},
		{"spot purchase", float64(in.SpotPurchases), matching.Thousands(in.SpotPurchases)},
	}, float64(maxInt(in.Awards, in.NoAwards)), cw)
	var ub []bar
	most := 0
	for _, u := range in.Urgencies {
		ub = append(ub, bar{string(u.Urgency), float64(u.Requests), matching.Thousands(u.Requests) + " · " + u.TimeToAwardHours.MedianWords()})
		most = maxInt(most, u.Requests)
	}
	urg := hbars(st, "Requests by urgency · median to award", ub, float64(most), cw)
	out = append(out, "")
	if w >= 100 {
		for i := range maxInt(len(awards), len(urg)) {
			l, r := "", ""
			if i < len(awards) {
				l = awards[i]
			}
			if i < len(urg) {
				r = urg[i]
			}
			out = append(out, trunc(l, cw)+strings.Repeat(" ", maxInt(0, cw-width(l)))+"   "+trunc(r, cw))
		}
	} else {
		out = append(out, awards...)
		out = append(out, "")
		out = append(out, urg...)
	}
	ps := matching.ProvidersByInvited(in.Providers)
	var rb []bar
	for _, p := range ps[:min(8, len(ps))] {
		rb = append(rb, bar{clip(p.ProviderID, 12), float64(p.ResponseRate), fmt.Sprintf("%d%% of %s", p.ResponseRate, matching.Thousands(p.Invited))})
	}
	if len(rb) > 0 {
		out = append(out, "")
		out = append(out, hbars(st, "Response rate, the most invited providers", rb, 100, w)...)
	}
	out = append(out, "", st.Strong.Render("Providers, most invited first"))
	out = append(out, st.Muted.Render(trunc(fmt.Sprintf("%-28s %7s %8s %5s %8s %7s  %s", "provider", "invited", "answered", "rate", "declined", "awarded", "most given decline reason"), w)))
	for _, p := range ps {
		reason := ""
		if len(p.DeclineReasons) > 0 {
			reason = fmt.Sprintf("%s (%d)", p.DeclineReasons[0].Reason, p.DeclineReasons[0].Count)
		}
		out = append(out, trunc(fmt.Sprintf("%-28s %7s %8s %4d%% %8s %7s  %s", clip(clean(p.ProviderID+" "+p.ProviderName), 28), matching.Thousands(p.Invited),
			matching.Thousands(p.Answered), p.ResponseRate, matching.Thousands(p.Declined), matching.Thousands(p.Awarded), clean(reason)), w))
	}
	out = append(out, "")
	if len(in.NeverAnswered) == 0 {
		out = append(out, wrap("Every provider invited answered at least once.", w)...)
	} else {
		names := make([]string, 0, len(in.NeverAnswered))
		for _, n := range in.NeverAnswered {
			names = append(names, clean(n.ProviderID+" "+n.ProviderName))
		}
		out = append(out, st.Strong.Render("Invited but never answered: "+matching.Plural(len(names), "provider", "providers")))
		out = append(out, wrap(strings.Join(names, ", "), w)...)
	}
	for i, l := range out {
		out[i] = strings.TrimRight(l, " ")
	}
	s.drawn.w, s.drawn.in, s.drawn.lines = w, s.in, out
	return out
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (s *insightScreen) view(w, h int) string {
	if s.in == nil {
		msg := "Counting the requests, answers and awards…"
		if s.load.err != nil {
			msg = s.load.err.Error()
		}
		return fixLines(wrap(msg, w), w, h)
	}
	return s.scroll.page(s.c.styles, s.lines(w), w, h)
}

func (s *insightScreen) bindings() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Back, k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Refresh}}
}
