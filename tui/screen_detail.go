package tui

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"placematch/matching"
	"placematch/service"
)

// detailScreen is one request: the profile exactly as providers see it,
// who was invited and whether they answered (never what, while sealed),
// the timeline, and the actions its status allows.
type detailScreen struct {
	dialogPage
	keys DetailKeys
	show loader[service.Detail]
	d    *service.Detail
	// drawn are the page's lines for a detail, a width and the second
	// they were drawn in: a request of a region lists thousands of
	// providers not invited, too many to lay out again for each key.
	drawn struct {
		d     *service.Detail
		w     int
		at    time.Time
		lines *pageLines
	}
}

func newDetailScreen(c *shared) *detailScreen {
	return &detailScreen{dialogPage: dialogPage{c: c}, keys: c.keys.Detail}
}

func (s *detailScreen) title() string { return "Request " + s.id }

func (s *detailScreen) open(arg navArg) tea.Cmd {
	if s.openOn(arg.requestID) {
		s.d = nil
	}
	s.show.reset()
	s.c.lastRequest = s.id
	return s.load()
}

func (s *detailScreen) resume() tea.Cmd { return s.load() }

func (s *detailScreen) load() tea.Cmd {
	svc, id, user := s.c.svc, s.id, s.c.user()
	return s.show.start(s.c, func(ctx context.Context) (service.Detail, error) { return svc.ShowPage(ctx, user, id) })
}

func (s *detailScreen) status() matching.Status {
	if s.d == nil {
		return -1
	}
	return s.d.Request.Status
}

func (s *detailScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.Detail]:
		d, ok := s.show.take(s.c, msg)
		if !ok {
			return nil
		}
		s.d = &d
		s.c.dueDetail = time.Time{}
		if s.d.Request.Status == matching.StatusOpen {
			s.c.dueDetail = s.d.Request.Deadline
		}
		return nil
	case actionDone:
		if !s.acted(msg) {
			return nil
		}
		// An extension, a cancellation or a close tells the providers now.
		return tea.Batch(s.load(), sendNow)
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

func (s *detailScreen) actionKeys() DetailKeys {
	k := s.keys
	st := s.status()
	shown := s.d != nil
	// Which steps a status allows is matching's rule, asked here.
	k.Broadcast.SetEnabled(st.Allows(matching.StepBroadcast))
	k.Edit.SetEnabled(shown && st.Allows(matching.StepEdit))
	k.Offer.SetEnabled(shown && st.Allows(matching.StepLogAnswer) && s.d.Sealed)
	k.Extend.SetEnabled(st.Allows(matching.StepExtend))
	k.Close.SetEnabled(st.Allows(matching.StepCloseEarly))
	k.Cancel.SetEnabled(st.Allows(matching.StepCancel))
	k.Rank.SetEnabled(shown && st.Allows(matching.StepRank))
	k.Copy.SetEnabled(shown)
	k.Resend.SetEnabled(shown && !s.d.Request.BroadcastAt.IsZero())
	k.Note.SetEnabled(shown)
	k.MoveStart.SetEnabled(shown && st.Allows(matching.StepMoveStart))
	k.CopyID.SetEnabled(s.id != "")
	k.Report.SetEnabled(shown && !s.d.Sealed && s.d.Opened())
	k.ViewReport.SetEnabled(k.Report.Enabled())
	return k
}

