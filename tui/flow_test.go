package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

func (h *harness) form() *formScreen       { return h.m.screens[screenForm].(*formScreen) }
func (h *harness) offer() *offerScreen     { return h.m.screens[screenOffer].(*offerScreen) }
func (h *harness) ranking() *rankingScreen { return h.m.screens[screenRanking].(*rankingScreen) }
func (h *harness) detail() *detailScreen   { return h.m.screens[screenDetail].(*detailScreen) }

func show(t testing.TB, svc *service.Service, id string) service.Detail {
	t.Helper()
	d, err := svc.Show(context.Background(), "test", id)
	must(t, err)
	return d
}

// counter counts keystrokes as a person makes them.
type counter struct {
	h *harness
	n int
}

func (c *counter) keys(ks ...string) { c.n += len(ks); c.h.keys(ks...) }
func (c *counter) text(s string)     { c.n += len([]rune(s)); c.h.typeText(s) }

// TestDutyOfficerPath is the leaving-care duty officer's minute: from
// launch to an open request, by keyboard alone.
func TestDutyOfficerPath(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "duty", Council: "sefton"}, 80, 24)
	c := &counter{h: h}
	c.keys("n")
	if h.screen() != screenForm {
		t.Fatalf("n opened %s", h.screen())
	}
	if got := h.form().form.cur().key; got != "lot" {
		t.Fatalf("the form starts on %s; the council is known, so it should start on the lot", got)
	}
	c.text("gr")
	c.keys("enter")
	c.text("t")
	c.keys("enter")
	c.text("LC-4471")
	c.keys("enter")
	c.text("js")
	c.keys("enter")
	c.text("2009-03-14")
	if note := h.form().form.byKey("dob").note; note != "age 17 on the start date" {
		t.Errorf("the age shown as the date of birth is typed: %q", note)
	}
	if dl := h.form().form.byKey("deadline").text(); dl != matching.ShowTime(testNow.Add(4*time.Hour)) {
		t.Errorf("urgency today should default the deadline to 4 hours ahead, got %q", dl)
	}
	c.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("saving should show the broadcast preview; on %s, status %q", h.screen(), h.m.c.status)
	}
	h.mustSee("Send SEF-2026-0001 to 4 providers")
	h.mustSee("locked")
	c.keys("b")
	if h.screen() != screenDetail {
		t.Fatalf("broadcasting should show the request; on %s, status %q", h.screen(), h.m.c.status)
	}
	rs, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	if len(rs) != 1 || rs[0].Status != matching.StatusOpen || rs[0].Invited != 4 {
		t.Fatalf("want one open request sent to 4 providers, got %+v", rs)
	}
	d := show(t, svc, rs[0].ID)
	r := d.Request
	if r.Council != "sefton" || r.Lot != "group-living" || r.Urgency != matching.UrgencyToday || r.CaseRef != "LC-4471" || r.Initials != "JS" || r.CreatedBy != "duty" {
		t.Errorf("request saved as %+v", r)
	}
	h.mustSee("Invited 4 providers")
	t.Logf("duty officer, launch to open request: %d keystrokes (%d of them typing the case, initials and date of birth)", c.n, len("gr")+len("t")+len("LC-4471")+len("js")+len("2009-03-14"))
	if c.n > 35 {
		t.Errorf("%d keystrokes is too many for a duty officer", c.n)
	}
}

func TestFormChecksFieldOnLeaving(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.keys("n")
	f := h.form().form
	f.focusKey("dob")
	h.typeText("2009-14-40")
	if f.byKey("dob").err != "" {
		t.Fatal("no error before the field is left")
	}
	h.keys("tab")
	if msg := f.byKey("dob").err; !strings.Contains(msg, "not a date") {
		t.Fatalf("leaving a bad date of birth should say why, got %q", msg)
	}
	h.mustSee("not a date")
	h.keys("shift+tab")
	for range 10 {
		h.keys("backspace")
	}
	h.typeText("14/03/2009")
	h.keys("tab")
	if got := f.byKey("dob").text(); got != "2009-03-14" {
		t.Errorf("a British date is written as %q", got)
	}
	if msg := f.byKey("dob").err; msg != "" {
		t.Errorf("a good date still shows %q", msg)
	}
	// The lot's age range is checked against the date of birth.
	f.focusKey("lot")
	h.typeText("gr")
	h.keys("enter")
	f.focusKey("dob")
	for range 10 {
		h.keys("backspace")
	}
	h.typeText("2015-01-01")
	h.keys("tab")
	if msg := f.byKey("dob").err; !strings.Contains(msg, "lot group-living is for ages 16 to 24") {
		t.Errorf("an 11-year-old on a 16+ lot: %q", msg)
	}
}

