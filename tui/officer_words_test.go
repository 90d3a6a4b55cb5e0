package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// What officers tripped on in the lists and the words of the app
// (issue 16): each test fails on the app as they found it.

// TestWrapKeepsWordsWhole: a wrap breaks at spaces, never inside a date
// or a slug ("born 2008-05-" / "12", "st-/helens").
func TestWrapKeepsWordsWhole(t *testing.T) {
	t.Parallel()
	text := "the young person was born 2008-05-12 and lives in st-helens, floating-with-accommodation"
	for w := 12; w <= 40; w++ {
		lines := wrap(text, w)
		for _, l := range lines {
			if width(l) > w {
				t.Fatalf("at %d: %q is wider", w, l)
			}
		}
		joined := strings.Join(lines, "\n")
		for _, word := range []string{"2008-05-12", "st-helens,"} {
			if !strings.Contains(joined, word) {
				t.Errorf("at %d, %q is broken:\n%s", w, word, joined)
			}
		}
		if w >= 27 && !strings.Contains(joined, "floating-with-accommodation") {
			t.Errorf("at %d a slug that fits a line is broken:\n%s", w, joined)
		}
		if strings.Join(strings.Fields(joined), " ") != text && w >= 27 {
			t.Errorf("at %d the words changed:\n%s", w, joined)
		}
	}
	// A word longer than the line is still cut to fit; spaces inside a
	// line are kept.
	if got := wrap("  abcdefghij x", 4); !slices.Equal(got, []string{"abcd", "efgh", "ij x"}) {
		t.Errorf("a long word: %q", got)
	}
	if got := wrap("a  b", 10); !slices.Equal(got, []string{"a  b"}) {
		t.Errorf("spaces that align: %q", got)
	}
}

func TestMoreBelowCountsOneLine(t *testing.T) {
	t.Parallel()
	st := NewStyles(lipglossDefault())
	v := scroller{}.page(st, []string{"a", "b", "c"}, 40, 2)
	if !strings.Contains(v, "(1 line)") || strings.Contains(v, "1 lines") {
		t.Errorf("one more line: %q", v)
	}
}

func TestTagsInCapitals(t *testing.T) {
	t.Parallel()
	if got := tagsText([]string{"autism", "bsl", "esol"}); got != "autism, BSL, ESOL" {
		t.Errorf("tags %q", got)
	}
}

// TestFilterMatchesEveryWord: "sefton autism" finds the Sefton request
// with autism among its needs, and the providers serving Sefton that can
// meet it; "ASD" finds autism.
func TestFilterMatchesEveryWord(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	for _, q := range []string{"sefton autism", "autism sefton", "ASD", "formby asd planned"} {
		h.keys("/", "ctrl+u")
		h.typeText(q)
		h.keys("enter")
		if len(rs.visible) != 1 || rs.selectedID() != w.packages {
			t.Errorf("%q shows %d rows, on %q; want %s", q, len(rs.visible), rs.selectedID(), w.packages)
		}
	}
	h.keys("esc")
	h.keys("p")
	ps := h.m.screens[screenProviders].(*providersScreen)
	h.keys("/")
	h.typeText("sefton autism")
	var got []string
	for _, i := range ps.visible {
		got = append(got, ps.rows[i].ProviderID)
	}
	// P009 serves every member of its framework and meets autism; P010
	// serves Sefton but does not list it.
	if !slices.Equal(got, []string{"P009"}) {
		t.Errorf("providers for \"sefton autism\": %v", got)
	}
	h.keys("ctrl+u")
	h.typeText("manchester salford")
	got = got[:0]
	for _, i := range ps.visible {
		got = append(got, ps.rows[i].ProviderID)
	}
	if !slices.Contains(got, "P003") {
		t.Errorf("the councils a provider serves are not searched by name: %v", got)
	}
}

// TestListsSort: o steps through the orders, which the summary line names.
func TestListsSort(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	h.mustSee("o sort")
	h.keys("o")
	h.mustSee("sorted by deadline")
	running := true
	for k := 1; k < len(rs.visible); k++ {
		a, b := rs.rows[rs.visible[k-1]], rs.rows[rs.visible[k]]
		if a.Status.Final() && !b.Status.Final() {
			t.Fatalf("a finished request before a running one at %d", k)
		}
		if running && !b.Status.Final() && b.Deadline.Before(a.Deadline) {
			t.Fatalf("deadlines out of order at %d: %s then %s", k, a.Deadline, b.Deadline)
		}
		running = !b.Status.Final()
	}
	h.keys("o")
	h.mustSee("sorted by age")
	for k := 1; k < len(rs.visible); k++ {
		if rs.rows[rs.visible[k]].Age < rs.rows[rs.visible[k-1]].Age {
			t.Fatalf("ages out of order at %d", k)
		}
	}
	if rs.rows[rs.visible[0]].Lot != "packages" {
		t.Errorf("the youngest is not first: %s", rs.rows[rs.visible[0]].ID)
	}
	h.keys("o")
	h.mustSee("sorted by status")
	h.keys("o")
	if strings.Contains(h.view(), "sorted by") {
		t.Error("the loaded order still says it is sorted")
	}

	h.keys("p")
	ps := h.m.screens[screenProviders].(*providersScreen)
	h.mustSee("o sort")
	h.keys("o")
	h.mustSee("sorted by quality")
	if first := ps.rows[ps.visible[0]]; first.ProviderName != "Damson Homes" {
		t.Errorf("the best quality first: %s", first.ProviderName)
	}
	h.keys("o")
	h.mustSee("sorted by name")
	if first := ps.rows[ps.visible[0]]; first.ProviderName != "Alder House Living" {
		t.Errorf("A first: %s", first.ProviderName)
	}
	h.keys("o")
	h.mustSee("sorted by vacancies")
	if first := ps.rows[ps.visible[0]]; first.Vacancies == nil || *first.Vacancies != 3 {
		t.Errorf("most vacancies first: %s", first.ProviderName)
	}
}