func (s *detailScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.actionKeys()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Broadcast):
		return navTo(screenPreview, navArg{requestID: s.id}, false)
	case key.Matches(msg, k.Edit):
		r := s.d.Request
		return navTo(screenForm, navArg{requestID: r.ID, edit: &r}, false)
	case key.Matches(msg, k.Offer):
		d := *s.d
		return navTo(screenOffer, navArg{requestID: s.id, detail: &d}, false)
	case key.Matches(msg, k.Rank):
		return navTo(screenRanking, navArg{requestID: s.id, status: s.status()}, false)
	case key.Matches(msg, k.Copy):
		r := s.d.Request
		return navTo(screenForm, navArg{copyFrom: &r}, false)
	case key.Matches(msg, k.Extend):
		r := s.d.Request
		s.dlg = promptDialog("extend", "Extend the deadline of "+r.ID,
			[]string{"The deadline is " + matching.ShowTime(r.Deadline) + ". It can only move later, and no later than the start date, " + matching.ShowDate(r.Start) + "; providers keep what they sent. London time, e.g. " + matching.ShowTime(r.Deadline.Add(time.Hour)) + "."},
			field1("New deadline", "YYYY-MM-DD HH:MM", matching.InputTime(r.Deadline), 25))
		return nil
	case key.Matches(msg, k.Close):
		s.dlg = promptDialog("close", "Close "+s.id+" early",
			[]string{"No more answers will be taken on time; the close time becomes the deadline. The reason goes in the record.",
				providersRead},
			field1("Reason", "e.g. enough offers to decide; needed sooner", "", matching.MaxReason))
		s.dlg.danger = true
		return nil
	case key.Matches(msg, k.Resend):
		s.dlg = promptDialog("resend", "Mail "+s.id+" again",
			[]string{"Messages that never went are queued again, to the email the register now gives (add a missing one to the register first: i on the providers screen).",
				"Name one invited provider, by its name or id, to send it every message of this request again, sent or not (it says they never came). Blank: every unsent message."},
			field1("Provider", "name or id; blank: every unsent message", "", 60))
		return nil
	case key.Matches(msg, k.Cancel):
		body := []string{"The request ends and no provider can answer it. This cannot be undone. The reason goes in the record."}
		if s.status() != matching.StatusDraft {
			body = append(body, providersRead)
		}
		s.dlg = promptDialog("cancel", "Cancel "+s.id, body,
			field1("Reason", "e.g. placed within the family; need ended", "", matching.MaxReason))
		s.dlg.danger = true
		return nil
	case key.Matches(msg, k.MoveStart):
		s.dlg = moveStartDialog(s.d.Request)
		return nil
	case key.Matches(msg, k.CopyID):
		s.c.info(copiedWords(s.id))
		return copyText(s.id)
	case key.Matches(msg, k.Report):
		s.dlg = reportDialog(s.id)
		return nil
	case key.Matches(msg, k.ViewReport):
		return navTo(screenReport, navArg{requestID: s.id}, false)
	case key.Matches(msg, k.Note):
		s.dlg = promptDialog("note", "A note on "+s.id, []string{matching.NoteForTheRecord},
			field1("Note", "e.g. phoned the provider; visit on Tuesday", "", matching.MaxNote))
		return nil
	}
	s.scroll.move(msg, k.ScrollKeys, s.page(s.c.bodyW).len(), s.c.bodyH)
	return nil
}

func (s *detailScreen) submit() tea.Cmd {
	d := s.dlg
	ctx, svc, id, user := s.c.ctx, s.c.svc, s.id, s.c.user()
	var run func() (string, error)
	switch d.action {
	case "extend":
		t, err := matching.ParseTime(d.value(0))
		if err != nil {
			d.err = err.Error()
			return nil
		}
		run = func() (string, error) {
			return "Deadline moved to " + matching.ShowTime(t) + ".", svc.Extend(ctx, user, id, t)
		}
	case "close":
		reason := d.value(0)
		run = func() (string, error) {
			return id + " closed early; every invited provider is told.", svc.Close(ctx, user, id, reason)
		}
	case "cancel":
		reason := d.value(0)
		run = func() (string, error) { return id + " cancelled.", svc.Cancel(ctx, user, id, reason) }
	case "resend":
		provider := strings.TrimSpace(d.value(0))
		if provider != "" && s.d != nil {
			a, err := s.d.InvitedAs(provider)
			if err != nil {
				d.err = err.Error()
				return nil
			}
			provider = a.ProviderID
		}
		run = func() (string, error) {
			res, err := svc.Resend(ctx, id, provider)
			return resentWords(res), err
		}
	case "move-start":
		start, err := matching.ParseDate(d.value(0))
		if err != nil {
			d.err = err.Error()
			return nil
		}
		reason := d.value(1)
		run = func() (string, error) {
			return "Start date moved to " + matching.ShowDate(start) + "; every invited provider is told.", svc.MoveStart(ctx, user, id, start, reason)
		}
	case "report":
		path := d.value(0)
		run = func() (string, error) { return saveReport(ctx, svc, user, id, path) }
	case "note":
		text := d.value(0)
		run = func() (string, error) {
			return "Note kept on " + id + ": for the record only, never shown to providers.", svc.Note(ctx, user, id, text)
		}
	default:
		s.dlg = nil
		return nil
	}
	return s.act(run)
}

