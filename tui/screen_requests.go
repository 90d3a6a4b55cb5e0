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

// statusView is one setting of the requests list's status filter.
type statusView struct {
	label    string
	statuses []matching.Status
}

func statusViews() []statusView {
	out := []statusView{
		{"all", nil},
		{"active", []matching.Status{matching.StatusDraft, matching.StatusOpen, matching.StatusClosed, matching.StatusOpened}},
	}
	for _, s := range matching.Statuses() {
		out = append(out, statusView{matching.StatusWords(s), []matching.Status{s}})
	}
	return out
}

func (v statusView) has(s matching.Status) bool {
	if len(v.statuses) == 0 {
		return true
	}
	for _, x := range v.statuses {
		if x == s {
			return true
		}
	}
	return false
}

// defaultFirstPage is how many of the newest requests the list asks for
// when it has nothing to show yet: a screenful and more, read in a few
// milliseconds, so that the list appears at once even on a region of
// 50,000; the whole list follows in the background.
const defaultFirstPage = 300

// firstPage is how many requests the list reads first (tests set fewer).
func (c *shared) firstPage() int {
	if c.opts.firstPage > 0 {
		return c.opts.firstPage
	}
	return defaultFirstPage
}

// requestsPage is what one read of the list brings.
type requestsPage struct {
	rows []service.RequestSummary
	// partial: rows are the newest firstPage only, and there are more.
	partial bool
	// facts are worked out from rows where they were read, off the app's
	// event loop (nil: by the screen when it takes them).
	facts *listFacts
	// mark is where the whole list read stands in the audit trail (zero
	// for a first page); with changes, rows are only the requests changed
	// since the list's mark, to put in place in the rows held.
	mark    service.ListMark
	changes bool
}

// listFacts are what the list works out from its rows once: its search
// index, how many are urgent, the earliest open deadline.
type listFacts struct {
	search  searchText
	nUrgent int
	due     time.Time
}

func factsOf(rows []service.RequestSummary) *listFacts {
	f := &listFacts{search: newSearchText(rows)}
	for _, r := range rows {
		if r.Status == matching.StatusOpen && (f.due.IsZero() || r.Deadline.Before(f.due)) {
			f.due = r.Deadline
		}
		if urgent(r) {
			f.nUrgent++
		}
	}
	return f
}

// requestsScreen is the list of a council's requests, each with what it
// needs next.
type requestsScreen struct {
	c    *shared
	keys RequestsKeys
	list loader[requestsPage]
	// count says whether the register has any row (0 or 1).
	count  loader[int]
	loaded bool
	// partial: rows are the newest firstPage requests, shown while the
	// whole list loads.
	partial bool
	rows    []service.RequestSummary
	search  searchText
	visible []int32 // indexes into rows
	// steps are the rows shown for the filter texts typed so far, each
	// part of the next, for the current rows and status view: typing more
	// looks again only at the rows shown, and erasing goes back a step.
	steps   filterSteps
	nUrgent int
	views   []statusView
	sview   int
	nav     listNav
	filter  filterBar
	picker  *picker
	nProv   int // -1 until known; then 0 (no register yet) or 1 (some)
	// sort is the order shown (an index of requestSorts); order is the
	// rows in it, worked out when first needed (nil in the loaded order).
	sorts []requestSort
	sort  int
	order []int32
	// mark is where the rows held stand in the audit trail: a reload reads
	// only what changed since (zero: the whole list). due is the rows'
	// earliest open deadline (the app's clock sweeps then).
	mark service.ListMark
	due  time.Time
}

// filterSteps are the rows a list showed for each filter text typed, the
// first for no text; each text is part of the next.
type filterSteps struct {
	sview int
	steps []filterStep
}

type filterStep struct {
	q    string
	rows []int32
}

// maxFilterSteps bounds the steps kept: a long filter typed a character at
// a time keeps the first and the last few.
const maxFilterSteps = 24

