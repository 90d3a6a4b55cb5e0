package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

func (h *harness) invites() *invitesScreen { return h.m.screens[screenInvites].(*invitesScreen) }

// pages is everything a screen can show: the view at every scroll
// position, from the top to the bottom.
func (h *harness) pages() []string {
	h.t.Helper()
	h.keys("g")
	var out []string
	last := ""
	for i := 0; i < 50; i++ {
		v := h.view()
		if v == last {
			break
		}
		out = append(out, v)
		last = v
		h.keys("pgdown")
	}
	h.keys("g")
	return out
}

// TestProviderSeesOnlyItsInvitations: a provider's app lists exactly the
// requests it was invited to, has no officer screen to reach, and a
// request it was not invited to cannot be opened.
func TestProviderSeesOnlyItsInvitations(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	ctx := context.Background()
	all, err := svc.Requests(ctx, service.RequestFilter{})
	must(t, err)
	for _, pid := range []string{"P001", "P017", "P020", "P038"} {
		t.Run(pid, func(t *testing.T) {
			h := providerHarness(t, svc, pid, 200, 50)
			mine, err := svc.Requests(ctx, service.RequestFilter{Provider: pid})
			must(t, err)
			invited := map[string]bool{}
			for _, r := range mine {
				invited[r.ID] = true
			}
			s := h.invites()
			if len(s.rows) != len(mine) || len(mine) == 0 {
				t.Fatalf("%s's list has %d rows; it was invited to %d requests", pid, len(s.rows), len(mine))
			}
			v := h.view()
			for _, r := range all {
				switch {
				case invited[r.ID] && !strings.Contains(v, r.ID):
					t.Errorf("%s is not listed for %s", r.ID, pid)
				case !invited[r.ID] && strings.Contains(v, r.ID):
					t.Errorf("%s was not invited to %s, yet it is listed", pid, r.ID)
				}
			}
			// No screen of the commissioning side exists in this app.
			for _, id := range []screenID{screenRequests, screenForm, screenPreview, screenDetail, screenOffer, screenRanking, screenProviders, screenWhatIf, screenLive} {
				if h.m.screens[id] != nil {
					t.Errorf("the provider app has the %s screen", id)
				}
				h.send(navMsg{to: id, arg: navArg{requestID: all[0].ID}})
				if h.screen() != screenInvites {
					t.Fatalf("a message reached the %s screen", id)
				}
			}
			// A request it was not invited to: not found, nothing shown.
			for _, r := range all {
				if invited[r.ID] || r.Status == matching.StatusDraft {
					continue
				}
				d := show(t, svc, r.ID)
				h.send(navMsg{to: screenInvitation, arg: navArg{requestID: r.ID}})
				v := h.view()
				if !strings.Contains(v, "has no invitation") {
					t.Errorf("%s opened %s, which it was not invited to:\n%s", pid, r.ID, v)
				}
				if d.Profile.Summary != "" && strings.Contains(v, firstWords(d.Profile.Summary, 4)) {
					t.Errorf("%s sees the summary of %s", pid, r.ID)
				}
				h.keys("esc")
				break
			}
		})
	}
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

var rankWords = regexp.MustCompile(`(?i)\brank(ed)?\s*#?\d|\b\d+(st|nd|rd|th)\s+place\b`)

// TestProviderNeverSeesOtherOffers: on an open request and on a decided
// one, a provider's screens hold no other provider's answer and no rank;
// after the award, only the winning offer's score parts, not its provider.
func TestProviderNeverSeesOtherOffers(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	check := func(t *testing.T, pid, id string, mustNot, must []string) {
		t.Helper()
		h := providerHarness(t, svc, pid, 80, 24)
		h.openInvitation(id)
		text := strings.Join(h.pages(), "\n") + strings.Join(h.invitation().lines(200), "\n")
		for _, s := range mustNot {
			if strings.Contains(text, s) {
				t.Errorf("%s sees %q on %s", pid, s, id)
			}
		}
		for _, s := range must {
			if !strings.Contains(text, s) {
				t.Errorf("%s does not see %q on %s", pid, s, id)
			}
		}
		if m := rankWords.FindString(text); m != "" {
			t.Errorf("%s sees a rank on %s: %q", pid, id, m)
		}
	}
	// Open, Manchester today: P020 offered £1,195, P032 declined.
	open := invitationOf(t, svc, "P017", func(r service.RequestSummary) bool {
		return r.Status == matching.StatusOpen && r.Council == "manchester"
	})
	check(t, "P017", open, []string{"1,195", "Stepping Stones", "Peel Park", "No bed free"}, []string{"Answer by"})
	// Awarded to P020 (rank 2) over P017; P018, P030, P032, P023 lost or
	// were left out.
	awarded := invitationOf(t, svc, "P017", func(r service.RequestSummary) bool {
		return r.Status == matching.StatusAwarded && r.Council == "manchester"
	})
	check(t, "P017", awarded,
		[]string{"1,210", "1,095", "1,180", "990", "Irwell", "Moorside", "Peel Park", "Riverside", "Stepping Stones"},
		[]string{"Your offer", "Winning offer", "84.20", "90.61", "total = (40 × Q + 40 × P + 20 × A) / 100"})
	// The winner sees that it won, and nobody else's parts.
	check(t, "P020", awarded, []string{"1,150", "Pennine", "81.30", "Irwell"}, []string{"awarded to you", "89.88"})
}

// TestProviderAnswersInTheApp: a provider offers, revises, withdraws and
// declines by keys, each through the service as itself; after the deadline
// nothing can be changed.
func TestProviderAnswersInTheApp(t *testing.T) {
	t.Parallel()
	svc, clk := demoService(t)
	ctx := context.Background()
	id := invitationOf(t, svc, "P017", func(r service.RequestSummary) bool {
		return r.Status == matching.StatusOpen && r.Council == "manchester"
	})
	own := func() *service.OwnAnswer {
		inv, err := svc.ProviderShow(ctx, "P017", id)
		must(t, err)
		return inv.Answer
	}
	h := providerHarness(t, svc, "P017", 80, 24)
	h.openInvitation(id)
	h.mustSee("Press o to offer")

	// A price that is not one keeps the dialog open with the problem.
	h.keys("o")
	h.typeText("lots")
	h.keys("enter", "enter", "enter", "enter")
	if s := h.invitation(); s.dlg == nil || s.dlg.err == "" {
		t.Fatalf("a bad price was not caught: %+v", s.dlg)
	}
	if own() != nil {
		t.Fatal("a bad offer was recorded")
	}
	h.keys("esc")

	// The offer form has the start date and a note.
	h.keys("o")
	h.typeText("1,150")
	h.keys("enter")
	h.typeText("25")
	h.keys("enter")
	start := inv0(t, svc, id).Profile.Start
	h.typeText(start)
	h.keys("enter")
	h.typeText("Room ready now.")
	h.keys("enter")
	if a := own(); a == nil || a.WeeklyPence != 115000 || a.CoverUntil != 25 || a.Start != start || a.Note != "Room ready now." {
		t.Fatalf("the offer is %+v", a)
	}
	h.mustSee("£1,150.00 a week")
	h.mustSee("Your offer is in")

	// Revise: the dialog starts from the offer, every field of it; typing
	// over the price changes the price only.
	h.keys("o")
	d := h.invitation().dlg
	if d.value(0) != "£1,150.00" || d.value(1) != "25" || d.value(2) != start || d.value(3) != "Room ready now." {
		t.Errorf("the revision starts from %q %q %q %q", d.value(0), d.value(1), d.value(2), d.value(3))
	}
	h.typeText("1,120")
	h.keys("enter", "enter", "enter", "enter")
	if a := own(); a == nil || a.WeeklyPence != 112000 || a.CoverUntil != 25 || a.Start != start || a.Note != "Room ready now." {
		t.Fatalf("the revision is %+v", a)
	}
	// A field emptied is cleared: the note goes, the start stays.
	h.keys("o", "tab", "tab", "tab", "ctrl+u", "enter")
	if a := own(); a == nil || a.WeeklyPence != 112000 || a.Start != start || a.Note != "" {
		t.Fatalf("after emptying the note: %+v", a)
	}

	h.keys("x", "y")
	if a := own(); a == nil || !a.Withdrawn {
		t.Fatalf("after withdrawing, the answer is %+v", a)
	}
	h.mustSee("withdrawn")

	h.keys("d")
	h.typeText("No room until January.")
	h.keys("enter")
	if a := own(); a == nil || !a.Declined || a.DeclineReason != "No room until January." {
		t.Fatalf("the decline is %+v", a)
	}
	h.mustSee("declined: No room until January.")

	// The recorded actor is the provider itself.
	evs, err := svc.Audit(ctx, id)
	must(t, err)
	if last := evs[len(evs)-1]; last.Actor != "provider:P017" {
		t.Errorf("the answer was recorded as %q", last.Actor)
	}

	// The deadline passes while the screen is open: it closes, and no
	// answer can be given or changed.
	inv, err := svc.ProviderShow(ctx, "P017", id)
	must(t, err)
	clk.now = inv.Profile.Deadline.Add(time.Second)
	h.send(clockMsg{})
	if h.invitation().inv.CanAnswer {
		t.Fatal("after the deadline the provider can still answer")
	}
	h.mustSee("Closed at the deadline")
	for _, k := range []string{"o", "d", "x"} {
		h.keys(k)
		if h.invitation().dlg != nil {
			t.Errorf("%s opened a dialog after the deadline", k)
			h.keys("esc")
		}
	}
	if b := scopeOf(h); len(b) == 0 {
		t.Fatal("no key")
	}
	for _, b := range scopeOf(h) {
		if d := b.Help().Desc; d == "offer" || d == "decline" || d == "withdraw offer" {
			t.Errorf("%q is still offered after the deadline", d)
		}
	}
}

// inv0 is a provider's invitation as the service gives it to P017.
func inv0(t *testing.T, svc *service.Service, id string) service.Invitation {
	t.Helper()
	inv, err := svc.ProviderShow(context.Background(), "P017", id)
	must(t, err)
	return inv
}

// TestProviderConfirmsAnOfferThatWillNotBeScored: an offer above the price
// cap, or a million pounds a week, is not sent at once: the provider is
// told why it will not be scored and asked to confirm; no goes back to the
// offer as typed, yes records it as given.
func TestProviderConfirmsAnOfferThatWillNotBeScored(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	id := invitationOf(t, svc, "P017", func(r service.RequestSummary) bool {
		return r.Status == matching.StatusOpen && r.Council == "manchester"
	})
	cap := inv0(t, svc, id).Profile.PriceCap
	if cap == 0 {
		t.Fatal("the demo's request has no cap")
	}
	for i, size := range [][2]int{{80, 24}, {200, 50}} {
		h := providerHarness(t, svc, "P017", size[0], size[1])
		h.openInvitation(id)
		overBy := matching.Pence(5000 * (i + 1))
		over := (cap + overBy).String()
		h.keys("o")
		h.typeText(over)
		h.keys("enter", "enter", "enter", "enter")
		s := h.invitation()
		if s.dlg == nil || s.dlg.action != "offer-anyway" {
			t.Fatalf("%v: an offer above the cap was not questioned: %+v", size, s.dlg)
		}
		if a := inv0(t, svc, id).Answer; a != nil && a.WeeklyPence == cap+overBy {
			t.Fatal("the offer was sent before it was confirmed")
		}
		h.mustSee("This offer will not be scored: " + over + " a week is above the price cap")
		h.mustSee("Send it anyway?")
		if body := strings.Join(s.dlg.body, " "); !strings.Contains(body, "is above the price cap of "+cap.String()+" a week.") {
			t.Errorf("%v: the reason is not said: %s", size, body)
		}
		// No: back to the offer, as typed.
		h.keys("n")
		if s.dlg == nil || s.dlg.action != "offer" || s.dlg.value(0) != over {
			t.Fatalf("%v: no did not go back to the offer: %+v", size, s.dlg)
		}
		// Enter on the last field asks again; yes sends it.
		h.keys("enter")
		h.keys("y")
		if a := inv0(t, svc, id).Answer; a == nil || a.WeeklyPence != cap+overBy {
			t.Fatalf("%v: the confirmed offer is %+v", size, a)
		}
		if s.dlg != nil {
			t.Fatalf("%v: a dialog is still open: %+v", size, s.dlg)
		}
		h.mustSee("will not be scored")
	}
	// A million a week: two reasons, both said.
	h := providerHarness(t, svc, "P017", 80, 24)
	h.openInvitation(id)
	h.keys("o")
	h.typeText("1000000")
	h.keys("enter", "enter", "enter", "enter")
	body := strings.Join(h.invitation().dlg.body, "\n")
	if !strings.Contains(body, "£1,000,000.00 a week is above the price cap") || !strings.Contains(body, "ten times the price cap or more") {
		t.Fatalf("the questions for a million a week:\n%s", body)
	}
	// Esc is no: back to the offer; esc again leaves it, nothing sent.
	h.keys("esc")
	if d := h.invitation().dlg; d == nil || d.action != "offer" {
		t.Fatalf("esc did not go back to the offer: %+v", d)
	}
	h.keys("esc")
	if a := inv0(t, svc, id).Answer; a == nil || a.WeeklyPence == 100000000 {
		t.Fatalf("a million a week was sent without a yes: %+v", a)
	}
	// An ordinary offer goes at once.
	h.keys("o")
	h.typeText((cap - 100).String())
	h.keys("enter", "enter", "enter", "enter")
	if a := inv0(t, svc, id).Answer; a == nil || a.WeeklyPence != cap-100 || h.invitation().dlg != nil {
		t.Fatalf("an offer under the cap: %+v, dialog %+v", a, h.invitation().dlg)
	}
}

// TestProviderUnknown: an id that is not on the register is told so, with
// what to do.
func TestProviderUnknown(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	h := providerHarness(t, svc, "P999", 80, 24)
	h.mustSee("P999 is not on the provider register")
	h.mustSee("placematch --provider YOUR-ID")
	if len(h.invites().rows) != 0 {
		t.Fatal("an unknown provider has invitations")
	}
	h.keys("enter")
	if h.screen() != screenInvites {
		t.Fatal("enter opened something")
	}
	h.keys("q")
	if !h.quit {
		t.Fatal("q does not quit")
	}
}

// personal is what identifies a young person: it never reaches a provider.
type personal struct {
	id, caseRef, initials string
	dob                   time.Time
}

func personalData(t testing.TB, svc *service.Service) []personal {
	t.Helper()
	rows, err := svc.Requests(context.Background(), service.RequestFilter{})
	must(t, err)
	var out []personal
	for _, r := range rows {
		d := show(t, svc, r.ID)
		out = append(out, personal{r.ID, d.Request.CaseRef, d.Request.Initials, d.Request.DOB})
	}
	return out
}

// leaks says which personal data a screen shows: a case reference, initials
// as a word, or a date of birth in any usual form.
func leaks(view string, ps []personal) []string {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(view, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	}) {
		words[w] = true
	}
	var out []string
	for _, p := range ps {
		if p.caseRef != "" && strings.Contains(view, p.caseRef) {
			out = append(out, p.id+": case reference "+p.caseRef)
		}
		if p.initials != "" && words[p.initials] {
			out = append(out, p.id+": initials "+p.initials)
		}
		for _, f := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "2 January 2006", "2 Jan 2006"} {
			if s := p.dob.Format(f); strings.Contains(view, s) {
				out = append(out, p.id+": date of birth "+s)
			}
		}
	}
	return out
}

