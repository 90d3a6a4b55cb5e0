package tui

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// offerScreen logs a provider's answer that came by phone or email: an
// offer, a decline with its reason, or the withdrawal of an offer.
type offerScreen struct {
	formPage
	keys FormKeys
	d    *service.Detail
	// saving logs the answer; its reply is what to tell the officer.
	saving loader[string]
	// checking asks what an offer would be warned of before it is
	// logged: one that will not be scored, or whose figures look wrong,
	// is confirmed first (offer is the answer waiting for the yes).
	checking loader[[]matching.Warning]
	offer    matching.ResponseInput
	// receivedNow is the received time the form offers: the minute it
	// opened. Left as it is, the answer is received when it is logged, to
	// the second: a minute cut short would put an answer logged just
	// after an early close before it.
	receivedNow string
}

func newOfferScreen(c *shared) *offerScreen {
	s := &offerScreen{formPage: formPage{c: c, headLines: 3}, keys: c.keys.Offer}
	s.reset(&service.Detail{})
	return s
}

func (s *offerScreen) title() string { return "Log an answer to " + s.d.Request.ID }

func (s *offerScreen) reset(d *service.Detail) {
	s.d = d
	var provs []option
	for _, a := range d.Answers {
		detail := clean(a.ProviderID)
		if a.Answered {
			detail += " · answered " + matching.ShowTime(a.Received) + "; a revised offer keeps what is left blank"
		}
		provs = append(provs, option{value: a.ProviderID, label: clean(a.ProviderName), detail: detail})
	}
	answers := []option{
		{value: "offer", label: "offer", detail: "a weekly price"},
		{value: "decline", label: "decline", detail: "with the provider's reason"},
		{value: "withdraw", label: "withdraw", detail: "the provider takes back an offer it made"},
	}
	fs := []*field{
		choiceField("provider", "Provider", provs, ""),
		choiceField("answer", "Answer", answers, "offer"),
		textField("weekly", "Weekly price £", "e.g. 950 or £1,200.50", 20),
		textField("hourly", "or hourly rate £", "times the hours a week", 20),
		textField("decline", "Reason", "why the provider declines", matching.MaxReason),
		textField("cover-until", "Cover until age", "blank: the provider's registered cover", 3),
		textField("start", "Can start", "YYYY-MM-DD, optional", 10),
		textField("received", "Received", "YYYY-MM-DD HH:MM (London)", 25),
		textField("note", "Note", "optional", matching.MaxReason),
	}
	fs[0].required = true
	fs[4].required = true // a decline needs its reason
	s.form = &form{fields: fs}
	s.receivedNow = matching.InputTime(s.c.now())
	s.form.byKey("received").setText(s.receivedNow)
	s.dirty, s.dlg = false, nil
	s.saving.reset()
	s.checking.reset()
	s.arrange()
	s.refreshNotes()
	s.form.focusAt(0)
}

// arrange shows the fields the chosen kind of answer takes.
func (s *offerScreen) arrange() {
	kind := s.form.byKey("answer").value
	for _, f := range s.form.fields {
		switch f.key {
		case "weekly", "cover-until", "start":
			f.hidden = kind != "offer"
		case "hourly":
			f.hidden = kind != "offer" || s.d.Request.Hours <= 0
		case "decline":
			f.hidden = kind != "decline"
		case "received", "note":
			f.hidden = kind == "withdraw"
		}
	}
}

func (s *offerScreen) open(arg navArg) tea.Cmd {
	d := arg.detail
	if d == nil {
		d = &service.Detail{}
	}
	s.reset(d)
	return nil
}

func (s *offerScreen) resume() tea.Cmd { return nil }

func (s *offerScreen) input() matching.ResponseInput {
	v := func(k string) string {
		f := s.form.byKey(k)
		if f.hidden {
			return ""
		}
		return f.text()
	}
	in := matching.ResponseInput{
		ProviderID: v("provider"), Weekly: v("weekly"), Hourly: v("hourly"), Decline: v("decline"),
		CoverUntil: v("cover-until"), Start: normDate(v("start")), Received: v("received"), Note: v("note"),
	}
	if strings.TrimSpace(in.Received) == s.receivedNow {
		in.Received = "" // now, when it is logged
	}
	if v("answer") == "decline" {
		in.Declined = true
	}
	return in
}

