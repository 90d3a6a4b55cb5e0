package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// burst sends text the way Bubble Tea v1 delivers it when it arrives
// faster than it is read: each word as one KeyRunes message, each space
// as a space key. Words such as "enter" or "home" then spell key names.
func (h *harness) burst(s string) {
	h.t.Helper()
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			h.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
		if word != "" {
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(word)})
		}
	}
}

// paste sends a bracketed paste.
func (h *harness) paste(s string) {
	h.t.Helper()
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

// keyWords are words that are also the names of keys bound somewhere in
// the app or in a text component.
const keyWords = "enter up down tab esc home end pgup pgdown backspace delete left right space"

func TestBurstIntoAwardReasonStaysText(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.opened)
	h.keys("r", "down", "a")
	if d := h.ranking().dlg; d == nil || !d.typing() {
		t.Fatal("awarding rank 2 should ask for a reason")
	}
	h.burst("Staff will enter the home")
	h.burst(" at the end of " + keyWords)
	h.paste(" enter")
	d := h.ranking().dlg
	if d == nil {
		t.Fatalf("the dialog closed while typing; status %q", h.m.c.status)
	}
	want := "Staff will enter the home at the end of " + keyWords + " enter"
	if got := d.value(0); got != want {
		t.Errorf("reason %q\nwant   %q", got, want)
	}
	if st := show(t, svc, w.opened).Request.Status; st != matching.StatusOpened {
		t.Fatalf("typing the word enter submitted the award: %s", st)
	}
	h.keys("enter")
	if r := show(t, svc, w.opened).Request; r.Status != matching.StatusAwarded || r.EndReason != want {
		t.Fatalf("the enter key should award with the reason typed: %s %q", r.Status, r.EndReason)
	}
}

func TestBurstIntoFormFieldsStaysText(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.keys("n")
	f := h.form().form
	f.focusKey("locality")
	h.burst("Bootle up north")
	if got := f.cur().key; got != "locality" {
		t.Fatalf("typing the word up moved the focus to %s", got)
	}
	h.burst(" home end")
	if got := f.byKey("locality").text(); got != "Bootle up north home end" {
		t.Errorf("locality %q", got)
	}
	f.focusKey("summary")
	text := "Staff will enter the room. " + keyWords + " q n ? ctrl+s"
	h.burst(text)
	h.paste(" esc\nenter")
	if h.screen() != screenForm || h.form().dlg != nil || f.cur().key != "summary" {
		t.Fatalf("typing into the summary left it: on %s, field %s", h.screen(), f.cur().key)
	}
	if got, want := f.byKey("summary").text(), text+" esc\nenter"; got != want {
		t.Errorf("summary %q\nwant    %q", got, want)
	}
	if h.quit || h.m.showHelp {
		t.Error("a q or ? in a burst acted as a key")
	}
	rs, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	if len(rs) != 0 {
		t.Fatalf("something was saved: %+v", rs)
	}
	// A burst replaces a suggested value, as a typed character does.
	f.focusKey("deadline")
	h.burst("2026-12-01 09:00")
	if got := f.byKey("deadline").text(); got != "2026-12-01 09:00" {
		t.Errorf("deadline %q", got)
	}
	f.focusKey("weights")
	h.paste("60/30/10")
	if got := f.byKey("weights").text(); got != "60/30/10" {
		t.Errorf("a paste over the suggested weights gave %q", got)
	}
}

func TestBurstIntoListFilterStaysText(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	h.keys("/")
	h.burst("end")
	if !rs.filter.editing || rs.filter.value() != "end" {
		t.Fatalf("filter %q, editing %v", rs.filter.value(), rs.filter.editing)
	}
}

