package tui

import (
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"placematch/matching"
	"placematch/service"
)

// runCmd runs a command and what it batches, returning their messages
// without giving them to the model.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// TestListShowsTheNewestFirstThenTheRest: with nothing on screen, the list
// reads the newest page and shows it at once, saying the rest is loading;
// the rest follows from the store and takes its place.
func TestListShowsTheNewestFirstThenTheRest(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	var ids []string
	for range 5 {
		ids = append(ids, newDraft(t, svc, groupLiving("sefton")).ID)
	}
	m := newModel(t.Context(), svc, Options{User: "u", Council: "sefton", firstPage: 3}, NewStyles(lipglossDefault()))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	rs := m.screens[screenRequests].(*requestsScreen)
	var page *loaded[requestsPage]
	for _, msg := range runCmd(rs.open(navArg{})) {
		switch msg := msg.(type) {
		case loaded[requestsPage]:
			page = &msg
		case loaded[int]:
			m.Update(msg)
		}
	}
	if rs.nProv != 0 {
		t.Errorf("an empty register counts %d", rs.nProv)
	}
	if page == nil || !page.val.partial || len(page.val.rows) != 3 {
		t.Fatalf("the first read should be the newest 3 of 5: %+v", page)
	}
	_, rest := m.Update(*page)
	v := m.View()
	for _, want := range []string{"the newest 3 requests, loading the rest…", ids[4], ids[2]} {
		if !strings.Contains(v, want) {
			t.Errorf("the first page should show %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, ids[1]) {
		t.Errorf("%s is not in the first page", ids[1])
	}
	m.Update(keyMsg("down"))
	msgs := runCmd(rest)
	if len(msgs) != 1 {
		t.Fatalf("the rest: %v", msgs)
	}
	m.Update(msgs[0])
	v = m.View()
	if rs.partial || rs.list.loading || len(rs.rows) != 5 || !strings.Contains(v, "5 requests · status") || strings.Contains(v, "loading") {
		t.Errorf("the whole list should have replaced the page:\n%s", v)
	}
	if rs.selectedID() != ids[3] {
		t.Errorf("the cursor moved from %s to %s when the rest came", ids[3], rs.selectedID())
	}
	// A list on screen is refreshed whole, in one read.
	msgs = runCmd(rs.load())
	if len(msgs) != 2 {
		t.Fatalf("a refresh: %v", msgs)
	}
	for _, msg := range msgs {
		if l, ok := msg.(loaded[requestsPage]); ok && (l.val.partial || len(l.val.rows) != 5) {
			t.Errorf("a refresh read %d rows, partial %v", len(l.val.rows), l.val.partial)
		}
	}
	// The register check reads one row, and sees a register once there is
	// one.
	importRegister(t, svc)
	for _, msg := range runCmd(rs.load()) {
		m.Update(msg)
	}
	if rs.nProv != 1 {
		t.Errorf("a register counts %d", rs.nProv)
	}
}

// TestFilterWhileTheRestLoads: a filter typed while only the newest
// requests are in works on them, says the rest is coming, and is applied to
// the whole list when it arrives, the cursor staying on its request.
func TestFilterWhileTheRestLoads(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	rows := fakeRequests(1000)
	rows[40].Locality, rows[700].Locality = "Needle Street", "Needle Lane"
	// The page, sent the way the harness would not run the rest.
	h.m.Update(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows[:defaultFirstPage], partial: true}})
	h.mustSee("the newest 300 requests, loading the rest…")
	h.keys("/")
	h.typeText("needle lane")
	h.mustSee("None of the newest 300 requests matches; the rest are still loading.")
	h.keys("backspace", "backspace", "backspace", "backspace", "backspace")
	h.mustSee("(1 shown)")
	if rs.selectedID() != rows[40].ID {
		t.Fatalf("the cursor is on %q", rs.selectedID())
	}
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows}})
	h.mustSee("1,000 requests · status: all (2 shown)")
	h.mustSee(rows[700].ID)
	if rs.selectedID() != rows[40].ID {
		t.Errorf("the cursor moved to %q when the rest came", rs.selectedID())
	}
	if !rs.filter.editing || rs.filter.value() != "needle" {
		t.Errorf("the filter being typed was disturbed: %q, editing %v", rs.filter.value(), rs.filter.editing)
	}
	// Without a filter, the rows in view stay where they were.
	h.keys("esc")
	h.m.Update(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows[:defaultFirstPage], partial: true}})
	h.keys("G", "up", "up")
	at, off := rs.selectedID(), rs.nav.offset
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows}})
	if rs.selectedID() != at || rs.nav.offset != off {
		t.Errorf("the whole list moved the view: %s at %d, was %s at %d", rs.selectedID(), rs.nav.offset, at, off)
	}
	// A page for a list the user has left is dropped.
	h.send(loaded[requestsPage]{token: rs.list.token - 1, val: requestsPage{rows: rows[:defaultFirstPage], partial: true}})
	if len(rs.rows) != 1000 {
		t.Errorf("a stale page replaced the list")
	}
	// When the rest cannot be read, the page stays, no longer said to be
	// loading, and the error is shown.
	h.m.Update(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows[:defaultFirstPage], partial: true}})
	h.send(loaded[requestsPage]{token: rs.list.token, err: errors.New("the store is unreadable")})
	h.mustSee("the newest 300 requests · status: all")
	h.mustSee("the store is unreadable")
}

