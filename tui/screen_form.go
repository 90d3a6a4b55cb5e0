package tui

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// formScreen is the new request form: everything `request new` takes, each
// field checked by matching.BuildRequest as it is left. What is typed is
// saved as a draft as it is typed, from the first change once the form has
// its council and lot (svc.NewDraft, then svc.SaveDraft): leaving it, by
// esc, ctrl+c or a lost connection, loses nothing. It also edits a draft,
// filled from the draft and saved into it the same way.
type formScreen struct {
	formPage
	keys     FormKeys
	def      matching.Defaults
	defaults loader[matching.Defaults]
	// editID is the draft being edited; "" for a new request.
	editID string
	// urgent: the form was opened for an urgent request, its fields in the
	// order an urgent request is written.
	urgent bool
	// backToPreview: the edit began on the draft's preview, which ctrl+s
	// goes back to.
	backToPreview bool

	weightsEdited, capEdited, deadlineEdited, startEdited bool

	// saver saves this opening of the form's draft; a reply from an
	// earlier opening is dropped.
	saver *draftSaver
	// checking: ctrl+s found the form complete and waits for its last
	// change to be saved, to show who the draft reaches.
	checking bool
}

// draftSaved is a draft saved by a form's saver (or found with nothing
// new to save): its id, or why it could not be saved.
type draftSaved struct {
	saver *draftSaver
	then  afterSave
	id    string
	err   error
}

// afterSave is what the form does once its draft is saved.
type afterSave int

const (
	keepTyping afterSave = iota
	showReach            // ctrl+s: who it reaches
	leaveKept            // esc: back, saying the draft is kept
)

// draftSaver saves a form's changes to its draft in the order they were
// made. A change is queued (without waiting) as it is made; each save
// writes the newest change not yet written, one save at a time, so that a
// save overtaken by a later one writes nothing and the draft always ends
// as the form last stood. The first save makes the draft.
type draftSaver struct {
	run sync.Mutex // one save at a time
	mu  sync.Mutex // guards what follows
	id  string
	in  matching.RequestInput
	seq int // the newest change queued
	did int // the newest change saved
}

// queue records the form as it now stands, to be saved.
func (d *draftSaver) queue(in matching.RequestInput) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.in, d.seq = in, d.seq+1
}

// unsaved reports whether a change is queued and not yet saved.
func (d *draftSaver) unsaved() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seq > d.did
}

// draftID is the draft's id, "" until the first save.
func (d *draftSaver) draftID() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.id
}

// save writes the newest change not yet written, if any.
func (d *draftSaver) save(ctx context.Context, svc *service.Service, user string) (string, error) {
	d.run.Lock()
	defer d.run.Unlock()
	d.mu.Lock()
	id, in, seq, did := d.id, d.in, d.seq, d.did
	d.mu.Unlock()
	if seq <= did {
		return id, nil
	}
	var r matching.Request
	var err error
	if id == "" {
		r, err = svc.NewDraft(ctx, user, in)
	} else {
		r, err = svc.SaveDraft(ctx, user, id, in)
	}
	if err != nil {
		return id, err
	}
	d.mu.Lock()
	d.id, d.did = r.ID, seq
	d.mu.Unlock()
	return r.ID, nil
}

func newFormScreen(c *shared) *formScreen {
	s := &formScreen{formPage: formPage{c: c, headLines: 2}, keys: c.keys.Form}
	s.reset(nil, nil, false)
	return s
}

func (s *formScreen) title() string {
	if s.editID != "" {
		return "Edit draft " + s.editID
	}
	if s.urgent {
		return "New urgent request"
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
		out[i] = option{value: t, label: matching.TagWords(t)}
	}
	return out
}