func newRequestsScreen(c *shared) *requestsScreen {
	return &requestsScreen{c: c, keys: c.keys.Requests, views: statusViews(), filter: newFilterBar("words of an id, council, lot, place or need"), nProv: -1,
		sorts: requestSorts()}
}

func (s *requestsScreen) title() string { return "Requests" }

func (s *requestsScreen) typing() bool { return s.filter.editing || s.picker != nil }

func (s *requestsScreen) modal() bool { return s.picker != nil }

func (s *requestsScreen) open(navArg) tea.Cmd { return s.load() }

func (s *requestsScreen) resume() tea.Cmd { return s.load() }

// load reads the list: with nothing on screen yet, the newest page first
// and then the whole list; with a list shown, the whole list, which
// replaces it when it comes.
func (s *requestsScreen) load() tea.Cmd {
	limit := s.c.firstPage()
	if s.loaded {
		limit = 0
	}
	fetch := s.fetch(limit)
	if s.loaded && !s.partial && s.mark.Seq != 0 {
		fetch = s.fetchSince(s.mark)
	}
	cmds := []tea.Cmd{s.list.start(s.c, fetch)}
	if s.nProv <= 0 {
		svc := s.c.svc
		cmds = append(cmds, s.count.start(s.c, func(ctx context.Context) (int, error) {
			// Whether the register is empty: one row says it is not.
			ps, err := svc.Providers(ctx, service.ProviderFilter{Limit: 1})
			return len(ps), err
		}))
	}
	return tea.Batch(cmds...)
}

// fetch reads the newest limit requests (0: all of them).
func (s *requestsScreen) fetch(limit int) func(context.Context) (requestsPage, error) {
	svc, council := s.c.svc, s.c.council
	return func(ctx context.Context) (requestsPage, error) {
		// With the mark a reload reads since, when the rows are all.
		ch, err := svc.RequestsSince(ctx, service.RequestFilter{Council: council, Limit: limit}, service.ListMark{})
		if err != nil {
			return requestsPage{}, err
		}
		rows := ch.Rows
		page := requestsPage{rows: rows, partial: limit > 0 && len(rows) >= limit, facts: factsOf(rows)}
		if !page.partial {
			page.mark = ch.Mark
		}
		return page, nil
	}
}

func (s *requestsScreen) listHeight() int { return max(1, s.c.bodyH-s.chromeLines()) }

func (s *requestsScreen) chromeLines() int {
	return 2 + s.filter.height() // summary line, filter, table header
}

func (s *requestsScreen) selectedID() string {
	if r := s.selected(); r != nil {
		return r.ID
	}
	return ""
}

func (s *requestsScreen) selected() *service.RequestSummary {
	if len(s.visible) == 0 || s.nav.cursor >= len(s.visible) {
		return nil
	}
	return &s.rows[s.visible[s.nav.cursor]]
}

// refilter recomputes the visible rows, keeping the cursor on the request
// it was on when that request is still shown.
func (s *requestsScreen) refilter(keep string) {
	q := searchQuery(s.filter.value())
	fs := &s.steps
	if fs.sview != s.sview {
		fs.steps = nil
	}
	fs.sview = s.sview
	for len(fs.steps) > 0 && !strings.Contains(q, fs.steps[len(fs.steps)-1].q) {
		fs.steps = fs.steps[:len(fs.steps)-1]
	}
	switch n := len(fs.steps); {
	case n > 0 && fs.steps[n-1].q == q:
	case n > 0 && fs.steps[n-1].q != "":
		// More of the same text: only the rows shown can still match.
		fs.steps = append(fs.steps, filterStep{q, s.search.keep(fs.steps[n-1].rows, q)})
	default:
		if n == 0 {
			v := s.views[s.sview]
			fs.steps = append(fs.steps, filterStep{"", s.search.find("", func(i int) bool { return v.has(s.rows[i].Status) })})
		}
		if q != "" {
			fs.steps = append(fs.steps, filterStep{q, s.search.keep(fs.steps[0].rows, q)})
		}
	}
	if len(fs.steps) > maxFilterSteps {
		fs.steps = append(fs.steps[:1], fs.steps[len(fs.steps)-maxFilterSteps+1:]...)
	}
	s.visible = fs.steps[len(fs.steps)-1].rows
	if by := s.sorts[s.sort].cmp; by != nil {
		if len(s.order) != len(s.rows) {
			s.order = sortRows(s.rows, by)
		}
		s.visible = inOrder(s.order, s.visible)
	}
	s.nav.cursor = 0
	for i, idx := range s.visible {
		if s.rows[idx].ID == keep {
			s.nav.cursor = i
			break
		}
	}
	s.nav.setLen(len(s.visible), s.listHeight())
}