// naiveText is a row's text as the filter reads it, built the plain way.
func naiveText(r service.RequestSummary) string {
	s := r.ID + " " + r.Council + " " + r.Lot + " " + r.Locality + " " + string(r.Urgency) + " " + strings.Join(r.Needs, " ") + " " + matching.StatusWords(r.Status)
	// A hyphen reads as a space: "mental health" finds mental-health.
	return strings.NewReplacer("\n", " ", "-", " ").Replace(strings.ToLower(s))
}

// TestFilterMatchesThePlainSearch: the filter's index finds exactly the
// rows whose text holds every word of the filter, typed forwards, erased,
// across fields and with any status shown.
func TestFilterMatchesThePlainSearch(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(6, 6))
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	rows := make([]service.RequestSummary, 3000)
	for i := range rows {
		var needs []string
		for _, n := range []string{"mental-health", "esol", "self-harm", "independence-skills"} {
			if rnd.IntN(3) == 0 {
				needs = append(needs, n)
			}
		}
		rows[i] = service.RequestSummary{
			ID: "R-" + pick("2025", "2026") + "-" + itoa(rnd.IntN(5000)), Council: pick("sefton", "st-helens", "blackburn-with-darwen"),
			Lot: pick("group-living", "floating-support", "packages"), Locality: pick("Bootle", "North Manchester", "Ŵrexham Road", "Line\nBreak", ""),
			Urgency: matching.Urgency(pick("today", "within-5-days", "planned")), Needs: needs,
			Status: matching.Statuses()[rnd.IntN(len(matching.Statuses()))],
		}
	}
	naive := func(q string, v statusView) []int32 {
		words := strings.Fields(searchQuery(q))
		var out []int32
		for i, r := range rows {
			all := v.has(r.Status)
			for _, w := range words {
				all = all && strings.Contains(naiveText(r), w)
			}
			if all {
				out = append(out, int32(i))
			}
		}
		return out
	}
	// Queries: pieces of rows' texts, across fields too, and odd ones.
	queries := []string{"", "r", "SEF-2026-1", "north man", "NORTH", "ŵ", "ŵrexham road", "line break", "today esol", "living bootle", "  sefton  ", "zz", "-", " ", "2025-12 sefton", "mental health", "self-harm", "st helens", "ESOL sefton", "sefton esol today", "mh", "health mental"}
	for range 200 {
		text := naiveText(rows[rnd.IntN(len(rows))])
		a := rnd.IntN(len(text))
		b := min(len(text), a+1+rnd.IntN(14))
		if q := text[a:b]; strings.ToValidUTF8(q, "") == q {
			queries = append(queries, q)
		}
	}
	if n := len(naive("mental health", statusView{})); n == 0 || n != len(naive("mental-health", statusView{})) {
		t.Fatalf("mental health finds %d rows, mental-health %d", n, len(naive("mental-health", statusView{})))
	}
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows}})
	h.keys("/")
	check := func(what string) {
		t.Helper()
		want := naive(rs.filter.value(), rs.views[rs.sview])
		if !slices.Equal(rs.visible, want) && !(len(rs.visible) == 0 && len(want) == 0) {
			t.Fatalf("%s: filter %q, status %s: %d rows shown, %d match", what, rs.filter.value(), rs.views[rs.sview].label, len(rs.visible), len(want))
		}
	}
	for n, q := range queries {
		if n%40 == 39 {
			// Another status view, then back to typing.
			h.keys("enter", "s", "/")
		}
		h.keys("ctrl+u")
		check("cleared")
		for _, r := range q {
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			check("typing")
		}
		for range min(len([]rune(q)), 1+rnd.IntN(4)) {
			h.keys("backspace")
			check("erasing")
		}
		h.typeText("x")
		check("typing after erasing")
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(q), Paste: true})
		check("a paste")
	}
}

