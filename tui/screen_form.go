package tui

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// formScreen is the new request form: everything `request new` takes, each
// field checked by matching.BuildRequest as it is left. It also edits a
// draft, filled from the draft and saved with svc.EditDraft.
type formScreen struct {
	formPage
	keys     FormKeys
	def      matching.Defaults
	defaults loader[matching.Defaults]
	// editID is the draft being edited; "" for a new request.
	editID string

	weightsEdited, capEdited, deadlineEdited, startEdited bool

	// saving saves the draft: a reply after the form was opened again is
	// dropped.
	saving loader[matching.Request]
}

func newFormScreen(c *shared) *formScreen {
	s := &formScreen{formPage: formPage{c: c, headLines: 2}, keys: c.keys.Form}
	s.reset(nil, nil)
	return s
}

func (s *formScreen) title() string {
	if s.editID != "" {
		return "Edit draft " + s.editID
	}
	return "New request"
}

func lotOptions(council string) []option {
	var out []option
	for _, fw := range matching.Frameworks() {
		if council != "" && !fw.Member(council) {
			continue
		}
		for _, l := range fw.Lots() {
			out = append(out, option{value: l.Code, label: l.Code, detail: l.Name + ", ages " + itoa(l.MinAge) + "–" + itoa(l.MaxAge-1)})
		}
	}
	return out
}

func urgencyOptions() []option {
	return []option{
		{value: string(matching.UrgencyToday), label: "today", detail: "needed today: providers get 4 hours"},
		{value: string(matching.UrgencyWithin5), label: "within-5-days", detail: "providers get 2 days"},
		{value: string(matching.UrgencyPlanned), label: "planned", detail: "providers get 10 days"},
	}
}

func tagOptions(tags []string) []option {
	out := make([]option, len(tags))
	for i, t := range tags {
		out[i] = option{value: t, label: t}
	}
	return out
}

// reset builds a fresh form, from a request to copy when given, or filled
// from a draft to edit.
func (s *formScreen) reset(from, edit *matching.Request) {
	now := s.c.now()
	council := s.c.council
	if council == "" {
		council = s.c.opts.Council
	}
	fs := []*field{
		choiceField("council", "Council", councilOptions(false), council),
		choiceField("lot", "Lot", lotOptions(council), ""),
		choiceField("urgency", "Urgency", urgencyOptions(), string(matching.UrgencyPlanned)),
		textField("case", "Case reference", "the council's own reference", matching.MaxCaseRef),
		textField("initials", "Initials", "e.g. JS", 8),
		textField("dob", "Date of birth", "YYYY-MM-DD", 10),
		textField("start", "Start date", "YYYY-MM-DD", 10),
		textField("deadline", "Deadline", "YYYY-MM-DD HH:MM (London)", 25),
		textField("hours", "Hours a week", "optional, e.g. 20", 8),
		tagsField("needs", "Needs", tagOptions(matching.Needs())),
		tagsField("risks", "Risks", tagOptions(matching.Risks())),
		textField("locality", "Locality", "area, not an address, e.g. Bootle", matching.MaxShort),
		areaField("summary", "Summary", "what providers need to know to offer", matching.MaxSummary),
		textField("weights", "Weights Q/P/A", "quality/price/age cover, e.g. 50/35/15", 20),
		textField("price-cap", "Price cap £/wk", "none", 20),
	}
	for _, f := range fs {
		switch f.key {
		case "council", "lot", "case", "initials", "dob", "start", "deadline":
			f.required = true
		}
	}
	s.form = &form{fields: fs}
	s.def = matching.Defaults{Weights: matching.DefaultWeights()}
	s.weightsEdited, s.capEdited, s.deadlineEdited, s.startEdited = false, false, false, false
	s.dirty, s.dlg, s.editID = false, nil, ""
	s.defaults.reset()
	s.saving.reset()
	f := s.form.byKey
	f("weights").setText(matching.DefaultWeights().String())
	if edit != nil {
		s.fill(*edit)
	} else if from != nil {
		f("council").setText(from.Council)
		f("lot").opts = lotOptions(from.Council)
		f("lot").setText(from.Lot)
		f("urgency").setText(string(from.Urgency))
		f("case").setText(from.CaseRef)
		f("initials").setText(from.Initials)
		f("dob").setText(matching.ShowDate(from.DOB))
		if !from.Start.Before(matching.Today(now)) {
			f("start").setText(matching.ShowDate(from.Start))
			s.startEdited = true
		}
		if from.Hours > 0 {
			f("hours").setText(strings.TrimSuffix(hoursText(from.Hours), " a week"))
		}
		f("needs").setText(strings.Join(from.Needs, ";"))
		f("risks").setText(strings.Join(from.Risks, ";"))
		f("locality").setText(from.Locality)
		f("summary").setText(from.Summary)
		f("weights").setText(from.Weights.String())
		if from.PriceCap > 0 {
			f("price-cap").setText(from.PriceCap.String())
		} else {
			f("price-cap").setText("none")
		}
		s.weightsEdited, s.capEdited = true, true
	}
	s.setDefaultDeadline()
	s.refreshNotes()
	if edit != nil {
		// Show at once what still stands in the way of broadcasting it.
		for _, fd := range s.form.fields {
			fd.touched = true
		}
		s.revalidate()
	}
	first := "council"
	switch {
	case f("council").value == "":
	case f("lot").value == "":
		first = "lot"
	default:
		first = "urgency"
	}
	s.form.focusKey(first)
}

