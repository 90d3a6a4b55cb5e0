package matching

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func termDate(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// noonOn is midday in London on a date.
func noonOn(s string) time.Time { return termDate(s).Add(12 * time.Hour) }

func leavingCareTerm(t *testing.T) FrameworkTerm {
	t.Helper()
	term, ev, err := SetTerm(Act{Actor: "c", At: noonOn("2015-09-01")}, FrameworkTerm{}, "leaving-care", termDate("2015-10-01"), "2+1+1")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != ActionTermSet || ev.Fields.Get("last end") != "2019-09-30" || ev.Fields.Get("current end") != "2017-09-30" {
		t.Fatalf("event = %+v", ev)
	}
	return term
}

func TestTermEnds(t *testing.T) {
	t.Parallel()
	term := leavingCareTerm(t)
	if got := term.CurrentEnd(); !got.Equal(termDate("2017-09-30")) {
		t.Errorf("current end = %s, want 2017-09-30 (two years from 1 October 2015)", ShowDate(got))
	}
	if got := term.LastEnd(); !got.Equal(termDate("2019-09-30")) {
		t.Errorf("last end = %s, want 2019-09-30", ShowDate(got))
	}
	if term.YearsText() != "2+1+1" || term.ExtensionsLeft() != 2 {
		t.Errorf("shape %s, %d left", term.YearsText(), term.ExtensionsLeft())
	}
	if _, err := term.Extend(Act{Actor: "c", At: noonOn("2017-06-01")}, "good value, providers steady"); err != nil {
		t.Fatal(err)
	}
	if got := term.CurrentEnd(); !got.Equal(termDate("2018-09-30")) {
		t.Errorf("after one extension the end = %s, want 2018-09-30", ShowDate(got))
	}
	if d := term.Decisions[0]; d.Actor != "c" || d.Reason != "good value, providers steady" || !d.On.Equal(termDate("2017-06-01")) || d.Years != 1 {
		t.Errorf("decision = %+v", d)
	}
}

func TestTermReminderFromSixMonthsBeforeTheCurrentEnd(t *testing.T) {
	t.Parallel()
	term := leavingCareTerm(t) // current end 30 September 2017
	if term.ReminderDue(noonOn("2017-03-29")) {
		t.Error("reminded the day before six months before the end (30 March 2017)")
	}
	if !term.ReminderDue(noonOn("2017-03-30")) {
		t.Error("not reminded on the day six months before the end")
	}
	// Just after midnight in London, still the 29th in UTC? No: BST is
	// ahead of UTC, so 23:30 UTC on the 29th is the 30th in London.
	if !term.ReminderDue(time.Date(2017, 3, 29, 23, 30, 0, 0, time.UTC)) {
		t.Error("the reminder follows the London date")
	}
	if _, err := term.Extend(Act{Actor: "c", At: noonOn("2017-04-03")}, "extend"); err != nil {
		t.Fatal(err)
	}
	if term.ReminderDue(noonOn("2017-04-04")) {
		t.Error("still reminded after the extension moved the end to 2018")
	}
	if !term.ReminderDue(noonOn("2018-03-30")) {
		t.Error("not reminded six months before the extended end")
	}
}

func TestTermReminderFromTheSameDaySixMonthsBefore(t *testing.T) {
	t.Parallel()
	for start, want := range map[string]string{
		"2025-04-01": "2026-09-30", // ends 31 March 2027: not 1 October
		"2025-09-01": "2027-02-28", // ends 31 August 2027
		"2026-09-01": "2028-02-29", // ends 31 August 2028, a leap year
		"2015-10-01": "2017-03-30",
	} {
		term, _, err := SetTerm(Act{Actor: "c", At: noonOn("2015-01-01")}, FrameworkTerm{}, "leaving-care", termDate(start), "2+1")
		if err != nil {
			t.Fatal(err)
		}
		if got := ShowDate(term.ReminderFrom()); got != want {
			t.Errorf("a term from %s ending %s: reminded from %s, want %s", start, ShowDate(term.CurrentEnd()), got, want)
		}
	}
}

func TestTermRefusesNewRequestsAfterTheLastEnd(t *testing.T) {
	t.Parallel()
	term := leavingCareTerm(t) // last end 30 September 2019
	if err := term.CheckNewRequest(noonOn("2019-09-30")); err != nil {
		t.Errorf("refused on the last day of the term: %v", err)
	}
	err := term.CheckNewRequest(noonOn("2019-10-01"))
	if err == nil || !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "30 September 2019") {
		t.Errorf("the day after the last end: %v", err)
	}
	if err := (FrameworkTerm{Framework: "leaving-care"}).CheckNewRequest(noonOn("2040-01-01")); err != nil {
		t.Errorf("no term recorded, yet refused: %v", err)
	}
	// A request built on it is refused on its lot, naming the end.
	in := validInput()
	in.Lot, in.Council = "group-living", "manchester"
	now := noonOn("2019-10-01")
	in.DOB, in.Start, in.Deadline = "2003-01-01", "2019-10-20", "2019-10-10 17:00"
	_, err = BuildRequest(in, Defaults{Term: term}, now)
	var fe FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe.Get("lot"), "term ended on 30 September 2019, its last possible end") {
		t.Errorf("BuildRequest after the last end: %v", err)
	}
	if _, err := BuildRequest(in, Defaults{Term: term}, noonOn("2019-09-30")); err != nil {
		t.Errorf("BuildRequest on the last day: %v", err)
	}
	// The term of another framework does not bear on this lot.
	other := term
	other.Framework = "care-support"
	if _, err := BuildRequest(in, Defaults{Term: other}, now); err != nil {
		t.Errorf("another framework's term refused it: %v", err)
	}
}

