package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// PlacementsKeys are the placements screen's.
type PlacementsKeys struct {
	ScrollKeys
	Price key.Binding // a new weekly price from a date
	End   key.Binding // the end, with a date and reason
	Only  key.Binding // running ones only, or all
	Spend key.Binding // spend against budget
	Back  key.Binding
}

func placementsKeys() PlacementsKeys {
	return PlacementsKeys{
		ScrollKeys: scrollKeys(),
		Price:      bind([]string{"w"}, "w", "change the weekly price"),
		End:        bind([]string{"e"}, "e", "end it"),
		Only:       bind([]string{"a"}, "a", "active only / all"),
		Spend:      bind([]string{"$"}, "$", "spend against budget"),
		Back:       bind([]string{"esc"}, "esc", "back"),
	}
}

// placementsScreen is a council's placements (every council's when none is
// chosen): each with its provider, kind, price today, start, end and
// status, the one selected whole below; its price changed from a date, or
// its end recorded, in a dialog. Council side only: a provider's session
// has no such screen.
type placementsScreen struct {
	dialogPage
	keys   PlacementsKeys
	list   loader[[]service.PlacementRow]
	rows   []service.PlacementRow
	nav    listNav
	active bool
	loaded bool
	// goTo is the placement to put the cursor on once loaded.
	goTo string
}

func newPlacementsScreen(c *shared) *placementsScreen {
	return &placementsScreen{dialogPage: dialogPage{c: c}, keys: placementsKeys()}
}

func (s *placementsScreen) title() string { return "Placements" }

func (s *placementsScreen) open(arg navArg) tea.Cmd {
	s.dlg = nil
	if s.goTo = arg.placementID; s.goTo != "" {
		s.active = false
	}
	return s.load()
}

func (s *placementsScreen) resume() tea.Cmd { return s.load() }

func (s *placementsScreen) load() tea.Cmd {
	f := service.PlacementFilter{Council: s.c.council, Active: s.active}
	svc := s.c.svc
	return s.list.start(s.c, func(ctx context.Context) ([]service.PlacementRow, error) { return svc.Placements(ctx, f) })
}

func (s *placementsScreen) selected() *service.PlacementRow {
	if s.nav.cursor < len(s.rows) {
		return &s.rows[s.nav.cursor]
	}
	return nil
}

func (s *placementsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[[]service.PlacementRow]:
		rows, ok := s.list.take(s.c, msg)
		if !ok {
			return nil
		}
		s.rows, s.loaded = rows, true
		s.nav.setLen(len(rows), s.listHeight())
		if s.goTo != "" {
			for i, r := range rows {
				if r.ID == s.goTo {
					s.nav.cursor = i
					s.nav.clamp(s.listHeight())
				}
			}
			s.goTo = ""
		}
	case actionDone:
		if s.acted(msg) {
			return s.load()
		}
	case refreshMsg:
		return s.load()
	case tea.WindowSizeMsg:
		s.nav.clamp(s.listHeight())
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *placementsScreen) actionKeys() PlacementsKeys {
	k := s.keys
	p := s.selected()
	may := service.MayDo(s.c.ctx, service.OpPlacementChange)
	k.Price.SetEnabled(may && p != nil && p.Status != "ended")
	k.End.SetEnabled(may && p != nil)
	if s.active {
		k.Only.SetHelp("a", "show all")
	} else {
		k.Only.SetHelp("a", "active only")
	}
	return k
}