// fill puts a draft's own values in the form, as the rules read them
// back (matching.InputOf), for editing: nothing is defaulted over them.
func (s *formScreen) fill(d matching.Request) {
	f := s.form.byKey
	in := matching.InputOf(d)
	f("council").setText(in.Council)
	f("lot").opts = lotOptions(in.Council)
	f("lot").setText(in.Lot)
	f("urgency").setText(in.Urgency)
	f("case").setText(in.CaseRef)
	f("initials").setText(in.Initials)
	f("dob").setText(in.DOB)
	f("start").setText(in.Start)
	f("deadline").setText(in.Deadline)
	f("hours").setText(in.Hours)
	f("needs").setText(in.Needs)
	f("risks").setText(in.Risks)
	f("locality").setText(in.Locality)
	f("summary").setText(in.Summary)
	weights := in.Weights
	if w, err := matching.ParseWeights(weights); err == nil {
		weights = w.String() // written as the form writes them
	}
	f("weights").setText(weights)
	f("price-cap").setText(in.PriceCap)
	s.weightsEdited, s.capEdited, s.deadlineEdited, s.startEdited = true, true, true, true
	s.editID = d.ID
}

func (s *formScreen) open(arg navArg) tea.Cmd {
	s.reset(arg.copyFrom, arg.edit)
	s.form.off = 0
	return s.loadDefaults()
}

func (s *formScreen) resume() tea.Cmd { return nil }

// setDefaultDeadline puts the deadline the urgency suggests, and a start
// date no earlier than the deadline's day (providers answer before the
// placement starts), in the fields the user has not typed in.
func (s *formScreen) setDefaultDeadline() {
	u, err := matching.ParseUrgency(s.form.byKey("urgency").value)
	if err != nil {
		u = matching.UrgencyPlanned
	}
	dl := matching.DefaultDeadline(u, s.c.now())
	if s.deadlineEdited {
		if t, err := matching.ParseTime(s.form.byKey("deadline").text()); err == nil {
			dl = t
		}
	} else {
		s.form.byKey("deadline").setText(matching.InputTime(dl))
	}
	if !s.startEdited {
		s.form.byKey("start").setText(matching.ShowDate(matching.Today(dl)))
	}
}

func (s *formScreen) loadDefaults() tea.Cmd {
	council, lot := s.form.byKey("council").value, s.form.byKey("lot").value
	if council == "" || lot == "" {
		return nil
	}
	svc := s.c.svc
	return s.defaults.start(s.c, func(ctx context.Context) (matching.Defaults, error) { return svc.Defaults(ctx, council, lot) })
}