func TestSaveShowsWhatIsMissing(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.typeText("gr")
	h.keys("enter", "ctrl+s")
	if h.screen() != screenForm {
		t.Fatalf("an incomplete form must not go on to the preview; on %s", h.screen())
	}
	// It is kept as a draft as it stands: only the broadcast needs it whole.
	rs, _ := svc.Requests(context.Background(), service.RequestFilter{})
	if len(rs) != 1 || rs[0].Status != matching.StatusDraft || !rs[0].Incomplete {
		t.Fatalf("the incomplete draft should be kept, got %+v", rs)
	}
	st := h.m.c.status
	for _, want := range []string{"Kept as a draft", "before it can be broadcast", "case reference", "initials", "date of birth"} {
		if !strings.Contains(st, want) {
			t.Errorf("status %q lacks %q", st, want)
		}
	}
	if got := h.form().form.cur().key; got != "case" {
		t.Errorf("focus should go to the first missing field, the case reference; on %s", got)
	}
	if h.form().form.byKey("case").err == "" {
		t.Error("the case reference should show its reason")
	}
}

func TestDeadlineFollowsUrgencyUntilEdited(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.keys("n")
	f := h.form().form
	want := func(d time.Duration) {
		t.Helper()
		if got := f.byKey("deadline").text(); got != matching.ShowTime(testNow.Add(d)) {
			t.Errorf("deadline %q, want %s", got, matching.ShowTime(testNow.Add(d)))
		}
	}
	want(10 * 24 * time.Hour)
	f.focusKey("urgency")
	h.typeText("within")
	want(2 * 24 * time.Hour)
	f.focusKey("urgency")
	h.keys("up", "up")
	want(4 * time.Hour)
	f.focusKey("deadline")
	h.keys("backspace")
	h.typeText("5")
	f.focusKey("urgency")
	h.typeText("planned")
	if got := f.byKey("deadline").text(); got != matching.ShowTime(testNow.Add(4 * time.Hour))[:15]+"5" {
		t.Errorf("an edited deadline was replaced: %q", got)
	}
}

func TestFormTakesCouncilDefaults(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	must(t, svc.SetDefaults(context.Background(), "test", "sefton", "group-living", matching.Defaults{
		Weights: matching.Weights{Quality: 60, Price: 30, AgeCover: 10}, GuidePrice: 120000}))
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.typeText("group")
	h.keys("enter")
	f := h.form().form
	if got := f.byKey("weights").text(); got != "60/30/10" {
		t.Errorf("weights %q, want the council's 60/30/10", got)
	}
	if got := f.byKey("price-cap").text(); got != "£1,200.00" {
		t.Errorf("price cap %q, want the guide price", got)
	}
}

func TestNeedsPickedByTyping(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.typeText("gr")
	h.keys("enter")
	f := h.form().form
	f.focusKey("needs")
	h.typeText("mental")
	h.keys(" ")
	// A pick clears the filter: the next word starts a new one.
	if got := f.byKey("needs").input.Value(); got != "" {
		t.Errorf("after a pick the filter still holds %q", got)
	}
	h.typeText("indep")
	h.keys(" ")
	if got := f.byKey("needs").text(); got != "mental-health;independence-skills" {
		t.Errorf("needs %q", got)
	}
	f.focusKey("risks")
	h.typeText("miss")
	h.keys(" ")
	if got := f.byKey("risks").text(); got != "going-missing" {
		t.Errorf("risks %q", got)
	}
}

func TestQIsTypedInFieldsAndQuitsElsewhere(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 80, 24)
	h.keys("n")
	h.form().form.focusKey("case")
	h.typeText("q?")
	if h.quit {
		t.Fatal("q quit while typing")
	}
	if got := h.form().form.byKey("case").text(); got != "q?" {
		t.Errorf("typed %q", got)
	}
	if h.m.showHelp {
		t.Error("? opened the help while typing")
	}
	h.keys("f1")
	if !h.m.showHelp {
		t.Error("f1 should open the help while typing")
	}
	h.keys("esc", "esc") // close help, then leave the form: asks first
	if h.screen() != screenForm || h.form().dlg == nil {
		t.Fatal("leaving a form with typing in it should ask first")
	}
	h.keys("y")
	if h.screen() != screenRequests {
		t.Fatalf("on %s", h.screen())
	}
	h.keys("q")
	if !h.quit {
		t.Error("q should quit from the list")
	}
}