// TestNoProvidersSaysWhichFiltersAreOn: "No providers match 'fern'" also
// says the council filter is on, and how to clear it.
func TestNoProvidersSaysWhichFiltersAreOn(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	h.keys("p", "c")
	h.typeText("Wirral")
	h.keys("enter", "/")
	h.typeText("cedar")
	h.mustSee("No providers match “cedar” with council Wirral also on. esc clears the text; x clears every filter.")
	h.keys("enter")
	h.mustSee("No providers match “cedar” with council Wirral also on. esc clears the text; x clears every filter.")
	h.keys("x")
	h.mustSee("Cedar Step CIC")
}

// TestInvitedAnsweredFirst: on a request's page those who answered come
// first, then the rest, each by name.
func TestInvitedAnsweredFirst(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	h.openRequest(w.opened)
	v := h.view()
	silent, answered := strings.Index(v, "Birchwood Futures"), strings.Index(v, "Damson Homes")
	if silent < 0 || answered < 0 || silent < answered {
		t.Errorf("the one who did not answer comes before one who did:\n%s", v)
	}
}

// TestTimelineInNames: the timeline names providers and councils, and
// says a suspended provider was suspended.
func TestTimelineInNames(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	h.openRequest(w.awarded)
	tl := strings.Join(h.detail().timelineLines(400), "\n")
	for _, want := range []string{"council: Sefton", "Fernlea Care (suspended on this lot)", "awarded: provider: Damson Homes", "1. Damson Homes"} {
		if !strings.Contains(tl, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, tl)
		}
	}
	for _, code := range []string{"not_admitted", "P004", "council: sefton"} {
		if strings.Contains(tl, code) {
			t.Errorf("the timeline shows %q:\n%s", code, tl)
		}
	}
	if !strings.Contains(h.view(), "suspended on this lot") {
		t.Error("the not-invited list calls a suspended provider not admitted")
	}
}

// TestLongStatusKeepsItsEnd: a message longer than the screen is wide is
// shown on two lines, not cut before what matters.
func TestLongStatusKeepsItsEnd(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.m.c.refuse("The weekly price £1,650.00 is above the price cap of £1,500.00 a week: it will not be scored")
	h.m.relayout()
	v := h.view()
	if !strings.Contains(v, "above the price cap of £1,500.00 a week: it will") || !strings.Contains(v, "not be scored") || len(strings.Split(v, "\n")) != 24 {
		t.Errorf("the message is cut, or the screen grew:\n%s", v)
	}
	if h.m.c.bodyH != 24-1-2-1 {
		t.Errorf("the body is %d lines with a two-line message", h.m.c.bodyH)
	}
}

// TestProviderRegisterWords: the register names councils, shows quality
// one way, and one age as one age.
func TestProviderRegisterWords(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 200, 40)
	h.keys("p")
	v := h.view()
	if !strings.Contains(v, "Manchester, Salford") || strings.Contains(v, "manchester") {
		t.Errorf("serves shows slugs:\n%s", v)
	}
	if !strings.Contains(v, "80.00") || !strings.Contains(v, "95.00") {
		t.Errorf("quality is not shown to two decimals:\n%s", v)
	}
	ps := h.m.screens[screenProviders].(*providersScreen)
	ps.lots = []matching.ProviderLot{{ProviderID: "P1", Framework: "leaving-care", Lot: "group-living", MinAge: 17, CoverUntil: 18, Quality: 55.5, Serves: []string{"westmorland-and-furness"}}}
	ps.showing = "P1"
	d := strings.Join(ps.detailLines(120), "\n")
	for _, want := range []string{"Age", "17 only", "55.50 of 100", "Westmorland and Furness"} {
		if !strings.Contains(d, want) {
			t.Errorf("provider detail lacks %q:\n%s", want, d)
		}
	}
	if strings.Contains(d, "17 to 17") || strings.Contains(d, "westmorland-and-furness") {
		t.Errorf("provider detail:\n%s", d)
	}
}

// TestNextColumnSaysItOneWay: rows of one status say their next step the
// same way, not "2h 59m · 2/6" beside "9d 4h left · 1/7 answered", nor
// "→ name" beside "awarded to name".
func TestNextColumnSaysItOneWay(t *testing.T) {
	t.Parallel()
	rows := []service.RequestSummary{
		{Status: matching.StatusOpen, Deadline: testNow.Add(2*time.Hour + 59*time.Minute), Invited: 6, Answered: 2},
		{Status: matching.StatusOpen, Deadline: testNow.Add(9*24*time.Hour + 4*time.Hour), Invited: 7, Answered: 1},
		{Status: matching.StatusAwarded, AwardedName: "Alder House Living"},
		{Status: matching.StatusAwarded, AwardedName: "Gorse Lane Homes"},
	}
	const w = 25
	levels := nextLevels(rows, []int32{0, 1, 2, 3}, testNow, w)
	var got []string
	for _, r := range rows {
		got = append(got, nextStepAt(r, testNow, w, levels[r.Status]))
	}
	if strings.Contains(got[0], "left") != strings.Contains(got[1], "left") || strings.Contains(got[0], "answered") != strings.Contains(got[1], "answered") {
		t.Errorf("two open rows say it two ways: %q", got[:2])
	}
	for _, g := range got[2:] {
		if !strings.HasPrefix(g, "awarded to ") || width(g) > w {
			t.Errorf("an award: %q", g)
		}
	}
}
