package matching

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testDay is the broadcast day of the eligibility tests that are not about
// admission dates.
var testDay = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func TestDecisionDueCountsWorkingDaysInEnglandAndWales(t *testing.T) {
	t.Parallel()
	tests := []struct{ applied, due, why string }{
		// Tue 22, Wed 23, Thu 24; Christmas Fri 25 and Boxing Day's Monday
		// 28 are bank holidays; Tue 29, Wed 30, Thu 31; New Year Fri 1;
		// Mon 4 to Thu 7.
		{"2026-12-21", "2027-01-07", "over Christmas and New Year"},
		// Good Friday 26 March and Easter Monday 29 March 2027.
		{"2027-03-22", "2027-04-07", "over Easter"},
		// Good Friday 3 April and Easter Monday 6 April 2026.
		{"2026-03-30", "2026-04-15", "over Easter 2026"},
		// The day of application is not counted: a Monday's ten days end on
		// the Monday a fortnight on.
		{"2026-11-23", "2026-12-07", "a plain fortnight"},
		// A Saturday's application: the Monday after counts as the first.
		{"2026-11-21", "2026-12-04", "applied on a Saturday"},
		// Early May bank holiday, Monday 4 May 2026.
		{"2026-04-30", "2026-05-15", "over the early May bank holiday"},
	}
	for _, tc := range tests {
		if got := ShowDate(DecisionDue(day(t, tc.applied))); got != tc.due {
			t.Errorf("%s: DecisionDue(%s) = %s, want %s", tc.why, tc.applied, got, tc.due)
		}
	}
	for _, d := range []string{"2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2026-12-26"} {
		if WorkingDay(day(t, d)) {
			t.Errorf("WorkingDay(%s) = true, want false (a bank holiday or weekend)", d)
		}
	}
	if !WorkingDay(day(t, "2026-12-29")) {
		t.Error("WorkingDay(2026-12-29) = false, want true")
	}
	due := day(t, "2027-01-07")
	if Overdue(due, due) || !Overdue(due, day(t, "2027-01-08")) {
		t.Error("a decision is in time on its due date and overdue the day after")
	}
}

func TestNextAdmissionDates(t *testing.T) {
	t.Parallel()
	lc, _ := FrameworkByCode("leaving-care")
	cs, _ := FrameworkByCode("care-support")
	tests := []struct {
		fw        Framework
		decided   string
		admission string
	}{
		{lc, "2026-11-24", "2027-02-01"},
		{lc, "2027-02-01", "2027-02-01"}, // on the date itself
		{lc, "2027-02-02", "2027-06-01"},
		{lc, "2027-06-02", "2027-10-01"},
		{lc, "2015-09-01", "2015-10-01"},
		{cs, "2026-11-24", "2027-03-07"},
		{cs, "2027-03-07", "2027-03-07"},
		{cs, "2027-03-08", "2027-09-07"},
		{cs, "2027-09-08", "2028-03-07"},
	}
	for _, tc := range tests {
		if got := ShowDate(tc.fw.NextAdmission(day(t, tc.decided))); got != tc.admission {
			t.Errorf("%s.NextAdmission(%s) = %s, want %s", tc.fw.Code, tc.decided, got, tc.admission)
		}
	}
	if got := lc.AdmissionDays(); got != "1 February, 1 June and 1 October" {
		t.Errorf("leaving-care admission days = %q", got)
	}
	if got := cs.AdmissionDays(); got != "7 March and 7 September" {
		t.Errorf("care-support admission days = %q", got)
	}
}

