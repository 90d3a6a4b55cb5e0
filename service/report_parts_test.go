package service_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestAwardReportParts: the report of a request whose every figure is
// known names the authority, framework, lot and subject; the criteria as
// broadcast; who was invited and who was not, and why; each answer with
// its received time; the opening; every score part and total; the officers
// who acted (not the providers); and every event of the request with the
// chain's hash at it, each of which audit verify accepts as an anchor.
func TestAwardReportParts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, id := awardedRequest(t, kind)
		ctx := context.Background()
		rep, err := f.svc.AwardReport(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"- Contracting authority: Sefton Council",
			"- Framework: Care and Support for Children and Young People DPS (care-support); lot: Care and support packages (packages)",
			"- Subject: Care and support packages for a young person aged 12 from 2026-12-07, 20 hours a week",
			"- Weights (quality/price/age cover): 50/35/15", "- Price cap: £1,500.00", "- Deadline: 2026-11-27 12:00 (London time)",
			"| One | P1 | 2026-11-25 09:00 | £1,000.00 a week, cover until 25 |",
			"| Five | P5 | 2026-11-25 09:00 | declined: no vacancy |",
			"| Seven | P7 |  | no answer |",
			"| Three | P3 | suspended on this lot |",
			"The offers were opened on 2026-11-25 09:00 by t, after the request closed: 3 ranked, 2 not ranked, 1 with no response.",
			"| 1 | One | P1 | £1,000.00 | 25 | 80.00 | 90.00 | 100.00 | 86.50 |",
			"| 2 | Two | P2 | £900.00 | 18 | 70.00 | 100.00 | 46.15 | 76.92 |",
			"| 3 | Four | P4 | £1,100.00 | 25 | 60.00 | 81.82 | 100.00 | 73.64 |",
			"- t: draft created, broadcast, closed, offers opened, awarded",
			"audit verify --anchor N:HASH",
		} {
			if !strings.Contains(rep, want) {
				t.Errorf("the report does not say %q:\n%s", want, rep)
			}
		}
		if strings.Contains(rep, "- provider:P1:") {
			t.Error("a provider is listed among the officers who acted")
		}
		evs, err := f.svc.Audit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		line := regexp.MustCompile("(?m)^- (\\d+) · .* · hash `([0-9a-f]{64})`$")
		found := line.FindAllStringSubmatch(rep, -1)
		if len(found) != len(evs) || len(evs) != 11 { // the award makes its placement, an event of the request too
			t.Fatalf("%d events in the report, %d in the trail", len(found), len(evs))
		}
		for i, m := range found {
			if m[1] != strconv.FormatInt(evs[i].Seq, 10) || m[2] != evs[i].Hash {
				t.Errorf("line %d: %s:%s, the trail has %d:%s", i, m[1], m[2], evs[i].Seq, evs[i].Hash)
			}
		}
		// A line of the extract is an anchor audit verify accepts, and a
		// changed hash is one it refuses.
		a, err := matching.ParseAnchor(found[3][1] + ":" + found[3][2])
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.VerifyAuditWith(ctx, service.VerifyOptions{Anchor: &a})
		if err != nil || res.AnchorProblem != "" {
			t.Errorf("the extract's line does not verify: %v %q", err, res.AnchorProblem)
		}
		a.Hash = strings.Repeat("0", 64)
		if res, _ := f.svc.VerifyAuditWith(ctx, service.VerifyOptions{Anchor: &a}); res.AnchorProblem == "" {
			t.Error("a changed hash verifies")
		}
	})
}
