package matching

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// warnRequest is an open request for age 16 (on its start date) with a
// price cap of £1,500 a week, deadline 26 Nov 17:00.
func warnRequest(t *testing.T, priceCap string) Request {
	t.Helper()
	in := draftInput()
	in.PriceCap = priceCap
	r, _, err := NewDraft("R-1", in, Defaults{}, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Broadcast(officer, invitees("A"), nil, "", "s"); err != nil {
		t.Fatal(err)
	}
	return r
}

func codes(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

// TestOfferWarnings: an offer that will not be scored is warned of with
// the reason; implausible figures are warned of and still scored as given;
// an ordinary offer, a decline and a withdrawal are not warned of at all.
func TestOfferWarnings(t *testing.T) {
	t.Parallel()
	capped := warnRequest(t, "1500")
	uncapped := warnRequest(t, "none")
	inv := Invitation{ProviderID: "A", CoverUntil: 21}
	onTime := t0.Add(time.Hour)
	tests := []struct {
		name   string
		r      Request
		resp   Response
		guide  Pence
		want   []string
		scored bool
		words  []string
	}{
		{"ordinary", capped, Response{Weekly: 140000, Received: onTime}, 0, nil, true, nil},
		{"at the cap", capped, Response{Weekly: 150000, CoverUntil: 21, Received: onTime}, 0, nil, true, nil},
		{"a penny above the cap", capped, Response{Weekly: 150001, Received: onTime}, 0, []string{ExclAbovePriceCap}, false,
			[]string{"This offer will not be scored: £1,500.01 a week is above the price cap of £1,500.00 a week."}},
		{"cover that ends at the age", capped, Response{Weekly: 100000, CoverUntil: 16, Received: onTime}, 0, []string{ExclAgeNotCovered}, false,
			[]string{"This offer will not be scored: cover until age 16 does not reach past the young person's age, 16."}},
		{"cover one year past the age", capped, Response{Weekly: 100000, CoverUntil: 17, Received: onTime}, 0, nil, true, nil},
		{"late", capped, Response{Weekly: 100000, Received: capped.Deadline.Add(time.Minute)}, 0, []string{ExclLate}, false,
			[]string{"it was received at 2026-11-26 17:01, after the deadline 2026-11-26 17:00"}},
		{"cover past the register", capped, Response{Weekly: 100000, CoverUntil: 25, Received: onTime}, 0, []string{WarnCoverPastRegister}, true,
			[]string{"Check the cover: until age 25 is past the provider's cover on the register (until age 21). The offer is scored as given."}},
		{"a million a week, capped", capped, Response{Weekly: 100000000, Received: onTime}, 0, []string{ExclAbovePriceCap, WarnPriceImplausible}, false,
			[]string{"£1,000,000.00 a week is above the price cap", "Check the price: £1,000,000.00 a week is ten times the price cap or more."}},
		{"just under ten times the cap", capped, Response{Weekly: 1499999, Received: onTime}, 0, []string{ExclAbovePriceCap}, false, nil},
		{"exactly ten times the cap", capped, Response{Weekly: 1500000, Received: onTime}, 0, []string{ExclAbovePriceCap, WarnPriceImplausible}, false, nil},
		{"a million a week, no cap, a guide price", uncapped, Response{Weekly: 100000000, Received: onTime}, 120000, []string{WarnPriceImplausible}, true,
			[]string{"ten times the council's guide price for this lot or more. The offer is scored as given."}},
		{"under ten times the guide price", uncapped, Response{Weekly: 1199999, Received: onTime}, 120000, nil, true, nil},
		{"a million a week, no cap, no guide price", uncapped, Response{Weekly: 100000000, Received: onTime}, 0, nil, true, nil},
		{"declined", capped, Response{Declined: true, DeclineReason: "no vacancy", Received: onTime}, 0, nil, true, nil},
		{"withdrawn", capped, Response{Weekly: 900000, Received: onTime, WithdrawnAt: onTime}, 0, nil, true, nil},
		{"everything at once", capped, Response{Weekly: 100000000, CoverUntil: 16, Received: capped.Deadline.Add(time.Hour)}, 0,
			[]string{ExclLate, ExclAbovePriceCap, ExclAgeNotCovered, WarnPriceImplausible}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws := OfferWarnings(tt.r, inv, tt.resp, tt.guide)
			if got := codes(ws); !slices.Equal(got, tt.want) {
				t.Fatalf("warnings %v, want %v: %v", got, tt.want, ws)
			}
			if Unscored(ws) == tt.scored {
				t.Errorf("unscored %v, want scored %v", Unscored(ws), tt.scored)
			}
			all := ""
			for _, w := range ws {
				all += w.Text + "\n"
				if w.Text == "" || w.String() != w.Text {
					t.Errorf("warning %s has no words", w.Code)
				}
			}
			for _, want := range tt.words {
				if !strings.Contains(all, want) {
					t.Errorf("warnings %q lack %q", all, want)
				}
			}
		})
	}
}

// TestOfferWarningsAgreeWithRank: an offer warned of as not scored is the
// one Rank leaves out, for the reason the warning names; one that is not
// is ranked.
func TestOfferWarningsAgreeWithRank(t *testing.T) {
	t.Parallel()
	r := warnRequest(t, "1500")
	inv := Invitation{ProviderID: "A", ProviderName: "A", CoverUntil: 21}
	for _, resp := range []Response{
		{Weekly: 150001}, {Weekly: 90000, CoverUntil: 16}, {Weekly: 90000, CoverUntil: 25}, {Weekly: 150000},
		{Weekly: 100000000}, {Weekly: 90000, Received: r.Deadline.Add(time.Second)},
	} {
		resp.ProviderID = "A"
		if resp.Received.IsZero() {
			resp.Received = t0.Add(time.Hour)
		}
		ws := OfferWarnings(r, inv, resp, 0)
		rk := Rank(r, r.Deadline, []Entrant{{ProviderID: "A", Quality: 80, CoverUntil: 21, Admitted: true}}, []Response{resp})
		if Unscored(ws) != (len(rk.Ranked) == 0) {
			t.Errorf("%+v: warnings %v, ranked %d", resp, codes(ws), len(rk.Ranked))
		}
		if len(rk.Excluded) == 1 && !slices.Contains(codes(ws), rk.Excluded[0].Reason) {
			t.Errorf("%+v: excluded as %s, warned of %v", resp, rk.Excluded[0].Reason, codes(ws))
		}
	}
}

// TestRevisingKeepsWhatIsNotChanged: a revision of an offer keeps every
// field it leaves unset (price, cover, start, note) unless cleared; a
// decline, or an offer after a decline or a withdrawal, keeps nothing.
func TestRevisingKeepsWhatIsNotChanged(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	prev := &Response{ProviderID: "A", Weekly: 118000, CoverUntil: 21, Start: start, Note: "Room free from the 3rd."}
	tests := []struct {
		name string
		in   ResponseInput
		prev *Response
		want ResponseInput
	}{
		{"the price only", ResponseInput{ProviderID: "A", Weekly: "1,100"}, prev,
			ResponseInput{ProviderID: "A", Weekly: "1,100", CoverUntil: "21", Start: "2026-12-03", Note: "Room free from the 3rd."}},
		{"the note only", ResponseInput{ProviderID: "A", Note: "Two rooms now."}, prev,
			ResponseInput{ProviderID: "A", Weekly: "£1,180.00", CoverUntil: "21", Start: "2026-12-03", Note: "Two rooms now."}},
		{"an hourly rate instead", ResponseInput{ProviderID: "A", Hourly: "30"}, prev,
			ResponseInput{ProviderID: "A", Hourly: "30", CoverUntil: "21", Start: "2026-12-03", Note: "Room free from the 3rd."}},
		{"everything changed", ResponseInput{ProviderID: "A", Weekly: "900", CoverUntil: "25", Start: "2026-12-05", Note: "x"}, prev,
			ResponseInput{ProviderID: "A", Weekly: "900", CoverUntil: "25", Start: "2026-12-05", Note: "x"}},
		{"the note and start cleared", ResponseInput{ProviderID: "A", Weekly: "900", Clear: []string{"note", "start", "cover-until"}}, prev,
			ResponseInput{ProviderID: "A", Weekly: "900", Clear: []string{"note", "start", "cover-until"}}},
		{"a first answer", ResponseInput{ProviderID: "A", Weekly: "900"}, nil, ResponseInput{ProviderID: "A", Weekly: "900"}},
		{"a decline after an offer", ResponseInput{ProviderID: "A", Declined: true, Decline: "no staff"}, prev,
			ResponseInput{ProviderID: "A", Declined: true, Decline: "no staff"}},
		{"an offer after a decline", ResponseInput{ProviderID: "A", Weekly: "900"}, &Response{ProviderID: "A", Declined: true, DeclineReason: "no", Note: "n"},
			ResponseInput{ProviderID: "A", Weekly: "900"}},
		{"an offer after a withdrawal", ResponseInput{ProviderID: "A", Weekly: "900"}, &Response{ProviderID: "A", Weekly: 1, Note: "n", Start: start, WithdrawnAt: t0},
			ResponseInput{ProviderID: "A", Weekly: "900"}},
	}
	for _, tt := range tests {
		got := tt.in.Revising(tt.prev)
		if got.Weekly != tt.want.Weekly || got.Hourly != tt.want.Hourly || got.CoverUntil != tt.want.CoverUntil || got.Start != tt.want.Start ||
			got.Note != tt.want.Note || got.Decline != tt.want.Decline {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
	// Through the transition: the revised answer keeps the start and the
	// note, and its event commits to them.
	r := warnRequest(t, "1500")
	first, _, err := r.Respond(later(time.Hour), ResponseInput{ProviderID: "A", Weekly: "1,180", CoverUntil: "21", Start: "2026-12-01", Note: "Room free."}, true, nil, "s1")
	if err != nil {
		t.Fatal(err)
	}
	second, evs, err := r.Respond(later(2*time.Hour), ResponseInput{ProviderID: "A", Weekly: "1,100"}, true, &first, "s2")
	if err != nil {
		t.Fatal(err)
	}
	if second.Weekly != 110000 || second.CoverUntil != 21 || ShowDate(second.Start) != "2026-12-01" || second.Note != "Room free." ||
		!second.Received.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("the revision %+v", second)
	}
	if o := evs[0].Openings[FieldAnswer]; o.Values.Get("start") != "2026-12-01" || o.Values.Get("note") != "Room free." || evs[0].Fields.Get("replaces earlier answer") != "yes" {
		t.Errorf("the revision's event %+v", evs[0])
	}
}

// TestClosedWords: when and why a request closed, for the council and for
// providers; a provider never reads the reason.
func TestClosedWords(t *testing.T) {
	t.Parallel()
	r := warnRequest(t, "1500")
	if ClosedWords(r, "") != "" || ProviderClosedWords(ProfileOf(r)) != "" {
		t.Error("an open request has close words")
	}
	atDeadline := r
	if _, due := atDeadline.CloseDue(r.Deadline.Add(time.Minute)); !due {
		t.Fatal("not due")
	}
	if got := ClosedWords(atDeadline, ""); got != "closed at the deadline 2026-11-26 17:00" {
		t.Errorf("at the deadline: %q", got)
	}
	if got := ProviderClosedWords(ProfileOf(atDeadline)); got != "closed at the deadline 2026-11-26 17:00" {
		t.Errorf("at the deadline, to providers: %q", got)
	}
	early := r
	if _, err := early.CloseEarly(later(3*time.Hour), "every provider has answered"); err != nil {
		t.Fatal(err)
	}
	if got := ClosedWords(early, "j.okafor"); got != "closed early by j.okafor at 2026-11-20 13:00: every provider has answered" {
		t.Errorf("early: %q", got)
	}
	p := ProfileOf(early)
	if got := ProviderClosedWords(p); got != "closed early by the council at 2026-11-20 13:00" || strings.Contains(got, "answered") {
		t.Errorf("early, to providers: %q", got)
	}
	if !p.ClosedEarly || !p.ClosedAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("the profile %+v", p)
	}
	nobody, _, _ := NewDraft("R-2", draftInput(), Defaults{}, officer, "s")
	if _, err := nobody.Broadcast(officer, nil, nil, "", "s"); err != nil {
		t.Fatal(err)
	}
	if got := ClosedWords(nobody, ""); !strings.Contains(got, "no provider was eligible") {
		t.Errorf("nobody eligible: %q", got)
	}
	// A request closed by its last answer, before answers no longer did.
	old := r
	old.Status, old.ClosedAt = StatusClosed, t0.Add(5*time.Hour)
	if got := ClosedWords(old, ""); !strings.Contains(got, "when every invited provider had answered, before the deadline 2026-11-26 17:00") {
		t.Errorf("closed by the last answer: %q", got)
	}
	for n, want := range map[int]string{1: "the one invited provider has answered", 2: "both invited providers have answered",
		6: "all 6 invited providers have answered", 1200: "all 1,200 invited providers have answered"} {
		if got := AllAnsweredWords(n); got != want {
			t.Errorf("AllAnsweredWords(%d) = %q, want %q", n, got, want)
		}
	}
}
