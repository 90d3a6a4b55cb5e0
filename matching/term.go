package matching

import (
	"strconv"
	"strings"
	"time"
)

// The framework's term. A framework runs for an initial number of years
// from its start, and may be extended by up to a set number of further
// periods (2+1+1: two years, then up to two extensions of a year each), each
// extension decided by its commissioner. From six months before the current
// end the commissioner is reminded; after the last possible end (every
// extension taken) no new request is made on it. With no term recorded,
// nothing is refused.

// The actions of a framework's term on the trail.
const (
	ActionTermSet          = "framework term set"
	ActionTermExtended     = "framework term extended"
	ActionPurchaserAdded   = "purchaser added"
	termReminderMonths     = 6
	maxTermYears           = 10 // years in one period of a term
	maxTermExtensions      = 5
	termReminderMonthsText = "six months"
)

// TermDecision is one extension decided: when, by whom, why, and the years
// it adds.
type TermDecision struct {
	Years  int       `json:"years"`
	On     time.Time `json:"-"` // the London date it was decided
	Reason string    `json:"reason"`
	Actor  string    `json:"actor"`
}

// FrameworkTerm is a framework's term as recorded: its start, its initial
// years, the years of each extension it may have, and the extensions
// decided. The zero value is no term recorded.
type FrameworkTerm struct {
	Framework  string
	Start      time.Time // a date: the first day the framework runs
	Initial    int       // years
	Extensions []int     // years of each possible extension, in order
	Decisions  []TermDecision
}

// Recorded reports whether a term is recorded.
func (t FrameworkTerm) Recorded() bool { return !t.Start.IsZero() && t.Initial > 0 }

// YearsText is the term's shape as it is written: 2+1+1.
func (t FrameworkTerm) YearsText() string {
	parts := []string{strconv.Itoa(t.Initial)}
	for _, y := range t.Extensions {
		parts = append(parts, strconv.Itoa(y))
	}
	return strings.Join(parts, "+")
}

// endAfter is the last day the framework runs after years from its start.
func (t FrameworkTerm) endAfter(years int) time.Time { return t.Start.AddDate(years, 0, -1) }

// CurrentEnd is the last day the framework runs with the extensions decided
// so far (zero with no term).
func (t FrameworkTerm) CurrentEnd() time.Time {
	if !t.Recorded() {
		return time.Time{}
	}
	years := t.Initial
	for _, d := range t.Decisions {
		years += d.Years
	}
	return t.endAfter(years)
}

// LastEnd is the last day the framework may run, every extension taken
// (zero with no term).
func (t FrameworkTerm) LastEnd() time.Time {
	if !t.Recorded() {
		return time.Time{}
	}
	years := t.Initial
	for _, y := range t.Extensions {
		years += y
	}
	return t.endAfter(years)
}

// ExtensionsLeft is how many extensions may still be decided.
func (t FrameworkTerm) ExtensionsLeft() int { return max(0, len(t.Extensions)-len(t.Decisions)) }

// ReminderFrom is the date from which the commissioner is reminded of the
// current end: six months before it.
func (t FrameworkTerm) ReminderFrom() time.Time {
	if !t.Recorded() {
		return time.Time{}
	}
	return monthsBefore(t.CurrentEnd(), termReminderMonths)
}

// monthsBefore is the date n months before d, on the last day of its
// month where that month is shorter (six months before 31 March is 30
// September, not 1 October).
func monthsBefore(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}

// ReminderDue reports whether the commissioner is to be reminded on the
// London date of now: from six months before the current end, while an
// extension may still be decided, or, with none left, until the framework
// has ended for good.
func (t FrameworkTerm) ReminderDue(now time.Time) bool {
	if !t.Recorded() {
		return false
	}
	today := Today(now)
	if today.Before(t.ReminderFrom()) {
		return false
	}
	if t.ExtensionsLeft() > 0 {
		return true
	}
	return !today.After(t.LastEnd())
}

// Ended reports whether the framework has run its last possible day by
// the London date of now.
func (t FrameworkTerm) Ended(now time.Time) bool {
	return t.Recorded() && Today(now).After(t.LastEnd())
}

// CheckNewRequest refuses a new request on a framework whose term has
// ended for good (after its last possible end); with no term recorded
// nothing is refused.
func (t FrameworkTerm) CheckNewRequest(now time.Time) error {
	if !t.Ended(now) {
		return nil
	}
	return Conflictf("the %s framework's term ended on %s, its last possible end (%s years from %s): no new request can be made on it; buy through a framework that is running, or, once it is let again, record its new term with: placematch framework term %s --start DATE --years %s",
		t.Framework, LongDate(t.LastEnd()), t.YearsText(), LongDate(t.Start), t.Framework, t.YearsText())
}

