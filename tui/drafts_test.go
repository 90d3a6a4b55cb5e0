package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

func requestsOf(t testing.TB, svc *service.Service) []service.RequestSummary {
	t.Helper()
	rs, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	return rs
}

// ctrl+c in a half-filled form keeps what was typed, down to the last
// change not yet saved when it was pressed; the next start finds the draft
// in the list, and e on it carries on with everything there.
func TestCtrlCKeepsTheDraft(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.typeText("gr")
	h.keys("enter", "enter") // the lot, then on past the urgency
	h.typeText("LC-9")
	h.keys("enter")
	// The last letter's save has not run when ctrl+c comes, as when it is
	// pressed in the same instant: ctrl+c saves it before the app ends.
	h.m.Update(keyMsg("J"))
	h.keys("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	rs := requestsOf(t, svc)
	if len(rs) != 1 || rs[0].Status != matching.StatusDraft || rs[0].Lot != "group-living" {
		t.Fatalf("the form's draft should be kept, got %+v", rs)
	}
	r := show(t, svc, rs[0].ID).Request
	if r.CaseRef != "LC-9" || r.Initials != "J" || r.CreatedBy != "duty" {
		t.Errorf("the draft holds case %q, initials %q, by %q", r.CaseRef, r.Initials, r.CreatedBy)
	}
	// The next start.
	h = newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	h.mustSee(rs[0].ID)
	h.mustSee("draft: unfinished")
	h.openRequest(rs[0].ID)
	h.mustSee("still needs the date of birth")
	h.keys("e")
	f := h.form().form
	if h.screen() != screenForm || f.byKey("case").text() != "LC-9" || f.byKey("initials").text() != "J" || f.byKey("lot").value != "group-living" {
		t.Fatalf("e on the draft carries on: on %s, case %q initials %q", h.screen(), f.byKey("case").text(), f.byKey("initials").text())
	}
}

// Every change is saved as it is made, from the moment the form has its
// council and lot, without an audit event for each.
func TestFormSavesChangeByChange(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	h.keys("n")
	if rs := requestsOf(t, svc); len(rs) != 0 {
		t.Fatalf("opening the form made a request: %+v", rs)
	}
	h.typeText("gr")
	rs := requestsOf(t, svc)
	if len(rs) != 1 {
		t.Fatalf("with its council and lot the form is a draft: %+v", rs)
	}
	id := rs[0].ID
	h.keys("enter", "enter")
	h.typeText("LC-12")
	if got := show(t, svc, id).Request.CaseRef; got != "LC-12" {
		t.Errorf("the draft holds case %q while it is typed", got)
	}
	if n := len(requestsOf(t, svc)); n != 1 {
		t.Errorf("saving again made another draft: %d requests", n)
	}
	if tl := show(t, svc, id).Timeline; len(tl) != 1 || tl[0].Action != matching.ActionDraftCreated {
		t.Errorf("saving field by field is not an event: %+v", tl)
	}
	h.mustSee("kept as draft " + id)
}

// esc on a form with changes keeps the draft and says so; only a form that
// cannot be kept (no lot yet) asks, and enter does not throw it away.
func TestEscKeepsTheDraftAndSaysSo(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.typeText("gr")
	h.keys("enter", "enter")
	h.typeText("LC-3")
	h.keys("esc")
	if h.screen() != screenRequests || h.form().dlg != nil {
		t.Fatalf("esc should leave at once, keeping the draft: on %s", h.screen())
	}
	st := h.m.c.status
	for _, want := range []string{"Draft SEF-2026-0001 kept", "to finish: initials, date of birth"} {
		if !strings.Contains(st, want) {
			t.Errorf("status %q lacks %q", st, want)
		}
	}
	if rs := requestsOf(t, svc); len(rs) != 1 || show(t, svc, rs[0].ID).Request.CaseRef != "LC-3" {
		t.Fatalf("the draft is not kept: %+v", rs)
	}
	h.mustSee("SEF-2026-0001")

	// No lot: nothing can be kept, so it asks; enter is not yes.
	h.keys("n", "tab", "tab")
	h.typeText("LC-4")
	h.keys("esc")
	if h.form().dlg == nil {
		t.Fatal("a form with no lot should ask before its typing is lost")
	}
	h.mustSee("Nothing can be kept until the council and lot are chosen")
	h.keys("enter")
	if h.screen() != screenForm || h.form().dlg == nil {
		t.Fatal("enter threw the typing away")
	}
	h.keys("y")
	if h.screen() != screenRequests {
		t.Fatalf("y should leave: on %s", h.screen())
	}
	if n := len(requestsOf(t, svc)); n != 1 {
		t.Errorf("%d requests", n)
	}
}

// u on the list starts an urgent request: needed today, the deadline and
// start set by the urgency, and the fields it rarely needs at the end.
func TestUrgentRequestStartsFromOneKey(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	h.keys("u")
	if h.screen() != screenForm {
		t.Fatalf("u opened %s", h.screen())
	}
	f := h.form().form
	if got := f.byKey("urgency").value; got != "today" {
		t.Errorf("urgency %q", got)
	}
	if got := f.byKey("deadline").text(); got != matching.ShowTime(matching.DefaultDeadline(matching.UrgencyToday, testNow)) {
		t.Errorf("deadline %q", got)
	}
	if got := f.byKey("start").text(); got != "2026-11-25" {
		t.Errorf("start %q, want today", got)
	}
	if f.cur().key != "lot" {
		t.Errorf("the council is known: the form starts on the lot, not %s", f.cur().key)
	}
	var order []string
	for _, x := range f.fields {
		order = append(order, x.key)
	}
	got := strings.Join(order, " ")
	if !strings.HasPrefix(got, "council lot case initials dob needs") || !strings.HasSuffix(got, "hours weights price-cap") {
		t.Errorf("urgent field order: %s", got)
	}
	h.mustSee("New urgent request")
}

// The duty officer's path from launch to an open request, counting the
// control keys apart from the characters of the data itself.
func TestDutyOfficerUrgentPath(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	var control, typed []string
	key := func(ks ...string) { control = append(control, ks...); h.keys(ks...) }
	text := func(s string) { typed = append(typed, s); h.typeText(s) }
	key("u")
	text("gr")
	key("enter")
	text("LC-4471")
	key("enter")
	text("js")
	key("enter")
	text("2009-03-14")
	key("enter")
	text("ment") // needs: mental-health
	key("space", "enter", "enter")
	text("Bootle")
	key("enter")
	text("Needs a room tonight; anxious at night.")
	key("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("ctrl+s should show who it reaches; on %s, status %q", h.screen(), h.m.c.status)
	}
	key("b")
	if h.screen() != screenDetail {
		t.Fatalf("b should broadcast; on %s, status %q", h.screen(), h.m.c.status)
	}
	rs := requestsOf(t, svc)
	if len(rs) != 1 || rs[0].Status != matching.StatusOpen || rs[0].Urgency != matching.UrgencyToday {
		t.Fatalf("want one open urgent request, got %+v", rs)
	}
	r := show(t, svc, rs[0].ID).Request
	if r.CaseRef != "LC-4471" || r.Initials != "JS" || strings.Join(r.Needs, ";") != "mental-health" || r.Locality != "Bootle" || matching.ShowDate(r.Start) != "2026-11-25" {
		t.Errorf("request saved as %+v", r)
	}
	t.Logf("duty officer, launch to open request: %d control keys %v; typed %q", len(control), control, typed)
	if len(control) > 15 {
		t.Errorf("%d control keys: at most 15", len(control))
	}
}

// A lot with nobody on it says so plainly, and what to do.
func TestPreviewOfAnEmptyLot(t *testing.T) {
	t.Parallel()
	svc := newService(t) // no register
	d := newDraft(t, svc, groupLiving("sefton"))
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 100, 30)
	h.openRequest(d.ID)
	h.keys("b")
	if h.screen() != screenPreview {
		t.Fatalf("on %s", h.screen())
	}
	h.mustSee("No provider is on the")
	h.mustSee("providers import")
	if v := h.view(); strings.Contains(v, "every provider on the lot is eligible") || strings.Contains(v, "Will be invited (0)") {
		t.Errorf("an empty lot reads as if its providers were all eligible:\n%s", v)
	}
}