func TestLogOfferSealedThenClose(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	h.keys("o")
	if h.screen() != screenOffer {
		t.Fatalf("o opened %s", h.screen())
	}
	h.typeText("damson")
	h.keys("enter", "enter")
	h.typeText("1,050")
	h.keys("tab")
	h.typeText("23")
	h.keys("ctrl+s")
	if h.screen() != screenDetail {
		t.Fatalf("saving an answer should go back to the request; on %s, status %q", h.screen(), h.m.c.status)
	}
	d := show(t, svc, w.open)
	if d.AnsweredCount() != 2 {
		t.Fatalf("answered %d, want 2", d.AnsweredCount())
	}
	h.mustSee("Offer from Damson Homes logged")
	if v := h.view(); strings.Contains(v, "1,050") || strings.Contains(v, "975") {
		t.Fatalf("a sealed offer's price is on screen:\n%s", v)
	}
	// A decline.
	h.keys("o")
	h.typeText("birch")
	h.keys("enter")
	h.typeText("decl")
	h.keys("enter")
	h.typeText("no vacancy until January")
	h.keys("ctrl+s")
	if d := show(t, svc, w.open); d.AnsweredCount() != 3 {
		t.Fatalf("answered %d, want 3; status %q", d.AnsweredCount(), h.m.c.status)
	}
	// Close early with a reason.
	h.keys("c", "enter")
	if h.detail().dlg == nil || h.detail().dlg.err == "" {
		t.Fatal("closing without a reason should be refused in the dialog")
	}
	h.typeText("placement found in house")
	h.keys("enter")
	if d := show(t, svc, w.open); d.Request.Status != matching.StatusClosed || d.Request.CloseReason != "placement found in house" {
		t.Fatalf("status %s, reason %q", d.Request.Status, d.Request.CloseReason)
	}
	h.mustSee("closed early")
}

func TestHourlyRateShowsTheWeeklySum(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.packages)
	h.keys("o")
	h.typeText("ivy")
	h.keys("enter", "enter", "tab")
	h.typeText("25.50")
	if n := h.offer().form.byKey("hourly").note; n != "£25.50 × 20 h = £510.00 a week" {
		t.Errorf("hourly note %q", n)
	}
	h.keys("ctrl+s")
	d := show(t, svc, w.packages)
	if d.AnsweredCount() != 1 {
		t.Fatalf("answered %d; status %q", d.AnsweredCount(), h.m.c.status)
	}
}

func TestOpenRankAndAwardRank1(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.closed)
	c := &counter{h: h}
	c.keys("r")
	if !h.ranking().confirming {
		t.Fatal("opening the offers must be confirmed first")
	}
	if show(t, svc, w.closed).Request.Status != matching.StatusClosed {
		t.Fatal("the offers were opened before the confirmation")
	}
	h.mustSee("recorded")
	c.keys("y")
	if show(t, svc, w.closed).Request.Status != matching.StatusOpened {
		t.Fatal("y should open the offers")
	}
	h.mustSee("Alder House Living")
	h.mustSee("£990.00")
	h.mustSee("declined")
	c.keys("a")
	if h.ranking().dlg == nil || h.ranking().dlg.typing() {
		t.Fatal("awarding rank 1 asks a yes/no confirmation")
	}
	c.keys("y")
	d := show(t, svc, w.closed)
	if d.Request.Status != matching.StatusAwarded || d.Request.AwardedTo != "P001" {
		t.Fatalf("status %s to %q; status line %q", d.Request.Status, d.Request.AwardedTo, h.m.c.status)
	}
	h.mustSee("Awarded to Alder House Living")
	t.Logf("closed request (detail open) to award: %d keystrokes", c.n)
}

func TestAwardOtherThanRank1NeedsReason(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.opened)
	h.keys("r", "down", "a")
	dl := h.ranking().dlg
	if dl == nil || !dl.typing() {
		t.Fatal("rank 2 needs a reason")
	}
	h.keys("enter")
	if h.ranking().dlg == nil || !strings.Contains(h.ranking().dlg.err, "reason is required") {
		t.Fatalf("no reason: dialog %+v", h.ranking().dlg)
	}
	if show(t, svc, w.opened).Request.Status != matching.StatusOpened {
		t.Fatal("awarded without a reason")
	}
	h.typeText("the young person chose to be near college")
	h.keys("enter")
	d := show(t, svc, w.opened)
	if d.Request.Status != matching.StatusAwarded || d.Request.AwardedTo != "P001" || d.Request.EndReason != "the young person chose to be near college" {
		t.Fatalf("got %s to %s: %q", d.Request.Status, d.Request.AwardedTo, d.Request.EndReason)
	}
}

