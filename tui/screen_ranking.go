package tui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// rankingScreen shows the ranked offers with every part of each score, the
// answers left out and why, and who never answered. Opening a closed
// request's offers here is the recorded opening, so it asks first.
type rankingScreen struct {
	dialogPage
	keys   RankingKeys
	status matching.Status
	// check reads the request while its offers are sealed, to ask
	// whether to open them; rank ranks them (opening them first), and
	// drops a check still under way.
	check      loader[service.Detail]
	rank       loader[service.RankResult]
	confirming bool
	sealed     *service.Detail
	res        *service.RankResult
	nav        listNav
}

func newRankingScreen(c *shared) *rankingScreen {
	return &rankingScreen{dialogPage: dialogPage{c: c}, keys: c.keys.Ranking}
}

func (s *rankingScreen) title() string { return "Ranking of " + s.id }

// modal: the question whether to open the offers is a dialog too.
func (s *rankingScreen) modal() bool { return s.dlg != nil || s.confirming }

func (s *rankingScreen) open(arg navArg) tea.Cmd {
	s.id, s.status, s.res, s.sealed, s.dlg = arg.requestID, arg.status, nil, nil, nil
	s.nav, s.scroll = listNav{}, scroller{}
	s.check.reset()
	s.rank.reset()
	switch arg.status {
	case matching.StatusOpened, matching.StatusAwarded, matching.StatusNoAward:
		s.confirming = false
		return s.loadRanking()
	case matching.StatusDraft, matching.StatusOpen, matching.StatusClosed, matching.StatusCancelled:
	}
	// Anything else would open the offers: ask first, showing how many
	// answered.
	s.confirming = true
	svc, id, user := s.c.svc, s.id, s.c.user()
	return s.check.start(s.c, func(ctx context.Context) (service.Detail, error) { return svc.Show(ctx, user, id) })
}

// opening: the user said yes to opening the offers, and they are being
// opened.
func (s *rankingScreen) opening() bool { return s.confirming && s.rank.loading }

// failed is why the request could not be read or ranked.
func (s *rankingScreen) failed() error {
	if s.rank.err != nil {
		return s.rank.err
	}
	return s.check.err
}

func (s *rankingScreen) resume() tea.Cmd {
	if s.confirming {
		return nil
	}
	return s.loadRanking()
}

// loadRanking calls svc.Rank: the first call on a closed request opens
// the offers.
func (s *rankingScreen) loadRanking() tea.Cmd {
	s.check.reset()
	svc, id, user := s.c.svc, s.id, s.c.user()
	return s.rank.start(s.c, func(ctx context.Context) (service.RankResult, error) { return svc.Rank(ctx, user, id) })
}

func (s *rankingScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.Detail]:
		d, ok := s.check.take(s.c, msg)
		if !ok {
			return nil
		}
		s.sealed = &d
		s.status = d.Request.Status
		if !d.Sealed {
			// Opened meanwhile: nothing left to confirm.
			s.confirming = false
			return s.loadRanking()
		}
		return nil
	case loaded[service.RankResult]:
		res, ok := s.rank.take(s.c, msg)
		if !ok {
			return nil
		}
		s.confirming = false
		s.res = &res
		s.status = res.Request.Status
		s.nav.setLen(len(res.Ranking.Ranked), s.c.bodyH)
		if res.JustOpened {
			s.c.info("Offers opened " + matching.ShowTime(res.Request.OpenedAt) + " and recorded: the set is now frozen.")
		}
		return nil
	case actionDone:
		if !s.acted(msg) {
			return nil
		}
		// An award or no award tells each provider its outcome now.
		return tea.Batch(s.loadRanking(), sendNow)
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *rankingScreen) actionKeys() RankingKeys {
	k := s.keys
	opened := s.res != nil && s.status == matching.StatusOpened
	k.OpenOffers.SetEnabled(s.confirming && s.sealed != nil && !s.opening())
	k.Award.SetEnabled(opened && len(s.res.Ranking.Ranked) > 0)
	k.NoAward.SetEnabled(opened)
	k.WhatIf.SetEnabled(s.res != nil && !s.confirming && len(s.res.Ranking.Ranked)+len(s.res.Ranking.Excluded) > 0)
	k.Report.SetEnabled(s.res != nil && !s.confirming)
	has := s.res != nil
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has)
	}
	return k
}