// TestDetailKeepsItsCountdownCurrent: the detail's page is laid out once
// and kept for the keys, but an open request's countdown still moves with
// the clock, and a new reply replaces it.
func TestDetailKeepsItsCountdownCurrent(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	h.openRequest(w.open)
	h.mustSee("(in 4h 00m)")
	h.keys("down")
	clk.now = testNow.Add(61 * time.Second)
	h.send(clockMsg{})
	h.mustSee("(in 3h 58m)")
	before := h.detail().page(120)
	h.keys("down", "up")
	if after := h.detail().page(120); after != before {
		t.Error("the page was laid out again for a scroll key")
	}
	d := show(t, svc, w.open)
	h.send(loaded[service.Detail]{token: h.detail().show.token, val: d})
	if after := h.detail().page(120); after == before {
		t.Error("a new reply kept the old page")
	}
}

// TestColoursWorkedOutOnceAreTheSame: a style's colour resolved once for
// the terminal draws exactly as lipgloss resolving it on each Render.
func TestColoursWorkedOutOnceAreTheSame(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 2))
	hex := func() string {
		const digits = "0123456789ABCDEF"
		b := []byte("#000000")
		for i := 1; i < 7; i++ {
			b[i] = digits[rnd.IntN(16)]
		}
		return string(b)
	}
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			for range 300 {
				c := lipgloss.AdaptiveColor{Light: hex(), Dark: hex()}
				want := r.NewStyle().Foreground(c).Background(c).Render("text")
				got := r.NewStyle().Foreground(inPalette(r, c)).Background(inPalette(r, c)).Render("text")
				if got != want {
					t.Fatalf("profile %d, dark %v, %+v: %q, lipgloss draws %q", p, dark, c, got, want)
				}
			}
		}
	}
}