func TestTermExtensionRefusedWhenNoneRemain(t *testing.T) {
	t.Parallel()
	term := leavingCareTerm(t)
	for i, at := range []string{"2017-05-01", "2018-05-01"} {
		if _, err := term.Extend(Act{Actor: "c", At: noonOn(at)}, "extension "+string(rune('1'+i))); err != nil {
			t.Fatal(err)
		}
	}
	before := term
	_, err := term.Extend(Act{Actor: "c", At: noonOn("2019-05-01")}, "once more")
	if err == nil || !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "no extension left") {
		t.Fatalf("a third extension of 2+1+1: %v", err)
	}
	if len(term.Decisions) != len(before.Decisions) {
		t.Error("a refused extension changed the term")
	}
	// An extension needs a reason, and a term that ran out cannot be
	// extended.
	t2 := leavingCareTerm(t)
	if _, err := t2.Extend(Act{Actor: "c", At: noonOn("2017-05-01")}, "  "); err == nil {
		t.Error("an extension without a reason was taken")
	}
	if _, err := t2.Extend(Act{Actor: "c", At: noonOn("2017-10-01")}, "late"); err == nil || !strings.Contains(err.Error(), "run out") {
		t.Errorf("extended after the current end: %v", err)
	}
	if _, err := (&FrameworkTerm{Framework: "care-support"}).Extend(Act{Actor: "c", At: noonOn("2017-05-01")}, "x"); err == nil {
		t.Error("extended a framework with no term")
	}
}

func TestParseTermYears(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "2+", "two", "0+1", "2+-1", "2+1+1+1+1+1+1", "11"} {
		if _, _, err := ParseTermYears(bad); err == nil {
			t.Errorf("%q was taken", bad)
		}
	}
	i, ext, err := ParseTermYears(" 3 + 2 ")
	if err != nil || i != 3 || len(ext) != 1 || ext[0] != 2 {
		t.Errorf("3+2 = %d %v %v", i, ext, err)
	}
	// Once an extension is decided the term stays as recorded.
	term := leavingCareTerm(t)
	if _, err := term.Extend(Act{Actor: "c", At: noonOn("2017-05-01")}, "x"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := SetTerm(Act{Actor: "c", At: noonOn("2017-06-01")}, term, "leaving-care", termDate("2016-01-01"), "3+1"); err == nil {
		t.Error("a term with a decision was replaced")
	}
	if _, _, err := SetTerm(Act{Actor: "c", At: noonOn("2017-06-01")}, FrameworkTerm{}, "nonesuch", termDate("2016-01-01"), "3+1"); err == nil {
		t.Error("an unknown framework's term was set")
	}
}

func TestTrailCheckHoldsTermsAndPurchasers(t *testing.T) {
	t.Parallel()
	act := Act{Actor: "c", At: noonOn("2017-05-01")}
	term, set, err := SetTerm(act, FrameworkTerm{}, "leaving-care", termDate("2015-10-01"), "2+1+1")
	if err != nil {
		t.Fatal(err)
	}
	ext, err := term.Extend(act, "steady")
	if err != nil {
		t.Fatal(err)
	}
	p, added, err := AddPurchaser(act, nil, "nhs-cheshire-merseyside", "NHS Cheshire and Merseyside ICB", "leaving-care", "E54000008")
	if err != nil {
		t.Fatal(err)
	}
	run := func(term FrameworkTerm, ps ...Purchaser) []string {
		c := NewTrailCheck()
		for i, e := range []Event{set, ext, added} {
			e.Seq = int64(i + 1)
			c.Event(e)
		}
		c.Term(term)
		for _, p := range ps {
			c.Purchaser(p)
		}
		c.End()
		d, _ := c.Differences()
		return d
	}
	if d := run(term, p); len(d) != 0 {
		t.Errorf("the state as the trail made it differs: %v", d)
	}
	// A decision removed from the store, a purchaser deleted, one added
	// around the record: each named.
	undone := term
	undone.Decisions = nil
	if d := run(undone, p); len(d) != 1 || !strings.Contains(d[0], "leaving-care framework's term") {
		t.Errorf("an extension undone in the store: %v", d)
	}
	if d := run(term); len(d) != 1 || !strings.Contains(d[0], "nhs-cheshire-merseyside") {
		t.Errorf("a purchaser deleted: %v", d)
	}
	sneaked := Purchaser{Council: Council{Slug: "nhs-other"}, Frameworks: []string{"care-support"}}
	if d := run(term, p, sneaked); len(d) != 1 || !strings.Contains(d[0], "nhs-other") {
		t.Errorf("a purchaser added around the record: %v", d)
	}
	if d := run(FrameworkTerm{}, p); len(d) != 1 || !strings.Contains(d[0], "deleted") {
		t.Errorf("a term deleted: %v", d)
	}
}