func applied(t *testing.T) ProviderLot {
	t.Helper()
	act := Act{Actor: "ann", At: at(t, "2026-11-24T10:00:00Z")}
	p, ev, err := Apply(act, ApplyInput{ProviderID: "NEW1", Name: "New Homes", Kind: "charity", Lot: "group-living",
		OfstedURN: "2799999", Email: "new@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != ActionProviderApplied || ev.Fields.Get("status") != "applied" || ev.Fields.Get("applied on") != "2026-11-24" ||
		ev.Fields.Get("decision due") != "2026-12-08" {
		t.Fatalf("application event = %+v", ev.Fields)
	}
	if p.Status != ProviderApplied || p.MinAge != 16 || p.CoverUntil != 25 || !reflect.DeepEqual(p.Serves, []string{"*"}) {
		t.Fatalf("application row = %+v", p)
	}
	return p
}

func TestAnApplicationAdmittedTakesEffectOnTheNextAdmissionDate(t *testing.T) {
	t.Parallel()
	p := applied(t)
	act := Act{Actor: "ann", At: at(t, "2026-12-01T15:00:00Z")}
	if _, err := p.Admit(act); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "providers assess NEW1 --lot group-living") {
		t.Fatalf("admitting without an assessment: %v", err)
	}
	if p.Status != ProviderApplied {
		t.Fatal("a refused admission changed the row")
	}
	if _, err := p.Assess(act, "101", ""); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a score over 100: %v", err)
	}
	if ev, err := p.Assess(act, "77.5", "Good safeguarding."); err != nil || ev.Fields.Get("quality") != "77.5" || ev.Fields.Get("was quality") != "0" {
		t.Fatalf("Assess: %v %+v", err, ev.Fields)
	}
	ev, err := p.Admit(act)
	if err != nil {
		t.Fatal(err)
	}
	if ShowDate(p.AdmittedOn) != "2027-02-01" || ev.Fields.Get("admitted on") != "2027-02-01" || p.Status != ProviderAdmitted {
		t.Fatalf("admitted on %s (%+v)", ShowDate(p.AdmittedOn), ev.Fields)
	}
	r := leavingCare(t, "group-living", 17)
	// The day before the admission date: left out, with the date shown.
	_, left := Eligibility(r, []ProviderLot{p}, day(t, "2027-01-31"))
	if len(left) != 1 || left[0].Reasons[0] != ReasonNotAdmitted || left[0].AdmittedOn != "2027-02-01" {
		t.Fatalf("the day before: %+v", left)
	}
	if w := left[0].ReasonsWords("Sefton")[0]; w != "admitted from 2027-02-01, after this broadcast" {
		t.Errorf("words = %q", w)
	}
	back, err := DecodeNotInvited(EncodeNotInvited(left))
	if err != nil || !reflect.DeepEqual(back, left) {
		t.Errorf("the list with its date does not read back: %+v, %v", back, err)
	}
	// The day of it: invited.
	inv, left := Eligibility(r, []ProviderLot{p}, day(t, "2027-02-01"))
	if len(inv) != 1 || len(left) != 0 {
		t.Fatalf("the day of: invited %+v, left %+v", inv, left)
	}
}

