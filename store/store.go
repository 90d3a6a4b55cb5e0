package store

import (
	"placematch/matching"
	"strings"
	"time"
)

// Times are stored as RFC 3339 in UTC with nanoseconds, so text order is time
// order; the zero time is stored as "".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, ok := parseStamp(s); ok {
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// parseStamp reads a time written in timeLayout, as every stored time is,
// without time.Parse: a list of a region's requests reads a hundred
// thousand of them, and the audit check nearly a million. Anything else, or
// a date that does not exist, is left to time.Parse.
func parseStamp[T ~string | ~[]byte](s T) (time.Time, bool) {
	if len(s) != len(timeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[29] != 'Z' {
		return time.Time{}, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 5, 7)
	d, ok3 := digits(s, 8, 10)
	h, ok4 := digits(s, 11, 13)
	mi, ok5 := digits(s, 14, 16)
	se, ok6 := digits(s, 17, 19)
	ns, ok7 := digits(s, 20, 29)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, ns, time.UTC)
	if t.Day() != d || t.Month() != time.Month(mo) {
		return time.Time{}, false // 30 February and the like
	}
	return t, true
}

// parseDay reads a date written as YYYY-MM-DD, as parseStamp does a time.
func parseDay[T ~string | ~[]byte](s T) (time.Time, bool) {
	if len(s) != len(matching.DateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digits(s, 0, 4)
	mo, ok2 := digits(s, 5, 7)
	d, ok3 := digits(s, 8, 10)
	if !(ok1 && ok2 && ok3) || mo < 1 || mo > 12 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != time.Month(mo) {
		return time.Time{}, false
	}
	return t, true
}

func digits[T ~string | ~[]byte](s T, from, to int) (int, bool) {
	n := 0
	for i := from; i < to; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(matching.DateLayout)
}

func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, ok := parseDay(s); ok {
		return t
	}
	t, _ := time.Parse(matching.DateLayout, s)
	return t
}

func joinTags(xs []string) string { return strings.Join(xs, ";") }

func splitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ";")
}
