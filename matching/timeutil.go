package matching

import (
	"slices"
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

// ParseTime reads an instant: RFC 3339 (2026-11-26T17:00:00Z), local
// London time (2026-11-26 17:00), or local time with its offset from UTC
// (2027-10-31 01:30+01:00). A London time the clocks skip (01:30 on the
// last Sunday of March) or pass twice (01:30 on the last Sunday of October)
// is refused, saying why and how to write it with its offset: it is never
// moved to a time nobody typed.
func ParseTime(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if v, err := time.Parse(time.RFC3339, t); err == nil {
		return v.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02 15:04Z07:00", "2006-01-02T15:04Z07:00", "2/1/2006 15:04Z07:00"} {
		if v, err := time.Parse(layout, t); err == nil {
			return v.UTC(), nil
		}
	}
	// Also the British day/month/year people type: 26/11/2026 17:00.
	for _, layout := range []string{LocalLayout, "2/1/2006 15:04"} {
		if wall, err := time.Parse(layout, t); err == nil {
			return londonWall(wall)
		}
	}
	return time.Time{}, Invalidf("%q is not a time: write it as YYYY-MM-DD HH:MM (London time), with its offset from UTC (YYYY-MM-DD HH:MM+01:00) or in RFC 3339 (…T17:00:00Z)", clip(s, 40))
}

// londonWall is the one instant at which London's clocks show wall (whose
// fields are read, its zone ignored), or an error when they never show it
// (the hour skipped in spring) or show it twice (the hour repeated in
// autumn).
func londonWall(wall time.Time) (time.Time, error) {
	shown := wall.Format(LocalLayout)
	// London's offset is one of those in force a day either side.
	var at []time.Time
	for _, near := range []time.Time{wall.Add(-36 * time.Hour), wall, wall.Add(36 * time.Hour)} {
		_, off := near.In(London).Zone()
		c := wall.Add(-time.Duration(off) * time.Second).UTC()
		if c.In(London).Format(LocalLayout) == shown && !slices.ContainsFunc(at, c.Equal) {
			at = append(at, c)
		}
	}
	switch len(at) {
	case 1:
		return at[0], nil
	case 0:
		// The instant wall would be at the offset before the change falls in the hour after it.
		_, before := wall.Add(-36 * time.Hour).In(London).Zone()
		change, _ := wall.Add(-time.Duration(before) * time.Second).In(London).ZoneBounds()
		return time.Time{}, Invalidf("%s does not exist in London: that night the clocks go forward from %s to %s. Give a time before %[2]s or from %[3]s, or give it with its offset from UTC, e.g. %[1]s%[4]s (which is %[5]s %[6]s)",
			shown, change.In(time.FixedZone("", before)).Format("15:04"), change.In(London).Format("15:04"), offset(before),
			ShowTime(wall.Add(-time.Duration(before)*time.Second)), zoneName(change))
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	first, second := at[0], at[len(at)-1]
	change, _ := second.In(London).ZoneBounds()
	_, was := first.In(London).Zone()
	_, is := second.In(London).Zone()
	return time.Time{}, Invalidf("%s happens twice in London: that night the clocks go back from %s to %s. Give it with its offset from UTC: %s%s for the first (%s), or %s%s for the second (%s)",
		shown, change.In(time.FixedZone("", was)).Format("15:04"), change.In(London).Format("15:04"),
		shown, offset(was), zoneName(first), shown, offset(is), zoneName(second))
}

// offset writes seconds east of UTC as people and ParseTime write it: +01:00.
func offset(secs int) string {
	return time.Unix(0, 0).In(time.FixedZone("", secs)).Format("-07:00")
}

// zoneName is London's zone at t as people say it: BST or GMT.
func zoneName(t time.Time) string {
	name, _ := t.In(London).Zone()
	return name
}

// ShowTime formats an instant in London time for people.
func ShowTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format(LocalLayout)
}

// InputTime writes an instant as it is typed back into a field or a flag:
// London time (2026-11-26 17:00), with its offset only when London shows
// that minute twice (2027-10-31 01:30+01:00), so that ParseTime reads back
// the same minute and never refuses what it was given.
func InputTime(t time.Time) string {
	s := ShowTime(t)
	if s == "" {
		return ""
	}
	if back, err := ParseTime(s); err != nil || !back.Equal(t.Truncate(time.Minute)) {
		_, off := t.In(London).Zone()
		return s + offset(off)
	}
	return s
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
