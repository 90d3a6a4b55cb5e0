package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"placematch/matching"
	"placematch/service"
)

// TestProviderOutcomeScreenIsItsLetter: the outcome a provider reads in the
// app has the lines its letter and its JSON have (the explanation in its
// own words and the score table, each score once) and nothing of the young
// person, at 80x24 as at 200x50, for a win, a loss, a withdrawal, a late offer, a decline, no answer, an
// offer above the cap, no award and a cancellation.
func TestProviderOutcomeScreenIsItsLetter(t *testing.T) {
	t.Parallel()
	svc, _ := demoService(t)
	ctx := context.Background()
	awarded := func(r service.RequestSummary) bool {
		return r.Status == matching.StatusAwarded && r.Council == "manchester"
	}
	noAward := func(r service.RequestSummary) bool { return r.Status == matching.StatusNoAward }
	cancelled := func(r service.RequestSummary) bool { return r.Status == matching.StatusCancelled }
	cases := []struct {
		pid   string
		match func(service.RequestSummary) bool
		words string
	}{
		{"P017", awarded, "The council chose the winning offer although yours scored higher"},
		{"P020", awarded, "Your offer was awarded."},
		{"P018", awarded, "The winning offer's total was"},
		{"P023", awarded, "You withdrew your offer, so it was not scored."},
		{"P030", awarded, "Your offer arrived after the deadline, so it was not scored."},
		{"P032", awarded, "You declined this request, so you made no offer to score."},
		{"P001", noAward, "Your offer was not scored because it was above the price cap"},
		{"P003", noAward, "You did not answer this request."},
		{"P001", cancelled, "The council cancelled this request before the offers were opened"},
	}
	for _, c := range cases {
		id := invitationOf(t, svc, c.pid, c.match)
		inv, err := svc.ProviderShow(ctx, c.pid, id)
		must(t, err)
		o := inv.Outcome
		if o == nil {
			t.Fatalf("%s has no outcome on %s", c.pid, id)
		}
		if !strings.Contains(strings.Join(o.Explain, " "), c.words) {
			t.Errorf("%s on %s is not told %q: %q", c.pid, id, c.words, o.Explain)
		}
		for _, size := range [][2]int{{80, 24}, {200, 50}} {
			h := providerHarness(t, svc, c.pid, size[0], size[1])
			h.openInvitation(id)
			var lines []string
			for _, p := range h.pages() {
				for _, l := range strings.Split(ansi.Strip(p), "\n") {
					lines = append(lines, strings.TrimRight(l, " "))
				}
			}
			flat := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
			where := c.pid + " on " + id + " at " + itoa(size[0]) + "x" + itoa(size[1])
			if !strings.Contains(flat, "Outcome: "+matching.DebriefVerdict(o.Debrief)+".") {
				t.Errorf("%s: no headline with the verdict %q", where, matching.DebriefVerdict(o.Debrief))
			}
			for _, l := range o.Explain {
				if !strings.Contains(flat, strings.Join(strings.Fields(l), " ")) {
					t.Errorf("%s: the screen lacks %q", where, l)
				}
			}
			for _, l := range service.OutcomeTable(*o) {
				found := false
				for _, sl := range lines {
					found = found || sl == "  "+l
				}
				if !found {
					t.Errorf("%s: the screen lacks the table line %q", where, l)
				}
			}
			if n := strings.Count(flat, matching.Formula(o.Weights)); o.Status != matching.StatusCancelled && n != 1 {
				t.Errorf("%s: the formula is shown %d times", where, n)
			}
			r := show(t, svc, id).Request
			personal := []string{r.CaseRef, r.DOB.Format("2006-01-02"), r.DOB.Format("02/01/2006"), " " + r.Initials + " "}
			for _, bad := range append(personal, "that provider", "Rank", "rank ") {
				if strings.Contains(flat, bad) {
					t.Errorf("%s: the screen says %q", where, bad)
				}
			}
		}
	}
}
