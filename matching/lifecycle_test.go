package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func withStatus(t testing.TB, s Status) Request {
	t.Helper()
	r, _ := competition(t)
	r.Status = s
	r.Hours = 10
	r.BroadcastAt = at(t, "2026-11-20T10:00:00Z")
	if s >= StatusOpened && s != StatusCancelled {
		r.OpenedAt = at(t, "2026-11-27T09:00:00Z")
	}
	return r
}

func TestCheckRank(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status Status
		want   Kind // 0: allowed
	}{
		{StatusDraft, KindConflict},
		{StatusOpen, KindSealed},
		{StatusClosed, 0},
		{StatusOpened, 0},
		{StatusAwarded, 0},
		{StatusNoAward, 0},
		{StatusCancelled, KindConflict},
	}
	for _, tc := range tests {
		t.Run(tc.status.String(), func(t *testing.T) {
			err := CheckRank(withStatus(t, tc.status))
			if tc.want == 0 {
				if err != nil {
					t.Errorf("CheckRank: %v", err)
				}
				return
			}
			wantKind(t, err, tc.want)
		})
	}
	err := CheckRank(withStatus(t, StatusOpen))
	if !errors.Is(err, ErrSealed) {
		t.Errorf("errors.Is(%v, ErrSealed) = false", err)
	}
	if errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) {
		t.Errorf("a sealed error also matches another kind: %v", err)
	}
	if !strings.Contains(err.Error(), "2026-11-26 17:00") || !strings.Contains(err.Error(), "close") {
		t.Errorf("sealed message %q should give the deadline and how to close early", err)
	}
}

func TestSealedAndDueToClose(t *testing.T) {
	t.Parallel()
	r := withStatus(t, StatusClosed)
	if !r.Sealed() {
		t.Error("a closed request not yet opened must be sealed")
	}
	if withStatus(t, StatusOpened).Sealed() {
		t.Error("an opened request must not be sealed")
	}
	open := withStatus(t, StatusOpen)
	tests := []struct {
		r    Request
		now  time.Time
		want bool
	}{
		{open, open.Deadline.Add(-time.Second), false},
		{open, open.Deadline, true},
		{open, open.Deadline.Add(time.Hour), true},
		{withStatus(t, StatusClosed), open.Deadline.Add(time.Hour), false},
		{withStatus(t, StatusDraft), open.Deadline.Add(time.Hour), false},
	}
	for i, tc := range tests {
		if got := tc.r.DueToClose(tc.now); got != tc.want {
			t.Errorf("case %d: DueToClose = %v, want %v", i, got, tc.want)
		}
	}
}

func TestCheckAward(t *testing.T) {
	t.Parallel()
	r, deadline := competition(t)
	recv := at(t, "2026-11-25T09:00:00Z")
	rk := Rank(r, deadline, []Entrant{
		{ProviderID: "A", Quality: 80, CoverUntil: 25, Admitted: true},
		{ProviderID: "B", Quality: 90, CoverUntil: 25, Admitted: true},
		{ProviderID: "C", Quality: 70, CoverUntil: 25, Admitted: true},
		{ProviderID: "D", Quality: 95, CoverUntil: 25, Admitted: true},
	}, []Response{
		{ProviderID: "A", Weekly: 100000, CoverUntil: 25, Received: recv},
		{ProviderID: "B", Weekly: 120000, CoverUntil: 21, Received: recv},
		{ProviderID: "C", Weekly: 90000, CoverUntil: 18, Received: recv},
		{ProviderID: "D", Weekly: 160000, Received: recv},
	})
	if got := rankedIDs(rk); !slices.Equal(got, []string{"A", "B", "C"}) {
		t.Fatalf("fixture ranking %v", got)
	}
	tests := []struct {
		name       string
		status     Status
		provider   string
		reason     string
		want       Kind
		wantReason string
	}{
		{"rank 1 needs no reason", StatusOpened, "A", "", 0, ""},
		{"rank 1 keeps a reason given", StatusOpened, "A", "  best fit  ", 0, "best fit"},
		{"rank 2 without a reason", StatusOpened, "B", "", KindInvalid, ""},
		{"rank 2 with a blank reason", StatusOpened, "B", "   ", KindInvalid, ""},
		{"rank 2 with a reason", StatusOpened, "B", " young person's choice ", 0, "young person's choice"},
		{"rank 3 with a reason", StatusOpened, "C", "fit with current residents", 0, "fit with current residents"},
		{"excluded provider", StatusOpened, "D", "cheaper overall", KindInvalid, ""},
		{"unknown provider", StatusOpened, "Z", "reason", KindInvalid, ""},
		{"rank 1 with a control character in the reason", StatusOpened, "A", "bad\x1b", KindInvalid, ""},
		{"closed: rank first", StatusClosed, "A", "", KindConflict, ""},
		{"open", StatusOpen, "A", "", KindConflict, ""},
		{"draft", StatusDraft, "A", "", KindConflict, ""},
		{"already awarded", StatusAwarded, "A", "", KindConflict, ""},
		{"no award", StatusNoAward, "A", "", KindConflict, ""},
		{"cancelled", StatusCancelled, "A", "", KindConflict, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckAward(withStatus(t, tc.status), rk, tc.provider, tc.reason)
			if tc.want != 0 {
				wantKind(t, err, tc.want)
				return
			}
			if err != nil {
				t.Fatalf("CheckAward: %v", err)
			}
			if got != tc.wantReason {
				t.Errorf("reason %q, want %q", got, tc.wantReason)
			}
		})
	}
	_, err := CheckAward(withStatus(t, StatusOpened), rk, "B", "")
	if !strings.Contains(err.Error(), "rank 2") {
		t.Errorf("message %q should say the award is to rank 2", err)
	}
}