// ParseTermYears reads a term's shape, 2+1+1: the initial years, then the
// years of each extension.
func ParseTermYears(s string) (initial int, extensions []int, err error) {
	s = strings.TrimSpace(s)
	bad := func() (int, []int, error) {
		return 0, nil, Invalidf("the term %q is not years joined by +: give the initial years then each extension's, e.g. 2+1+1 (two years, then up to two extensions of a year)", clip(s, 30))
	}
	if s == "" {
		return bad()
	}
	parts := strings.Split(s, "+")
	if len(parts)-1 > maxTermExtensions {
		return 0, nil, Invalidf("the term %q has %d extensions: a term may have up to %d", clip(s, 30), len(parts)-1, maxTermExtensions)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > maxTermYears {
			if err == nil {
				return 0, nil, Invalidf("the term %q: each period is 1 to %d years", clip(s, 30), maxTermYears)
			}
			return bad()
		}
		if i == 0 {
			initial = n
		} else {
			extensions = append(extensions, n)
		}
	}
	return initial, extensions, nil
}

// SetTerm records a framework's term: its start date and its shape
// (2+1+1). A term already recorded is replaced only while no extension
// has been decided on it (a correction), or once it has ended for good
// (the framework let again); its decisions stay on the record.
func SetTerm(act Act, was FrameworkTerm, framework string, start time.Time, years string) (FrameworkTerm, Event, error) {
	fw, ok := FrameworkByCode(framework)
	if !ok {
		return FrameworkTerm{}, Event{}, unknownFramework(framework)
	}
	initial, ext, err := ParseTermYears(years)
	if err != nil {
		return FrameworkTerm{}, Event{}, err
	}
	if start.IsZero() {
		return FrameworkTerm{}, Event{}, Invalidf("the term needs its start date, as YYYY-MM-DD (--start)")
	}
	if len(was.Decisions) > 0 && !was.Ended(act.At) {
		return FrameworkTerm{}, Event{}, Conflictf("the %s framework's term already has %s decided: it stays as recorded (%s from %s) until it has ended",
			fw.Code, Plural(len(was.Decisions), "extension", "extensions"), was.YearsText(), LongDate(was.Start))
	}
	t := FrameworkTerm{Framework: fw.Code, Start: Today(start), Initial: initial, Extensions: ext}
	if t.Ended(act.At) {
		// Recorded, it would refuse every new request on the framework
		// from now on: a mistyped year must not stop a region's buying.
		return FrameworkTerm{}, Event{}, Invalidf("a term of %s years from %s would have ended for good on %s, and every new request on %s would be refused from today: check --start and --years (a term is recorded when the framework is let)",
			t.YearsText(), LongDate(t.Start), LongDate(t.LastEnd()), fw.Code)
	}
	ev := act.event("", ActionTermSet, "framework", fw.Code, "start", ShowDate(t.Start), "years", t.YearsText(),
		"current end", ShowDate(t.CurrentEnd()), "last end", ShowDate(t.LastEnd()))
	return t, ev, nil
}

// Extend records the commissioner's decision to extend the framework by
// its next extension, with the reason. It is refused with no term
// recorded, when every extension has been decided, or once the term has
// ended (a term that has run out cannot be extended).
func (t *FrameworkTerm) Extend(act Act, reason string) (Event, error) {
	reason = strings.TrimSpace(reason)
	if !t.Recorded() {
		return Event{}, Conflictf("the %s framework has no term recorded, so there is nothing to extend: record it first with placematch framework term %s --start DATE --years 2+1+1", t.Framework, t.Framework)
	}
	if t.ExtensionsLeft() == 0 {
		return Event{}, Conflictf("the %s framework's term has no extension left: %s, every extension decided; it ends for good on %s",
			t.Framework, t.YearsText(), LongDate(t.LastEnd()))
	}
	if Today(act.At).After(t.CurrentEnd()) {
		return Event{}, Conflictf("the %s framework's term ended on %s without an extension: a term that has run out cannot be extended; record a new term with placematch framework term %s --start DATE --years Y+Y",
			t.Framework, LongDate(t.CurrentEnd()), t.Framework)
	}
	if reason == "" {
		return Event{}, Invalidf("an extension needs its reason, for the record (--reason TEXT)")
	}
	if err := CheckText("reason", reason, MaxReason); err != nil {
		return Event{}, err
	}
	was := t.CurrentEnd()
	years := t.Extensions[len(t.Decisions)]
	t.Decisions = append(t.Decisions, TermDecision{Years: years, On: Today(act.At), Reason: reason, Actor: act.Actor})
	return act.event("", ActionTermExtended, "framework", t.Framework, "extension", strconv.Itoa(len(t.Decisions)),
		"years", strconv.Itoa(years), "end was", ShowDate(was), "current end", ShowDate(t.CurrentEnd()), "reason", reason), nil
}

func unknownFramework(code string) error {
	var codes []string
	for _, f := range frameworks {
		codes = append(codes, f.Code)
	}
	return NotFoundf("framework %q is not known: use one of %s", clip(code, 30), strings.Join(codes, ", "))
}

// LongDate is a date as people write it: 30 September 2026.
func LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}
