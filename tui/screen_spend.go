package tui

import (
	"context"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// SpendKeys are the spend screen's.
type SpendKeys struct {
	Next  key.Binding // the next council and framework
	Prev  key.Binding
	Year  key.Binding // the year before
	Ahead key.Binding // the year after
	Back  key.Binding
}

func spendKeys() SpendKeys {
	return SpendKeys{
		Next:  bind([]string{"tab", "f"}, "tab", "next council/framework"),
		Prev:  bind([]string{"shift+tab"}, "shift+tab", "previous"),
		Year:  bind([]string{"["}, "[", "year before"),
		Ahead: bind([]string{"]"}, "]", "year after"),
		Back:  bind([]string{"esc"}, "esc", "back"),
	}
}

// spendScreen is a council's spend against its budget on one framework in
// a financial year: a chart of the committed spend month by month, added
// up through the year (actual to today, forecast after), with the budget
// as a line across it; and the figures in a table below, each month's
// committed spend rounded on its own as spend --json gives it.
type spendScreen struct {
	c      *shared
	keys   SpendKeys
	load   loader[[]matching.Spend]
	spends []matching.Spend
	at     int
	year   int
	loaded bool
}

func newSpendScreen(c *shared) *spendScreen { return &spendScreen{c: c, keys: spendKeys()} }

func (s *spendScreen) title() string { return "Spend against budget" }

func (s *spendScreen) typing() bool { return false }

func (s *spendScreen) modal() bool { return false }

func (s *spendScreen) open(navArg) tea.Cmd {
	s.at, s.year = 0, matching.FinancialYear(matching.Today(s.c.now()))
	return s.reload()
}

func (s *spendScreen) resume() tea.Cmd { return s.reload() }

func (s *spendScreen) reload() tea.Cmd {
	f := service.SpendFilter{Council: s.c.council, Year: s.year}
	svc := s.c.svc
	return s.load.start(s.c, func(ctx context.Context) ([]matching.Spend, error) { return svc.Spend(ctx, f) })
}

func (s *spendScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[[]matching.Spend]:
		v, ok := s.load.take(s.c, msg)
		if !ok {
			return nil
		}
		s.spends, s.loaded = v, true
		s.at = min(s.at, max(0, len(v)-1))
	case refreshMsg:
		return s.reload()
	case tea.KeyMsg:
		k := s.keys
		switch {
		case key.Matches(msg, k.Back):
			return goBack
		case key.Matches(msg, k.Next) && len(s.spends) > 0:
			s.at = (s.at + 1) % len(s.spends)
		case key.Matches(msg, k.Prev) && len(s.spends) > 0:
			s.at = (s.at + len(s.spends) - 1) % len(s.spends)
		case key.Matches(msg, k.Year):
			s.year--
			return s.reload()
		case key.Matches(msg, k.Ahead):
			s.year++
			return s.reload()
		}
	}
	return nil
}

func (s *spendScreen) bindings() [][]key.Binding {
	k := s.keys
	k.Next.SetEnabled(len(s.spends) > 1)
	k.Prev.SetEnabled(len(s.spends) > 1)
	return [][]key.Binding{{k.Next, k.Prev, k.Year, k.Ahead, k.Back}}
}