func (s *requestsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[requestsPage]:
		page, ok := s.list.take(s.c, msg)
		if !ok {
			return nil
		}
		if page.changes {
			s.patch(page)
			return nil
		}
		keep, reveal := s.kept(page.partial)
		s.loaded, s.partial, s.mark = true, page.partial, page.mark
		s.rows = page.rows
		facts := page.facts
		if facts == nil {
			facts = factsOf(page.rows)
		}
		s.search, s.nUrgent, s.c.dueList, s.due = facts.search, facts.nUrgent, facts.due, facts.due
		s.steps, s.order = filterSteps{}, nil
		s.refilter(keep)
		if page.partial {
			// The rest, under the same token: a later load drops it.
			return s.list.more(s.c, s.fetch(0))
		}
		s.reveal(keep, reveal)
		return nil
	case loaded[int]:
		if s.count.fresh(msg) && msg.err == nil {
			s.nProv = msg.val
		}
		return nil
	case refreshMsg:
		return s.load()
	case tea.WindowSizeMsg:
		s.nav.clamp(s.listHeight())
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *requestsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.picker != nil {
		done, chosen, cmd := s.picker.update(msg, s.c.keys.Picker, s.c.bodyW, s.c.bodyH)
		if done {
			s.picker = nil
			if chosen != nil && chosen.value != s.c.council {
				s.c.council = chosen.value
				s.rows, s.visible, s.loaded, s.partial, s.mark = nil, nil, false, false, service.ListMark{}
				s.search, s.steps, s.order = searchText{}, filterSteps{}, nil
				s.nav = listNav{}
				return s.load()
			}
		}
		return cmd
	}
	if s.filter.editing {
		changed, cmd := s.filter.update(msg, s.c.keys.Filter, s.c.bodyW)
		if changed {
			s.refilter(s.selectedID())
		}
		return cmd
	}
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		// The row the person moved to is the one a reload keeps, not the
		// request they opened last.
		s.c.lastRequest, s.c.showRequest = "", false
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter) && len(s.rows) > 0:
		cmd := s.filter.edit()
		s.nav.clamp(s.listHeight())
		return cmd
	case key.Matches(msg, s.c.keys.Filter.Clear) && s.filter.clear():
		s.refilter(s.selectedID())
		return nil
	case key.Matches(msg, k.Status):
		s.sview = (s.sview + 1) % len(s.views)
		s.refilter(s.selectedID())
		return nil
	case key.Matches(msg, k.Sort) && len(s.rows) > 0:
		s.sort, s.order = (s.sort+1)%len(s.sorts), nil
		s.refilter(s.selectedID())
		return nil
	case key.Matches(msg, k.Council):
		s.picker = newPicker("council", "Show the requests of", councilOptions(true), s.c.council)
		return nil
	case key.Matches(msg, k.New):
		return navTo(screenForm, navArg{}, false)
	case key.Matches(msg, k.Urgent):
		return navTo(screenForm, navArg{urgent: true}, false)
	case key.Matches(msg, k.Audit):
		return navTo(screenAudit, navArg{}, false)
	case key.Matches(msg, k.Placements):
		return navTo(screenPlacements, navArg{}, false)
	case key.Matches(msg, k.Spend):
		return navTo(screenSpend, navArg{}, false)
	case key.Matches(msg, k.Insight):
		return navTo(screenInsight, navArg{}, false)
	case key.Matches(msg, k.Providers):
		return navTo(screenProviders, navArg{}, false)
	case key.Matches(msg, k.Attention):
		return navTo(screenAttention, navArg{}, false)
	case key.Matches(msg, k.SettingsOpen):
		return navTo(screenSettings, navArg{}, false)
	case key.Matches(msg, k.Terms):
		return navTo(screenTerm, navArg{}, false)
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Open):
		if r := s.selected(); r != nil {
			return navTo(screenDetail, navArg{requestID: r.ID, status: r.Status}, false)
		}
	case key.Matches(msg, k.Rank):
		if r := s.selected(); r != nil && r.Status.Allows(matching.StepRank) {
			return navTo(screenRanking, navArg{requestID: r.ID, status: r.Status}, false)
		}
	}
	return nil
}

