package tui

import (
	"context"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// providersScreen is the register: every provider on every lot, filtered
// by lot, status, council and capability, and one provider's details.
type providersScreen struct {
	c       *shared
	keys    ProvidersKeys
	list    loader[registerLoad]
	loaded  bool
	lot     string
	status  string
	council string
	capab   string
	rows    []matching.ProviderLot
	search  providerTexts
	visible []int
	nav     listNav
	filter  filterBar
	picker  *picker
	sorts   []providerSort
	sort    int
	// shownFor is the filter text and the order the rows shown are for
	// (not ok after the rows are loaded again).
	shownFor struct {
		q    string
		sort int
		ok   bool
	}
	// steps are the rows shown for the filter texts typed since the rows
	// loaded: erasing goes back to one rather than looking again.
	steps providerSteps

	showing string
	name    string
	lots    []matching.ProviderLot
	hist    *service.ProviderHistory
	one     loader[service.ProviderHistory]
	scroll  scroller
	imp     registerImport
	life    registerLife
}

func newProvidersScreen(c *shared) *providersScreen {
	return &providersScreen{c: c, keys: c.keys.Providers, filter: newFilterBar("words of a name, id, town, council or need"), sorts: providerSorts(), imp: registerImport{c: c}, life: registerLife{c: c}}
}

func (s *providersScreen) title() string {
	if s.showing != "" {
		return "Provider " + s.showing
	}
	return "Provider register"
}

func (s *providersScreen) typing() bool {
	return s.filter.editing || s.picker != nil || s.imp.typing() || s.life.typing()
}

func (s *providersScreen) modal() bool { return s.picker != nil || s.imp.open() || s.life.open() }

// open shows the register, or one provider's details when a provider is
// named (what needs attention opens an application or a suspension so).
func (s *providersScreen) open(arg navArg) tea.Cmd {
	s.showing = ""
	if arg.providerID != "" {
		s.life.on = false
		s.showing, s.name, s.lots, s.hist, s.scroll = arg.providerID, arg.providerID, nil, nil, scroller{}
		return tea.Batch(s.load(), s.loadOne(arg.providerID))
	}
	return s.load()
}

func (s *providersScreen) resume() tea.Cmd { return s.load() }

func (s *providersScreen) load() tea.Cmd {
	svc := s.c.svc
	f := service.ProviderFilter{Lot: s.lot, Status: s.status, Council: s.council, Capability: s.capab}
	// The applications waiting come with the rows, in one load: the
	// screen never shows one without the other.
	return s.list.start(s.c, func(ctx context.Context) (registerLoad, error) {
		rows, err := svc.Providers(ctx, f)
		if err != nil {
			return registerLoad{}, err
		}
		apps, err := svc.Applications(ctx, "")
		return registerLoad{rows, apps}, err
	})
}

func (s *providersScreen) loadOne(id string) tea.Cmd {
	svc := s.c.svc
	return s.one.start(s.c, func(ctx context.Context) (service.ProviderHistory, error) { return svc.ProviderHistory(ctx, id) })
}

func (s *providersScreen) listHeight() int {
	return max(1, s.c.bodyH-2-s.filter.height()) // summary line, filter, table header
}

func (s *providersScreen) selectedKey() string {
	if len(s.visible) == 0 || s.nav.cursor >= len(s.visible) {
		return ""
	}
	p := s.rows[s.visible[s.nav.cursor]]
	return p.ProviderID + "|" + p.Lot
}

// refilter recomputes the visible rows, keeping the cursor on the row it
// was on when that row is still there.
func (s *providersScreen) refilter(keep string) {
	q := searchQuery(s.filter.value())
	if rows, ok := s.steps.find(q, s.sort); ok {
		s.visible = append(s.visible[:0], rows...)
	} else if holds := s.search.matcher(strings.Fields(q)); s.shownFor.ok && s.shownFor.q != "" && strings.Contains(q, s.shownFor.q) && s.shownFor.sort == s.sort {
		// More of the same text: only the rows shown, already in order,
		// can still match.
		k := 0
		for _, i := range s.visible {
			if holds(i) {
				s.visible[k] = i
				k++
			}
		}
		s.visible = s.visible[:k]
	} else {
		s.visible = s.visible[:0]
		for i := range s.rows {
			if holds(i) {
				s.visible = append(s.visible, i)
			}
		}
		if by := s.sorts[s.sort].cmp; by != nil {
			slices.SortStableFunc(s.visible, func(a, b int) int { return by(&s.rows[a], &s.rows[b]) })
		}
	}
	s.steps.keep(q, s.sort, s.visible)
	s.shownFor.q, s.shownFor.sort, s.shownFor.ok = q, s.sort, true
	s.nav.cursor = 0
	id, lot, _ := strings.Cut(keep, "|")
	for i, idx := range s.visible {
		if p := &s.rows[idx]; p.ProviderID == id && p.Lot == lot {
			s.nav.cursor = i
		}
	}
	s.nav.setLen(len(s.visible), s.listHeight())
}

func (s *providersScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[registerLoad]:
		got, ok := s.list.take(s.c, msg)
		if !ok {
			return nil
		}
		rows := got.rows
		s.life.apps = got.apps
		s.life.nav.setLen(len(got.apps), s.listHeight())
		keep := s.selectedKey()
		s.loaded = true
		s.rows = rows
		s.search = providerSearch(rows)
		s.shownFor.ok, s.steps = false, providerSteps{}
		s.refilter(keep)
		return nil
	case loaded[service.ProviderHistory]:
		if p, ok := s.one.take(s.c, msg); ok {
			s.lots, s.hist = p.Lots, &p
			if len(p.Lots) > 0 && s.name == s.showing {
				s.name = p.Lots[0].ProviderName
			}
		}
		return nil
	case actionDone:
		if !s.life.done(msg) {
			return nil
		}
		// The letter to the provider goes now.
		if s.showing != "" {
			return tea.Batch(s.load(), s.loadOne(s.showing), sendNow)
		}
		return tea.Batch(s.load(), sendNow)
	case importPreviewed, importDone:
		if s.imp.update(msg) {
			return s.load()
		}
		return nil
	case refreshMsg:
		if !s.loaded {
			return nil
		}
		if s.showing != "" {
			return tea.Batch(s.load(), s.loadOne(s.showing))
		}
		return s.load()
	case tea.WindowSizeMsg:
		s.nav.clamp(s.listHeight())
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

// providerTexts are what the register's filter looks in, in lower case, a
// hyphen as a space: for each row its own words (its provider's id, name
// and town, and its lot), and the numbers of two shared texts: the
// councils it serves (by slug and name; every member of its framework for
// "*") and what it can meet. A register has few of each, so each is looked
// in once for a word, not once for each row.
type providerTexts struct {
	own          texts
	served, caps []int32
	shared       []string
}

// matcher says whether row i holds every one of words.
func (t providerTexts) matcher(words []string) func(i int) bool {
	// hits[k][j] says whether shared text j holds word k: 0 not looked
	// at yet, 1 no, 2 yes. Only the texts of the rows looked at are.
	hits := make([][]uint8, len(words))
	own := make([][]bool, len(words))
	for k, w := range words {
		hits[k] = make([]uint8, len(t.shared))
		own[k] = t.own.holding(w)
	}
	in := func(k int, j int32) bool {
		h := &hits[k][j]
		if *h == 0 {
			*h = 1
			if strings.Contains(t.shared[j], words[k]) {
				*h = 2
			}
		}
		return *h == 2
	}
	return func(i int) bool {
		for k := range words {
			if !own[k][i] && !in(k, t.served[i]) && !in(k, t.caps[i]) {
				return false
			}
		}
		return true
	}
}

// providerSearch is the filter's text for each row.
func providerSearch(rows []matching.ProviderLot) providerTexts {
	t := providerTexts{served: make([]int32, len(rows)), caps: make([]int32, len(rows))}
	t.own.ends = make([]int32, len(rows))
	var own strings.Builder
	seen := map[string]int32{}
	share := func(key string, text func() string) int32 {
		n, ok := seen[key]
		if !ok {
			n = int32(len(t.shared))
			seen[key] = n
			t.shared = append(t.shared, lowerText(text()))
		}
		return n
	}
	for i, p := range rows {
		t.served[i] = share("serves|"+p.Framework+"|"+strings.Join(p.Serves, ";"), func() string {
			slugs := p.Serves
			if len(slugs) == 1 && slugs[0] == "*" {
				if fw, ok := matching.FrameworkByCode(p.Framework); ok {
					slugs = fw.Members()
				}
			}
			var sb strings.Builder
			for _, c := range slugs {
				sb.WriteString(c + " " + councilName(c) + " ")
			}
			return sb.String()
		})
		caps := strings.Join(p.Capabilities, " ")
		t.caps[i] = share("caps|"+caps, func() string { return caps })
		own.WriteString(lowerText(p.ProviderID + " " + p.ProviderName + " " + p.Town + " " + p.Lot))
		own.WriteByte('\n')
		t.own.ends[i] = int32(own.Len())
	}
	t.own.text = own.String()
	return t
}

func cycle(cur string, values []string) string {
	for i, v := range values {
		if v == cur {
			return values[(i+1)%len(values)]
		}
	}
	return values[0]
}

// statusCycle is the order s steps through the register statuses: all,
// then admitted first (who can be invited is the usual question), then
// the rest in the register's order.
func statusCycle() []string {
	vals := []string{"", string(matching.ProviderAdmitted)}
	for _, v := range matching.ProviderStatuses() {
		if v != matching.ProviderAdmitted {
			vals = append(vals, string(v))
		}
	}
	return vals
}

func (s *providersScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.imp.open() {
		return s.imp.key(msg)
	}
	if s.life.open() {
		return s.life.key(msg)
	}
	if s.picker != nil {
		done, chosen, cmd := s.picker.update(msg, s.c.keys.Picker, s.c.bodyW, s.c.bodyH)
		if done {
			p := s.picker
			s.picker = nil
			if chosen != nil {
				if p.purpose == "council" {
					s.council = chosen.value
				} else {
					s.capab = chosen.value
				}
				return s.load()
			}
		}
		return cmd
	}
	if s.filter.editing {
		changed, cmd := s.filter.update(msg, s.c.keys.Filter, s.c.bodyW)
		if changed {
			s.refilter(s.selectedKey())
		}
		return cmd
	}
	if s.showing != "" {
		if key.Matches(msg, k.Back) {
			s.showing = ""
			return nil
		}
		s.scroll.move(msg, k.ScrollKeys, len(s.detailLines(s.c.bodyW)), s.c.bodyH)
		return nil
	}
	if s.life.on {
		return s.applicationsKey(msg)
	}
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		return nil
	}
	if len(s.visible) > 0 {
		p := s.rows[s.visible[s.nav.cursor]]
		if s.life.action(msg, lifeKeys(k, p.Status, true && s.decides()), p) {
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.Applications):
		s.life.on = true
		return s.load()
	case key.Matches(msg, k.Back):
		if s.filter.clear() {
			s.refilter(s.selectedKey())
			return nil
		}
		return goBack
	case key.Matches(msg, k.Filter):
		return s.filter.edit()
	case key.Matches(msg, k.Open):
		if len(s.visible) > 0 {
			p := s.rows[s.visible[s.nav.cursor]]
			s.showing, s.name, s.lots, s.hist, s.scroll = p.ProviderID, p.ProviderName, nil, nil, scroller{}
			return s.loadOne(p.ProviderID)
		}
	case key.Matches(msg, k.Lot):
		s.lot = cycle(s.lot, append([]string{""}, matching.LotCodes()...))
		return s.load()
	case key.Matches(msg, k.Status):
		s.status = cycle(s.status, statusCycle())
		return s.load()
	case key.Matches(msg, k.Council):
		s.picker = newPicker("council", "Providers serving", councilOptions(true), s.council)
	case key.Matches(msg, k.Capability):
		opts := []option{{value: "", label: "Any capability"}}
		for _, t := range matching.Needs() {
			opts = append(opts, option{value: t, label: matching.TagWords(t), detail: "need"})
		}
		for _, t := range matching.Risks() {
			opts = append(opts, option{value: t, label: t, detail: "risk"})
		}
		s.picker = newPicker("capability", "Providers able to meet", opts, s.capab)
	case key.Matches(msg, k.Sort):
		s.sort = (s.sort + 1) % len(s.sorts)
		s.refilter(s.selectedKey())
		return nil
	case key.Matches(msg, k.Import):
		s.imp.start()
		return nil
	case key.Matches(msg, k.Clear):
		s.lot, s.status, s.council, s.capab = "", "", "", ""
		s.filter.clear()
		return s.load()
	}
	return nil
}

// applicationsKey handles a key in the applications view.
func (s *providersScreen) applicationsKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.life.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		return nil
	}
	a, ok := s.life.selected()
	if ok && s.life.action(msg, appKeys(lifeKeys(k, matching.ProviderApplied, s.decides()), a), rowOf(a)) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Applications):
		s.life.on = false
	case key.Matches(msg, k.Open) && ok:
		s.life.on = false
		s.showing, s.name, s.lots, s.hist, s.scroll = a.ProviderID, a.ProviderName, nil, nil, scroller{}
		return s.loadOne(a.ProviderID)
	}
	return nil
}