// reset builds a fresh form, from a request to copy when given, or filled
// from a draft to edit; an urgent one is needed today, and its fields come
// in the order an urgent request is written.
func (s *formScreen) reset(from, edit *matching.Request, urgent bool) {
	now := s.c.now()
	// The council is the one the officer works for (--council, or
	// PLACEMATCH_COUNCIL), or the one the list shows.
	council := s.c.council
	if council == "" {
		council = s.c.opts.Council
	}
	urgency := string(matching.UrgencyPlanned)
	if urgent {
		urgency = string(matching.UrgencyToday)
	}
	fs := []*field{
		choiceField("council", "Council", councilOptions(false), council),
		choiceField("lot", "Lot", lotOptions(council), ""),
		choiceField("urgency", "Urgency", urgencyOptions(), urgency),
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
	if urgent {
		fs = urgentOrder(fs)
	}
	s.form = &form{fields: fs}
	s.def = matching.Defaults{Weights: matching.DefaultWeights()}
	s.weightsEdited, s.capEdited, s.deadlineEdited, s.startEdited = false, false, false, false
	s.dirty, s.dlg, s.editID, s.urgent, s.checking = false, nil, "", urgent, false
	s.saver = &draftSaver{}
	s.defaults.reset()
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
	s.saver.id = s.editID
	first := "council"
	switch {
	case f("council").value == "":
	case f("lot").value == "":
		first = "lot"
	case urgent:
		first = "case"
	default:
		first = "urgency"
	}
	s.form.focusKey(first)
}

// urgentOrder puts the fields in the order an urgent request is written:
// where and who, then what providers need to know, then what "today"
// already set (urgency, start, deadline) and what an urgent request
// rarely changes (hours, weights, price cap), out of the way at the end.
func urgentOrder(fs []*field) []*field {
	order := []string{"council", "lot", "case", "initials", "dob", "needs", "risks", "locality", "summary",
		"urgency", "deadline", "start", "hours", "weights", "price-cap"}
	by := map[string]*field{}
	for _, f := range fs {
		by[f.key] = f
	}
	out := make([]*field, 0, len(fs))
	for _, k := range order {
		if f, ok := by[k]; ok {
			out = append(out, f)
			delete(by, k)
		}
	}
	for _, f := range fs { // any field not named above keeps its place after
		if _, ok := by[f.key]; ok {
			out = append(out, f)
		}
	}
	return out
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
	s.reset(arg.copyFrom, arg.edit, arg.urgent)
	s.backToPreview = arg.fromPreview
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
		// The deadline's day, but never a day already past: a deadline
		// typed in the past is the one thing wrong, not the start too.
		start := matching.Today(dl)
		if today := matching.Today(s.c.now()); start.Before(today) {
			start = today
		}
		s.form.byKey("start").setText(matching.ShowDate(start))
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
	case draftSaved:
		return s.saved(msg)
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
	if s.checking {
		return nil // ctrl+s waits for its save
	}
	switch {
	case key.Matches(msg, s.keys.Back):
		return s.back()
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
	if changed != nil {
		cmds = append(cmds, s.queueSave(keepTyping))
	}
	s.scroll()
	return tea.Batch(cmds...)
}

// keepable reports whether the form can be kept as a draft: it has its
// council and lot.
func (s *formScreen) keepable() bool {
	return s.form.byKey("council").value != "" && s.form.byKey("lot").value != ""
}

// queueSave queues the form as it stands to be saved into its draft, and
// saves it; then is what to do once it is saved. nil when the form
// cannot be kept yet.
func (s *formScreen) queueSave(then afterSave) tea.Cmd {
	if !s.keepable() {
		return nil
	}
	s.saver.queue(s.input())
	return s.saveCmd(then)
}

// saveCmd saves what the saver holds, off the event loop.
func (s *formScreen) saveCmd(then afterSave) tea.Cmd {
	saver, ctx, svc, user := s.saver, s.c.ctx, s.c.svc, s.c.user()
	return func() tea.Msg {
		id, err := saver.save(ctx, svc, user)
		return draftSaved{saver: saver, then: then, id: id, err: err}
	}
}

// flush saves what has not been saved yet, before the app quits (ctrl+c):
// it blocks until the draft holds the form as it stands. nil when all is
// saved.
func (s *formScreen) flush() func() {
	if s.saver == nil || !s.saver.unsaved() {
		return nil
	}
	saver, ctx, svc, user := s.saver, s.c.ctx, s.c.svc, s.c.user()
	return func() { _, _ = saver.save(ctx, svc, user) }
}

// saved takes a save's reply.
func (s *formScreen) saved(msg draftSaved) tea.Cmd {
	if msg.saver != s.saver {
		return nil // from an earlier opening of the form
	}
	if msg.err != nil {
		s.checking = false
		var fe matching.FieldErrors
		if msg.then != keepTyping && errors.As(msg.err, &fe) {
			s.problemsLead = "Not saved: "
			return s.showProblems(fe)
		}
		s.c.fail(errors.New("The draft could not be saved: " + strings.TrimSuffix(msg.err.Error(), ".") + ". What you typed is still here, and is saved with your next change."))
		return nil
	}
	id := msg.id
	switch msg.then {
	case showReach:
		s.checking = false
		if s.saver.unsaved() {
			return s.saveCmd(showReach) // a change made while it saved
		}
		s.dirty = false
		// The list comes back to it, even if its filters would hide it.
		s.c.lastRequest, s.c.showRequest = id, true
		if s.backToPreview {
			// Back to the preview the edit began on, which works out again
			// who the draft reaches.
			s.c.info("Draft " + id + " saved: below is who it reaches now. b broadcasts it.")
			return goBack
		}
		s.c.info("Draft " + id + " saved. Check who it reaches, then press b to broadcast.")
		return navTo(screenPreview, navArg{requestID: id}, true)
	case leaveKept:
		if s.saver.unsaved() {
			return s.saveCmd(leaveKept)
		}
		s.dirty = false
		s.c.lastRequest, s.c.showRequest = id, true
		s.c.info(matching.DraftKeptWords(id, s.missing()))
		return goBack
	case keepTyping:
	}
	return nil
}

// missing names the required fields the form still lacks, as people call
// them.
func (s *formScreen) missing() []string {
	var out []string
	for _, f := range s.form.fields {
		if f.required && f.key != "council" && f.key != "lot" && strings.TrimSpace(f.text()) == "" {
			out = append(out, strings.ToLower(f.label))
		}
	}
	return out
}

// back leaves the form. Whatever was typed is kept in its draft, and the
// status line says so; only a form with no lot yet, which cannot be kept,
// asks first, and only y leaves it.
func (s *formScreen) back() tea.Cmd {
	switch {
	case !s.dirty:
		return goBack
	case s.keepable():
		return s.queueSave(leaveKept)
	}
	s.dlg = confirmDialog("discard", "Leave this request?",
		"Nothing can be kept until the council and lot are chosen: what you typed will be lost. Choose them and it is kept as a draft as you type.")
	s.dlg.danger, s.dlg.yOnly = true, true
	s.dlg.hint = "y: leave, losing it · n or esc: stay"
	return nil
}

func containsOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.value == v {
			return true
		}
	}
	return false
}

// save is ctrl+s: the form is checked whole; complete, its draft is saved
// and the screen shows who it reaches. Incomplete, the draft is kept as it
// stands and the fields that need attention are shown.
func (s *formScreen) save() tea.Cmd {
	for _, f := range s.form.fields {
		if f.key == "dob" || f.key == "start" {
			f.setText(normDate(f.text()))
		}
	}
	s.refreshNotes()
	if fe := s.problems(); len(fe) > 0 {
		s.problemsLead = "Not saved: "
		if !s.keepable() {
			return s.showProblems(fe)
		}
		// Kept as it stands: only the broadcast needs it complete.
		s.problemsLead = "Kept as a draft; before it can be broadcast, "
		return tea.Batch(s.showProblems(fe), s.queueSave(keepTyping))
	}
	s.checking = true
	return s.queueSave(showReach)
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
	head := "* required · kept as a draft as you type · ctrl+s: who it reaches"
	if id := s.saver.draftID(); id != "" {
		head = "* required · kept as draft " + id + " as you type · ctrl+s: who it reaches"
	}
	if s.checking {
		head = "Saving…"
	}
	return s.draw([]string{s.c.styles.Muted.Render(trunc(head, w)), ""}, w, h)
}