func (s *rankingScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.actionKeys()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.OpenOffers):
		return s.loadRanking()
	case key.Matches(msg, k.Award):
		return s.askAward()
	case key.Matches(msg, k.WhatIf):
		pid := ""
		if sc := s.selected(); sc != nil {
			pid = sc.ProviderID
		}
		return navTo(screenWhatIf, navArg{requestID: s.id, providerID: pid}, false)
	case key.Matches(msg, k.Report):
		s.dlg = reportDialog(s.id)
		return nil
	case key.Matches(msg, k.NoAward):
		s.dlg = promptDialog("no-award", "End "+s.id+" without award",
			[]string{"No compliant offer, or none suitable. A spot purchase made instead may be recorded as the contingency, with its justification: for the record, providers do not see it.",
				providersRead},
			field1("Reason", "e.g. no offer could meet the health needs", "", matching.MaxReason),
			field1("Spot purchase", "optional: the contingency and why", "", matching.MaxReason))
		s.dlg.danger = true
		return nil
	}
	if s.res == nil {
		return nil
	}
	lines, _ := s.lines(s.c.bodyW)
	switch {
	case len(s.res.Ranking.Ranked) > 0 && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
		if key.Matches(msg, k.Up) {
			s.nav.cursor--
		} else {
			s.nav.cursor++
		}
		s.nav.clamp(len(s.res.Ranking.Ranked))
		_, at := s.lines(s.c.bodyW)
		h := s.c.bodyH
		if at < s.scroll.off {
			s.scroll.off = at
		}
		if at+1 >= s.scroll.off+h {
			s.scroll.off = at + 2 - h
		}
		s.scroll.off = scrollClamp(s.scroll.off, len(lines), h)
	default:
		s.scroll.move(msg, k.ScrollKeys, len(lines), s.c.bodyH)
	}
	return nil
}

func (s *rankingScreen) selected() *matching.Scored {
	if s.res == nil || len(s.res.Ranking.Ranked) == 0 {
		return nil
	}
	return &s.res.Ranking.Ranked[min(s.nav.cursor, len(s.res.Ranking.Ranked)-1)]
}

func (s *rankingScreen) askAward() tea.Cmd {
	sc := s.selected()
	if sc == nil {
		return nil
	}
	name := clean(sc.ProviderName)
	what := "Rank " + itoa(sc.Rank) + ", total " + sc.Rounded + ", at " + sc.WeeklyPence.String() + " a week."
	if sc.Rank == 1 {
		s.dlg = confirmDialog("award", "Award "+s.id+" to "+name+"?", what+" The award ends the competition and is recorded.")
	} else {
		top := clean(s.res.Ranking.Ranked[0].ProviderName)
		s.dlg = promptDialog("award", "Award "+s.id+" to "+name+"?",
			[]string{what + " Rank 1 is " + top + ": choosing another offer needs a recorded reason.", providersRead},
			field1("Reason", "e.g. a better fit with the current residents", "", matching.MaxReason))
	}
	s.dlg.data = sc.ProviderID
	return nil
}

func (s *rankingScreen) submit() tea.Cmd {
	d := s.dlg
	ctx, svc, id, user := s.c.ctx, s.c.svc, s.id, s.c.user()
	var run func() (string, error)
	switch d.action {
	case "award":
		pid, reason := d.data, d.value(0)
		name := pid
		for _, sc := range s.res.Ranking.Ranked {
			if sc.ProviderID == pid {
				name = clean(sc.ProviderName)
			}
		}
		run = func() (string, error) { return id + " awarded to " + name + ".", svc.Award(ctx, user, id, pid, reason) }
	case "no-award":
		reason, spot := d.value(0), d.value(1)
		run = func() (string, error) { return id + " ended without award.", svc.NoAward(ctx, user, id, reason, spot) }
	case "report":
		path := d.value(0)
		run = func() (string, error) { return saveReport(ctx, svc, user, id, path) }
	default:
		s.dlg = nil
		return nil
	}
	return s.act(run)
}

func (s *rankingScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		return [][]key.Binding{
			{k.OpenOffers, k.Award, k.NoAward, k.WhatIf, k.Back, k.Up, k.Down, k.Report},
			{k.PageUp, k.PageDown, k.Top, k.Bottom},
		}
	})
}