// providerViews is every view a provider can bring up: the list, the help,
// each invitation at every scroll position and width, and each dialog.
func providerViews(t *testing.T, svc *service.Service, pid string) []string {
	t.Helper()
	var out []string
	for _, size := range [][2]int{{80, 24}, {140, 50}} {
		h := providerHarness(t, svc, pid, size[0], size[1])
		out = append(out, h.view())
		h.keys("?")
		out = append(out, h.view())
		h.keys("?")
		for _, r := range append([]service.RequestSummary(nil), h.invites().rows...) {
			h.openInvitation(r.ID)
			out = append(out, h.pages()...)
			out = append(out, strings.Join(h.invitation().lines(size[0]), "\n"))
			for _, k := range []string{"o", "d", "x"} {
				h.keys(k)
				if h.invitation().dlg != nil {
					out = append(out, h.view())
					h.keys("esc")
				}
			}
			h.keys("esc")
		}
	}
	return out
}

// TestProviderScreensHoldNoPersonalData: no provider-facing view, for any
// of several providers over the whole demo data, shows the case reference,
// initials or date of birth of any request.
func TestProviderScreensHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	ps := personalData(t, svc)
	if len(ps) < 10 {
		t.Fatalf("only %d demo requests", len(ps))
	}
	seen := map[string]bool{}
	for _, pid := range []string{"P001", "P004", "P007", "P017", "P020", "P023", "P030", "P036", "P038", "P045"} {
		views := providerViews(t, svc, pid)
		if len(views) < 5 {
			t.Fatalf("%s: only %d views", pid, len(views))
		}
		for _, v := range views {
			for _, l := range leaks(v, ps) {
				t.Errorf("%s sees %s:\n%s", pid, l, v)
			}
			for _, p := range ps {
				if strings.Contains(v, p.id) {
					seen[p.id] = true
				}
			}
		}
	}
	// The providers above between them were invited to most requests.
	if len(seen) < 10 {
		t.Errorf("the providers saw only %d requests: the check covers too little", len(seen))
	}
}