func (s *providersScreen) bindings() [][]key.Binding {
	if s.imp.open() {
		return s.imp.bindings()
	}
	if s.life.open() {
		return s.life.bindings()
	}
	if s.picker != nil {
		return s.picker.bindings(s.c.keys.Picker)
	}
	if s.filter.editing {
		return s.filter.bindings(s.c.keys.Filter)
	}
	k := s.keys
	if s.showing != "" {
		return [][]key.Binding{{k.Back, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
	}
	if s.life.on {
		a, ok := s.life.selected()
		k = appKeys(lifeKeys(k, matching.ProviderApplied, ok && s.decides()), a)
		k.Open.SetEnabled(ok)
		k.Applications.SetHelp("a", "the register")
		return [][]key.Binding{
			{k.Open, k.Assess, k.Admit, k.Refuse, k.Applications, k.Back},
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		}
	}
	if len(s.visible) > 0 {
		k = lifeKeys(k, s.rows[s.visible[s.nav.cursor]].Status, true && s.decides())
	} else {
		k = lifeKeys(k, "", false && s.decides())
	}
	k.Open.SetEnabled(len(s.visible) > 0)
	k.Clear.SetEnabled(s.lot != "" || s.status != "" || s.council != "" || s.capab != "" || s.filter.value() != "")
	return [][]key.Binding{
		{k.Open, k.Filter, k.Sort, k.Lot, k.Status, k.Council, k.Capability, k.Clear, k.Back, k.Import},
		{k.Applications, k.Assess, k.Admit, k.Refuse, k.Suspend, k.Reinstate, k.Remove},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}

func orAll(v, all string) string {
	if v == "" {
		return all
	}
	return v
}

func vacText(v *int) string {
	if v == nil {
		return "?"
	}
	return itoa(*v)
}

// servesText names the councils a provider serves.
func servesText(serves []string) string {
	if len(serves) == 1 && serves[0] == "*" {
		return "every member council"
	}
	return councilsText(serves)
}

// councilsText names councils by their names, not their slugs.
func councilsText(slugs []string) string {
	names := make([]string, len(slugs))
	for i, c := range slugs {
		names[i] = councilName(c)
	}
	return joinOr(names, ", ", "none")
}

func (s *providersScreen) view(w, h int) string {
	st := s.c.styles
	if s.imp.open() {
		s2 := *s
		s2.imp.dlg = nil
		return s.imp.view(s2.view(w, h), w, h)
	}
	if s.life.open() {
		s2 := *s
		s2.life.dlg = nil
		return withDialog(st, s.life.dlg, s2.view(w, h), w, h)
	}
	if s.picker != nil {
		s2 := *s
		s2.picker = nil
		return overlay(s2.view(w, h), s.picker.view(st, w, h), w, h)
	}
	if s.life.on && s.showing == "" {
		return s.life.view(st, w, h)
	}
	if s.showing != "" {
		return s.scroll.page(st, s.detailLines(w), w, h)
	}
	var lines []string
	council := "all"
	if s.council != "" {
		council = councilName(s.council)
	}
	f := "lot " + orAll(s.lot, "all") + " · status " + orAll(s.status, "all") + " · council " + council + " · capability " + orAll(matching.TagWords(s.capab), "any")
	summary := matching.Plural(len(s.visible), "row", "rows") + sortedBy(s.sorts[s.sort].label, s.sort == 0) + " · " + f
	if len(s.life.apps) > 0 {
		summary = applicationsSummary(s.life.apps) + " (a) · " + summary
	}
	lines = append(lines, st.Strong.Render(trunc(summary, w)))
	lines = append(lines, s.filter.view(st, w)...)
	if !s.loaded {
		return fixLines(append(lines, st.Muted.Render("Loading the register…")), w, h)
	}
	if len(s.visible) == 0 {
		msg := s.noneText()
		lines = append(lines, "")
		for _, l := range wrap(msg, w-2) {
			lines = append(lines, st.Muted.Render("  "+l))
		}
		return fixLines(lines, w, h)
	}
	townW := 0
	if w >= 90 {
		townW = min(16, w-90+10)
	}
	lotW := 14
	if w >= 110 {
		lotW = 27
	}
	fixed := 2 + 7 + lotW + 1 + 10 + 7 + 6 + 4
	if townW > 0 {
		fixed += townW + 1
	}
	nameW := max(8, w-fixed)
	// A wide terminal shows whom each serves and what each can meet.
	servesW, capsW := 0, 0
	if nameW > 48 {
		spare := nameW - 40
		nameW = 40
		if spare >= 20 {
			servesW = min(24, spare/3)
			capsW = spare - servesW - 2
		}
	}
	hdr := "  " + fit("Provider", nameW) + " " + fit("ID", 6) + " " + fit("Lot", lotW) + " " + fit("Status", 9) + " " + fitRight("Q", 6) + " " + fitRight("Ages", 5) + " " + fitRight("Vac", 3)
	if townW > 0 {
		hdr += " " + fit("Town", townW)
	}
	if servesW > 0 {
		hdr += " " + fit("Serves", servesW) + " " + fit("Can meet", capsW)
	}
	lines = append(lines, st.Muted.Render(trunc(hdr, w)))
	start, end := s.nav.window(h - len(lines))
	for i := start; i < end; i++ {
		p := s.rows[s.visible[i]]
		mark := "  "
		if i == s.nav.cursor {
			mark = "› "
		}
		ages := matching.AgesShort(p.MinAge, p.CoverUntil)
		row := mark + fit(clean(p.ProviderName), nameW) + " " + fit(clean(p.ProviderID), 6) + " " + fit(p.Lot, lotW) + " " + fit(string(p.Status), 9) + " " +
			fitRight(qualityText(p.Quality), 6) + " " + fitRight(ages, 5) + " " + fitRight(vacText(p.Vacancies), 3)
		if townW > 0 {
			row += " " + fit(clean(p.Town), townW)
		}
		if servesW > 0 {
			serves := councilsText(p.Serves)
			if len(p.Serves) == 1 && p.Serves[0] == "*" {
				serves = "all members"
			}
			row += " " + fit(serves, servesW) + " " + fit(tagsText(p.Capabilities), capsW)
		}
		row = fit(row, w)
		switch {
		case i == s.nav.cursor:
			row = st.Selected.Render(row)
		case p.Status != matching.ProviderAdmitted:
			row = st.Muted.Render(row)
		}
		lines = append(lines, row)
	}
	return fixLines(lines, w, h)
}

// onFilters names the lot, status, council and capability filters that
// are on ("council Sefton, capability autism").
func (s *providersScreen) onFilters() []string {
	var on []string
	if s.lot != "" {
		on = append(on, "lot "+lotName(s.lot))
	}
	if s.status != "" {
		on = append(on, "status "+s.status)
	}
	if s.council != "" {
		on = append(on, "council "+councilName(s.council))
	}
	if s.capab != "" {
		on = append(on, "capability "+matching.TagWords(s.capab))
	}
	return on
}

// noneText says why the register shows no row: which filters are on,
// and the keys that clear them.
func (s *providersScreen) noneText() string {
	on := s.onFilters()
	text := clean(strings.TrimSpace(s.filter.value()))
	switch {
	case len(s.rows) == 0 && len(on) == 0:
		return "The register is empty. Press i to import one from a CSV file (or: placematch providers import FILE)."
	case text != "" && len(on) > 0:
		return "No providers match “" + text + "” with " + strings.Join(on, ", ") + " also on. esc clears the text; x clears every filter."
	case text != "":
		return "No providers match “" + text + "”. esc clears the filter."
	}
	return "No providers with " + strings.Join(on, ", ") + ". x clears the filters."
}

func (s *providersScreen) detailLines(w int) []string {
	st := s.c.styles
	out := []string{st.Strong.Render(trunc(clean(s.name)+" ("+clean(s.showing)+")", w))}
	if s.one.loading {
		return append(out, st.Muted.Render("Loading…"))
	}
	if len(s.lots) > 0 {
		p := s.lots[0]
		meta := clean(p.Kind)
		for _, c := range []string{p.Email, p.Phone} {
			if c != "" {
				meta += " · " + clean(c)
			}
		}
		out = append(out, st.Muted.Render(trunc(meta, w)))
	}
	// Its record first, where it is seen: not after every lot and request.
	if s.hist != nil {
		for _, l := range wrap(matching.HistoryWords(s.hist.Summary.Tally()), w-2) {
			out = append(out, st.Strong.Render("  "+l))
		}
	}
	out = append(out, "", section(st, "On the register ("+matching.Plural(len(s.lots), "lot", "lots")+")", w))
	for _, p := range s.lots {
		out = append(out, trunc("  "+clean(p.Framework)+" / "+clean(p.Lot), w))
		lw := 19
		row := func(l, v string) { out = append(out, labelled(st, "    "+l, lw, v, w)...) }
		status := matching.LotStatusWords(p)
		if p.Status != matching.ProviderAdmitted && !p.AdmittedOn.IsZero() {
			status += " (admitted " + matching.ShowDate(p.AdmittedOn) + ")"
		}
		row("Status", clean(status))
		quality := qualityText(p.Quality) + " of 100"
		if !p.AssessedOn.IsZero() {
			quality += ", assessed " + matching.ShowDate(p.AssessedOn)
		} else if p.Status == matching.ProviderApplied {
			quality = "not assessed yet"
		}
		row("Quality score", quality)
		if p.QualityNote != "" {
			row("Assessor's note", clean(p.QualityNote))
		}
		if p.CoverUntil-1 <= p.MinAge {
			row("Age", itoa(p.MinAge)+" only (cover until "+itoa(p.CoverUntil)+")")
		} else {
			row("Ages", itoa(p.MinAge)+" to "+itoa(p.CoverUntil-1)+" (cover until "+itoa(p.CoverUntil)+")")
		}
		row("Serves", servesText(p.Serves))
		urn := clean(p.OfstedURN)
		if urn == "" {
			urn = "none on record"
		}
		row("Ofsted URN", urn)
		vac := "not stated"
		if p.Vacancies != nil {
			vac = itoa(*p.Vacancies)
		}
		row("Vacancies", vac)
		row("Town", joinOr([]string{clean(p.Town)}, "", "—"))
		row("Can meet", tagsText(p.Capabilities))
	}
	var reqs []service.HistoryRequest
	if s.hist != nil {
		reqs = s.hist.Requests
	}
	out = append(out, "", section(st, "Invited to ("+itoa(len(reqs))+")", w))
	if len(reqs) == 0 {
		out = append(out, st.Muted.Render("  no request yet"))
	}
	// Each column as wide as its widest value, up to a limit: the answer
	// and its outcome, at the end, need the room.
	idW, cW, lW, sW := 12, 0, 0, 0 // ids grow past 9999 requests a year
	lotMax := 14
	if w >= 120 {
		lotMax = 28
	}
	for _, r := range reqs {
		idW = max(idW, min(16, width(clean(r.RequestID))))
		cW = max(cW, min(14, width(councilName(r.Council))))
		lW = max(lW, min(lotMax, width(r.Lot)))
		sW = max(sW, width(matching.StatusWords(r.Status)))
	}
	for _, r := range reqs {
		head := "  " + fit(clean(r.RequestID), idW) + " " + fit(councilName(r.Council), cW) + " " + fit(r.Lot, lW) + " " + fit(matching.StatusWords(r.Status), sW) + "  "
		line := head + r.Words()
		if r.Awarded {
			line = st.Strong.Render(trunc(line, w))
		} else {
			line = trunc(line, w)
		}
		out = append(out, line)
	}
	return out
}

// decides reports whether the person using the app may decide on the
// register (a commissioner, or the store's owner): the keys for it are
// offered only then.
func (s *providersScreen) decides() bool {
	return service.MayDo(s.c.ctx, service.OpRegisterDecide)
}

// appKeys are the keys an application offers: admitting only once it has
// its quality assessment (e records it).
func appKeys(k ProvidersKeys, a matching.Application) ProvidersKeys {
	k.Admit.SetEnabled(k.Admit.Enabled() && a.Assessed)
	return k
}