// resentWords says what a resend queued, and whom to phone.
func resentWords(res service.Resent) string {
	text := matching.Plural(res.Waiting, "message", "messages") + " waiting to be sent."
	if n := len(res.ToPhone); n > 0 {
		var who []string
		for _, u := range res.ToPhone[:min(n, 3)] {
			phone := u.Phone
			if phone == "" {
				phone = "(no phone on the register)"
			}
			who = append(who, clean(u.ProviderName)+" "+clean(phone))
		}
		if n > 3 {
			who = append(who, "and "+matching.Thousands(n-3)+" more")
		}
		text += " Still no email, to phone: " + strings.Join(who, ", ") + "."
	}
	return text
}

func (s *detailScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		return [][]key.Binding{
			{k.Broadcast, k.Edit, k.Offer, k.Rank, k.Extend, k.Close, k.Cancel, k.Copy, k.Resend, k.Note, k.Back, k.MoveStart, k.Report, k.ViewReport, k.CopyID},
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Refresh},
		}
	})
}

// headline says where the request stands and what it needs next.
func (s *detailScreen) headline(w int) []string {
	st := s.c.styles
	r := s.d.Request
	now := s.c.now()
	top := r.ID + " · " + matching.StatusWords(r.Status) + " · " + string(r.Urgency) + " · " + councilName(r.Council) + " · " + r.Lot
	var first string
	if r.Urgency == matching.UrgencyToday && !r.Status.Final() {
		first = st.Urgent.Render(trunc("! "+top, w))
	} else {
		first = st.Strong.Render(trunc(top, w))
	}
	ans := itoa(s.d.AnsweredCount()) + " of " + itoa(len(s.d.Answers)) + " answered"
	var next string
	switch r.Status {
	case matching.StatusDraft:
		next = "Draft: not sent yet. Press b to see who it reaches and broadcast it, e to edit."
		if missing := r.Missing(); len(missing) > 0 {
			next = "Draft, unfinished: it still needs the " + matching.JoinWords(missing, "and") + " before it can be broadcast. Press e to carry on."
		}
	case matching.StatusOpen:
		left := r.Deadline.Sub(now)
		switch {
		case left > 0 && s.d.AllAnswered():
			// It stays open: providers were promised they could revise
			// until the deadline. The officer decides.
			next = "Open until " + matching.ShowTime(r.Deadline) + " (in " + countdown(left) + ") · " + upperFirst(matching.AllAnsweredWords(len(s.d.Answers))) +
				": c closes now, with a reason; otherwise it stays open for revisions until the deadline."
		case left > 0:
			next = "Open: closes " + matching.ShowTime(r.Deadline) + " (in " + countdown(left) + ") · " + ans + ". Answers stay sealed until the offers are opened."
		default:
			next = "Open: the deadline " + matching.ShowTime(r.Deadline) + " has passed; closing… · " + ans
		}
	case matching.StatusClosed:
		next = upperFirst(clean(s.d.ClosedWords())) + " · " + ans + ". Offers are sealed: press r to open them and rank."
	case matching.StatusOpened:
		next = "Offers opened " + matching.ShowTime(r.OpenedAt) + ". Press r for the ranking and the award."
	case matching.StatusAwarded:
		next = "Awarded to " + s.providerName(r.AwardedTo) + " on " + matching.ShowTime(r.EndedAt) + "."
		if r.EndReason != "" {
			next += " Reason: " + clean(r.EndReason)
		}
	case matching.StatusNoAward:
		next = "Ended without award on " + matching.ShowTime(r.EndedAt) + ". Reason: " + clean(r.EndReason)
		if r.SpotPurchase != "" {
			next += " · Spot purchase: " + clean(r.SpotPurchase)
		}
	case matching.StatusCancelled:
		next = "Cancelled on " + matching.ShowTime(r.EndedAt) + ". Reason: " + clean(r.EndReason)
	}
	out := []string{first}
	out = append(out, wrap(next, w)...)
	given := func(v string) string {
		if v == "" {
			return "not given yet"
		}
		return v
	}
	private := "Private, never shown to providers: case " + given(clean(r.CaseRef)) + " · initials " + given(clean(r.Initials)) + " · born " + given(matching.ShowDate(r.DOB))
	if n := len(s.d.Notes); n > 0 {
		private += " · " + matching.Plural(n, "note", "notes") + " for the record below"
	}
	for _, l := range wrap(private, w) {
		out = append(out, st.Muted.Render(l))
	}
	return out
}

