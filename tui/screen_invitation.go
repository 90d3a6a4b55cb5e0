package tui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// invitationScreen is one invitation as its provider sees it: the
// anonymised request with a live countdown to the deadline, its own answer
// and, while the request is open, the offer, revision, withdrawal or
// decline; after the decision, its own outcome explained. Everything it
// draws comes from service.Invitation: the profile (never a case
// reference, initials or date of birth), the provider's own answer and the
// outcome (its own score parts and the winning offer's, never a rank).
type invitationScreen struct {
	dialogPage
	keys InvitationKeys
	show loader[service.Invitation]
	inv  *service.Invitation
	// checking asks the service what an offer would be warned of before
	// it is sent; one that will not be scored, or whose figures look
	// wrong, is confirmed first. held is the offer form while that
	// question is asked (a no goes back to it, as typed) and offer the
	// answer it gave.
	checking loader[[]matching.Warning]
	held     *dialog
	offer    matching.ResponseInput
}

func newInvitationScreen(c *shared) *invitationScreen {
	return &invitationScreen{dialogPage: dialogPage{c: c}, keys: c.keys.Invite}
}

func (s *invitationScreen) title() string { return "Invitation " + s.id }

func (s *invitationScreen) open(arg navArg) tea.Cmd {
	if s.openOn(arg.requestID) {
		s.inv = nil
	}
	s.show.reset()
	s.c.lastRequest = s.id
	return s.load()
}

func (s *invitationScreen) resume() tea.Cmd { return s.load() }

func (s *invitationScreen) load() tea.Cmd {
	svc, pid, id := s.c.svc, s.c.opts.Provider, s.id
	return s.show.start(s.c, func(ctx context.Context) (service.Invitation, error) { return svc.ProviderShow(ctx, pid, id) })
}

func (s *invitationScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.Invitation]:
		inv, ok := s.show.take(s.c, msg)
		if !ok {
			return nil
		}
		s.inv = &inv
		s.c.dueDetail = time.Time{}
		if s.inv.CanAnswer {
			s.c.dueDetail = s.inv.Profile.Deadline
		}
		if s.dlg != nil && !s.inv.CanAnswer && !s.dlg.busy {
			// The deadline passed while a dialog was open.
			s.dlg.err = "The deadline has passed: answers can no longer be given or changed online."
		}
		return nil
	case loaded[[]matching.Warning]:
		if !s.checking.fresh(msg) || s.dlg == nil || s.dlg.action != "offer" {
			return nil
		}
		s.dlg.busy = false
		if msg.err != nil {
			s.dlg.err = dialogError(msg.err)
			return nil
		}
		if len(msg.val) == 0 {
			return s.act(s.sendOffer(s.offer))
		}
		s.held, s.dlg = s.dlg, offerWarningsDialog(s.id, msg.val)
		return nil
	case actionDone:
		if !s.acted(msg) {
			return nil
		}
		s.held = nil
		return s.load()
	case refreshMsg:
		if s.id != "" {
			return s.load()
		}
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *invitationScreen) answered() (offer, declined, withdrawn bool) {
	if s.inv == nil || s.inv.Answer == nil {
		return false, false, false
	}
	a := s.inv.Answer
	return !a.Declined && !a.Withdrawn, a.Declined, a.Withdrawn
}

func (s *invitationScreen) actionKeys() InvitationKeys {
	k := s.keys
	can := s.inv != nil && s.inv.CanAnswer
	offer, _, _ := s.answered()
	k.Offer.SetEnabled(can)
	if offer {
		k.Offer.SetHelp("o", "revise offer")
	}
	k.Decline.SetEnabled(can)
	k.Withdraw.SetEnabled(can && offer)
	return k
}

func (s *invitationScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		if s.dlg == nil && s.held != nil {
			// No to "send it anyway?": back to the offer, as typed.
			s.dlg, s.held = s.held, nil
		}
		return cmd
	}
	k := s.actionKeys()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Offer):
		s.askOffer()
		return nil
	case key.Matches(msg, k.Decline):
		p := s.inv.Profile
		s.dlg = promptDialog("decline", "Decline "+p.RequestID,
			[]string{"The council sees that you declined and your reason once the offers are opened. You can still offer instead until " + matching.ShowTime(p.Deadline) + "."},
			field1("Reason *", "required, e.g. no vacancy until next month", "", matching.MaxReason))
		return nil
	case key.Matches(msg, k.Withdraw):
		s.dlg = confirmDialog("withdraw", "Withdraw your offer on "+s.id+"?",
			"Your offer of "+s.inv.Answer.WeeklyPence.String()+" a week will not be scored. You can make a new offer until "+matching.ShowTime(s.inv.Profile.Deadline)+".")
		s.dlg.danger = true
		return nil
	}
	s.scroll.move(msg, k.ScrollKeys, len(s.lines(s.c.bodyW)), s.c.bodyH)
	return nil
}