func TestNoAwardWithSpotPurchase(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.opened)
	h.keys("r", "n")
	h.typeText("no suitable offer")
	h.keys("tab")
	h.typeText("spot purchase agreed")
	h.keys("enter")
	d := show(t, svc, w.opened)
	if d.Request.Status != matching.StatusNoAward || d.Request.SpotPurchase != "spot purchase agreed" {
		t.Fatalf("got %s, spot %q; status %q", d.Request.Status, d.Request.SpotPurchase, h.m.c.status)
	}
}

func TestCancelDraftAndExtendOpen(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.draft)
	h.keys("x")
	h.typeText("duplicate")
	h.keys("enter")
	if d := show(t, svc, w.draft); d.Request.Status != matching.StatusCancelled {
		t.Fatalf("status %s", d.Request.Status)
	}
	h.openRequest(w.open)
	h.keys("e", "ctrl+u")
	h.typeText("2026-11-25 21:00")
	h.keys("enter")
	d := show(t, svc, w.open)
	if got := matching.ShowTime(d.Request.Deadline); got != "2026-11-25 21:00" {
		t.Fatalf("deadline %s; status %q", got, h.m.c.status)
	}
	// Earlier is refused, in the dialog.
	h.keys("e", "ctrl+u")
	h.typeText("2026-11-25 16:00")
	h.keys("enter")
	if h.detail().dlg == nil || !strings.Contains(h.detail().dlg.err, "not later") {
		t.Fatalf("an earlier deadline should be refused in the dialog: %+v", h.detail().dlg)
	}
	// So is one past the start date (the placement starts on the 25th).
	h.keys("ctrl+u")
	h.typeText("2026-11-26 09:00")
	h.keys("enter")
	if h.detail().dlg == nil || !strings.Contains(h.detail().dlg.err, "after the start date") {
		t.Fatalf("a deadline after the start date should be refused in the dialog: %+v", h.detail().dlg)
	}
	if got := matching.ShowTime(show(t, svc, w.open).Request.Deadline); got != "2026-11-25 21:00" {
		t.Fatalf("a refused extension changed the deadline to %s", got)
	}
}

func TestCopyIntoNewRequest(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.noAward)
	h.keys("n")
	f := h.form().form
	if f.byKey("lot").value != "group-living" || f.byKey("case").text() != "LC-1" || f.byKey("needs").text() != "mental-health" {
		t.Fatalf("copy did not fill the form: lot %q case %q", f.byKey("lot").value, f.byKey("case").text())
	}
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("on %s: %q", h.screen(), h.m.c.status)
	}
}

func TestSweepClosesDueRequests(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.mustSee("closes in 4h 00m")
	clk.now = testNow.Add(5 * time.Hour)
	h.send(clockMsg{})
	if d := show(t, svc, w.open); d.Request.Status != matching.StatusClosed {
		t.Fatalf("status %s", d.Request.Status)
	}
	if strings.Contains(h.view(), "closes in") && strings.Contains(h.view(), w.open) {
		rs := h.m.screens[screenRequests].(*requestsScreen)
		for _, r := range rs.rows {
			if r.ID == w.open && r.Status != matching.StatusClosed {
				t.Fatalf("the list still shows %s as %s", w.open, r.Status)
			}
		}
	}
	// The 30 s sweep closes too.
	clk.now = testNow.Add(10 * 24 * time.Hour)
	h.send(sweepMsg{})
	if d := show(t, svc, w.packages); d.Request.Status != matching.StatusClosed {
		t.Fatalf("packages request status %s", d.Request.Status)
	}
}

func TestStaleRepliesAreDropped(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	old := show(t, svc, w.awarded)
	h.send(loaded[service.Detail]{token: h.detail().show.token - 1, val: old})
	if h.detail().d.Request.ID != w.open {
		t.Fatal("a reply for an earlier request replaced the one on screen")
	}
	rs := h.m.screens[screenRequests].(*requestsScreen)
	before := len(rs.rows)
	h.send(loaded[requestsPage]{token: rs.list.token - 1})
	if len(rs.rows) != before {
		t.Fatal("a stale list reply replaced the list")
	}
}

func TestEmptyStoreExplainsHowToStart(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u"}, 80, 24)
	h.mustSee("placematch providers import FILE")
	h.mustSee("placematch --demo")
}