func TestBurstOutsideAFieldDoesNothing(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	for _, s := range []string{"nq", "qn", "enter", "end", "pq?"} {
		h.burst(s)
		if h.quit || h.screen() != screenRequests || h.m.showHelp {
			t.Fatalf("the burst %q acted: quit %v, on %s, help %v", s, h.quit, h.screen(), h.m.showHelp)
		}
	}
	h.paste("n")
	if h.screen() != screenRequests {
		t.Fatalf("a pasted n opened %s", h.screen())
	}
	if rs := h.m.screens[screenRequests].(*requestsScreen); rs.nav.cursor != 0 {
		t.Errorf("a burst moved the cursor to %d", rs.nav.cursor)
	}
	// On a request, a burst spelling its keys does nothing either.
	h.openRequest(w.open)
	h.burst("cx")
	if h.detail().dlg != nil {
		t.Fatal("a burst opened a dialog")
	}
	// One key at a time still works.
	h.keys("esc", "n")
	if h.screen() != screenForm {
		t.Fatalf("n opened %s", h.screen())
	}
}

func TestEditDraftThroughTheForm(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "fieldworker", Council: "sefton"}, 100, 30)
	before, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	h.openRequest(w.draft)
	h.mustSee("e to edit")
	h.keys("e")
	if h.screen() != screenForm {
		t.Fatalf("e on a draft opened %s", h.screen())
	}
	h.mustSee("Edit draft " + w.draft)
	f := h.form().form
	if f.byKey("case").text() != "LC-1" || f.byKey("lot").value != "group-living" || f.byKey("deadline").text() != "2026-11-25 18:00" || f.byKey("start").text() != "2026-11-25" {
		t.Fatalf("the form is not the draft's: case %q lot %q deadline %q start %q",
			f.byKey("case").text(), f.byKey("lot").value, f.byKey("deadline").text(), f.byKey("start").text())
	}
	f.focusKey("deadline")
	h.typeText("2026-11-25 20:30")
	h.keys("enter") // on to the hours
	if got := f.cur().key; got != "hours" {
		t.Fatalf("enter went to %s", got)
	}
	h.typeText("15")
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("ctrl+s on an edit should show who the draft reaches; on %s, status %q", h.screen(), h.m.c.status)
	}
	d := show(t, svc, w.draft)
	if got := matching.ShowTime(d.Request.Deadline); got != "2026-11-25 20:30" {
		t.Errorf("deadline %s", got)
	}
	if d.Request.Hours != 15 {
		t.Errorf("hours %v", d.Request.Hours)
	}
	if d.Request.Status != matching.StatusDraft || d.Request.CaseRef != "LC-1" || d.Request.Locality != "Bootle" || strings.Join(d.Request.Needs, ";") != "mental-health" {
		t.Errorf("the rest of the draft changed: %+v", d.Request)
	}
	// Editing a draft is not an event: the trail holds its creation alone.
	if len(d.Timeline) != 1 || d.Timeline[0].Action != matching.ActionDraftCreated {
		t.Errorf("the edit wrote to the trail: %+v", d.Timeline)
	}
	after, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	if len(after) != len(before) {
		t.Errorf("editing made a new request: %d requests, was %d", len(after), len(before))
	}
	h.mustSee("20:30")
	h.mustSee("Draft " + w.draft + " saved")
	// Only a draft is edited: e extends an open request's deadline.
	h.openRequest(w.open)
	h.keys("e")
	if h.screen() != screenDetail || h.detail().dlg == nil || h.detail().dlg.action != "extend" {
		t.Fatalf("e on an open request: on %s", h.screen())
	}
}

// A draft that can no longer go out says how to put it right, and e there
// edits it and comes back to the preview.
func TestPreviewOffersToEditADraft(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.draft)
	clk.now = testNow.Add(5 * time.Hour) // past its deadline
	h.keys("b")
	h.mustSee("cannot be broadcast")
	h.mustSee("Press e to edit the draft")
	if strings.Contains(h.view(), "cannot be edited") {
		t.Error("the preview still says a draft cannot be edited")
	}
	h.keys("e")
	if h.screen() != screenForm || h.form().editID != w.draft {
		t.Fatalf("e on the preview opened %s", h.screen())
	}
	if h.form().form.byKey("deadline").err == "" {
		t.Error("editing a draft should show what is wrong at once")
	}
	h.form().form.focusKey("deadline")
	h.typeText("2026-11-26 12:00")
	h.form().form.focusKey("start")
	h.typeText("2026-11-26")
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("on %s, status %q", h.screen(), h.m.c.status)
	}
	h.mustSee("Send " + w.draft + " to")
}

