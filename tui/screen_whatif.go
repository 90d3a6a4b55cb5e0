package tui

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// whatIfChange is a price or cover age tried on a copy of one offer; zero
// leaves that part as offered.
type whatIfChange struct {
	weekly matching.Pence
	cover  int
}

// whatIfOffer is one answer the screen can explain.
type whatIfOffer struct {
	providerID string
	name       string
}

// priceStep is what + and - change a price by.
const priceStep = matching.Pence(1000)

// whatIfScreen is "how an offer is scored": the formula with the live
// numbers of any ranked or excluded offer of an opened request, and what a
// different price or cover age would do to its total and rank. Changes are
// made to copies and ranked again with matching.Rank: the record, and the
// ranking opened from it, are never touched.
type whatIfScreen struct {
	dialogPage
	keys     WhatIfKeys
	id       string
	want     string
	scenario loader[service.Scenario]
	sc       *service.Scenario
	offers   []whatIfOffer
	cur      int
	changes  map[string]whatIfChange
	// weights are the weights tried; nil: the request's.
	weights *matching.Weights
	now     matching.Ranking
}

func newWhatIfScreen(c *shared) *whatIfScreen {
	return &whatIfScreen{dialogPage: dialogPage{c: c}, keys: c.keys.WhatIf, changes: map[string]whatIfChange{}}
}

func (s *whatIfScreen) title() string { return "How an offer is scored · " + s.id }

func (s *whatIfScreen) open(arg navArg) tea.Cmd {
	s.id, s.want, s.sc, s.dlg = arg.requestID, arg.providerID, nil, nil
	s.scenario.reset()
	s.offers, s.cur, s.changes, s.scroll, s.weights = nil, 0, map[string]whatIfChange{}, scroller{}, nil
	svc, id := s.c.svc, s.id
	return s.scenario.start(s.c, func(ctx context.Context) (service.Scenario, error) { return svc.Scenario(ctx, id) })
}

func (s *whatIfScreen) resume() tea.Cmd { return nil }

func (s *whatIfScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.Scenario]:
		sc, ok := s.scenario.take(s.c, msg)
		if !ok {
			return nil
		}
		s.sc = &sc
		s.offers = nil
		rk := sc.Ranking
		for _, sc := range rk.Ranked {
			s.offers = append(s.offers, whatIfOffer{sc.ProviderID, sc.ProviderName})
		}
		for _, ex := range rk.Excluded {
			s.offers = append(s.offers, whatIfOffer{ex.ProviderID, ex.ProviderName})
		}
		for i, o := range s.offers {
			if o.providerID == s.want {
				s.cur = i
			}
		}
		s.rerank()
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

// responses are the scenario's answers with the changes tried: a copy, so
// the scenario itself (and the record) stays as it was.
func (s *whatIfScreen) responses() []matching.Response {
	out := append([]matching.Response(nil), s.sc.Responses...)
	for i := range out {
		if ch, ok := s.changes[out[i].ProviderID]; ok {
			if ch.weekly > 0 {
				out[i].Weekly = ch.weekly
			}
			if ch.cover > 0 {
				out[i].CoverUntil = ch.cover
			}
		}
	}
	return out
}

func (s *whatIfScreen) rerank() {
	if s.sc == nil {
		return
	}
	r := s.sc.Request
	if s.weights != nil {
		r.Weights = *s.weights
	}
	s.now = matching.Rank(r, r.Deadline, s.sc.Entrants, s.responses())
}

// changed reports whether anything is tried: a price, a cover age or the
// weights.
func (s *whatIfScreen) changed() bool { return len(s.changes) > 0 || s.weights != nil }

// moveWeight gives five more points to one part of the score (0 quality,
// 1 price, 2 age cover), taken from the heavier of the other two, so the
// weights still sum to 100; back at the request's weights, nothing is
// tried.
func (s *whatIfScreen) moveWeight(part int) {
	w := s.sc.Request.Weights
	if s.weights != nil {
		w = *s.weights
	}
	parts := []*int{&w.Quality, &w.Price, &w.AgeCover}
	from := -1
	for i, p := range parts {
		if i != part && *p > 0 && (from < 0 || *p > *parts[from]) {
			from = i
		}
	}
	if from < 0 {
		return
	}
	n := min(5, *parts[from])
	*parts[from] -= n
	*parts[part] += n
	if w == s.sc.Request.Weights {
		s.weights = nil
	} else {
		s.weights = &w
	}
	s.rerank()
}

func (s *whatIfScreen) selected() *whatIfOffer {
	if len(s.offers) == 0 {
		return nil
	}
	return &s.offers[min(s.cur, len(s.offers)-1)]
}