func TestRefusedTransitionsSayWhyAndChangeNothing(t *testing.T) {
	t.Parallel()
	act := Act{Actor: "ann", At: at(t, "2026-12-01T15:00:00Z")}
	for _, tc := range []struct {
		status ProviderStatus
		do     func(*ProviderLot) error
		want   string
	}{
		{ProviderRemoved, func(p *ProviderLot) error { _, err := p.Admit(act); return err }, "only an application (status applied) can be admitted"},
		{ProviderAdmitted, func(p *ProviderLot) error { _, err := p.Refuse(act, "late"); return err }, "only an application"},
		{ProviderApplied, func(p *ProviderLot) error { _, err := p.Suspend(act, "x", time.Time{}); return err }, "only an admitted provider can be suspended"},
		{ProviderAdmitted, func(p *ProviderLot) error { _, err := p.Reinstate(act); return err }, "only a suspended provider"},
		{ProviderApplied, func(p *ProviderLot) error { _, err := p.Remove(act, "x"); return err }, "only an admitted or suspended provider"},
		{ProviderRemoved, func(p *ProviderLot) error { _, err := p.Leave(act, "x"); return err }, "can leave"},
		{ProviderWithdrawn, func(p *ProviderLot) error { _, err := p.Assess(act, "50", ""); return err }, "is assessed"},
	} {
		p := goodProvider("group-living")
		p.Status = tc.status
		before := p
		err := tc.do(&p)
		if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("from %s: %v; want a conflict saying %q", tc.status, err, tc.want)
		}
		if !reflect.DeepEqual(p, before) {
			t.Errorf("from %s: the row changed: %+v", tc.status, p)
		}
	}
	p := goodProvider("group-living")
	if _, err := p.Suspend(act, "  ", time.Time{}); !errors.Is(err, ErrInvalid) || p.Status != ProviderAdmitted {
		t.Errorf("a suspension without a reason: %v", err)
	}
	if _, err := p.Suspend(act, "x", day(t, "2026-12-01")); !errors.Is(err, ErrInvalid) || p.Status != ProviderAdmitted {
		t.Errorf("a suspension ending today: %v", err)
	}
	// Applying again for a lot the provider is admitted on.
	if _, _, err := Apply(act, ApplyInput{ProviderID: "P1", Name: "Provider One", Kind: "company", Lot: "group-living", OfstedURN: "1"},
		[]ProviderLot{p}); !errors.Is(err, ErrConflict) {
		t.Errorf("applying for a lot it is admitted on: %v", err)
	}
	if _, _, err := Apply(act, ApplyInput{ProviderID: "P1", Name: "Another Name", Kind: "company", Lot: "floating-support"},
		[]ProviderLot{p}); !errors.Is(err, ErrInvalid) {
		t.Errorf("applying under another name: %v", err)
	}
	if _, _, err := Apply(act, ApplyInput{ProviderID: "P 1", Name: "X", Kind: "shop", Lot: "floating-support"}, nil); !errors.Is(err, ErrInvalid) ||
		!strings.Contains(err.Error(), `--provider "P 1"`) || !strings.Contains(err.Error(), `--kind "shop"`) {
		t.Errorf("a bad application: %v", err)
	}
	// Its problems are named by the application's own fields, never by the
	// register file's columns.
	_, _, err := Apply(act, ApplyInput{ProviderID: "P2", Name: "X", Kind: "company", Lot: "floating-support", MinAge: "abc", CoverUntil: "99",
		Email: "bad"}, nil)
	if err == nil {
		t.Fatal("a bad age and email were accepted")
	}
	for _, want := range []string{`--min-age "abc"`, `--cover-until "99"`, `--email "bad"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %s: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "min_age") || strings.Contains(err.Error(), "cover_until") {
		t.Errorf("the refusal names the register file's columns: %v", err)
	}
	_, _, err = Apply(act, ApplyInput{ProviderID: "P2", Name: "X", Kind: "company", Lot: "floating-support", MinAge: "20", CoverUntil: "18"}, nil)
	if err == nil || !strings.Contains(err.Error(), "--cover-until 18 must be greater than --min-age 20") {
		t.Errorf("cover below the youngest age: %v", err)
	}
}

func TestASuspensionEndsByItself(t *testing.T) {
	t.Parallel()
	p := goodProvider("group-living")
	act := Act{Actor: "ann", At: at(t, "2026-12-01T15:00:00Z")}
	if _, err := p.Suspend(act, "Inspection pending", day(t, "2026-12-10")); err != nil {
		t.Fatal(err)
	}
	if _, due := p.SuspensionEnded(at(t, "2026-12-09T23:59:00Z")); due {
		t.Fatal("a suspension ended the day before its end date")
	}
	r := leavingCare(t, "floating-support", 17)
	r.Lot = "group-living"
	if inv, _ := Eligibility(r, []ProviderLot{p}, day(t, "2026-12-09")); len(inv) != 0 {
		t.Fatal("a suspended provider was invited")
	}
	// 00:30 London time on 10 December.
	ev, due := p.SuspensionEnded(at(t, "2026-12-10T00:30:00Z"))
	if !due || p.Status != ProviderAdmitted || ev.Actor != "system" || ev.Action != ActionProviderReinstated ||
		ev.Fields.Get("cause") != ReinstatedBySuspensionEnd || ev.Fields.Get("suspended until") != "2026-12-10" || !p.SuspendedUntil.IsZero() {
		t.Fatalf("ended: %v %+v %+v", due, p, ev)
	}
	// One with no end date lasts until reinstated.
	q := goodProvider("group-living")
	q.Suspend(act, "x", time.Time{})
	if _, due := q.SuspensionEnded(at(t, "2030-01-01T00:00:00Z")); due {
		t.Error("a suspension with no end date ended by itself")
	}
}