func (s *detailScreen) providerName(id string) string {
	for _, a := range s.d.Answers {
		if a.ProviderID == id {
			return clean(a.ProviderName) + " (" + clean(id) + ")"
		}
	}
	return clean(id)
}

// profileLines are the request exactly as providers see it: built from
// matching.ProfileOf, which holds nothing that identifies the young person.
func profileLines(st Styles, title string, p matching.Profile, now time.Time, w int) []string {
	out := []string{section(st, title, w)}
	lw := 13
	row := func(label, value string) { out = append(out, labelled(st, "  "+label, lw, value, w)...) }
	row("Request", clean(p.RequestID)+" from "+councilName(p.Council))
	row("Lot", clean(p.Framework)+" / "+clean(p.Lot))
	age := itoa(p.Age) + " on the start date"
	if p.Age == 0 && p.Status == matching.StatusDraft.String() {
		age = "not known until the date of birth and start date are given"
	}
	row("Age", age)
	locality := clean(p.Locality)
	if locality == "" {
		locality = "not given"
	}
	row("Locality", locality)
	row("Urgency", string(p.Urgency))
	row("Start", clean(p.Start))
	dl := matching.ShowTime(p.Deadline)
	if d := p.Deadline.Sub(now); d > 0 && p.Status == "open" {
		dl += " (in " + countdown(d) + ")"
	}
	row("Deadline", dl)
	row("Hours", hoursText(p.Hours))
	row("Needs", tagsText(p.Needs))
	row("Risks", tagsText(p.Risks))
	summary := strings.TrimSpace(cleanBlock(p.Summary))
	if summary == "" {
		summary = "none"
	}
	row("Summary", summary)
	row("Weights", matching.WeightsWords(p.Weights))
	row("Price cap", capText(p.PriceCap))
	return out
}

// answerLine is an invited provider's line on the request's page: its
// name and where its answer stands.
func answerLine(st Styles, r matching.Request, a service.Answer, nameW, w int) string {
	var state string
	switch {
	case !a.Answered && r.Status == matching.StatusOpen:
		state = st.Muted.Render("no answer yet")
	case !a.Answered:
		state = st.Muted.Render("no answer")
	case a.Offer == nil:
		state = "answered " + matching.ShowTime(a.Received)
		if a.Late {
			state = st.Warn.Render("answered late " + matching.ShowTime(a.Received))
		}
	case a.Offer.Declined:
		state = "declined: " + clean(a.Offer.DeclineReason)
	case a.Offer.Withdrawn:
		state = "withdrew " + a.Offer.WeeklyPence.String() + "/wk"
	default:
		state = a.Offer.WeeklyPence.String() + "/wk"
		if a.Offer.CoverUntil > 0 {
			state += ", cover to " + itoa(a.Offer.CoverUntil)
		}
		if a.Late {
			state += st.Warn.Render(" (late)")
		}
	}
	return trunc("  "+fit(clean(a.ProviderName), nameW)+" "+state, w)
}