// answer is the selected provider's answer with its changes, and its cover
// as scored (the offer's, else the register's).
func (s *whatIfScreen) answer() (matching.Response, int, bool) {
	o := s.selected()
	if o == nil {
		return matching.Response{}, 0, false
	}
	for _, rp := range s.responses() {
		if rp.ProviderID != o.providerID {
			continue
		}
		cover := rp.CoverUntil
		if cover == 0 {
			cover = s.registerCover(o.providerID)
		}
		return rp, cover, true
	}
	return matching.Response{}, 0, false
}

// adjustable reports whether a price or cover change could matter to the
// selected answer: not for a decline, a withdrawal, a late answer or a
// provider no longer admitted, which no price brings in.
func (s *whatIfScreen) adjustable() bool {
	rp, _, ok := s.answer()
	if !ok || rp.Declined || rp.Weekly <= 0 {
		return false
	}
	for _, ex := range s.sc.Ranking.Excluded {
		if ex.ProviderID == rp.ProviderID {
			switch ex.Reason {
			case matching.ExclLate, matching.ExclWithdrawn, matching.ExclDeclined, matching.ExclNotAdmitted:
				return false
			}
		}
	}
	return true
}

func (s *whatIfScreen) actionKeys() WhatIfKeys {
	k := s.keys
	ready := s.sc != nil && len(s.offers) > 0
	priced := ready && s.adjustable()
	k.Up.SetEnabled(ready)
	k.Down.SetEnabled(ready)
	k.Raise.SetEnabled(priced)
	k.Lower.SetEnabled(priced)
	k.CoverUp.SetEnabled(priced)
	k.CoverDown.SetEnabled(priced)
	k.TypePrice.SetEnabled(priced)
	k.TypeCover.SetEnabled(priced)
	k.Reset.SetEnabled(s.changed())
	k.WeightQ.SetEnabled(s.sc != nil)
	k.WeightP.SetEnabled(s.sc != nil)
	k.WeightA.SetEnabled(s.sc != nil)
	return k
}

// set tries a weekly price and cover age on the selected offer; values
// equal to what it offered are no change.
func (s *whatIfScreen) set(weekly matching.Pence, cover int) {
	o := s.selected()
	if o == nil {
		return
	}
	orig, origCover := s.original(o.providerID)
	ch := whatIfChange{weekly: weekly, cover: cover}
	if ch.weekly == orig.Weekly {
		ch.weekly = 0
	}
	if ch.cover == origCover {
		ch.cover = 0
	}
	if ch == (whatIfChange{}) {
		delete(s.changes, o.providerID)
	} else {
		s.changes[o.providerID] = ch
	}
	s.rerank()
}

// original is a provider's answer as recorded, with its cover as scored.
func (s *whatIfScreen) original(pid string) (matching.Response, int) {
	for _, rp := range s.sc.Responses {
		if rp.ProviderID == pid {
			cover := rp.CoverUntil
			if cover == 0 {
				cover = s.registerCover(pid)
			}
			return rp, cover
		}
	}
	return matching.Response{}, 0
}

func (s *whatIfScreen) registerCover(pid string) int {
	for _, e := range s.sc.Entrants {
		if e.ProviderID == pid {
			return e.CoverUntil
		}
	}
	return 0
}

func (s *whatIfScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.actionKeys()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Up):
		s.cur = max(0, s.cur-1)
	case key.Matches(msg, k.Down):
		s.cur = min(len(s.offers)-1, s.cur+1)
	case key.Matches(msg, k.Raise):
		rp, cover, _ := s.answer()
		s.set(rp.Weekly+priceStep, cover)
	case key.Matches(msg, k.Lower):
		rp, cover, _ := s.answer()
		s.set(max(100, rp.Weekly-priceStep), cover)
	case key.Matches(msg, k.CoverUp):
		rp, cover, _ := s.answer()
		s.set(rp.Weekly, min(25, cover+1))
	case key.Matches(msg, k.CoverDown):
		rp, cover, _ := s.answer()
		s.set(rp.Weekly, max(1, cover-1))
	case key.Matches(msg, k.TypePrice):
		rp, _, _ := s.answer()
		s.dlg = promptDialog("price", "Try another weekly price for "+clean(s.selected().name),
			[]string{"Only on this screen: the offer and the recorded ranking stay as they are."},
			field1("Weekly price £", "e.g. 1,050", rp.Weekly.String(), 20))
	case key.Matches(msg, k.TypeCover):
		_, cover, _ := s.answer()
		s.dlg = promptDialog("cover", "Try another cover age for "+clean(s.selected().name),
			[]string{"How long the provider would carry on supporting the young person, up to 25. Only on this screen."},
			field1("Cover until age", "e.g. 21", itoa(cover), 2))
	case key.Matches(msg, k.Reset):
		s.changes, s.weights = map[string]whatIfChange{}, nil
		s.rerank()
	case key.Matches(msg, k.WeightQ):
		s.moveWeight(0)
	case key.Matches(msg, k.WeightP):
		s.moveWeight(1)
	case key.Matches(msg, k.WeightA):
		s.moveWeight(2)
	default:
		s.scroll.move(msg, k.ScrollKeys, len(s.lines(s.c.bodyW, s.c.bodyH)), s.c.bodyH)
	}
	return nil
}