// input is the form as matching reads it.
func (s *formScreen) input() matching.RequestInput {
	v := func(k string) string { return s.form.byKey(k).text() }
	return matching.RequestInput{
		Council: v("council"), Lot: v("lot"), CaseRef: v("case"), Initials: v("initials"),
		DOB: normDate(v("dob")), Start: normDate(v("start")), Deadline: v("deadline"), Urgency: v("urgency"),
		Hours: v("hours"), Needs: v("needs"), Risks: v("risks"), Locality: v("locality"), Summary: v("summary"),
		Weights: v("weights"), PriceCap: v("price-cap"),
	}
}

// normDate accepts a date typed the British way, 14/03/2009, as well as
// the ISO form the rules read.
func normDate(s string) string {
	t := strings.TrimSpace(s)
	parts := strings.Split(t, "/")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) == 0 || len(parts[0]) > 2 || len(parts[1]) == 0 || len(parts[1]) > 2 {
		return s
	}
	pad := func(x string) string {
		if len(x) == 1 {
			return "0" + x
		}
		return x
	}
	return parts[2] + "-" + pad(parts[1]) + "-" + pad(parts[0])
}

// problems are the form's problems as the rules see them.
func (s *formScreen) problems() matching.FieldErrors {
	_, err := matching.BuildRequest(s.input(), s.def, s.c.now())
	var fe matching.FieldErrors
	errors.As(err, &fe)
	return fe
}

func (s *formScreen) revalidate() { s.recheck(s.problems()) }

// refreshNotes updates what is shown beside the fields as they change.
func (s *formScreen) refreshNotes() {
	now := s.c.now()
	f := s.form.byKey
	dobNote := ""
	if dob, err := matching.ParseDate(normDate(f("dob").text())); err == nil && f("dob").text() != "" {
		on, label := matching.Today(now), "today"
		if st, err := matching.ParseDate(normDate(f("start").text())); err == nil {
			on, label = st, "on the start date"
		}
		if !dob.After(on) {
			dobNote = "age " + itoa(matching.AgeOn(dob, on)) + " " + label
		}
	}
	f("dob").note = dobNote
	dl := ""
	if t, err := matching.ParseTime(f("deadline").text()); err == nil {
		if t.After(now) {
			dl = "in " + countdown(t.Sub(now))
		}
		if !s.deadlineEdited {
			dl += " · the default for " + f("urgency").value
		}
	}
	f("deadline").note = dl
	f("start").note = ""
	if !s.startEdited {
		f("start").note = "the deadline's day, the earliest start it allows"
	}
	f("summary").note = "Providers read this: no names, initials, case references, schools or addresses."
	wn := ""
	if w, err := matching.ParseWeights(f("weights").text()); err == nil {
		wn = matching.WeightsWords(w)
		if w == s.def.Weights {
			wn += " (council default)"
		}
	}
	f("weights").note = wn
	cn := ""
	switch p := strings.TrimSpace(f("price-cap").text()); {
	case p == "" || strings.EqualFold(p, "none"):
		if p == "" && s.def.GuidePrice > 0 {
			cn = "the council's guide price, " + s.def.GuidePrice.String()
		} else {
			cn = "no cap: any weekly price is compliant"
		}
	default:
		if v, err := matching.ParseMoney(p); err == nil && v == s.def.GuidePrice {
			cn = "the council's guide price"
		}
	}
	f("price-cap").note = cn
}