// askOffer opens the offer form: a revision starts from the offer as it
// stands, every field filled in (a field left as it is keeps its value, one
// emptied is cleared).
func (s *invitationScreen) askOffer() {
	p := s.inv.Profile
	weekly, cover, start, note := "", "", "", ""
	if offer, _, _ := s.answered(); offer {
		a := s.inv.Answer
		weekly, start, note = a.WeeklyPence.String(), a.Start, a.Note
		if a.CoverUntil > 0 {
			cover = itoa(a.CoverUntil)
		}
	}
	body := []string{"Sealed until the deadline " + matching.ShowTime(p.Deadline) + ": nobody sees your price before then, and you never see other offers. You can revise or withdraw it until the deadline."}
	if cap := matching.CapSentence(p.PriceCap); cap != "" {
		body = append(body, cap)
	}
	fields := []promptField{field1("Weekly price £", "e.g. 1,050 or £1,050.50", weekly, 20)}
	if p.Hours > 0 {
		body = append(body, "Or give an hourly rate: it is multiplied by the "+strings.TrimSuffix(hoursText(p.Hours), " a week")+" hours a week.")
		fields = append(fields, field1("or hourly £", "e.g. 27.50", "", 20))
	}
	fields = append(fields,
		field1("Cover until age", "blank: your registered cover", cover, 3),
		field1("Can start", "YYYY-MM-DD, optional (the request's: "+p.Start+")", start, 10),
		field1("Note", "optional", note, matching.MaxReason))
	title := "Offer for " + p.RequestID
	if weekly != "" {
		title = "Revise your offer for " + p.RequestID
	}
	s.dlg = promptDialog("offer", title, body, fields...)
}

// offerInput is the offer the form gives. A field the form filled in from
// the earlier offer and the provider emptied is cleared; the service keeps
// any other left empty (see matching.ResponseInput.Revising).
func (s *invitationScreen) offerInput(d *dialog) matching.ResponseInput {
	in := matching.ResponseInput{Weekly: d.value(0)}
	i := 1
	if s.inv.Profile.Hours > 0 {
		in.Hourly = d.value(1)
		i = 2
	}
	in.CoverUntil, in.Start, in.Note = d.value(i), normDate(d.value(i+1)), d.value(i+2)
	if offer, _, _ := s.answered(); offer {
		a := s.inv.Answer
		for _, f := range []struct {
			name, was, now string
		}{{"cover-until", itoaIf(a.CoverUntil), in.CoverUntil}, {"start", a.Start, in.Start}, {"note", a.Note, in.Note}} {
			if f.was != "" && strings.TrimSpace(f.now) == "" {
				in.Clear = append(in.Clear, f.name)
			}
		}
	}
	return in
}

// itoaIf is n in figures, or "" for 0.
func itoaIf(n int) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

// offerWarningsDialog asks whether to send an offer with warnings: one that
// will not be scored, or whose figures look wrong. Offering is the
// provider's right; the warnings say why it may not count.
func offerWarningsDialog(id string, ws []matching.Warning) *dialog {
	return warningsDialog("offer-anyway", "Check your offer for "+id, ws,
		"Send it anyway? It is recorded as you give it; you can revise it until the deadline.",
		"y or enter: send it · n or esc: back to the offer")
}

// sendOffer sends the provider's offer.
func (s *invitationScreen) sendOffer(in matching.ResponseInput) func() (string, error) {
	ctx, svc, pid, id := s.c.ctx, s.c.svc, s.c.opts.Provider, s.id
	deadline := matching.ShowTime(s.inv.Profile.Deadline)
	return func() (string, error) {
		l, err := svc.ProviderRespond(ctx, pid, id, in)
		if err != nil {
			return "", err
		}
		done := "Your offer is sent, sealed until " + deadline + ": " + matching.OfferWords(l.Response) + ". You can revise or withdraw it until then."
		if matching.Unscored(l.Warnings) {
			done = "Your offer is recorded but will not be scored as it stands: " + matching.OfferWords(l.Response) + ". You can revise it until " + deadline + "."
		}
		return done, nil
	}
}