func (s *placementsScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.actionKeys()
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		return nil
	}
	p := s.selected()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Only):
		s.active = !s.active
		s.nav = listNav{}
		return s.load()
	case key.Matches(msg, k.Spend):
		return navTo(screenSpend, navArg{}, false)
	case key.Matches(msg, k.Price) && p != nil:
		today := matching.Today(s.c.now())
		from := today
		if from.Before(p.Placement.Start) {
			from = p.Placement.Start
		}
		s.dlg = promptDialog("price", "A new price for "+p.ID,
			[]string{clean(p.ProviderName) + " costs " + matching.WeeklyWords(p.Weekly) + " now. The new price runs from the date given (within the placement), until another change; spend is worked out from it day by day."},
			field1("Weekly price", "pounds, e.g. 1,050", "", 20),
			field1("From", "YYYY-MM-DD", matching.ShowDate(from), 12),
			field1("Reason", "e.g. annual uplift; needs increased", "", matching.MaxReason))
		s.dlg.data = p.ID
		return nil
	case key.Matches(msg, k.End) && p != nil:
		s.dlg = promptDialog("end", "End "+p.ID,
			[]string{"The end date is the first day the placement no longer runs: it is paid up to the day before. The reason goes in the record (a planned move, an 18th birthday, a breakdown, …)."},
			field1("End date", "YYYY-MM-DD", matching.ShowDate(p.Placement.End), 12),
			field1("Reason", "e.g. planned move; 18th birthday; breakdown", p.Placement.EndReason, matching.MaxReason))
		s.dlg.data = p.ID
		s.dlg.danger = true
		return nil
	}
	return nil
}

func (s *placementsScreen) submit() tea.Cmd {
	d := s.dlg
	ctx, svc, user, id := s.c.ctx, s.c.svc, s.c.user(), d.data
	var run func() (string, error)
	switch d.action {
	case "price":
		weekly, from, reason := d.value(0), d.value(1), d.value(2)
		run = func() (string, error) {
			p, err := svc.ChangePlacementPrice(ctx, user, id, weekly, from, reason)
			if err != nil {
				return "", err
			}
			last := p.Changes[len(p.Changes)-1]
			return id + " costs " + matching.WeeklyWords(last.Weekly) + " from " + matching.ShowDate(last.From) + ".", nil
		}
	case "end":
		date, reason := d.value(0), d.value(1)
		run = func() (string, error) {
			p, err := svc.EndPlacement(ctx, user, id, date, reason)
			if err != nil {
				return "", err
			}
			return id + " ends on " + matching.ShowDate(p.End) + ": " + clean(p.EndReason) + ".", nil
		}
	default:
		s.dlg = nil
		return nil
	}
	return s.act(run)
}

func (s *placementsScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		return [][]key.Binding{
			{k.Price, k.End, k.Only, k.Spend, k.Back},
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		}
	})
}

// placementDetailLines are the lines under the list that show the selected
// placement whole.
const placementDetailLines = 4

func (s *placementsScreen) listHeight() int { return max(1, s.c.bodyH-3-placementDetailLines) }

// counts says how many placements run, are yet to start and have ended.
func placementCounts(rows []service.PlacementRow) string {
	n := map[string]int{}
	for _, r := range rows {
		n[r.Status]++
	}
	var parts []string
	for _, st := range []string{"running", "starting", "ended"} {
		if n[st] > 0 {
			parts = append(parts, matching.Thousands(n[st])+" "+matching.PlacementStatusWords(st))
		}
	}
	return joinOr(parts, ", ", "none")
}