func (s *spendScreen) view(w, h int) string {
	st := s.c.styles
	who := "every council"
	if c, ok := matching.CouncilBySlug(s.c.council); ok {
		who = c.Name
	}
	lines := []string{st.Strong.Render(trunc("Spend against budget · "+who+" · "+matching.YearWords(s.year), w))}
	switch {
	case !s.loaded && s.load.err != nil:
		return fixLines(append(lines, st.Bad.Render(trunc("✗ "+clean(s.load.err.Error()), w))), w, h)
	case !s.loaded:
		return fixLines(append(lines, st.Muted.Render("Working out the spend…")), w, h)
	case len(s.spends) == 0:
		return fixLines(append(lines, "", st.Muted.Render(trunc("  "+capitalise(matching.SpendNoneWords)+" ([ and ] change the year).", w))), w, h)
	}
	sp := s.spends[s.at]
	fw := sp.Framework
	if f, ok := matching.FrameworkByCode(fw); ok {
		fw = f.Name
	}
	council := sp.Council
	if c, ok := matching.CouncilBySlug(council); ok {
		council = c.Name
	}
	tail := " · " + sp.AsOfWords()
	if len(s.spends) > 1 {
		tail += " · " + itoa(s.at+1) + " of " + itoa(len(s.spends))
	}
	sub := council + " · " + fw + tail
	if width(sub) > w {
		sub = council + " · " + sp.Framework + tail
	}
	lines = append(lines, st.Muted.Render(trunc(sub, w)))
	table := spendTable(st, sp, w)
	chartH := h - len(lines) - len(table) - 1
	if chartH >= 6 {
		lines = append(lines, spendChart(st, sp, w, chartH)...)
	}
	lines = append(lines, "")
	lines = append(lines, table...)
	return fixLines(lines, w, h)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// spendTable is the year's figures and each month's committed spend,
// as many months to a row as fit.
func spendTable(st Styles, sp matching.Spend, w int) []string {
	budget := matching.NoBudgetWords
	if sp.HasBudget {
		budget = sp.Budget.String()
	}
	heads := []string{"Budget", "Actual", "Forecast", "Committed", "Remaining"}
	vals := []string{budget, sp.Actual.String(), sp.Forecast.String(), sp.Committed.String(), sp.RemainingWords()}
	colW := max(13, (w-2)/5-1)
	var hl, vl string
	for i := range heads {
		hl += fitRight(heads[i], colW) + " "
		vl += fitRight(vals[i], colW) + " "
	}
	remaining := st.Good.Render
	if sp.HasBudget && sp.Remaining < 0 {
		remaining = st.Bad.Render
	}
	out := []string{st.Muted.Render(trunc(hl, w)), remaining(trunc(vl, w))}
	cell := 19 // "Apr 2026 £44,071.43"
	per := max(1, min(6, (w+2)/(cell+3)))
	for i := 0; i < len(sp.Months); i += per {
		var parts []string
		for _, m := range sp.Months[i:min(i+per, len(sp.Months))] {
			parts = append(parts, fit(monthWords(m.Month), 8)+" "+fitRight(m.Pence.String(), cell-9))
		}
		out = append(out, trunc(strings.Join(parts, " │ "), w))
	}
	return out
}

// monthWords is a month as the table and chart name it: "Apr 26".
func monthWords(ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return t.Format("Jan 2006")
}

// spendChart draws the year's committed spend added up month by month
// (actual to today bold, forecast faint) against the budget, a dashed line,
// as w×h lines: a line chart of ntcharts, the axes labelled with the
// months and pounds.
func spendChart(st Styles, sp matching.Spend, w, h int) []string {
	var cum []float64
	total := 0.0
	for _, m := range sp.Months {
		total += float64(m.Pence) / 100
		cum = append(cum, total)
	}
	top := total
	if sp.HasBudget {
		top = max(top, float64(sp.Budget)/100)
	}
	if top <= 0 {
		top = 1
	}
	top *= 1.08
	months := sp.Months
	lc := linechart.New(w, h-1, 0, 12, 0, top,
		linechart.WithXYSteps(max(1, (w-10)/12), 2),
		linechart.WithStyles(st.Muted, st.Muted, st.Strong),
		// The months are written under the axis below, each under its
		// own stretch.
		linechart.WithXLabelFormatter(func(int, float64) string { return "" }),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return poundsShort(v) }),
	)
	lc.DrawXYAxisAndLabel()
	o, gw := lc.Origin(), lc.GraphWidth()
	for i, m := range months {
		label := monthWords(m.Month)[:3]
		x := o.X + 1 + (2*i+1)*gw/24 - 1
		if gw >= 12*4 || i%2 == 0 {
			lc.Canvas.SetStringWithStyle(canvas.Point{X: x, Y: o.Y + 1}, label, st.Muted)
		}
	}
	if sp.HasBudget {
		b := float64(sp.Budget) / 100
		lc.DrawLineWithStyle(canvas.Float64Point{X: 0, Y: b}, canvas.Float64Point{X: 12, Y: b}, runes.ThinLineStyle, st.Warn)
	}
	// The running total at each month's end: bold up to the month that
	// holds today, faint after.
	today := sp.Today
	actualMonths := min(12, max(0, (today.Year()-sp.Year)*12+int(today.Month())-int(time.April)+1))
	prev := canvas.Float64Point{X: 0, Y: 0}
	for i, v := range cum {
		next := canvas.Float64Point{X: float64(i + 1), Y: v}
		style := st.Strong
		if i >= actualMonths {
			style = st.Muted
		}
		lc.DrawBrailleLineWithStyle(prev, next, style)
		prev = next
	}
	out := strings.Split(lc.View(), "\n")
	legend := "⣿ committed, added up (bold to today, faint forecast)"
	if sp.HasBudget {
		legend += " · ─ budget " + sp.Budget.String()
	}
	return append(out, st.Muted.Render(trunc(legend, w)))
}

// poundsShort is an axis label in pounds: £480k, £1.2m.
func poundsShort(v float64) string {
	switch {
	case v >= 1_000_000:
		return "£" + trimZero(v/1_000_000) + "m"
	case v >= 1000:
		return "£" + itoa(int(v/1000+0.5)) + "k"
	}
	return "£" + itoa(int(v+0.5))
}

func trimZero(v float64) string {
	s := itoa(int(v*10+0.5)/10) + "." + itoa(int(v*10+0.5)%10)
	return strings.TrimSuffix(s, ".0")
}
