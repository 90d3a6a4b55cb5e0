package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store/storetest"
)

// openDemoStore opens a fresh store on a temporary file, with the service
// clock at now (time.Now when now is zero).
func openDemoStore(t *testing.T, kind string, now time.Time) *service.Service {
	t.Helper()
	if now.IsZero() {
		return openDemoStoreOn(t, kind, nil)
	}
	return openDemoStoreOn(t, kind, &now)
}

// openDemoStoreOn is openDemoStore with a clock the test moves (the
// system's when nil).
func openDemoStoreOn(t *testing.T, kind string, clock *time.Time) *service.Service {
	t.Helper()
	db := storetest.Open(t, kind)
	if clock == nil {
		return service.New(db)
	}
	return service.New(db, service.WithClock(func() time.Time { return *clock }))
}

func loadDemo(t *testing.T, svc *service.Service) {
	t.Helper()
	if err := demo.Load(context.Background(), svc, "demo.presenter"); err != nil {
		t.Fatalf("LoadDemo: %v", err)
	}
}

func TestLoadDemo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		svc := openDemoStore(t, kind, time.Time{})
		loadDemo(t, svc)
		now := time.Now()
		if got := svc.Now(); got.Sub(now).Abs() > time.Minute {
			t.Fatalf("the service clock was not restored: Now() = %s, real now %s", got, now)
		}

		// The register.
		provs, err := svc.Providers(ctx, service.ProviderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(provs); n < 60 || n > 70 {
			t.Errorf("the demo register has %d provider-lot rows, want about 65", n)
		}
		perLot := map[string]int{}
		perStatus := map[matching.ProviderStatus]int{}
		var long, nonASCII, withoutURN, multiLot bool
		lotsOf := map[string]int{}
		for _, p := range provs {
			perLot[p.Framework+"/"+p.Lot]++
			perStatus[p.Status]++
			lotsOf[p.ProviderID]++
			if utf8.RuneCountInString(p.ProviderName) >= 60 {
				long = true
			}
			if strings.IndexFunc(p.ProviderName, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
				nonASCII = true
			}
			if (p.Lot == "group-living" || p.Lot == "floating-with-accommodation") && p.OfstedURN == "" && p.Status == matching.ProviderAdmitted {
				withoutURN = true
			}
		}
		for _, n := range lotsOf {
			if n > 1 {
				multiLot = true
			}
		}
		for _, lot := range []string{"care-support/packages", "leaving-care/group-living", "leaving-care/floating-with-accommodation", "leaving-care/floating-support"} {
			if perLot[lot] < 10 {
				t.Errorf("lot %s has %d rows, want at least 10", lot, perLot[lot])
			}
		}
		for _, st := range matching.ProviderStatuses() {
			if perStatus[st] == 0 {
				t.Errorf("no provider on the register is %s", st)
			}
		}
		if perStatus[matching.ProviderAdmitted] <= len(provs)/2 {
			t.Errorf("only %d of %d rows are admitted, want most", perStatus[matching.ProviderAdmitted], len(provs))
		}
		if !long || !nonASCII || !withoutURN || !multiLot {
			t.Errorf("register lacks a case: long name %v, non-ASCII name %v, admitted without Ofsted URN %v, provider on several lots %v",
				long, nonASCII, withoutURN, multiLot)
		}

		// The requests.
		reqs, err := svc.Requests(ctx, service.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) < 12 {
			t.Errorf("the demo has %d requests, want at least 12", len(reqs))
		}
		perReqStatus := map[matching.Status]int{}
		councils := map[string]bool{}
		for _, r := range reqs {
			perReqStatus[r.Status]++
			councils[r.Council] = true
			switch r.Status {
			case matching.StatusOpen:
				if !r.Deadline.After(now) {
					t.Errorf("open request %s has its deadline %s before now", r.ID, matching.ShowTime(r.Deadline))
				}
				if r.Invited == 0 {
					t.Errorf("open request %s invited nobody", r.ID)
				}
			case matching.StatusClosed:
				if !r.Deadline.Before(now) {
					t.Errorf("closed request %s has its deadline %s after now", r.ID, matching.ShowTime(r.Deadline))
				}
			}
		}
		for _, st := range matching.Statuses() {
			if perReqStatus[st] == 0 {
				t.Errorf("no demo request is %s", st)
			}
		}
		if len(councils) < 6 {
			t.Errorf("the requests come from %d councils, want several", len(councils))
		}
		answeredOpen := false
		for _, r := range reqs {
			if r.Status == matching.StatusOpen && r.Answered > 0 && r.Answered < r.Invited {
				answeredOpen = true
			}
		}
		if !answeredOpen {
			t.Error("no open request has some but not all of its answers")
		}

		// Personal data stays out of what providers read; the showcase cases are there.
		reasons := map[string]bool{}
		var today, rank2, spot bool
		for _, s := range reqs {
			d, err := svc.Show(ctx, "test", s.ID)
			if err != nil {
				t.Fatalf("Show(%s): %v", s.ID, err)
			}
			r := d.Request
			if r.CaseRef == "" || r.Initials == "" || r.DOB.IsZero() {
				t.Errorf("%s lacks its case reference, initials or date of birth", r.ID)
			}
			if strings.Contains(strings.ToLower(r.Summary), strings.ToLower(r.CaseRef)) {
				t.Errorf("the summary of %s contains its case reference %s", r.ID, r.CaseRef)
			}
			words := strings.FieldsFunc(strings.ToLower(r.Summary), func(c rune) bool { return !unicode.IsLetter(c) })
			if slices.Contains(words, strings.ToLower(r.Initials)) {
				t.Errorf("the summary of %s contains its initials %s", r.ID, r.Initials)
			}
			if strings.Contains(r.Summary, r.Initials) {
				t.Errorf("the summary of %s contains the letters of its initials %s", r.ID, r.Initials)
			}
			if r.Status == matching.StatusOpen && r.Urgency == matching.UrgencyToday {
				today = true
			}
			if d.Ranking != nil {
				for _, ex := range d.Ranking.Excluded {
					reasons[ex.Reason] = true
				}
				if r.Status == matching.StatusAwarded && len(d.Ranking.Ranked) > 1 && r.AwardedTo == d.Ranking.Ranked[1].ProviderID && r.EndReason != "" {
					rank2 = true
				}
			}
			if r.Status == matching.StatusNoAward && r.SpotPurchase != "" && r.EndReason != "" {
				spot = true
			}
		}
		for _, want := range []string{matching.ExclDeclined, matching.ExclWithdrawn, matching.ExclLate, matching.ExclAbovePriceCap, matching.ExclNotAdmitted} {
			if !reasons[want] {
				t.Errorf("no opened demo request shows an offer excluded as %s", want)
			}
		}
		if !today || !rank2 || !spot {
			t.Errorf("missing showcase: open request needed today %v, award to rank 2 with a reason %v, no award with spot purchase %v", today, rank2, spot)
		}

		// The trail is real and verifies.
		v, err := svc.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.Break != nil {
			t.Fatalf("the demo's audit chain breaks: %v", v.Break)
		}
		events, err := svc.Audit(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.Events != len(events) || len(events) < 100 {
			t.Errorf("VerifyAudit checked %d events, the trail has %d", v.Events, len(events))
		}

		// Placements with history: every award's, the spot purchase,
		// legacy packages, a price change, ended ones; all verified.
		pls, err := svc.Placements(ctx, service.PlacementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		kinds, changed, ended := map[matching.PlacementKind]int{}, 0, 0
		for _, p := range pls {
			kinds[p.Kind]++
			if len(p.Placement.Changes) > 0 {
				changed++
			}
			if !p.Placement.End.IsZero() {
				ended++
			}
		}
		if kinds[matching.PlacementAward] != 3 || kinds[matching.PlacementSpot] != 1 || kinds[matching.PlacementLegacy] != 4 || changed != 2 || ended != 2 {
			t.Errorf("the demo's placements: %v kinds, %d changed, %d ended", kinds, changed, ended)
		}
		if v.Placements != len(pls) || len(v.Differences) > 0 {
			t.Errorf("verify held %d placements of %d; differences %q", v.Placements, len(pls), v.Differences)
		}
		spend, err := svc.Spend(ctx, service.SpendFilter{Council: "knowsley", Framework: "care-support"})
		if err != nil || len(spend) != 1 || spend[0].Budget != 48440000 || spend[0].Committed <= 0 {
			t.Errorf("Knowsley's care and support spend: %+v, %v", spend, err)
		}
		due, err := svc.PlacementsDue(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		whys := map[string]bool{}
		for _, d := range due {
			whys[d.Why] = true
		}
		if !whys[matching.PlacementAttentionEnding] || !whys[matching.PlacementAttentionAdult] {
			t.Errorf("the demo's placements due: %+v", due)
		}
		actors := map[string]bool{}
		for i, e := range events {
			actors[e.Actor] = true
			if i > 0 && e.At.Before(events[i-1].At) {
				t.Errorf("event %d (%s) is earlier than event %d", e.Seq, e.Action, events[i-1].Seq)
			}
			if e.At.After(now) {
				t.Errorf("event %d (%s) is in the future: %s", e.Seq, e.Action, matching.ShowTime(e.At))
			}
		}
		if !actors["demo.presenter"] || len(actors) < 4 {
			t.Errorf("the trail's actors are %v, want the presenter and some officers", actors)
		}

		// A second load is refused and changes nothing.
		err = demo.Load(ctx, svc, "demo.presenter")
		if !errorsIsConflict(err) {
			t.Fatalf("second LoadDemo: got %v, want a conflict", err)
		}
		v2, err := svc.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Events != v.Events || v2.Break != nil {
			t.Errorf("the refused load changed the trail: %d events before, %d after (break %v)", v.Events, v2.Events, v2.Break)
		}
		provs2, _ := svc.Providers(ctx, service.ProviderFilter{})
		reqs2, _ := svc.Requests(ctx, service.RequestFilter{})
		if len(provs2) != len(provs) || len(reqs2) != len(reqs) {
			t.Errorf("the refused load changed the store: %d/%d providers, %d/%d requests", len(provs), len(provs2), len(reqs), len(reqs2))
		}
		if got := svc.Now(); time.Until(got).Abs() > time.Minute {
			t.Errorf("the refused load left the clock at %s", got)
		}
	})
}

func errorsIsConflict(err error) bool {
	return err != nil && matching.KindOf(err) == matching.KindConflict
}

// TestLoadDemoRefusesARequestOnlyStore checks the refusal when the store has
// requests but an empty register.
func TestLoadDemoRefusesARequestOnlyStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		now := time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC)
		svc := openDemoStore(t, kind, now)
		_, err := svc.NewRequest(ctx, "test", matching.RequestInput{
			Council: "sefton", Lot: "packages", CaseRef: "CS-1", Initials: "AB", DOB: "2016-01-01",
			Start: "2026-06-01", Deadline: "2026-05-20 12:00", Urgency: "planned",
		})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := svc.VerifyAudit(ctx)
		if err := demo.Load(ctx, svc, "demo"); !errorsIsConflict(err) {
			t.Fatalf("LoadDemo on a store with a request: got %v, want a conflict", err)
		}
		after, _ := svc.VerifyAudit(ctx)
		provs, _ := svc.Providers(ctx, service.ProviderFilter{})
		if after.Events != before.Events || len(provs) != 0 {
			t.Errorf("the refused load changed the store: events %d → %d, %d providers", before.Events, after.Events, len(provs))
		}
	})
}