func TestDialogsKeepQ(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	// Typing with no lot chosen, which cannot be kept, asks before leaving.
	h.keys("n", "tab", "tab")
	h.typeText("gr")
	h.keys("esc")
	if h.form().dlg == nil {
		t.Fatal("leaving a changed form that cannot be kept should ask first")
	}
	footer := func() string {
		lines := strings.Split(h.view(), "\n")
		return lines[len(lines)-1]
	}
	if f := footer(); strings.Contains(f, "q quit") || strings.Contains(f, "? help") {
		t.Errorf("the footer offers q or ? behind a dialog: %q", f)
	}
	h.keys("q", "?")
	if h.quit || h.m.showHelp {
		t.Fatalf("behind a dialog: quit %v, help %v", h.quit, h.m.showHelp)
	}
	if h.screen() != screenForm || h.form().dlg == nil {
		t.Fatal("q closed the dialog")
	}
	h.keys("n")
	if h.form().dlg != nil || h.screen() != screenForm {
		t.Fatal("n should stay on the form")
	}
	h.keys("esc", "y")
	// The question before opening the offers, and the award confirmation.
	h.openRequest(w.closed)
	h.keys("r")
	if !h.ranking().confirming {
		t.Fatal("no question before opening")
	}
	if f := footer(); strings.Contains(f, "q quit") {
		t.Errorf("footer %q", f)
	}
	h.keys("q")
	if h.quit {
		t.Fatal("q quit from the question before opening the offers")
	}
	h.keys("y", "a")
	if d := h.ranking().dlg; d == nil || d.typing() {
		t.Fatal("awarding rank 1 should ask yes or no")
	}
	h.keys("q")
	if h.quit || h.ranking().dlg == nil {
		t.Fatal("q left the award confirmation")
	}
	h.keys("esc", "esc", "esc")
	h.keys("q")
	if !h.quit {
		t.Error("q should still quit once the dialogs are closed")
	}
}

func TestRankingColumnsStayTogetherWhenWide(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 200, 50)
	h.openRequest(w.opened)
	h.keys("r")
	var row, excl string
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, "Alder House Living") && strings.Contains(l, "£950.00") {
			row = l
		}
		if strings.Contains(l, "above the price cap") {
			excl = l
		}
	}
	if row == "" || excl == "" {
		t.Fatalf("no ranked row or exclusion:\n%s", h.view())
	}
	name := strings.Index(row, "Alder")
	total := strings.LastIndex(row, "90.00")
	if gap := width(row[name:total]); gap > 100 {
		t.Errorf("the total is %d columns from the name: %q", gap, strings.TrimRight(row, " "))
	}
	if n := width(strings.TrimRight(row, " ")); n > 110 {
		t.Errorf("a ranked row is %d wide at 200 columns", n)
	}
	if i := strings.Index(excl, "weekly price above"); width(excl[:i]) > 50 {
		t.Errorf("the reason starts at column %d: %q", width(excl[:i]), excl)
	}
}

func TestNewDraftIsSelectedOnReturn(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	h.keys("s", "s", "s") // only the open requests: a draft is hidden
	if rs.views[rs.sview].label != "open" {
		t.Fatalf("status view %s", rs.views[rs.sview].label)
	}
	h.keys("n")
	h.typeText("gr")
	h.keys("enter")
	h.typeText("t")
	h.keys("enter")
	h.typeText("LC-9")
	h.keys("enter")
	h.typeText("JS")
	h.keys("enter")
	h.typeText("2009-03-14")
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("not saved: %q", h.m.c.status)
	}
	id := h.m.screens[screenPreview].(*previewScreen).id
	h.keys("esc")
	if h.screen() != screenRequests {
		t.Fatalf("on %s", h.screen())
	}
	if got := rs.selectedID(); got != id {
		t.Fatalf("the list is on %q, want the new draft %s", got, id)
	}
	h.keys("enter")
	if h.screen() != screenDetail || h.detail().id != id {
		t.Fatalf("enter opened %s %s", h.screen(), h.detail().id)
	}
}