func councilOptions(withAll bool) []option {
	var out []option
	if withAll {
		out = append(out, option{value: "", label: "All councils"})
	}
	for _, c := range matching.Councils() {
		out = append(out, option{value: c.Slug, label: c.Name})
	}
	return out
}

func (s *requestsScreen) bindings() [][]key.Binding {
	if s.picker != nil {
		return s.picker.bindings(s.c.keys.Picker)
	}
	if s.filter.editing {
		return s.filter.bindings(s.c.keys.Filter)
	}
	k := s.keys
	sel := s.selected()
	k.Open.SetEnabled(sel != nil)
	k.Filter.SetEnabled(len(s.rows) > 0)
	k.Status.SetEnabled(len(s.rows) > 0)
	k.Sort.SetEnabled(len(s.rows) > 0)
	k.Rank.SetEnabled(sel != nil && sel.Status.Allows(matching.StepRank))
	has := len(s.visible) > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has)
	}
	clear := s.filter.clearKey(s.c.keys.Filter)
	return [][]key.Binding{
		{k.Open, k.New, k.Urgent, k.Rank, k.Filter, clear, k.Status, k.Sort, k.Council, k.Providers, k.Audit, k.Placements, k.Spend, k.Insight},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Refresh},
		{k.Attention, k.SettingsOpen, k.Terms},
	}
}

// nextStep says what a request needs next, in the room there is.
func nextStep(r service.RequestSummary, now time.Time, w int) string {
	return nextStepAt(r, now, w, nextLevel(r, now, w))
}

// nextLevel is the first of a request's ways of saying its next step that
// fits w (the last when none does).
func nextLevel(r service.RequestSummary, now time.Time, w int) int {
	forms := nextSteps(r, now)
	for i, f := range forms {
		if width(f) <= w {
			return i
		}
	}
	return len(forms) - 1
}

// nextStepAt is a request's next step said the level-th way (or its
// shortest), cut to w.
func nextStepAt(r service.RequestSummary, now time.Time, w, level int) string {
	forms := nextSteps(r, now)
	return trunc(forms[min(level, len(forms)-1)], w)
}

// nextLevels are the ways the rows shown say their next steps: one for
// each status, the shortest any of its rows needs, so that the column
// says one thing one way ("closes in 2h 59m · 2 of 6 answered" on every
// open row, not "2h 59m · 2/6" beside it).
func nextLevels(rows []service.RequestSummary, shown []int32, now time.Time, w int) map[matching.Status]int {
	out := map[matching.Status]int{}
	for _, i := range shown {
		r := rows[i]
		out[r.Status] = max(out[r.Status], nextLevel(r, now, w))
	}
	return out
}