// submit tries the price or cover age typed in the dialog; a value out
// of range keeps the dialog open and says why.
func (s *whatIfScreen) submit() tea.Cmd {
	d := s.dlg
	switch d.action {
	case "price":
		p, err := matching.ParseMoney(d.value(0))
		if err != nil || p <= 0 {
			d.err = "a weekly price such as 1,050 or £1,050.50"
			return nil
		}
		_, cover, _ := s.answer()
		s.set(p, cover)
	case "cover":
		n, err := strconv.Atoi(strings.TrimSpace(d.value(0)))
		if err != nil || n < 1 || n > 25 {
			d.err = "an age from 1 to 25"
			return nil
		}
		rp, _, _ := s.answer()
		s.set(rp.Weekly, n)
	}
	s.dlg = nil
	return nil
}

func (s *whatIfScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		up, down := k.Up, k.Down
		up.SetHelp("↑/k", "previous offer")
		down.SetHelp("↓/j", "next offer")
		// The three weight keys show as one in the footer.
		weights := key.NewBinding(key.WithKeys(append(append(k.WeightQ.Keys(), k.WeightP.Keys()...), k.WeightA.Keys()...)...),
			key.WithHelp("Q/P/A", "weight +5"))
		weights.SetEnabled(k.WeightQ.Enabled())
		return [][]key.Binding{
			{k.Lower, k.Raise, weights, k.Reset, k.CoverDown, k.CoverUp, up, down, k.TypePrice, k.TypeCover, k.Back},
			{k.PageUp, k.PageDown, k.Top, k.Bottom},
		}
	})
}

// exclusionHelp says why an answer is not scored and whether a change here
// could alter that.
func exclusionHelp(ex matching.Excluded) string {
	detail := ""
	if ex.Detail != "" {
		detail = " (" + clean(ex.Detail) + ")"
	}
	switch ex.Reason {
	case matching.ExclLate:
		return "Not scored: it arrived after the deadline" + detail + ". No price or cover can change that: answers must arrive by the deadline."
	case matching.ExclDeclined:
		if ex.Detail != "" {
			return "Declined: " + strings.TrimRight(clean(ex.Detail), ".") + ". There is no price to try."
		}
		return "Declined. There is no price to try."
	case matching.ExclWithdrawn:
		return "Withdrawn before the offers were opened: there is nothing to score."
	case matching.ExclAbovePriceCap:
		return "Not scored: above the price cap" + detail + ". Press - to try a lower price."
	case matching.ExclAgeNotCovered:
		return "Not scored: the cover must reach past the young person's age" + detail + ". Press ] to try a longer cover."
	case matching.ExclNotAdmitted:
		return "Not scored: the provider was no longer admitted on the lot when the request closed."
	}
	return "Not scored: " + matching.ExclusionWords(ex.Reason) + detail
}