func TestStoreErrorIsOneLine(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "u"}, 80, 24)
	must(t, svc.Store().Close())
	h.keys("ctrl+r")
	if !h.m.c.statusErr || h.m.c.status == "" {
		t.Fatal("a store error should show in the status bar")
	}
	lines := strings.Split(h.view(), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	h.keys("j")
	if h.m.c.status != "" {
		t.Error("the next key clears the status line")
	}
}

func TestProviderRegisterFilters(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.keys("p")
	ps := h.m.screens[screenProviders].(*providersScreen)
	if len(ps.rows) != 11 {
		t.Fatalf("%d rows", len(ps.rows))
	}
	h.keys("l") // the first lot: packages
	if ps.lot != "packages" || len(ps.rows) != 2 {
		t.Fatalf("lot %q: %d rows", ps.lot, len(ps.rows))
	}
	h.keys("x", "t")
	h.typeText("autism")
	h.keys("enter")
	if len(ps.rows) != 1 || ps.rows[0].ProviderID != "P009" {
		t.Fatalf("autism: %+v", ps.rows)
	}
	h.keys("x", "c")
	h.typeText("bolton")
	h.keys("enter", "s", "s", "s") // admitted, applied, suspended
	if ps.status != "suspended" || len(ps.rows) != 1 || ps.rows[0].ProviderID != "P006" {
		t.Fatalf("suspended serving bolton: %+v", ps.rows)
	}
	h.keys("x", "/")
	h.typeText("damson")
	h.keys("enter", "enter")
	h.mustSee("Damson Homes (P004)")
	h.mustSee(w.awarded)
	h.mustSee("awarded to this provider")
}

func TestSuggestedValuesAreTypedOver(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "knowsley"}, 100, 30)
	h.keys("n")
	f := h.form().form
	// A planned request: start and deadline defaults agree with each other.
	h.typeText("pack")
	h.keys("enter", "enter")
	h.typeText("CWD-1")
	h.keys("enter")
	h.typeText("TR")
	h.keys("enter")
	h.typeText("2014-05-02")
	h.keys("enter")
	if got := f.byKey("start").text(); got != "2026-12-05" {
		t.Errorf("planned: start %q, want the deadline's day 2026-12-05", got)
	}
	// Typing into a suggested value replaces it.
	h.typeText("2026-12-10")
	h.keys("enter")
	if got := f.byKey("start").text(); got != "2026-12-10" {
		t.Errorf("start %q", got)
	}
	// The deadline, when edited, is kept.
	h.keys("backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("09:30")
	if got := f.byKey("deadline").text(); got != "2026-12-05 09:30" {
		t.Errorf("deadline %q", got)
	}
	h.keys("ctrl+s")
	if h.screen() != screenPreview {
		t.Fatalf("not saved: %q", h.m.c.status)
	}
	d := show(t, svc, "KNO-2026-0001")
	if got := matching.ShowDate(d.Request.Start); got != "2026-12-10" {
		t.Errorf("saved start %s", got)
	}
}

func TestWithdrawAnOffer(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	h.keys("o")
	h.typeText("alder")
	h.keys("enter")
	h.typeText("withdraw")
	h.keys("ctrl+s")
	if h.screen() != screenDetail {
		t.Fatalf("on %s: %q", h.screen(), h.m.c.status)
	}
	h.mustSee("is withdrawn")
	must(t, svc.Close(context.Background(), "test", w.open, "done"))
	rk, err := svc.Rank(context.Background(), "test", w.open)
	must(t, err)
	if len(rk.Ranking.Excluded) != 1 || rk.Ranking.Excluded[0].Reason != matching.ExclWithdrawn {
		t.Fatalf("excluded %+v", rk.Ranking.Excluded)
	}
}

func TestLateAnswerToAClosedRequest(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	clk.now = testNow.Add(time.Hour)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.closed)
	h.keys("o")
	h.typeText("ŵelsh")
	h.keys("enter", "enter")
	h.typeText("800")
	if n := h.offer().form.byKey("received").note; !strings.Contains(n, "marked late") {
		t.Errorf("received note %q", n)
	}
	h.keys("ctrl+s")
	// Received after the deadline: it will not be scored, and the officer
	// is asked first.
	h.mustSee("after the deadline")
	h.keys("y")
	d := show(t, svc, w.closed)
	if d.AnsweredCount() != 3 {
		t.Fatalf("answered %d: %q", d.AnsweredCount(), h.m.c.status)
	}
	h.keys("pgdown") // the invited list, with each provider's contact, runs below the fold
	h.mustSee("answered late")
}