// answerContactLine is how to reach an invited provider, under its line:
// in warning colours when only a phone will do.
func answerContactLine(st Styles, a service.Answer, w int) string {
	contact := "    " + clean(matching.ProviderContactWords(a.Email, a.Phone))
	if matching.ToPhone(a.Email) {
		return trunc(st.Warn.Render(contact), w)
	}
	return trunc(st.Muted.Render(contact), w)
}

// answerLines are who was invited, and whether they answered, and who
// was not, and why: a region's request lists thousands, so each row's
// lines are made only when seen (the not-invited rows' reasons, of which
// there are a handful of texts, are laid out once each).
func (s *detailScreen) answerLines(w int) *pageLines {
	st := s.c.styles
	d := s.d
	r := d.Request
	out := &pageLines{}
	if r.BroadcastAt.IsZero() {
		out.add(section(st, "Invited providers", w), st.Muted.Render("  Not broadcast yet."))
		return out
	}
	out.add(section(st, "Invited ("+itoa(d.AnsweredCount())+" of "+itoa(len(d.Answers))+" answered)", w))
	if len(d.Answers) == 0 {
		out.add(st.Muted.Render("  nobody was eligible"))
	}
	nameW := min(44, max(10, w*45/100))
	answers := d.AnswersToRead()
	// Two lines each: the answer, and how to reach the provider.
	out.addLazy(2*len(answers), func(i int) string {
		if i%2 == 1 {
			return answerContactLine(st, answers[i/2], w)
		}
		return answerLine(st, r, answers[i/2], nameW, w)
	})
	if len(d.NotInvited) > 0 {
		out.add("", section(st, "Not invited ("+matching.Thousands(len(d.NotInvited))+")", w))
		if c := notInvitedCounts(d.NotInvited, r.Council); c != "" {
			out.add(indentLines(wrap(c, w-2), "  ", w)...)
		}
		s.notInvitedLines(out, nameW, w)
	}
	return out
}

// renderOnce is style's Render, each text styled once and kept: a
// region's request leaves thousands out for a handful of reasons.
func renderOnce(style lipgloss.Style) func(...string) string {
	styled := map[string]string{}
	return func(ss ...string) string {
		k := strings.Join(ss, " ")
		v, ok := styled[k]
		if !ok {
			v = style.Render(ss...)
			styled[k] = v
		}
		return v
	}
}

// notInvitedLines adds the providers not invited, each its name and its
// reasons wrapped under themselves, made when seen. A region's request
// leaves thousands out for a handful of reasons: each text of reasons is
// styled and wrapped once, under a blank name, and a row is its name and
// those lines.
func (s *detailScreen) notInvitedLines(out *pageLines, nameW, w int) {
	st := s.c.styles
	council := councilName(s.d.Request.Council)
	list := s.d.NotInvited
	left := notInvitedOrderOf(list)
	lw := 2 + nameW + 1
	blank := strings.Repeat(" ", lw)
	muted := renderOnce(st.Muted)
	var tails [][]string     // the lines of each text of reasons, under a blank name
	seen := map[string]int{} // a row's reasons, status and date: its tail
	tail := make([]int32, len(left))
	ends := make([]int, len(left)) // ends[k]: the line after row k's
	var key []byte
	n := 0
	for k, at := range left {
		ni := &list[at]
		key = key[:0]
		for _, r := range ni.Reasons {
			key = append(append(key, r...), ',')
		}
		key = append(append(append(append(key, '|'), ni.Status...), '|'), ni.AdmittedOn...)
		t, ok := seen[string(key)]
		if !ok {
			t = len(tails)
			seen[string(key)] = t
			tails = append(tails, hanging(blank, strings.Join(ni.ReasonsWords(council), "; "), w, muted))
		}
		tail[k] = int32(t)
		n += len(tails[t])
		ends[k] = n
	}
	out.addLazy(n, func(i int) string {
		k := sort.SearchInts(ends, i+1)
		first := 0
		if k > 0 {
			first = ends[k-1]
		}
		lines := tails[tail[k]]
		if i > first {
			return lines[i-first]
		}
		return "  " + fit(clean(list[left[k]].ProviderName), nameW) + " " + lines[0][lw:]
	})
}