// nextSteps are ways of saying the next step, longest first.
func nextSteps(r service.RequestSummary, now time.Time) []string {
	ans := itoa(r.Answered) + " of " + itoa(r.Invited) + " answered"
	ansShort := itoa(r.Answered) + "/" + itoa(r.Invited)
	switch r.Status {
	case matching.StatusDraft:
		if r.Incomplete {
			return []string{"draft: unfinished, open it to carry on", "draft: unfinished", "unfinished"}
		}
		return []string{"draft: review and broadcast", "draft: to broadcast", "to broadcast"}
	case matching.StatusOpen:
		if !now.Before(r.Deadline) {
			return []string{"closing… · " + ans, "closing… · " + ansShort}
		}
		left := countdown(r.Deadline.Sub(now))
		if r.Invited > 0 && r.Answered >= r.Invited {
			// Open until its deadline all the same; the officer may close
			// it early from the request.
			return []string{"all " + itoa(r.Invited) + " answered: may close early · closes in " + left, "all answered: may close early · " + left,
				"all answered · " + left, left + " · " + ansShort}
		}
		return []string{"closes in " + left + " · " + ans, left + " left · " + ansShort + " answered", left + " · " + ansShort}
	case matching.StatusClosed:
		return []string{"ready to open offers · " + ans, "ready to open · " + ansShort + " answered", "ready to open · " + ansShort, "to open · " + ansShort}
	case matching.StatusOpened:
		return []string{"offers opened: ready to award", "ready to award"}
	case matching.StatusAwarded:
		who := r.AwardedName
		if who == "" {
			who = r.AwardedTo
		}
		// One way of saying it on every row, cut where the column ends.
		return []string{"awarded to " + clean(who)}
	case matching.StatusNoAward:
		return []string{"ended without award", "no award"}
	case matching.StatusCancelled:
		return []string{"cancelled"}
	}
	return []string{""}
}

func urgent(r service.RequestSummary) bool {
	return r.Urgency == matching.UrgencyToday && !r.Status.Final()
}

type reqCols struct {
	id, council, lot, age, status, locality, deadline, needs, next int
}

func (s *requestsScreen) columns(w int) reqCols {
	c := reqCols{id: 11, age: 3, status: 9, lot: 12}
	if s.c.council == "" {
		c.council = 10
		if w >= 100 {
			c.council = 14
		}
	}
	if w >= 100 {
		c.lot = 16
	}
	if w >= 120 {
		c.lot = 27
		c.locality = min(24, 12+(w-120)/3)
	}
	if w >= 140 {
		c.deadline = 16
	}
	if w >= 170 {
		c.needs = min(40, 20+(w-170)/2)
	}
	rest := w - 3 - (c.id + 1) - (c.lot + 1) - (c.age + 1) - (c.status + 1)
	for _, x := range []int{c.council, c.locality, c.deadline, c.needs} {
		if x > 0 {
			rest -= x + 1
		}
	}
	c.next = max(1, rest)
	return c
}

// line lays out one line of the list from its cells, the header's names
// or a request's values, leaving out the columns with no room.
func (c reqCols) line(lead, id, council, lot, age, status, locality, deadline, needs, next string) string {
	out := lead + fit(id, c.id) + " "
	if c.council > 0 {
		out += fit(council, c.council) + " "
	}
	out += fit(lot, c.lot) + " " + fitRight(age, c.age) + " " + fit(status, c.status) + " "
	for _, col := range []struct {
		text string
		w    int
	}{{locality, c.locality}, {deadline, c.deadline}, {needs, c.needs}} {
		if col.w > 0 {
			out += fit(col.text, col.w) + " "
		}
	}
	return out + fit(next, c.next)
}