// TestLoadDemoAnyTime loads the demo at awkward moments (around midnight,
// the clock changes and the new year) and checks that it is deterministic:
// two loads at the same moment give the same trail, hash for hash.
func TestLoadDemoAnyTime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		for _, at := range []string{
			"2026-03-29T00:30:00Z", // the night the clocks go forward
			"2026-10-25T00:40:00Z", // the night the clocks go back
			"2026-06-15T23:59:30Z", // just before midnight UTC, after midnight in London
			"2027-01-01T00:05:00Z", // a new year: request numbers restart
			"2026-08-03T12:00:00Z",
		} {
			t.Run(at, func(t *testing.T) {
				now, err := time.Parse(time.RFC3339, at)
				if err != nil {
					t.Fatal(err)
				}
				a, b := openDemoStore(t, kind, now), openDemoStore(t, kind, now)
				loadDemo(t, a)
				loadDemo(t, b)
				if a.Now() != now {
					t.Errorf("the clock was not restored: %s", a.Now())
				}
				ea, _ := a.Audit(ctx, "")
				eb, _ := b.Audit(ctx, "")
				if len(ea) == 0 || len(ea) != len(eb) || ea[len(ea)-1].Hash != eb[len(eb)-1].Hash {
					t.Errorf("two loads at the same moment differ: %d and %d events", len(ea), len(eb))
				}
				v, err := a.VerifyAudit(ctx)
				if err != nil || v.Break != nil {
					t.Fatalf("VerifyAudit: %v, break %v", err, v.Break)
				}
				reqs, err := a.Requests(ctx, service.RequestFilter{})
				if err != nil {
					t.Fatal(err)
				}
				seen := map[matching.Status]bool{}
				for _, r := range reqs {
					seen[r.Status] = true
					if r.Status == matching.StatusOpen && !r.Deadline.After(now) {
						t.Errorf("open request %s has its deadline %s before now", r.ID, matching.ShowTime(r.Deadline))
					}
					if r.Status == matching.StatusClosed && !r.Deadline.Before(now) {
						t.Errorf("closed request %s has its deadline %s after now", r.ID, matching.ShowTime(r.Deadline))
					}
				}
				if len(seen) != len(matching.Statuses()) {
					t.Errorf("statuses present: %v", seen)
				}
				// Nothing is left for the app's timer to close.
				if n, err := a.CloseDue(ctx); err != nil || n != 0 {
					t.Errorf("CloseDue after the demo closed %d requests (%v), want 0", n, err)
				}
			})
		}
	})
}