func (s *invitationScreen) submit() tea.Cmd {
	d := s.dlg
	ctx, svc, pid, id := s.c.ctx, s.c.svc, s.c.opts.Provider, s.id
	deadline := matching.ShowTime(s.inv.Profile.Deadline)
	var run func() (string, error)
	switch d.action {
	case "offer":
		// Asked first what it would be warned of; sent when nothing.
		in := s.offerInput(d)
		s.offer = in
		d.busy, d.err = true, ""
		return s.checking.start(s.c, func(ctx context.Context) ([]matching.Warning, error) {
			return svc.ProviderCheckAnswer(ctx, pid, id, in)
		})
	case "offer-anyway":
		run = s.sendOffer(s.offer)
	case "decline":
		in := matching.ResponseInput{Declined: true, Decline: d.value(0)}
		run = func() (string, error) {
			_, err := svc.ProviderRespond(ctx, pid, id, in)
			return "You declined " + id + ". You can still offer until " + deadline + ".", err
		}
	case "withdraw":
		run = func() (string, error) {
			return "Your offer on " + id + " is withdrawn. You can offer again until " + deadline + ".", svc.ProviderWithdraw(ctx, pid, id)
		}
	default:
		s.dlg = nil
		return nil
	}
	return s.act(run)
}

func (s *invitationScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		return [][]key.Binding{
			{k.Offer, k.Decline, k.Withdraw, k.Back, k.Up, k.Down},
			{k.PageUp, k.PageDown, k.Top, k.Bottom, k.Refresh},
		}
	})
}

// headline says where the invitation stands for the provider and what it
// can do, with the countdown while it is open.
func (s *invitationScreen) headline(w int) []string {
	st := s.c.styles
	p := s.inv.Profile
	now := s.c.now()
	status := p.Status
	if st, err := matching.ParseStatus(p.Status); err == nil {
		status = matching.StatusWords(st)
	}
	top := p.RequestID + " · " + status + " · " + string(p.Urgency) + " · " + councilName(p.Council) + " · " + lotName(p.Lot)
	out := []string{st.Strong.Render(trunc(top, w))}
	var next string
	style := st.Strong
	switch {
	case s.inv.CanAnswer && p.Deadline.After(now):
		style = st.Urgent
		next = "Answer by " + matching.ShowTime(p.Deadline) + ", in " + countdown(p.Deadline.Sub(now)) + "."
		switch offer, declined, withdrawn := s.answered(); {
		case offer:
			next += " Your offer is in: you can revise it (o) or withdraw it (x) until then."
		case declined:
			next += " You declined: you can still offer (o) until then."
		case withdrawn:
			next += " You withdrew your offer: you can offer again (o) until then."
		default:
			next += " Press o to offer, d to decline."
		}
	case s.inv.CanAnswer:
		next = "The deadline " + matching.ShowTime(p.Deadline) + " has passed; closing…"
	case s.inv.Outcome != nil:
		next = outcomeHeadline(s.inv.Outcome)
		style = st.Strong
		if s.inv.Outcome.Won {
			style = st.Good
		}
	default:
		closed := matching.ProviderClosedWords(p)
		if closed == "" {
			closed = "closed"
		}
		next = upperFirst(closed) + ": answers can no longer be given or changed. The council opens the offers and decides; the outcome will appear here."
	}
	for _, l := range wrap(next, w) {
		out = append(out, style.Render(l))
	}
	return out
}

func outcomeHeadline(o *service.Outcome) string {
	h := "Outcome: " + matching.DebriefVerdict(o.Debrief) + "."
	if o.Status != matching.StatusCancelled {
		h += " Your assessment is below."
	}
	return h
}