func (s *requestsScreen) view(w, h int) string {
	st := s.c.styles
	if s.picker != nil {
		s2 := *s
		s2.picker = nil
		return overlay(s2.view(w, h), s.picker.view(st, w, h), w, h)
	}
	var lines []string
	if !s.loaded {
		if s.list.loading {
			lines = append(lines, st.Muted.Render("Loading requests…"))
		}
		return fixLines(lines, w, h)
	}
	now := s.c.now()
	// Summary line: whose requests, how many, the status filter; while the
	// whole list loads, that only the newest are in it so far.
	count := matching.Plural(len(s.rows), "request", "requests")
	if s.partial {
		count = "the newest " + count
		if s.list.loading {
			count += ", loading the rest…"
		}
	}
	summary := councilName(s.c.council) + " · " + count + " · status: " + s.views[s.sview].label
	if len(s.visible) != len(s.rows) {
		summary += " (" + matching.Thousands(len(s.visible)) + " shown)"
	}
	summary += sortedBy(s.sorts[s.sort].label, s.sort == 0)
	line := st.Strong.Render(trunc(summary, w))
	if s.nUrgent > 0 && width(summary)+20 < w {
		line += "  " + st.Urgent.Render("! "+itoa(s.nUrgent)+" urgent")
	}
	lines = append(lines, line)
	lines = append(lines, s.filter.view(st, w)...)
	if len(s.rows) == 0 {
		lines = append(lines, "")
		lines = append(lines, s.emptyLines(w)...)
		return fixLines(lines, w, h)
	}
	c := s.columns(w)
	lh := h - len(lines) - 1
	if lh < 1 {
		// No room for a row (the full help takes the screen).
		return fixLines(lines, w, h)
	}
	start, end := s.nav.window(lh)
	// Ids grow past 9999 requests a year: fit the widest one in view.
	for i := start; i < end; i++ {
		if n := width(clean(s.rows[s.visible[i]].ID)); n > c.id && n <= 16 {
			c.next -= n - c.id
			c.id = n
		}
	}
	hdr := c.line("   ", "Request", "Council", "Lot", "Age", "Status", "Locality", "Deadline", "Needs", "Next")
	lines = append(lines, st.Muted.Render(trunc(hdr, w)))
	if len(s.visible) == 0 {
		msg := "  No request holds every word of this filter. esc clears it; s changes the status shown."
		if s.filter.value() == "" {
			msg = "  No request is " + s.views[s.sview].label + ". s changes the status shown."
		}
		if s.partial && s.list.loading {
			msg = "  None of the newest " + itoa(len(s.rows)) + " requests matches; the rest are still loading."
		}
		lines = append(lines, "", st.Muted.Render(trunc(msg, w)))
		return fixLines(lines, w, h)
	}
	levels := nextLevels(s.rows, s.visible[start:end], now, c.next)
	for i := start; i < end; i++ {
		r := s.rows[s.visible[i]]
		cur := i == s.nav.cursor
		mark := " "
		if cur {
			mark = "›"
		}
		urg := " "
		if urgent(r) {
			urg = "!"
		}
		age := itoa(r.Age)
		if r.Incomplete {
			age = ""
		}
		row := c.line(mark+urg+" ", clean(r.ID), councilName(r.Council), clean(r.Lot), age, matching.StatusWords(r.Status),
			clean(r.Locality), matching.ShowTime(r.Deadline), tagsText(r.Needs), nextStepAt(r, now, c.next, levels[r.Status]))
		row = fit(row, w)
		switch {
		case cur:
			row = st.Selected.Render(row)
		case urgent(r):
			row = st.Urgent.Render(row)
		case r.Status.Final():
			row = st.Muted.Render(row)
		}
		lines = append(lines, row)
	}
	return fixLines(lines, w, h)
}

func (s *requestsScreen) emptyLines(w int) []string {
	st := s.c.styles
	var text []string
	if s.nProv == 0 {
		text = []string{
			"Welcome to placematch.",
			"",
			"This store has no provider register yet, so no request could reach anyone. To begin:",
			"",
			"  • import your DPS register, a CSV file:   placematch providers import FILE",
			"  • or try the app on fictional data:       placematch --demo",
			"",
			"Then start this app again. You can still press n to write a draft request now.",
		}
	} else {
		text = []string{
			"No requests for " + councilName(s.c.council) + " yet.",
			"",
			"Press n to write a new request, c to look at another council's, or p to see the provider register.",
		}
	}
	return message(text, st.Strong.Render, w)
}