func (s *detailScreen) timelineLines(w int) []string {
	st := s.c.styles
	out := []string{section(st, "Timeline", w)}
	actorW := 4
	for _, e := range s.d.Timeline {
		actorW = max(actorW, min(16, width(clean(e.Actor))))
	}
	for _, e := range s.d.Timeline {
		head := "  " + matching.ShowTime(e.At) + "  " + fit(clean(e.Actor), actorW) + "  "
		body := wrap(clean(s.d.TimelineEvent(e)), max(10, w-width(head)))
		for i, b := range body {
			if i == 0 {
				out = append(out, trunc(st.Muted.Render(head)+b, w))
			} else {
				out = append(out, trunc(strings.Repeat(" ", width(head))+b, w))
			}
		}
	}
	return out
}

// lines is the whole page, its long lists made only where they are seen;
// wide terminals put the profile and the providers side by side.
func (s *detailScreen) lines(w int) *pageLines {
	st := s.c.styles
	out := &pageLines{}
	if s.d == nil {
		if s.show.err != nil {
			out.add(wrap(clean(s.show.err.Error()), w)...)
			return out
		}
		out.add(st.Muted.Render("Loading " + s.id + "…"))
		return out
	}
	out.add(s.headline(w)...)
	out.add("")
	now := s.c.now()
	if w >= 120 {
		lw := (w - 3) / 2
		rw := w - 3 - lw
		left := profileLines(st, "What providers see", s.d.Profile, now, lw)
		right := s.answerLines(rw)
		pad := fit("", lw)
		out.addLazy(max(len(left), right.len()), func(i int) string {
			l := pad
			if i < len(left) {
				l = fit(left[i], lw)
			}
			var r string
			if i < right.len() {
				r = right.line(i)
			}
			return l + "   " + trunc(r, rw)
		})
	} else {
		out.add(profileLines(st, "What providers see", s.d.Profile, now, w)...)
		out.add("")
		out.addPage(s.answerLines(w))
	}
	out.add("")
	if len(s.d.Notes) > 0 {
		out.add(s.noteLines(w)...)
		out.add("")
	}
	out.add(s.timelineLines(w)...)
	return out
}

// providersRead says, in a dialog asking for a reason providers will read,
// what must stay out of it and where it goes instead.
const providersRead = matching.ProvidersReadReason + " What the file needs goes in a note (w on the request)."

// noteLines are the request's notes for the record: the officers' own,
// never shown to providers.
func (s *detailScreen) noteLines(w int) []string {
	st := s.c.styles
	out := []string{section(st, "Notes for the record ("+itoa(len(s.d.Notes))+", never shown to providers)", w)}
	actorW := 4
	for _, n := range s.d.Notes {
		actorW = max(actorW, min(16, width(clean(n.Actor))))
	}
	for _, n := range s.d.Notes {
		head := "  " + matching.ShowTime(n.At) + "  " + fit(clean(n.Actor), actorW) + "  "
		for i, b := range wrap(clean(n.Text), max(10, w-width(head))) {
			if i == 0 {
				out = append(out, trunc(st.Muted.Render(head)+b, w))
			} else {
				out = append(out, trunc(strings.Repeat(" ", width(head))+b, w))
			}
		}
	}
	return out
}

// page is lines(w), drawn again only when the detail or the width
// changes, or, while the request is open, the second its countdowns show
// (nothing else on the page depends on the time).
func (s *detailScreen) page(w int) *pageLines {
	var at time.Time
	if s.d != nil && s.d.Request.Status == matching.StatusOpen {
		at = s.c.now().Truncate(time.Second)
	}
	if s.d == nil || s.drawn.d != s.d || s.drawn.w != w || !s.drawn.at.Equal(at) {
		s.drawn.d, s.drawn.w, s.drawn.at, s.drawn.lines = s.d, w, at, s.lines(w)
	}
	return s.drawn.lines
}

func (s *detailScreen) view(w, h int) string { return s.drawPage(s.page(w), w, h) }