// TestLeakCheckCanFail: the same check on the officer's view of a request,
// which shows the private data on purpose, finds all three.
func TestLeakCheckCanFail(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	ps := personalData(t, svc)
	h := newHarness(t, svc, Options{User: "officer"}, 120, 40)
	h.openRequest(ps[0].id)
	found := leaks(h.view(), ps)
	for _, want := range []string{"case reference", "initials", "date of birth"} {
		ok := false
		for _, f := range found {
			ok = ok || strings.Contains(f, want)
		}
		if !ok {
			t.Errorf("the check missed the %s on the officer's screen: %v", want, found)
		}
	}
}

// TestProviderListCountsDown: the list's countdown follows the clock and a
// deadline passing turns the row to closed.
func TestProviderListCountsDown(t *testing.T) {
	t.Parallel()
	svc, clk := demoService(t)
	h := providerHarness(t, svc, "P017", 100, 30)
	h.mustSee("answer within 3h 00m")
	clk.now = clk.now.Add(time.Hour + 30*time.Minute)
	h.send(clockMsg{})
	h.mustSee("answer within 1h 30m")
	clk.now = clk.now.Add(2 * time.Hour)
	h.send(clockMsg{})
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	if strings.Contains(h.view(), "answer within 1h") {
		t.Fatalf("the list still counts down after the deadline:\n%s", h.view())
	}
	h.mustSee("closed")
}