func TestPurchaserActsAsACouncil(t *testing.T) {
	t.Parallel()
	act := Act{Actor: "c", At: noonOn("2026-11-01")}
	p, ev, err := AddPurchaser(act, nil, "nhs-cheshire-merseyside", "NHS Cheshire and Merseyside ICB", "leaving-care", "e54000008")
	if err != nil {
		t.Fatal(err)
	}
	if p.Code != "CMI" || p.GSS != "E54000008" || ev.Action != ActionPurchaserAdded || !p.BuysOn("leaving-care") || p.BuysOn("care-support") {
		t.Errorf("purchaser %+v, event %+v", p, ev)
	}
	in := validInput()
	in.Council, in.Lot = p.Slug, "group-living"
	now := requestNow
	if _, err := BuildRequest(in, Defaults{}, now); err == nil {
		t.Error("a request for a purchaser the request does not know of was taken")
	}
	r, err := BuildRequest(in, Defaults{Buyer: &p}, now)
	if err != nil || r.Council != p.Slug {
		t.Fatalf("a request for the purchaser: %v", err)
	}
	in.Lot = "packages"
	if _, err := BuildRequest(in, Defaults{Buyer: &p}, now); err == nil || !strings.Contains(err.Error(), "not a member of the care-support") {
		t.Errorf("a purchaser on a framework it does not buy on: %v", err)
	}
	// Added again on the other framework, it keeps its code.
	p2, _, err := AddPurchaser(act, []Purchaser{p}, p.Slug, p.Name, "care-support", "")
	if err != nil || p2.Code != p.Code || len(p2.Frameworks) != 2 {
		t.Errorf("added on care-support: %+v %v", p2, err)
	}
	for _, bad := range []struct{ slug, name, fw, gss, want string }{
		{"sefton", "Sefton", "leaving-care", "", "one of the region's councils"},
		{"NHS X!", "x", "leaving-care", "", "lower-case"},
		{"nhs-x", "", "leaving-care", "", "needs its name"},
		{"nhs-x", "X", "nowhere", "", "not known"},
		{"nhs-x", "X", "leaving-care", "123", "GSS"},
	} {
		if _, _, err := AddPurchaser(act, nil, bad.slug, bad.name, bad.fw, bad.gss); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if _, _, err := AddPurchaser(act, []Purchaser{p}, p.Slug, p.Name, "leaving-care", ""); err == nil || !errors.Is(err, ErrConflict) {
		t.Errorf("added twice on the same framework: %v", err)
	}
	// Codes never clash with a council's or another purchaser's.
	q, _, err := AddPurchaser(act, []Purchaser{p}, "nhs-cm-two", "Cheshire Merseyside Int", "leaving-care", "")
	if err != nil || q.Code == p.Code {
		t.Errorf("second code %q: %v", q.Code, err)
	}
}

// TestTermAlreadyEndedIsRefused: a term that would already have ended for
// good (a mistyped start or years) is refused, since recorded it would
// refuse every new request on the framework; one still running is not.
func TestTermAlreadyEndedIsRefused(t *testing.T) {
	act := Act{Actor: "c", At: noonOn("2026-12-01")}
	_, _, err := SetTerm(act, FrameworkTerm{}, "care-support", termDate("2010-01-01"), "2+1")
	if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "check --start and --years") {
		t.Errorf("a term ended in 2013 was recorded: %v", err)
	}
	if _, _, err := SetTerm(act, FrameworkTerm{}, "care-support", termDate("2023-01-01"), "2+1+1"); err != nil {
		t.Errorf("a term running to 2026-12-31 at the latest was refused: %v", err)
	}
}

// TestPurchaserOnceUnderOneName: the same body (same name, or same GSS
// code) cannot be added again under a second short name; under its own it
// may buy on another framework.
func TestPurchaserOnceUnderOneName(t *testing.T) {
	act := Act{Actor: "c", At: noonOn("2026-12-01")}
	icb, _, err := AddPurchaser(act, nil, "nhs-lsc", "NHS Lancashire ICB", "care-support", "E54000048")
	if err != nil {
		t.Fatal(err)
	}
	known := []Purchaser{icb}
	for _, c := range []struct{ slug, name, gss string }{{"nhs-lsc2", "NHS Lancashire ICB", ""}, {"lsc-icb", "Lancashire and South Cumbria", "E54000048"}} {
		if _, _, err := AddPurchaser(act, known, c.slug, c.name, "leaving-care", c.gss); KindOf(err) != KindConflict || !strings.Contains(err.Error(), "purchasers add nhs-lsc") {
			t.Errorf("%s as a second short name: %v", c.slug, err)
		}
	}
	if p, _, err := AddPurchaser(act, known, "nhs-lsc", "NHS Lancashire ICB", "leaving-care", ""); err != nil || !p.BuysOn("leaving-care") {
		t.Errorf("the same purchaser on another framework: %v", err)
	}
}