func TestCheckNoAward(t *testing.T) {
	t.Parallel()
	if got, err := CheckNoAward(withStatus(t, StatusOpened), " no suitable offer "); err != nil || got != "no suitable offer" {
		t.Errorf("CheckNoAward = %q, %v", got, err)
	}
	_, err := CheckNoAward(withStatus(t, StatusOpened), "")
	wantKind(t, err, KindInvalid)
	for _, s := range []Status{StatusDraft, StatusOpen, StatusClosed, StatusAwarded, StatusNoAward, StatusCancelled} {
		_, err := CheckNoAward(withStatus(t, s), "reason")
		if KindOf(err) != KindConflict {
			t.Errorf("CheckNoAward on %s: %v, want a conflict", s, err)
		}
	}
}

func TestCheckExtend(t *testing.T) {
	t.Parallel()
	open := withStatus(t, StatusOpen) // deadline 2026-11-26 17:00Z
	now := at(t, "2026-11-24T09:00:00Z")
	tests := []struct {
		name     string
		r        Request
		deadline time.Time
		now      time.Time
		want     Kind
	}{
		{"later", open, open.Deadline.Add(24 * time.Hour), now, 0},
		{"a minute later", open, open.Deadline.Add(time.Minute), now, 0},
		{"the same time", open, open.Deadline, now, KindInvalid},
		{"earlier", open, open.Deadline.Add(-time.Hour), now, KindInvalid},
		{"later but already passed", open, open.Deadline.Add(time.Hour), open.Deadline.Add(2 * time.Hour), KindInvalid},
		{"later and exactly now", open, open.Deadline.Add(time.Hour), open.Deadline.Add(time.Hour), KindInvalid},
		{"draft", withStatus(t, StatusDraft), open.Deadline.Add(time.Hour), now, KindConflict},
		{"closed", withStatus(t, StatusClosed), open.Deadline.Add(time.Hour), now, KindConflict},
		{"opened", withStatus(t, StatusOpened), open.Deadline.Add(time.Hour), now, KindConflict},
		{"cancelled", withStatus(t, StatusCancelled), open.Deadline.Add(time.Hour), now, KindConflict},
		// Providers answer before the placement starts (London dates).
		{"to the evening of the start date", startOn(open, "2026-11-27"), at(t, "2026-11-27T23:30:00Z"), now, 0},
		{"past midnight before the start", startOn(open, "2026-11-27"), at(t, "2026-11-28T00:30:00Z"), now, KindInvalid},
		{"the last minute of the start date", startOn(open, "2026-11-27"), at(t, "2026-11-27T23:59:00Z"), now, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckExtend(tc.r, tc.deadline, tc.now)
			if tc.want == 0 {
				if err != nil {
					t.Errorf("CheckExtend: %v", err)
				}
				return
			}
			wantKind(t, err, tc.want)
		})
	}
}

func TestCheckCancelAndClose(t *testing.T) {
	t.Parallel()
	for _, s := range Statuses() {
		t.Run(s.String(), func(t *testing.T) {
			r := withStatus(t, s)
			err := CheckCancel(r)
			if s == StatusDraft || s == StatusOpen {
				if err != nil {
					t.Errorf("CheckCancel: %v", err)
				}
			} else {
				wantKind(t, err, KindConflict)
			}
			err = CheckClose(r)
			if s == StatusOpen {
				if err != nil {
					t.Errorf("CheckClose: %v", err)
				}
			} else {
				wantKind(t, err, KindConflict)
			}
		})
	}
}