func (s *whatIfScreen) lines(w, h int) []string {
	st := s.c.styles
	if s.sc == nil {
		if s.scenario.err != nil {
			return wrap(clean(s.scenario.err.Error()), w)
		}
		return []string{st.Muted.Render("Loading the scores of " + s.id + "…")}
	}
	r, now, rec := s.sc.Request, s.now, s.sc.Ranking
	head := []string{
		st.Strong.Render(trunc(r.ID+" · age "+itoa(now.Age)+" · offers opened "+matching.ShowTime(r.OpenedAt)+" · "+councilName(r.Council)+" · "+lotName(r.Lot), w)),
		st.Banner.Render(fit(" "+matching.Formula(now.Weights), w)),
	}
	o := s.selected()
	if o == nil {
		return append(head, "", st.Muted.Render("No provider answered this request: there is no offer to explain."))
	}
	if s.weights != nil {
		rec := s.sc.Request.Weights
		head = append(head, st.Warn.Render(trunc(" Weights tried: quality "+itoa(now.Weights.Quality)+" · price "+itoa(now.Weights.Price)+
			" · age cover "+itoa(now.Weights.AgeCover)+" · request's "+itoa(rec.Quality)+"/"+itoa(rec.Price)+"/"+itoa(rec.AgeCover), w)))
	}
	rp, cover, _ := s.answer()
	orig, origCover := s.original(o.providerID)
	_, changed := s.changes[o.providerID]
	changed = changed || s.weights != nil

	offer := []string{st.Section.Render(trunc("‹ "+itoa(s.cur+1)+" of "+itoa(len(s.offers))+" ›  "+clean(o.name), w))}
	lw := 16
	if rp.Declined {
		offer = append(offer, labelled(st, "  Answer", lw, "declined", w)...)
	} else {
		price := rp.Weekly.String() + " a week"
		if rp.Weekly != orig.Weekly {
			price += "   (offered " + orig.Weekly.String() + ")"
		}
		cov := itoa(cover)
		if orig.CoverUntil == 0 {
			cov += ", the provider's registered cover"
		}
		if cover != origCover {
			cov = itoa(cover) + "   (offered " + itoa(origCover) + ")"
		}
		offer = append(offer, labelled(st, "  Weekly price", lw, price, w)...)
		offer = append(offer, labelled(st, "  Cover until", lw, cov, w)...)
	}

	var scored *matching.Scored
	var minPrice matching.Pence
	for i, sc := range now.Ranked {
		if i == 0 || sc.WeeklyPence < minPrice {
			minPrice = sc.WeeklyPence
		}
		if sc.ProviderID == o.providerID {
			scored = &now.Ranked[i]
		}
	}
	var calc, result []string
	if scored != nil {
		f2 := matching.Format2
		a := now.Age
		row := func(label, how, val string) string {
			return trunc("  "+st.Label.Render(fit(label, 6))+fit(how, max(10, min(46, w-24)))+"  "+st.Strong.Render(fitRight(val, 7)), w)
		}
		calc = []string{
			row("Q", "quality score on the lot", f2(scored.Quality)),
			row("P", "100 × lowest "+minPrice.String()+" ÷ this "+scored.WeeklyPence.String(), f2(scored.PriceScore)),
			row("A", "100 × ("+itoa(min(scored.CoverUntil, 25))+" − "+itoa(a)+") ÷ (25 − "+itoa(a)+")", f2(scored.AgeCoverScore)),
		}
		calc = append(calc, wrap("  total = "+matching.ScoreWorking(now.Weights, *scored), w)...)
		side := []string{st.Strong.Render("rank " + itoa(scored.Rank) + " of " + itoa(len(now.Ranked)))}
		recRank, recTotal := 0, ""
		for _, sc := range rec.Ranked {
			if sc.ProviderID == o.providerID {
				recRank, recTotal = sc.Rank, sc.Rounded
			}
		}
		switch {
		case !changed:
			side = append(side, st.Muted.Render("as recorded"))
		case recRank > 0:
			side = append(side, st.Muted.Render("recorded: rank "+itoa(recRank)+", total "+recTotal))
		default:
			side = append(side, st.Muted.Render("recorded: not scored"))
		}
		result = []string{trunc("  Total "+st.Strong.Render(scored.Rounded)+" · "+strings.Join(side, " · "), w)}
		big := bigText(scored.Rounded, 1)
		for i := range big {
			big[i] = st.Big.Render("  " + big[i])
		}
		bigResult := beside(big, 4, side, w)
		used := len(stackBlocks([][]string{head, offer, calc, result, s.rankingLines(w), {""}}, 0))
		if used+len(bigResult)-len(result) <= h && bigWidth(scored.Rounded, 1)+8 < w {
			result = bigResult
		}
	} else {
		for _, ex := range now.Excluded {
			if ex.ProviderID == o.providerID {
				if ex.Reason == matching.ExclLate {
					ex.Detail = matching.ReceivedWords(rp.Received, r.Deadline)
				}
				for _, l := range wrap(exclusionHelp(ex), w-2) {
					calc = append(calc, st.Warn.Render("  "+l))
				}
			}
		}
	}
	foot := []string{st.Muted.Render(trunc("Tried here only: the offers and the recorded ranking are not changed.", w))}
	return stackBlocks([][]string{head, offer, calc, result, s.rankingLines(w), foot}, h)
}

// rankingLines are the ranking with the changes tried, each row marked
// with how far it moved from the recorded ranking.
func (s *whatIfScreen) rankingLines(w int) []string {
	st := s.c.styles
	now, rec := s.now, s.sc.Ranking
	title := "The ranking as recorded"
	if s.changed() {
		title = "The ranking with this change"
	}
	out := []string{section(st, title, w)}
	was := map[string]int{}
	for _, sc := range rec.Ranked {
		was[sc.ProviderID] = sc.Rank
	}
	table := rankTable{rk: now, cursor: -1, was: was}
	sel := ""
	if o := s.selected(); o != nil {
		sel = o.providerID
		for i, sc := range now.Ranked {
			if sc.ProviderID == sel {
				table.cursor = i
			}
		}
	}
	rows, _ := table.lines(st, w)
	out = append(out, rows...)
	if len(now.Ranked) == 0 {
		out = append(out, st.Muted.Render("  no compliant offer"))
	}
	return append(out, notRankedLines(st, now, sel, false, "  ", w)...)
}

func (s *whatIfScreen) view(w, h int) string { return s.draw(s.lines(w, h), w, h) }