// TestLoadDemoAtAnyHour: the demo loads whatever the time of day (a
// forum can run late, a duty officer tries it at midnight), across the
// clock change too, and its open requests are still open.
func TestLoadDemoAtAnyHour(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		if testing.Short() {
			t.Skip("loads the demo ten times")
		}
		for _, at := range []string{
			"2026-11-25 00:01", "2026-11-25 06:30", "2026-11-25 12:00", "2026-11-25 20:10", "2026-11-25 22:45",
			"2026-11-25 23:59", "2026-03-29 00:30", "2026-03-29 02:30", "2026-10-25 01:30", "2027-01-01 00:00",
		} {
			now, err := time.ParseInLocation("2006-01-02 15:04", at, matching.London)
			if err != nil {
				t.Fatal(err)
			}
			svc := openDemoStore(t, kind, now)
			if err := demo.Load(context.Background(), svc, "demo.presenter"); err != nil {
				t.Errorf("at %s London time: %v", at, err)
				continue
			}
			open, err := svc.Requests(context.Background(), service.RequestFilter{Statuses: []matching.Status{matching.StatusOpen}})
			if err != nil {
				t.Fatal(err)
			}
			if len(open) < 2 {
				t.Errorf("at %s: %d open requests", at, len(open))
			}
			for _, r := range open {
				if !r.Deadline.After(now) {
					t.Errorf("at %s: open request %s has its deadline %s behind it", at, r.ID, r.Deadline)
				}
			}
		}
	})
}