func (s *offerScreen) problems() (matching.FieldErrors, error) {
	_, err := matching.BuildResponse(s.d.Request, s.input(), true, s.c.now())
	var fe matching.FieldErrors
	if errors.As(err, &fe) {
		return fe, nil
	}
	return nil, err
}

func (s *offerScreen) revalidate() {
	fe, _ := s.problems()
	s.recheck(fe)
}

func (s *offerScreen) refreshNotes() {
	r := s.d.Request
	f := s.form.byKey
	hn := ""
	if r.Hours > 0 {
		hn = "× " + strings.TrimSuffix(hoursText(r.Hours), " a week") + " hours a week"
		if p, err := matching.ParseMoney(f("hourly").text()); err == nil && p > 0 {
			hn = p.String() + " × " + strings.TrimSuffix(hoursText(r.Hours), " a week") + " h = " + matching.WeeklyFromHourly(p, r.Hours).String() + " a week"
		}
	}
	f("hourly").note = hn
	wn := ""
	if r.PriceCap > 0 {
		wn = matching.CapWords(r.PriceCap)
	}
	f("weekly").note = wn
	rn := ""
	if t, err := matching.ParseTime(f("received").text()); err == nil && !r.Deadline.IsZero() && t.After(r.Deadline) {
		rn = "after the deadline " + matching.ShowTime(r.Deadline) + ": it will be kept and marked late"
	}
	f("received").note = rn
	f("start").note = "the request's start: " + matching.ShowDate(r.Start)
	pn := ""
	for _, a := range s.d.Answers {
		if a.ProviderID == f("provider").text() {
			pn = clean(matching.ProviderContactWords(a.Email, a.Phone))
		}
	}
	f("provider").note = pn
}

func (s *offerScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[[]matching.Warning]:
		if !s.checking.fresh(msg) {
			return nil
		}
		if msg.err != nil {
			return s.refused(msg.err)
		}
		if len(msg.val) == 0 {
			return s.log(s.offer)
		}
		s.dlg = logWarningsDialog(s.providerName(s.offer.ProviderID), msg.val)
		return nil
	case loaded[string]:
		if !s.saving.fresh(msg) {
			return nil
		}
		if msg.err != nil {
			return s.refused(msg.err)
		}
		s.dirty = false
		s.c.info(msg.val)
		return goBack
	case tea.WindowSizeMsg:
		s.scroll()
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *offerScreen) key(msg tea.KeyMsg) tea.Cmd {
	if s.dlg != nil && s.dlg.action == "log-anyway" {
		cmd, _ := routeDialog(&s.dlg, msg, s.c, func() tea.Cmd {
			s.dlg = nil
			return s.log(s.offer)
		})
		return cmd
	}
	if cmd, ok := s.routeKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, s.keys.Back):
		return s.leave("Leave without saving this answer?", "What you typed will be lost.")
	case key.Matches(msg, s.keys.Save):
		return s.save()
	}
	left, changed, cmd := s.form.handle(msg, s.keys, s.c.bodyW)
	if changed != nil {
		s.dirty = true
		if changed.key == "answer" {
			s.arrange()
		}
	}
	if left != nil {
		left.touched = true
		if left.key == "start" {
			left.setText(normDate(left.text()))
		}
	}
	if changed != nil || left != nil {
		s.refreshNotes()
		s.revalidate()
	}
	s.scroll()
	return cmd
}

func (s *offerScreen) providerName(id string) string {
	for _, a := range s.d.Answers {
		if a.ProviderID == id {
			return clean(a.ProviderName)
		}
	}
	return clean(id)
}