func (s *placementsScreen) view(w, h int) string {
	st := s.c.styles
	who := "every council"
	if c, ok := matching.CouncilBySlug(s.c.council); ok {
		who = c.Name
	}
	shown := "all"
	if s.active {
		shown = "active only"
	}
	head := "Placements of " + who + " · " + shown
	lines := []string{st.Strong.Render(trunc(head, w))}
	switch {
	case !s.loaded && s.list.err != nil:
		return s.draw(append(lines, st.Bad.Render(trunc("✗ "+clean(s.list.err.Error()), w))), w, h)
	case !s.loaded:
		return s.draw(append(lines, st.Muted.Render("Reading the placements…")), w, h)
	case len(s.rows) == 0:
		msg := "No placements yet: an award makes one, and so does a spot purchase; placematch placements add records a legacy package."
		return s.draw(append(lines, "", st.Muted.Render(trunc("  "+msg, w))), w, h)
	}
	lines = append(lines, st.Muted.Render(trunc(placementCounts(s.rows)+" · today "+matching.ShowDate(matching.Today(s.c.now())), w)))
	// Columns: id, provider (the room left), kind, weekly, start (when
	// there is room: the selected one's shows below), end, status; the
	// council when every council's are shown.
	idW, statusW := 4, 6
	for _, r := range s.rows {
		idW = max(idW, width(r.ID))
		statusW = max(statusW, width(matching.PlacementStatusWords(r.Status)))
	}
	councilW := 0
	if s.c.council == "" {
		councilW = 10
	}
	fixed := 2 + idW + 2 + 6 + 2 + 10 + 2 + 10 + 2 + statusW
	if councilW > 0 {
		fixed += councilW + 2
	}
	showStart := w-fixed-12 >= 24
	if showStart {
		fixed += 12
	}
	provW := max(8, min(44, w-fixed-2))
	header := "  " + fit("ID", idW) + "  "
	if councilW > 0 {
		header += fit("Council", councilW) + "  "
	}
	header += fit("Provider", provW) + "  " + fit("Kind", 6) + "  " + fitRight("Weekly", 10) + "  "
	if showStart {
		header += fit("Start", 10) + "  "
	}
	header += fit("End", 10) + "  Status"
	lines = append(lines, st.Muted.Render(trunc(header, w)))
	rows := max(1, h-len(lines)-placementDetailLines)
	start, end := s.nav.window(rows)
	for i := start; i < end; i++ {
		r := s.rows[i]
		mark := "  "
		if i == s.nav.cursor {
			mark = "› "
		}
		row := mark + fit(r.ID, idW) + "  "
		if councilW > 0 {
			row += fit(r.Council, councilW) + "  "
		}
		row += fit(clean(r.ProviderName), provW) + "  " + fit(string(r.Kind), 6) + "  " + fitRight(r.Weekly.String(), 10) + "  "
		if showStart {
			row += fit(r.Start, 10) + "  "
		}
		row += fit(orDashTUI(r.End), 10) + "  " + matching.PlacementStatusWords(r.Status)
		row = trunc(row, w)
		switch {
		case i == s.nav.cursor:
			row = st.Selected.Render(fit(row, w))
		case r.Status == "ended":
			row = st.Muted.Render(row)
		}
		lines = append(lines, row)
	}
	for len(lines) < h-placementDetailLines {
		lines = append(lines, "")
	}
	if p := s.selected(); p != nil {
		for _, l := range placementDetail(p.Placement, w-2, placementDetailLines) {
			lines = append(lines, st.Muted.Render("  "+l))
		}
	}
	return s.draw(lines, w, h)
}

// placementDetail is a placement whole, in words wrapped to w, at most n
// lines: who with and what kind, the young person's case reference (the
// council's screen), the prices from their dates, the end and why.
func placementDetail(p matching.Placement, w, n int) []string {
	parts := []string{p.ID + ": " + matching.PlacementKindWords(p.Kind) + " with " + p.ProviderName}
	if p.ProviderID != "" {
		parts[0] += " (" + p.ProviderID + ")"
	}
	parts[0] += ", " + p.Lot + ", case " + p.CaseRef
	if !p.DOB.IsZero() {
		parts[0] += ", turns 18 on " + matching.ShowDate(p.Turns18())
	}
	prices := []string{matching.WeeklyWords(p.Weekly) + " from " + matching.ShowDate(p.Start)}
	for _, c := range p.Changes {
		prices = append(prices, matching.WeeklyWords(c.Weekly)+" from "+matching.ShowDate(c.From)+" ("+c.Reason+")")
	}
	parts = append(parts, strings.Join(prices, "; "))
	if !p.End.IsZero() {
		parts = append(parts, "ends "+matching.ShowDate(p.End)+": "+p.EndReason)
	}
	if p.RequestID != "" {
		parts = append(parts, "from request "+p.RequestID)
	}
	out := wrap(clean(strings.Join(parts, " · ")), w)
	if len(out) > n {
		out = append(out[:n-1], trunc(out[n-1]+" …", w))
	}
	return out
}