func TestRequestsListNamesTheAwardedProvider(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.mustSee("awarded to Damson Homes")
	if strings.Contains(h.view(), "awarded to P004") {
		t.Error("the list shows the provider's id, not its name")
	}
	long := service.RequestSummary{Status: matching.StatusAwarded, AwardedTo: "P005", AwardedName: "Ŵelsh Cŵtch Gofal Ieuenctid a Llety Cefnogol Cyfyngedig 🏠 Ltd"}
	// One way of saying it at every width (never "→ name" beside
	// "awarded to name"), cut where the column ends.
	for _, w := range []int{8, 20, 40, 80} {
		got := nextStep(long, testNow, w)
		if width(got) > w || !strings.HasPrefix(got, "awarded") || w >= 20 && !strings.Contains(got, "Ŵelsh") {
			t.Errorf("at %d: %q", w, got)
		}
	}
	if got := nextStep(service.RequestSummary{Status: matching.StatusAwarded, AwardedTo: "P004"}, testNow, 40); got != "awarded to P004" {
		t.Errorf("without a name: %q", got)
	}
}

func TestProviderFiltersStartAtAdmittedAndSayWhenEmpty(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.keys("p")
	ps := h.m.screens[screenProviders].(*providersScreen)
	h.keys("s")
	if ps.status != "admitted" {
		t.Fatalf("the first status is %q", ps.status)
	}
	for _, p := range ps.rows {
		if p.Status != matching.ProviderAdmitted {
			t.Fatalf("%s is %s", p.ProviderID, p.Status)
		}
	}
	h.keys("/")
	h.typeText("zzz")
	h.mustSee("No providers match “zzz” with status admitted also on. esc clears the text; x clears every filter.")
	h.keys("enter")
	h.mustSee("No providers match “zzz” with status admitted also on. esc clears the text; x clears every filter.")
	h.keys("x")
	if len(ps.visible) == 0 || ps.status != "" {
		t.Fatalf("x should clear: %d shown, status %q", len(ps.visible), ps.status)
	}
	// A filter the store answers with nothing says so too.
	h.keys("t")
	h.typeText("bsl")
	h.keys("enter")
	if len(ps.rows) != 0 {
		t.Skipf("the register has a provider for bsl; %d rows", len(ps.rows))
	}
	h.mustSee("No providers with capability BSL. x clears the filters.")
}

// TestHeldScrollKeyMoves: j or k held down (or sent faster than it is
// read) arrives as one burst of the letter and moves that many rows; a
// burst of anything else, or a paste of jjj, still does nothing.
func TestHeldScrollKeyMoves(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 40)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	rows := make([]service.RequestSummary, 20)
	for i := range rows {
		rows[i] = service.RequestSummary{ID: "SEF-2026-" + itoa(1000+i), Council: "sefton", Lot: "group-living",
			Status: matching.StatusOpen, Deadline: testNow.Add(time.Hour)}
	}
	h.send(loaded[requestsPage]{token: rs.list.token, val: requestsPage{rows: rows, facts: factsOf(rows)}})
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjjj")})
	if rs.nav.cursor != 4 {
		t.Fatalf("jjjj moved the cursor to %d, want 4", rs.nav.cursor)
	}
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kk")})
	if rs.nav.cursor != 2 {
		t.Fatalf("kk moved the cursor to %d, want 2", rs.nav.cursor)
	}
	for _, m := range []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("jjn")},
		{Type: tea.KeyRunes, Runes: []rune("jjjj"), Paste: true},
		{Type: tea.KeyRunes, Runes: []rune("nn")},
	} {
		h.send(m)
		if rs.nav.cursor != 2 || h.m.activeID() != screenRequests {
			t.Fatalf("the burst %q acted: cursor %d, screen %v", string(m.Runes), rs.nav.cursor, h.m.activeID())
		}
	}
}