func TestStatusFilterCycles(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	want := map[string]int{"all": 8, "active": 5, "draft": 1, "open": 2, "closed": 1, "opened": 1, "awarded": 1, "no award": 1, "cancelled": 1}
	for range len(rs.views) {
		v := rs.views[rs.sview]
		if n, ok := want[v.label]; !ok || n != len(rs.visible) {
			t.Errorf("status %s shows %d requests, want %d", v.label, len(rs.visible), n)
		}
		h.keys("s")
	}
	if rs.views[rs.sview].label != "all" {
		t.Error("the cycle should come back to all")
	}
	h.keys("s", "s", "s", "enter")
	if h.screen() != screenDetail || h.detail().id != w.packages {
		t.Errorf("enter on the first open request opened %s %s", h.screen(), h.detail().id)
	}
}

// TestOfferAboveTheCapIsSaidAtOnce: an officer logging a phoned offer above
// the price cap is told then, while still on the phone, that it will not be
// scored, without the price itself on screen (it is sealed).
func TestOfferAboveTheCapIsSaidAtOnce(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	in := groupLiving("sefton")
	in.PriceCap = "1,000"
	id := newDraft(t, svc, in).ID
	if _, err := svc.Broadcast(context.Background(), "test", id); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	for _, tc := range []struct{ who, weekly, warn, want string }{
		{"damson", "1,050", "is above the price cap of £1,000.00 a week", "logged as given; it will not be scored as it stands"},
		{"alder", "990", "", "logged; sealed until the offers are opened"},
	} {
		h.openRequest(id)
		h.keys("o")
		h.typeText(tc.who)
		h.keys("enter", "enter")
		h.typeText(tc.weekly)
		h.keys("ctrl+s")
		if tc.warn != "" {
			// Asked before it is logged, while still on the phone.
			h.mustSee("This offer will not be scored")
			h.mustSee("Log it anyway?")
			if d := h.offer().dlg; d == nil || !strings.Contains(strings.Join(d.body, " "), tc.warn) {
				t.Fatalf("the question does not say why: %+v", d)
			}
			if d := show(t, svc, id); d.AnsweredCount() != 0 {
				t.Fatal("logged before the officer confirmed")
			}
			h.keys("n")
			if h.screen() != screenOffer || h.offer().dlg != nil || h.offer().form.byKey("weekly").text() != tc.weekly {
				t.Fatalf("no did not go back to the answer as typed: on %s", h.screen())
			}
			h.keys("ctrl+s", "y")
		}
		h.mustSee(tc.want)
		if v := h.view(); strings.Contains(v, tc.weekly) {
			t.Fatalf("the sealed price %s is on screen:\n%s", tc.weekly, v)
		}
	}
	if d := show(t, svc, id); d.AnsweredCount() != 2 {
		t.Fatalf("%d answers logged, want both", d.AnsweredCount())
	}
}

// TestAnswerLoggedAfterAnEarlyCloseIsLate: the form offers the minute it
// opened as the received time; left as it is, the answer is received when
// it is logged, to the second. Cut to the minute, an answer logged 8
// seconds after an early close read as received before it, was ranked and
// could be awarded.
func TestAnswerLoggedAfterAnEarlyCloseIsLate(t *testing.T) {
	t.Parallel()
	svc, clk := newClockedService(t)
	w := buildWorld(t, svc)
	ctx := context.Background()
	clk.now = testNow.Add(11 * time.Second)
	must(t, svc.Close(ctx, "t", w.open, "enough offers to decide"))
	clk.now = testNow.Add(19 * time.Second)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)
	h.openRequest(w.open)
	h.keys("o")
	h.typeText("damson")
	h.keys("enter", "enter")
	h.typeText("1,050")
	h.keys("ctrl+s")
	if h.screen() == screenOffer && h.m.screens[screenOffer].(*offerScreen).dlg != nil {
		h.keys("y") // the warning that it will not be scored
	}
	d := show(t, svc, w.open)
	for _, a := range d.Answers {
		if a.ProviderName == "Damson Homes" {
			if !a.Answered || !a.Received.Equal(clk.now) || !a.Late {
				t.Fatalf("Damson's answer: answered %v, received %s (logged %s), late %v", a.Answered, a.Received, clk.now, a.Late)
			}
			return
		}
	}
	t.Fatal("Damson Homes is not on the invited list")
}