// TestShortHelpFitsAsBefore: the help line measured key by key keeps the
// same keys as measuring the whole line for each key did.
func TestShortHelpFitsAsBefore(t *testing.T) {
	svc := newService(t)
	w := buildWorld(t, svc)
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	old := func(m *model, bindings []key.Binding, w int) string {
		var fits []key.Binding
		cut := false
		for _, b := range bindings {
			if !b.Enabled() {
				continue
			}
			if width(m.help.ShortHelpView(append(fits, b))) > w-2 {
				cut = true
				break
			}
			fits = append(fits, b)
		}
		out := m.help.ShortHelpView(fits)
		if cut {
			out += " " + m.c.styles.Muted.Render("…")
		}
		return out
	}
	check := func() {
		t.Helper()
		groups := h.m.scope()
		short := append([]key.Binding(nil), h.m.globalBindings()[:3]...)
		short = append(short, groups[0]...)
		for cols := 10; cols <= 220; cols++ {
			if got, want := h.m.shortHelp(short, cols), old(h.m, short, cols); got != want {
				t.Fatalf("%s at %d columns: %q, was %q", h.screen(), cols, got, want)
			}
		}
	}
	check()
	h.openRequest(w.open)
	check()
	h.keys("esc", "/")
	check()
}

// TestWidthCountsAsLipgloss: the quick count of cells agrees with lipgloss
// on plain, styled, wide, broken and multi-line text.
func TestWidthCountsAsLipgloss(t *testing.T) {
	t.Parallel()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	styles := []lipgloss.Style{r.NewStyle().Bold(true), r.NewStyle().Foreground(lipgloss.Color("111")).Background(lipgloss.Color("#2D3E55")), r.NewStyle().Underline(true).Faint(true)}
	pieces := []string{"SEF-2026-0001 ", "Bootle", "Ŵelsh", "北京", "🏠", " · ", "\x1b[", "\x1b[31", "\x1b]0;x\x07", "\x1b", "\t", "a\nbc", "\x7f", "é", "[", "m", "…"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range rnd.IntN(6) {
			p := pieces[rnd.IntN(len(pieces))]
			if rnd.IntN(2) == 0 {
				p = styles[rnd.IntN(len(styles))].Render(p)
			}
			b.WriteString(p)
		}
		s := b.String()
		if got, want := width(s), lipgloss.Width(s); got != want {
			t.Fatalf("width(%q) = %d, lipgloss says %d", s, got, want)
		}
	}
}

func TestCountText(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 50000: "50,000", 1234567: "1,234,567", -4321: "-4,321"} {
		if got := matching.Thousands(n); got != want {
			t.Errorf("matching.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := matching.Plural(50000, "request", "requests"); got != "50,000 requests" {
		t.Errorf("plural gave %q", got)
	}
}

// TestNotInvitedNearMissesFirst: the providers left out that serve the
// council come first, each group in the stored order, and a long list is
// counted by reason; the stored list is not reordered.
func TestNotInvitedNearMissesFirst(t *testing.T) {
	t.Parallel()
	var list []matching.NotInvited
	for i := range 12 {
		reasons := []string{matching.ReasonArea}
		switch i {
		case 3:
			reasons = []string{matching.ReasonNotAdmitted}
		case 7:
			reasons = []string{matching.ReasonArea, matching.ReasonAge}
		case 9:
			reasons = []string{matching.ReasonAge, matching.ReasonNoRegistration}
		}
		list = append(list, matching.NotInvited{ProviderID: "P" + itoa(10+i), Reasons: reasons})
	}
	var ids []string
	for _, ni := range notInvitedOrder(list) {
		ids = append(ids, ni.ProviderID)
	}
	if got := strings.Join(ids, " "); got != "P13 P19 P10 P11 P12 P14 P15 P16 P17 P18 P20 P21" {
		t.Errorf("order %s", got)
	}
	if list[0].ProviderID != "P10" || list[3].ProviderID != "P13" {
		t.Error("the stored list was reordered")
	}
	want := "By reason (one can fail several): not admitted on this lot: 1 · does not serve Sefton: 10 · does not cover this age: 2 · no Ofsted supported-accommodation registration, needed under 18: 1"
	if got := notInvitedCounts(list, "sefton"); got != want {
		t.Errorf("counts %q\nwant   %q", got, want)
	}
	if got := notInvitedCounts(list[:9], "sefton"); got != "" {
		t.Errorf("a short list was counted: %q", got)
	}
}