// lines is the page; at is the line of the selected ranked offer.
func (s *rankingScreen) lines(w int) ([]string, int) {
	st := s.c.styles
	if s.res == nil {
		return nil, 0
	}
	r, rk := s.res.Request, s.res.Ranking
	var out []string
	out = append(out, st.Strong.Render(trunc(r.ID+" · "+matching.StatusWords(r.Status)+" · offers opened "+matching.ShowTime(r.OpenedAt)+" · age "+itoa(rk.Age), w)))
	out = append(out, trunc("Weights: "+matching.WeightsWords(rk.Weights)+" · "+matching.CapWords(r.PriceCap), w))
	for _, l := range formulaLines(rk.Weights, w) {
		out = append(out, st.Muted.Render(l))
	}
	switch r.Status {
	case matching.StatusAwarded:
		name := clean(r.AwardedTo)
		for _, sc := range rk.Ranked {
			if sc.ProviderID == r.AwardedTo {
				name = clean(sc.ProviderName) + " (rank " + itoa(sc.Rank) + ")"
			}
		}
		line := "Awarded to " + name + " on " + matching.ShowTime(r.EndedAt)
		if r.EndReason != "" {
			line += ". Reason: " + clean(r.EndReason)
		}
		for _, l := range wrap(line, w) {
			out = append(out, st.Good.Render(l))
		}
	case matching.StatusNoAward:
		line := "Ended without award on " + matching.ShowTime(r.EndedAt) + ". Reason: " + clean(r.EndReason)
		if r.SpotPurchase != "" {
			line += " · Spot purchase: " + clean(r.SpotPurchase)
		}
		for _, l := range wrap(line, w) {
			out = append(out, st.Warn.Render(l))
		}
	case matching.StatusOpened:
		if len(rk.Ranked) > 0 {
			out = append(out, st.Muted.Render(trunc("a awards the selected offer (rank 1 needs no reason) · n ends without award", w)))
		} else {
			out = append(out, st.Warn.Render(trunc("No compliant offer: press n to end without award.", w)))
		}
	case matching.StatusDraft, matching.StatusOpen, matching.StatusClosed, matching.StatusCancelled:
	}
	out = append(out, "")
	out = append(out, section(st, "Ranked offers ("+itoa(len(rk.Ranked))+")", w))
	table := rankTable{rk: rk, cursor: s.nav.cursor, cover: true, parts: true, header: true, working: true}
	if r.Status == matching.StatusAwarded {
		table.awarded = r.AwardedTo
	}
	rows, at := table.lines(st, w)
	at += len(out)
	out = append(out, rows...)
	if len(rk.Ranked) == 0 {
		out = append(out, st.Muted.Render("  none"))
	}
	out = append(out, "", section(st, "Not ranked ("+itoa(len(rk.Excluded))+")", w))
	if len(rk.Excluded) == 0 {
		out = append(out, st.Muted.Render("  none"))
	}
	for _, ex := range rk.Excluded {
		why := matching.ExclusionWords(ex.Reason)
		if ex.Detail != "" {
			why += ": " + clean(ex.Detail)
		}
		out = append(out, hanging("     "+fit(clean(ex.ProviderName), table.nameWidth(w))+" ", why, w, st.Warn.Render)...)
	}
	out = append(out, "", section(st, "No response ("+itoa(len(rk.NoResponse))+")", w))
	if len(rk.NoResponse) == 0 {
		out = append(out, st.Muted.Render("  none: every invited provider answered"))
	}
	for _, nr := range rk.NoResponse {
		out = append(out, trunc("     "+clean(nr.ProviderName)+" "+st.Muted.Render(clean(nr.ProviderID)), w))
	}
	return out, at
}

func (s *rankingScreen) confirmView(w, h int) string {
	st := s.c.styles
	body := []string{"Opening is recorded in the audit trail, like opening tenders: from then on the set of answers is frozen and no answer can be added, changed or withdrawn."}
	if s.sealed != nil {
		d := s.sealed
		body = append(body, "", itoa(d.AnsweredCount())+" of "+itoa(len(d.Answers))+" invited providers answered.")
		if d.Request.Status == matching.StatusOpen {
			body = append(body, "The deadline has passed: opening closes the request first.")
		}
		body = append(body, "", "Press y to open the offers and rank them, or esc to go back.")
	} else if s.failed() == nil {
		body = append(body, "", "Checking the request…")
	}
	if s.opening() {
		body = append(body, "", "Opening…")
	}
	if err := s.failed(); err != nil {
		body = append(body, "", "✗ "+clean(err.Error()))
	}
	d := &dialog{title: "Open the offers of " + s.id + "?", body: body, danger: true}
	return overlay(fixLines(nil, w, h), d.view(st, w, h), w, h)
}

func (s *rankingScreen) view(w, h int) string {
	st := s.c.styles
	if s.confirming {
		return s.confirmView(w, h)
	}
	if s.res == nil {
		if err := s.failed(); err != nil {
			return fixLines(wrap(clean(err.Error()), w), w, h)
		}
		return fixLines([]string{st.Muted.Render("Ranking " + s.id + "…")}, w, h)
	}
	lines, _ := s.lines(w)
	return s.draw(lines, w, h)
}
