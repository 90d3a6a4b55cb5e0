package matching

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must resolve on machines without a zoneinfo database
)

// London is the zone every time is shown in; times are stored in UTC.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("matching: cannot load " + name + ": " + err.Error())
	}
	return loc
}

// DateLayout is how dates are written everywhere: 2026-11-26.
const DateLayout = "2006-01-02"

// LocalLayout is the local time form accepted and shown: 2026-11-26 17:00.
const LocalLayout = "2006-01-02 15:04"

// ParseDate reads a calendar date, YYYY-MM-DD. The result is midnight UTC of
// that date, which is how dates are compared and stored.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		// Also the British day/month/year people type: 01/12/2026.
		t, err = time.Parse("2/1/2006", strings.TrimSpace(s))
	}
	if err != nil {
		return time.Time{}, Invalidf("%q is not a date: write it as YYYY-MM-DD (year, month, day)", clip(s, 30))
	}
	return t, nil
}

// ParseTime reads an instant: RFC 3339 (2026-11-26T17:00:00Z) or local
// London time (2026-11-26 17:00).
func ParseTime(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if v, err := time.Parse(time.RFC3339, t); err == nil {
		return v.UTC(), nil
	}
	if v, err := time.ParseInLocation(LocalLayout, t, London); err == nil {
		return v.UTC(), nil
	}
	// Also the British day/month/year people type: 26/11/2026 17:00.
	if v, err := time.ParseInLocation("2/1/2006 15:04", t, London); err == nil {
		return v.UTC(), nil
	}
	return time.Time{}, Invalidf("%q is not a time: write it as YYYY-MM-DD HH:MM (London time) or in RFC 3339 (…T17:00:00Z)", clip(s, 40))
}

// ShowTime formats an instant in London time for people.
func ShowTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format(LocalLayout)
}

// ShowDate formats a date.
func ShowDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// AgeOn is the completed years of someone born on dob, on the date on.
// A birthday on 29 February is reached on 1 March in other years.
func AgeOn(dob, on time.Time) int {
	age := on.Year() - dob.Year()
	if on.Month() < dob.Month() || (on.Month() == dob.Month() && on.Day() < dob.Day()) {
		age--
	}
	return age
}

// DefaultDeadline is the deadline suggested for an urgency: today gives
// providers 4 hours, within-5-days 2 days, planned 10 days. Late in the
// evening four hours would run past midnight, and a placement that starts
// tonight needs its answers tonight: the deadline is then 23:45 London time
// while that leaves providers at least an hour, and otherwise four hours
// on (and the placement starts tomorrow).
func DefaultDeadline(u Urgency, now time.Time) time.Time {
	switch u {
	case UrgencyToday:
		d := now.Add(4 * time.Hour).Truncate(time.Minute)
		if l := now.In(London); Today(d).After(Today(now)) {
			end := time.Date(l.Year(), l.Month(), l.Day(), 23, 45, 0, 0, London)
			if end.Sub(now) >= time.Hour {
				return end.In(now.Location())
			}
		}
		return d
	case UrgencyWithin5:
		return now.AddDate(0, 0, 2).Truncate(time.Minute)
	default:
		return now.AddDate(0, 0, 10).Truncate(time.Minute)
	}
}