func TestCheckBroadcast(t *testing.T) {
	t.Parallel()
	now := at(t, "2026-11-20T10:00:00Z")
	draft := withStatus(t, StatusDraft)
	draft.CaseRef, draft.Initials = "LC-1", "AB"
	tests := []struct {
		name string
		mod  func(*Request)
		want Kind
	}{
		{"a draft with a future deadline", nil, 0},
		// A draft saved as it was typed may be incomplete, or break a rule.
		{"no date of birth yet", func(r *Request) { r.DOB = time.Time{} }, KindInvalid},
		{"no case reference yet", func(r *Request) { r.CaseRef = "" }, KindInvalid},
		{"the deadline after the start", func(r *Request) { r.Start = day(t, "2026-11-20"); r.Deadline = at(t, "2026-11-21T10:00:00Z") }, KindInvalid},
		{"initials in the summary", func(r *Request) { r.Summary = "AB needs a room tonight" }, KindInvalid},
		{"start today", func(r *Request) { r.Start = day(t, "2026-11-20"); r.Deadline = at(t, "2026-11-20T15:00:00Z") }, 0},
		{"start yesterday", func(r *Request) { r.Start = day(t, "2026-11-19") }, KindConflict},
		{"deadline now", func(r *Request) { r.Deadline = now }, KindConflict},
		{"deadline passed", func(r *Request) { r.Deadline = now.Add(-time.Minute) }, KindConflict},
		{"already open", func(r *Request) { r.Status = StatusOpen }, KindConflict},
		{"cancelled", func(r *Request) { r.Status = StatusCancelled }, KindConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := draft
			if tc.mod != nil {
				tc.mod(&r)
			}
			err := CheckBroadcast(r, now)
			if tc.want == 0 {
				if err != nil {
					t.Errorf("CheckBroadcast: %v", err)
				}
				return
			}
			wantKind(t, err, tc.want)
		})
	}
}

func TestCheckWithdraw(t *testing.T) {
	t.Parallel()
	offer := &Response{ProviderID: "A", Weekly: 100000}
	tests := []struct {
		name   string
		status Status
		resp   *Response
		want   Kind
	}{
		{"open offer", StatusOpen, offer, 0},
		{"closed but sealed", StatusClosed, offer, 0},
		{"no answer", StatusOpen, nil, KindNotFound},
		{"a decline", StatusOpen, &Response{ProviderID: "A", Declined: true}, KindConflict},
		{"already withdrawn", StatusOpen, &Response{ProviderID: "A", Weekly: 1, WithdrawnAt: at(t, "2026-11-21T10:00:00Z")}, KindConflict},
		{"opened", StatusOpened, offer, KindConflict},
		{"awarded", StatusAwarded, offer, KindConflict},
		{"draft", StatusDraft, offer, KindConflict},
		{"cancelled", StatusCancelled, offer, KindConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckWithdraw(withStatus(t, tc.status), tc.resp)
			if tc.want == 0 {
				if err != nil {
					t.Errorf("CheckWithdraw: %v", err)
				}
				return
			}
			wantKind(t, err, tc.want)
		})
	}
}

// responseNow is a day after the fixture's broadcast (2026-11-20 10:00Z).
var responseNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func TestBuildResponseStatusGates(t *testing.T) {
	t.Parallel()
	in := ResponseInput{ProviderID: "A", Weekly: "950"}
	tests := []struct {
		status  Status
		invited bool
		want    Kind
	}{
		{StatusDraft, true, KindConflict},
		{StatusOpen, true, 0},
		{StatusClosed, true, 0}, // logged by an officer after close, still sealed
		{StatusOpened, true, KindConflict},
		{StatusAwarded, true, KindConflict},
		{StatusNoAward, true, KindConflict},
		{StatusCancelled, true, KindConflict},
		{StatusOpen, false, KindConflict},
		{StatusClosed, false, KindConflict},
	}
	for _, tc := range tests {
		name := tc.status.String()
		if !tc.invited {
			name += " not invited"
		}
		t.Run(name, func(t *testing.T) {
			resp, err := BuildResponse(withStatus(t, tc.status), in, tc.invited, responseNow)
			if tc.want == 0 {
				if err != nil {
					t.Fatalf("BuildResponse: %v", err)
				}
				if resp.Weekly != 95000 {
					t.Errorf("weekly %d", resp.Weekly)
				}
				return
			}
			wantKind(t, err, tc.want)
			if resp.ProviderID != "" {
				t.Errorf("a refused answer came back: %+v", resp)
			}
		})
	}
	_, err := BuildResponse(withStatus(t, StatusOpened), in, true, responseNow)
	if !strings.Contains(err.Error(), "frozen") {
		t.Errorf("opened message %q should say the set is frozen", err)
	}
}

func TestBuildResponseFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    ResponseInput
		hours float64 // the request's hours a week
		check func(t *testing.T, r Response)
		want  []string // fields in error, sorted; nil for success
	}{
		{
			name: "offer", in: ResponseInput{Weekly: "£1,200.50", Note: "  can start early  "},
			check: func(t *testing.T, r Response) {
				if r.Weekly != 120050 || r.Declined || r.Note != "can start early" || !r.Received.Equal(responseNow) || !r.RecordedAt.Equal(responseNow) || r.ProviderID != "A" {
					t.Errorf("response %+v", r)
				}
			},
		},
		{
			name: "decline with a reason", in: ResponseInput{Decline: "  no vacancy "},
			check: func(t *testing.T, r Response) {
				if !r.Declined || r.DeclineReason != "no vacancy" || r.Weekly != 0 {
					t.Errorf("response %+v", r)
				}
			},
		},
		{
			name: "declined flag with a reason", in: ResponseInput{Declined: true, Decline: "full"},
			check: func(t *testing.T, r Response) {
				if !r.Declined || r.DeclineReason != "full" {
					t.Errorf("response %+v", r)
				}
			},
		},
		{name: "declined flag without a reason", in: ResponseInput{Declined: true}, want: []string{"decline"}},
		{name: "both a price and a decline", in: ResponseInput{Weekly: "950", Decline: "full"}, want: []string{"weekly"}},
		{name: "both an hourly rate and a decline", in: ResponseInput{Hourly: "25", Declined: true, Decline: "full"}, want: []string{"weekly"}},
		{name: "both weekly and hourly", in: ResponseInput{Weekly: "950", Hourly: "25"}, hours: 10, want: []string{"weekly"}},
		{name: "neither offer nor decline", in: ResponseInput{}, want: []string{"weekly"}},
		{name: "a blank price is no offer", in: ResponseInput{Weekly: "   "}, want: []string{"weekly"}},
		{name: "zero weekly", in: ResponseInput{Weekly: "0"}, want: []string{"weekly"}},
		{name: "bad weekly", in: ResponseInput{Weekly: "950.999"}, want: []string{"weekly"}},
		{
			name: "hourly times hours", in: ResponseInput{Hourly: "25.50"}, hours: 10,
			check: func(t *testing.T, r Response) {
				if r.Weekly != 25500 {
					t.Errorf("weekly %d, want 25500", r.Weekly)
				}
			},
		},
		{
			name: "hourly times fractional hours", in: ResponseInput{Hourly: "12.50"}, hours: 37.5,
			check: func(t *testing.T, r Response) {
				if r.Weekly != 46875 {
					t.Errorf("weekly %d, want 46875", r.Weekly)
				}
			},
		},
		{
			// £12.85 × 4.1 h = £52.685: half a penny, rounded up.
			name: "hourly product with an exact half penny", in: ResponseInput{Hourly: "12.85"}, hours: 4.1,
			check: func(t *testing.T, r Response) {
				if r.Weekly != 5269 {
					t.Errorf("weekly %d, want 5269", r.Weekly)
				}
			},
		},
		{name: "hourly with no hours on the request", in: ResponseInput{Hourly: "25"}, hours: 0, want: []string{"hourly"}},
		{name: "zero hourly", in: ResponseInput{Hourly: "0"}, hours: 10, want: []string{"hourly"}},
		{name: "bad hourly", in: ResponseInput{Hourly: "twenty"}, hours: 10, want: []string{"hourly"}},
		{
			name: "received earlier, London time", in: ResponseInput{Weekly: "950", Received: "2026-11-21 09:30"},
			check: func(t *testing.T, r Response) {
				if !r.Received.Equal(at(t, "2026-11-21T09:30:00Z")) || !r.RecordedAt.Equal(responseNow) {
					t.Errorf("received %s recorded %s", r.Received, r.RecordedAt)
				}
			},
		},
		{
			name: "received a minute ahead (clock skew)", in: ResponseInput{Weekly: "950", Received: "2026-11-21T12:01:00Z"},
			check: func(t *testing.T, r Response) {
				if !r.Received.Equal(at(t, "2026-11-21T12:01:00Z")) {
					t.Errorf("received %s", r.Received)
				}
			},
		},
		{name: "received in the future", in: ResponseInput{Weekly: "950", Received: "2026-11-21 12:05"}, want: []string{"received"}},
		{name: "received tomorrow", in: ResponseInput{Weekly: "950", Received: "2026-11-22T09:00:00Z"}, want: []string{"received"}},
		{name: "received before the broadcast", in: ResponseInput{Weekly: "950", Received: "2026-11-20 09:00"}, want: []string{"received"}},
		{
			name: "received in the broadcast minute", in: ResponseInput{Weekly: "950", Received: "2026-11-20 10:00"},
			check: func(t *testing.T, r Response) {
				if !r.Received.Equal(at(t, "2026-11-20T10:00:00Z")) {
					t.Errorf("received %s", r.Received)
				}
			},
		},
		{name: "received malformed", in: ResponseInput{Weekly: "950", Received: "yesterday"}, want: []string{"received"}},
		{
			name: "cover until", in: ResponseInput{Weekly: "950", CoverUntil: " 21 "},
			check: func(t *testing.T, r Response) {
				if r.CoverUntil != 21 {
					t.Errorf("cover %d", r.CoverUntil)
				}
			},
		},
		{
			name: "no cover until uses the provider's", in: ResponseInput{Weekly: "950"},
			check: func(t *testing.T, r Response) {
				if r.CoverUntil != 0 {
					t.Errorf("cover %d", r.CoverUntil)
				}
			},
		},
		{name: "cover until not a number", in: ResponseInput{Weekly: "950", CoverUntil: "twenty"}, want: []string{"cover-until"}},
		{name: "cover until zero", in: ResponseInput{Weekly: "950", CoverUntil: "0"}, want: []string{"cover-until"}},
		{name: "cover until 31", in: ResponseInput{Weekly: "950", CoverUntil: "31"}, want: []string{"cover-until"}},
		{name: "cover until fractional", in: ResponseInput{Weekly: "950", CoverUntil: "21.5"}, want: []string{"cover-until"}},
		{
			name: "start date", in: ResponseInput{Weekly: "950", Start: "2026-12-03"},
			check: func(t *testing.T, r Response) {
				if !r.Start.Equal(day(t, "2026-12-03")) {
					t.Errorf("start %s", r.Start)
				}
			},
		},
		{name: "start malformed", in: ResponseInput{Weekly: "950", Start: "3 Dec"}, want: []string{"start"}},
		{name: "note with a control character", in: ResponseInput{Weekly: "950", Note: "hi\x1b[31m"}, want: []string{"note"}},
		{name: "overlong note", in: ResponseInput{Weekly: "950", Note: strings.Repeat("n", MaxReason+1)}, want: []string{"note"}},
		{
			name: "every field wrong at once",
			in:   ResponseInput{Weekly: "x", CoverUntil: "x", Start: "x", Received: "x", Note: "\x00"},
			want: []string{"cover-until", "note", "received", "start", "weekly"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := withStatus(t, StatusOpen)
			r.Hours = tc.hours
			tc.in.ProviderID = "A"
			resp, err := BuildResponse(r, tc.in, true, responseNow)
			if tc.want != nil {
				if got := fieldsOf(t, err); !slices.Equal(got, tc.want) {
					t.Errorf("fields %v, want %v (%v)", got, tc.want, err)
				}
				if resp.ProviderID != "" {
					t.Errorf("a refused answer came back: %+v", resp)
				}
				return
			}
			if err != nil {
				t.Fatalf("BuildResponse: %v", err)
			}
			tc.check(t, resp)
		})
	}
}

func TestWeeklyFromHourly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate  Pence
		hours float64
		want  Pence
	}{
		{2550, 10, 25500},
		{1250, 37.5, 46875},
		{1001, 0.5, 501},  // 500.5 → 501
		{1285, 4.1, 5269}, // 5268.5 exactly → 5269 (float64 gives 5268.4999…)
		{25, 4.1, 103},    // 102.5 → 103
		{1005, 32.3, 32462},
		{1234, 1.25, 1543}, // 1542.5 → 1543
		{1233, 1.25, 1541}, // 1541.25 → 1541
		{1999, 168, 335832},
		{0, 40, 0},
		{1500, 0, 0},
	}
	for _, tc := range tests {
		if got := WeeklyFromHourly(tc.rate, tc.hours); got != tc.want {
			t.Errorf("WeeklyFromHourly(%d, %v) = %d, want %d", tc.rate, tc.hours, got, tc.want)
		}
	}
}

func startOn(r Request, day string) Request {
	d, err := time.Parse(DateLayout, day)
	if err != nil {
		panic(err)
	}
	r.Start = d
	return r
}