func (s *invitationScreen) answerLines(w int) []string {
	st := s.c.styles
	out := []string{section(st, "Your answer", w)}
	lw := 16
	row := func(label, value string) { out = append(out, labelled(st, "  "+label, lw, value, w)...) }
	a := s.inv.Answer
	switch {
	case a == nil:
		if s.inv.CanAnswer {
			out = append(out, st.Urgent.Render(trunc("  None yet: press o to offer or d to decline.", w)))
		} else {
			out = append(out, st.Muted.Render("  You did not answer."))
		}
		return out
	case a.Declined:
		row("Answer", "declined: "+clean(a.DeclineReason))
	case a.Withdrawn:
		row("Answer", "offer of "+a.WeeklyPence.String()+" a week, withdrawn")
	default:
		row("Weekly price", a.WeeklyPence.String()+" a week")
		cover := "your registered cover"
		if a.CoverUntil > 0 {
			cover = "age " + itoa(a.CoverUntil)
		}
		row("Cover until", cover)
		if a.Start != "" {
			row("Can start", a.Start)
		}
	}
	sent := matching.ShowTime(a.Received)
	if dl := s.inv.Profile.Deadline; a.Received.After(dl) {
		sent = matching.ShowTimeBeside(a.Received, dl) + ", after the deadline " + matching.ShowTimeBeside(dl, a.Received)
		sent += ": it is kept but marked late, and late answers are not scored"
	}
	row("Sent", sent)
	if a.Note != "" {
		row("Note", clean(a.Note))
	}
	return out
}

// scoringLines explain how offers will be scored, before the decision.
func (s *invitationScreen) scoringLines(w int) []string {
	st := s.c.styles
	p := s.inv.Profile
	out := []string{section(st, "How offers are scored", w)}
	out = append(out, indentLines(formulaLines(p.Weights, w-2), "  ", w)...)
	var text []string
	if cap := matching.CapSentence(p.PriceCap); cap != "" {
		text = append(text, cap)
	}
	text = append(text, "Offers are sealed until the deadline. You will not see other offers or your rank; after the decision you see your own score parts and the winning offer's.")
	for _, t := range text {
		out = append(out, indentLines(wrap(t, w-2), "  ", w)...)
	}
	return out
}

// outcomeLines are the provider's assessment summary, as its letter gives
// it: the explanation in its own words, the score table (its own score and
// the winning offer's, each part with its points, each figure once) and the
// formula.
func (s *invitationScreen) outcomeLines(w int) []string {
	st := s.c.styles
	o := s.inv.Outcome
	title := "Your assessment"
	if o.Status == matching.StatusCancelled {
		title = "The council's decision" // nothing was assessed
	}
	out := []string{section(st, title, w)}
	textW := min(w-2, 100) // sentences stay readable on a wide terminal
	for _, l := range o.Explain {
		out = append(out, indentLines(wrap(clean(l), textW), "  ", w)...)
	}
	table := service.OutcomeTable(*o)
	if table != nil {
		out = append(out, "")
		for i, l := range table {
			l = trunc("  "+l, w)
			switch {
			case i < 2:
				l = st.Muted.Render(l)
			case i == len(table)-1 && o.Won:
				l = st.Good.Render(l)
			case i == len(table)-1:
				l = st.Strong.Render(l)
			}
			out = append(out, l)
		}
	}
	if o.Status != matching.StatusCancelled {
		out = append(out, "")
		out = append(out, indentLines(formulaLines(o.Weights, w-2), "  ", w)...)
		if table != nil {
			out = append(out, indentLines(wrap(matching.PointsTerm(), w-2), "  ", w)...)
		}
	}
	return out
}

func (s *invitationScreen) lines(w int) []string {
	st := s.c.styles
	if s.inv == nil {
		if s.show.err != nil {
			return wrap(clean(s.show.err.Error()), w)
		}
		return []string{st.Muted.Render("Loading " + s.id + "…")}
	}
	out := s.headline(w)
	out = append(out, "")
	if s.inv.Outcome != nil {
		out = append(out, s.outcomeLines(w)...)
		out = append(out, "")
	}
	out = append(out, s.answerLines(w)...)
	out = append(out, "")
	profile := profileLines(st, "The request", s.inv.Profile, s.c.now(), w)
	if s.inv.Outcome == nil {
		if w >= 120 {
			lw := (w - 3) / 2
			rw := w - 3 - lw
			left := profileLines(st, "The request", s.inv.Profile, s.c.now(), lw)
			right := s.scoringLines(rw)
			for i := 0; i < max(len(left), len(right)); i++ {
				var l, r string
				if i < len(left) {
					l = left[i]
				}
				if i < len(right) {
					r = right[i]
				}
				out = append(out, fit(l, lw)+"   "+trunc(r, rw))
			}
			return out
		}
		out = append(out, profile...)
		out = append(out, "")
		return append(out, s.scoringLines(w)...)
	}
	return append(out, profile...)
}

func (s *invitationScreen) view(w, h int) string { return s.draw(s.lines(w), w, h) }