// idsSender keeps the Message ID of each message it is given.
type idsSender struct{ ids []string }

func (s *idsSender) Send(m service.Message) error { s.ids = append(s.ids, m.ID); return nil }
func (s *idsSender) Via() string                  { return "ids" }

// TestTwoDemoLoadsShareNoMessageID: two stores loaded alike, at the same
// moment, have the same requests under the same ids, but no Message-ID in
// common: a mail system never takes one store's message for the other's.
func TestTwoDemoLoadsShareNoMessageID(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
		var reqs [2][]string
		var sent [2][]string
		for i := range 2 {
			svc := openDemoStore(t, kind, now)
			loadDemo(t, svc)
			rs, err := svc.Requests(ctx, service.RequestFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				reqs[i] = append(reqs[i], r.ID)
			}
			s := &idsSender{}
			if _, err := svc.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"}); err != nil {
				t.Fatal(err)
			}
			sent[i] = s.ids
		}
		if !slices.Equal(reqs[0], reqs[1]) || !slices.Contains(reqs[0], "SEF-2026-0001") || !slices.Contains(reqs[0], "MAN-2026-0002") {
			t.Fatalf("the two demo stores hold the requests %v and %v", reqs[0], reqs[1])
		}
		if len(sent[0]) < 10 || len(sent[0]) != len(sent[1]) {
			t.Fatalf("the two demo stores sent %d and %d messages", len(sent[0]), len(sent[1]))
		}
		for _, id := range sent[1] {
			if slices.Contains(sent[0], id) {
				t.Errorf("both demo stores sent the Message-ID %s", id)
			}
		}
		for i, id := range sent[0] {
			if i > 0 && slices.Contains(sent[0][:i], id) {
				t.Errorf("one demo store sent the Message-ID %s twice", id)
			}
		}
	})
}