func (s *offerScreen) save() tea.Cmd {
	if s.saving.loading || s.checking.loading {
		return nil
	}
	in := s.input()
	kind := s.form.byKey("answer").value
	ctx, svc, user, id := s.c.ctx, s.c.svc, s.c.user(), s.d.Request.ID
	name := s.providerName(in.ProviderID)
	if in.ProviderID == "" {
		f := s.form.byKey("provider")
		f.touched, f.err = true, "choose the provider: type part of its name"
		s.c.refuse("Not saved: choose the provider")
		return s.form.focusKey("provider")
	}
	if kind == "withdraw" {
		return s.saving.start(s.c, func(context.Context) (string, error) {
			return "The offer of " + name + " is withdrawn.", svc.Withdraw(ctx, user, id, in.ProviderID)
		})
	}
	fe, err := s.problems()
	if len(fe) > 0 {
		return s.showProblems(fe)
	}
	if err != nil {
		s.c.fail(err)
		return nil
	}
	if in.Declined {
		return s.log(in)
	}
	// Asked first what the offer would be warned of, said now to the
	// officer still on the phone, not at ranking.
	s.offer = in
	return s.checking.start(s.c, func(ctx context.Context) ([]matching.Warning, error) { return svc.CheckAnswer(ctx, user, id, in) })
}

// log logs the answer, and says how it went: with what it was warned of,
// and when every invited provider has now answered.
func (s *offerScreen) log(in matching.ResponseInput) tea.Cmd {
	ctx, svc, user, id := s.c.ctx, s.c.svc, s.c.user(), s.d.Request.ID
	name := s.providerName(in.ProviderID)
	return s.saving.start(s.c, func(context.Context) (string, error) {
		l, err := svc.Respond(ctx, user, id, in)
		if err != nil {
			return "", err
		}
		done := "Offer from " + name + " logged; sealed until the offers are opened."
		switch {
		case in.Declined:
			done = "Decline from " + name + " logged; sealed until the offers are opened."
		case matching.Unscored(l.Warnings):
			done = "Offer from " + name + " logged as given; it will not be scored as it stands."
		}
		if l.AllAnswered() {
			done += " " + upperFirst(matching.AllAnsweredWords(l.Invited)) + ": c on the request closes it now; otherwise it stays open until " +
				matching.ShowTime(l.Deadline) + "."
		}
		return done, nil
	})
}

// logWarningsDialog asks whether to log an offer with warnings, as the
// provider gave it: offering is its right.
func logWarningsDialog(name string, ws []matching.Warning) *dialog {
	return warningsDialog("log-anyway", "Check the offer from "+name, ws,
		"Log it anyway? It is recorded as the provider gave it.", "y or enter: log it · n or esc: back to the answer")
}

// warningsDialog asks whether an offer with warnings goes ahead: each
// warning, then the question; red when the offer will not be scored.
func warningsDialog(kind, title string, ws []matching.Warning, question, hint string) *dialog {
	body := make([]string, 0, len(ws)+2)
	for _, w := range ws {
		body = append(body, w.Text)
	}
	body = append(body, "", question)
	d := confirmDialog(kind, title, body...)
	d.hint = hint
	d.danger = matching.Unscored(ws)
	return d
}

func (s *offerScreen) bindings() [][]key.Binding {
	if s.dlg != nil {
		return s.dlg.bindings(s.c.keys)
	}
	k := s.form.keys(s.keys)
	return [][]key.Binding{
		{k.Save, k.Next, k.Prev, k.Enter, k.ChoiceUp, k.ChoiceDn, k.Back},
		{k.FieldUp, k.FieldDn, k.Toggle},
	}
}

func (s *offerScreen) view(w, h int) string {
	st := s.c.styles
	r := s.d.Request
	head := r.ID + " · " + matching.StatusWords(r.Status) + " · deadline " + matching.ShowTime(r.Deadline)
	sub := "Type part of the provider's name. ctrl+s saves. What it offered stays sealed until the offers are opened."
	if s.saving.loading {
		sub = "Saving…"
	}
	return s.draw([]string{st.Strong.Render(trunc(head, w)), st.Muted.Render(trunc(sub, w)), ""}, w, h)
}