// Back on the preview after editing its draft: from the top, worked out
// again, and the words say what b does there.
func TestPreviewAfterAnEditStartsAtTheTop(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 18)
	h.openRequest(w.draft)
	h.keys("b", "G")
	p := h.m.screens[screenPreview].(*previewScreen)
	if p.scroll.off == 0 {
		t.Fatalf("the preview should scroll at 80x18:\n%s", h.view())
	}
	h.keys("e")
	h.form().form.focusKey("hours")
	h.typeText("12")
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("ctrl+s on the edit goes back to the preview; on %s, status %q", h.screen(), h.m.c.status)
	}
	if p.scroll.off != 0 {
		t.Errorf("the preview kept its old scroll: %d", p.scroll.off)
	}
	if st := h.m.c.status; strings.Contains(st, "Press b to see who it reaches") || !strings.Contains(st, "b broadcasts it") {
		t.Errorf("status %q", st)
	}
	h.mustSee("Send " + w.draft)
}

// A deadline typed in the past is the one thing wrong: the start date it
// drags stays today.
func TestPastDeadlineLeavesTheStartAlone(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 100, 30)
	h.keys("n")
	f := h.form().form
	f.focusKey("deadline")
	h.keys("ctrl+u")
	for range 20 {
		h.keys("backspace")
	}
	h.typeText(matching.ShowTime(testNow.Add(-26 * time.Hour)))
	h.keys("tab")
	f.focusKey("start")
	h.keys("tab")
	if got := f.byKey("start").text(); got != "2026-11-25" {
		t.Errorf("start %q, want today", got)
	}
	if f.byKey("deadline").err == "" || f.byKey("start").err != "" {
		t.Errorf("deadline %q, start %q: only the deadline is wrong", f.byKey("deadline").err, f.byKey("start").err)
	}
}