func (s *formScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[matching.Defaults]:
		def, ok := s.defaults.take(s.c, msg)
		if !ok {
			return nil
		}
		s.def = def
		if !s.weightsEdited {
			s.form.byKey("weights").setText(def.Weights.String())
		}
		if !s.capEdited {
			cap := ""
			if def.GuidePrice > 0 {
				cap = def.GuidePrice.String()
			}
			s.form.byKey("price-cap").setText(cap)
		}
		s.refreshNotes()
		s.revalidate()
		return nil
	case loaded[matching.Request]:
		if !s.saving.fresh(msg) {
			return nil
		}
		if msg.err != nil {
			return s.refused(msg.err)
		}
		s.dirty = false
		// The list comes back to it, even if its filters would hide it.
		id := msg.val.ID
		s.c.lastRequest, s.c.showRequest = id, true
		if s.editID != "" {
			// Back where the edit began: the draft, or its preview.
			s.c.info("Draft " + id + " saved. Press b to see who it reaches and broadcast it.")
			return goBack
		}
		s.c.info("Draft " + id + " saved. Check who it reaches, then press b to broadcast.")
		return navTo(screenPreview, navArg{requestID: id}, true)
	case tea.WindowSizeMsg:
		s.scroll()
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *formScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, s.keys.Back):
		what := "What you typed in this request will be lost. Nothing has been saved."
		if s.editID != "" {
			what = "Your changes will be lost; the draft " + s.editID + " stays as it was."
		}
		return s.leave("Leave without saving?", what)
	case key.Matches(msg, s.keys.Save):
		return s.save()
	}
	left, changed, cmd := s.form.handle(msg, s.keys, s.c.bodyW)
	var cmds []tea.Cmd
	cmds = append(cmds, cmd)
	if changed != nil {
		s.dirty = true
		switch changed.key {
		case "council":
			lot := s.form.byKey("lot")
			lot.opts = lotOptions(changed.value)
			if !containsOption(lot.opts, lot.value) {
				lot.value = ""
			}
			lot.refilter()
			cmds = append(cmds, s.loadDefaults())
		case "lot":
			cmds = append(cmds, s.loadDefaults())
		case "urgency":
			s.setDefaultDeadline()
		case "deadline":
			s.deadlineEdited = true
			s.setDefaultDeadline()
		case "start":
			s.startEdited = true
		case "weights":
			s.weightsEdited = true
		case "price-cap":
			s.capEdited = true
		}
	}
	if left != nil {
		left.touched = true
		if left.key == "dob" || left.key == "start" {
			if n := normDate(left.text()); n != left.text() {
				left.setText(n)
			}
		}
	}
	if changed != nil || left != nil {
		s.refreshNotes()
		s.revalidate()
	}
	s.scroll()
	return tea.Batch(cmds...)
}

func containsOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.value == v {
			return true
		}
	}
	return false
}

func (s *formScreen) save() tea.Cmd {
	if s.saving.loading {
		return nil
	}
	for _, f := range s.form.fields {
		if f.key == "dob" || f.key == "start" {
			f.setText(normDate(f.text()))
		}
	}
	s.refreshNotes()
	if fe := s.problems(); len(fe) > 0 {
		return s.showProblems(fe)
	}
	svc, user, in, id := s.c.svc, s.c.user(), s.input(), s.editID
	return s.saving.start(s.c, func(ctx context.Context) (matching.Request, error) {
		if id != "" {
			return svc.EditDraft(ctx, user, id, func(p *matching.RequestInput) { *p = in })
		}
		return svc.NewRequest(ctx, user, in)
	})
}

func (s *formScreen) bindings() [][]key.Binding {
	if s.dlg != nil {
		return s.dlg.bindings(s.c.keys)
	}
	k := s.form.keys(s.keys)
	return [][]key.Binding{
		{k.Save, k.Next, k.Prev, k.Enter, k.ChoiceUp, k.ChoiceDn, k.Toggle, k.Back},
		{k.FieldUp, k.FieldDn},
	}
}

func (s *formScreen) view(w, h int) string {
	head := "Fields marked * are required · ctrl+s saves a draft you can broadcast next"
	if s.editID != "" {
		head = "Fields marked * are required · ctrl+s saves the draft; it is not sent yet"
	}
	if s.saving.loading {
		head = "Saving…"
	}
	return s.draw([]string{s.c.styles.Muted.Render(trunc(head, w)), ""}, w, h)
}
