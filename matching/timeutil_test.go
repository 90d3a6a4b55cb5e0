package matching

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAgeOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		dob, on string
		want    int
	}{
		{"on the 16th birthday", "2010-03-15", "2026-03-15", 16},
		{"the day before the 16th birthday", "2010-03-15", "2026-03-14", 15},
		{"the day after the 16th birthday", "2010-03-15", "2026-03-16", 16},
		{"month before the birthday month", "2010-03-15", "2026-02-28", 15},
		{"month after the birthday month", "2010-03-15", "2026-04-01", 16},
		{"day before a birthday across a year end", "2009-01-01", "2025-12-31", 16},
		{"birthday on 1 January", "2009-01-01", "2026-01-01", 17},
		{"born today", "2026-12-01", "2026-12-01", 0},
		{"day before the first birthday", "2025-12-01", "2026-11-30", 0},
		{"first birthday", "2025-12-01", "2026-12-01", 1},
		{"29 Feb birthday, 28 Feb of a common year", "2008-02-29", "2026-02-28", 17},
		{"29 Feb birthday, 1 Mar of a common year", "2008-02-29", "2026-03-01", 18},
		{"29 Feb birthday, 28 Feb of a leap year", "2008-02-29", "2028-02-28", 19},
		{"29 Feb birthday, 29 Feb of a leap year", "2008-02-29", "2028-02-29", 20},
		{"29 Feb birthday, day before in a leap year is 28 Feb", "2004-02-29", "2024-02-28", 19},
		{"28 Feb birthday in a leap year reached on 28 Feb", "2008-02-28", "2026-02-28", 18},
		{"1 Mar birthday, 29 Feb of a leap year", "2008-03-01", "2024-02-29", 15},
		{"25th birthday", "2001-12-01", "2026-12-01", 25},
		{"day before the 25th birthday", "2001-12-02", "2026-12-01", 24},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AgeOn(day(t, tc.dob), day(t, tc.on)); got != tc.want {
				t.Errorf("AgeOn(%s, %s) = %d, want %d", tc.dob, tc.on, got, tc.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // RFC 3339 in UTC
	}{
		{"RFC 3339 UTC", "2026-11-26T17:00:00Z", "2026-11-26T17:00:00Z"},
		{"RFC 3339 with an offset", "2026-11-26T17:00:00+01:00", "2026-11-26T16:00:00Z"},
		{"RFC 3339 with a negative offset", "2026-11-26T17:00:00-05:00", "2026-11-26T22:00:00Z"},
		{"RFC 3339 with fractions", "2026-11-26T17:00:00.5Z", "2026-11-26T17:00:00.5Z"},
		{"London winter time is UTC", "2026-11-26 17:00", "2026-11-26T17:00:00Z"},
		{"London summer time is UTC+1", "2026-07-01 17:00", "2026-07-01T16:00:00Z"},
		{"BST past midnight is the previous UTC day", "2026-07-02 00:30", "2026-07-01T23:30:00Z"},
		{"last day of BST 2026", "2026-10-24 12:00", "2026-10-24T11:00:00Z"},
		{"first day after BST 2026", "2026-10-25 12:00", "2026-10-25T12:00:00Z"},
		{"first day of BST 2026", "2026-03-29 12:00", "2026-03-29T11:00:00Z"},
		{"surrounding spaces", "  2026-07-01 17:00\t", "2026-07-01T16:00:00Z"},
		{"the minute before the clocks go forward", "2027-03-28 00:59", "2027-03-28T00:59:00Z"},
		{"the hour the clocks go forward to", "2027-03-28 02:00", "2027-03-28T01:00:00Z"},
		{"the minute before the repeated hour", "2027-10-31 00:59", "2027-10-30T23:59:00Z"},
		{"the hour after the repeated one", "2027-10-31 02:00", "2027-10-31T02:00:00Z"},
		{"the first 01:30 with its offset", "2027-10-31 01:30+01:00", "2027-10-31T00:30:00Z"},
		{"the second 01:30 with its offset", "2027-10-31 01:30+00:00", "2027-10-31T01:30:00Z"},
		{"a skipped time with its offset", "2027-03-28 01:30+00:00", "2027-03-28T01:30:00Z"},
		{"offset with a T and no seconds", "2027-10-31T01:30+01:00", "2027-10-31T00:30:00Z"},
		{"British order with an offset", "31/10/2027 01:30+01:00", "2027-10-31T00:30:00Z"},
		{"an offset of Z", "2027-10-31 01:30Z", "2027-10-31T01:30:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTime(tc.in)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tc.in, err)
			}
			want, _ := time.Parse(time.RFC3339Nano, tc.want)
			if !got.Equal(want) {
				t.Errorf("ParseTime(%q) = %s, want %s", tc.in, got.Format(time.RFC3339Nano), tc.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("ParseTime(%q) is in %s, want UTC", tc.in, got.Location())
			}
		})
	}
}

func TestParseTimeRefuses(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "   ", "2026-11-26", "17:00", "2026-11-26 5pm", "2026-13-01 10:00",
		"2026-11-26 25:00", "2026-02-30 10:00", "2026-11-26T17:00:00", "tomorrow", "2026-11-26 17:00 GMT",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseTime(in)
			if err == nil {
				t.Fatalf("ParseTime(%q) = %s, want an error", in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseTime(%q) error %v is not ErrInvalid", in, err)
			}
			if !got.IsZero() {
				t.Errorf("ParseTime(%q) returned %s with its error", in, got)
			}
		})
	}
}

// A London time the clocks skip or pass twice is refused, saying why and
// naming the offsets that make it one instant; it is never moved silently.
func TestParseTimeRefusesClockChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string // in the message
	}{
		{"skipped in spring 2027", "2027-03-28 01:30", []string{"2027-03-28 01:30 does not exist in London", "forward from 01:00 to 02:00", "2027-03-28 01:30+00:00"}},
		{"the first skipped minute", "2027-03-28 01:00", []string{"2027-03-28 01:00 does not exist"}},
		{"the last skipped minute", "2027-03-28 01:59", []string{"2027-03-28 01:59 does not exist"}},
		{"skipped, British order", "28/3/2027 01:30", []string{"2027-03-28 01:30 does not exist"}},
		{"skipped in spring 2026", "2026-03-29 01:15", []string{"2026-03-29 01:15 does not exist"}},
		{"repeated in autumn 2027", "2027-10-31 01:30", []string{"2027-10-31 01:30 happens twice in London", "back from 02:00 to 01:00", "2027-10-31 01:30+01:00 for the first (BST)", "2027-10-31 01:30+00:00 for the second (GMT)"}},
		{"the first repeated minute", "2027-10-31 01:00", []string{"2027-10-31 01:00 happens twice"}},
		{"the last repeated minute", "2027-10-31 01:59", []string{"2027-10-31 01:59 happens twice"}},
		{"repeated, British order", "31/10/2027 01:30", []string{"2027-10-31 01:30 happens twice"}},
		{"repeated in autumn 2026", "2026-10-25 01:45", []string{"2026-10-25 01:45 happens twice"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTime(tc.in)
			if err == nil {
				t.Fatalf("ParseTime(%q) = %s, want an error", tc.in, got.Format(time.RFC3339))
			}
			if !errors.Is(err, ErrInvalid) || !got.IsZero() {
				t.Errorf("ParseTime(%q) = %s, %v; want zero and ErrInvalid", tc.in, got, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseTime(%q) error %q does not say %q", tc.in, err, w)
				}
			}
		})
	}
	// Each way the message offers reads back as what it says.
	for in, want := range map[string]string{"2027-10-31 01:30+01:00": "2027-10-31 01:30", "2027-10-31 01:30+00:00": "2027-10-31 01:30"} {
		v, err := ParseTime(in)
		if err != nil || ShowTime(v) != want {
			t.Errorf("ParseTime(%q) = %s, %v; shown %q, want %q", in, v, err, ShowTime(v), want)
		}
	}
}

// What InputTime writes, ParseTime reads back to the same minute, in the
// hour London shows twice too.
func TestInputTimeReadsBack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ at, want string }{
		{"2026-11-26T17:00:00Z", "2026-11-26 17:00"},
		{"2026-07-01T16:00:00Z", "2026-07-01 17:00"},
		{"2027-10-31T00:30:00Z", "2027-10-31 01:30+01:00"}, // the first 01:30
		{"2027-10-31T01:30:00Z", "2027-10-31 01:30+00:00"}, // the second
		{"2027-10-31T00:59:00Z", "2027-10-31 01:59+01:00"},
		{"2027-10-31T02:00:00Z", "2027-10-31 02:00"},
		{"2027-03-28T01:00:00Z", "2027-03-28 02:00"},
		{"2027-10-31T00:30:45Z", "2027-10-31 01:30+01:00"}, // seconds are not shown
	} {
		v := at(t, tc.at)
		got := InputTime(v)
		if got != tc.want {
			t.Errorf("InputTime(%s) = %q, want %q", tc.at, got, tc.want)
		}
		back, err := ParseTime(got)
		if err != nil || !back.Equal(v.Truncate(time.Minute)) {
			t.Errorf("ParseTime(InputTime(%s)) = %s, %v", tc.at, back, err)
		}
	}
	if InputTime(time.Time{}) != "" {
		t.Error("InputTime(zero) is not blank")
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-12-01", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{" 2026-12-01 ", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2026-07-01", time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}, // midnight UTC even in BST
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tc.in, err)
			}
			if !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseTimeBritishOrder(t *testing.T) {
	t.Parallel()
	got, err := ParseTime("26/11/2026 17:00")
	if err != nil || !got.Equal(time.Date(2026, 11, 26, 17, 0, 0, 0, time.UTC)) {
		t.Fatalf("ParseTime(26/11/2026 17:00) = %v, %v", got, err)
	}
	got, err = ParseTime("1/7/2026 09:30") // summer time
	if err != nil || !got.Equal(time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("ParseTime(1/7/2026 09:30) = %v, %v", got, err)
	}
}

func TestParseDateBritishOrder(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"01/12/2026": "2026-12-01", "1/2/2010": "2010-02-01", " 29/02/2024 ": "2024-02-29"} {
		got, err := ParseDate(in)
		if err != nil || got.Format(DateLayout) != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "31/11/2026", "12/31/2026", "2026-1-5",
		"2026/12/01", "2026-12-01T00:00:00Z", "2026-12-01 10:00", "20261201", "next week",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseDate(in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %s, want an error", in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseDate(%q) error %v is not ErrInvalid", in, err)
			}
		})
	}
}

func TestShowTimeAndDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"winter instant shown as GMT", time.Date(2026, 11, 26, 17, 0, 0, 0, time.UTC), "2026-11-26 17:00"},
		{"summer instant shown as BST", time.Date(2026, 7, 1, 16, 0, 0, 0, time.UTC), "2026-07-01 17:00"},
		{"summer instant crosses midnight", time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC), "2026-07-02 00:30"},
		{"zero is blank", time.Time{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ShowTime(tc.in); got != tc.want {
				t.Errorf("ShowTime(%s) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := ShowDate(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); got != "2026-12-01" {
		t.Errorf("ShowDate = %q, want 2026-12-01", got)
	}
	if got := ShowDate(time.Time{}); got != "" {
		t.Errorf("ShowDate(zero) = %q, want blank", got)
	}
	// What ShowTime writes, ParseTime reads back to the same minute.
	for _, s := range []string{"2026-07-01T16:00:00Z", "2026-11-26T17:00:00Z"} {
		v := at(t, s)
		back, err := ParseTime(ShowTime(v))
		if err != nil || !back.Equal(v) {
			t.Errorf("ParseTime(ShowTime(%s)) = %s, %v", s, back, err)
		}
	}
}

func TestDefaultDeadline(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 10, 15, 42, 0, time.UTC)
	tests := []struct {
		u    Urgency
		want time.Time
	}{
		{UrgencyToday, time.Date(2026, 11, 20, 14, 15, 0, 0, time.UTC)},
		{UrgencyWithin5, time.Date(2026, 11, 22, 10, 15, 0, 0, time.UTC)},
		{UrgencyPlanned, time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(string(tc.u), func(t *testing.T) {
			if got := DefaultDeadline(tc.u, now); !got.Equal(tc.want) {
				t.Errorf("DefaultDeadline(%s) = %s, want %s", tc.u, got, tc.want)
			}
		})
	}
}

// TestDefaultDeadlineTodayStaysToday: a placement needed today, asked for
// late in the evening, has its answers due before midnight while an hour
// is left; later than that, four hours on (the placement starts tomorrow).
// London time, summer and winter.
func TestDefaultDeadlineTodayStaysToday(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ now, want string }{
		{"2026-11-25 19:59", "2026-11-25 23:59"},
		{"2026-11-25 20:30", "2026-11-25 23:45"},
		{"2026-11-25 22:14", "2026-11-25 23:45"},
		{"2026-11-25 22:45", "2026-11-25 23:45"},
		{"2026-11-25 22:46", "2026-11-26 02:46"},
		{"2026-11-25 23:50", "2026-11-26 03:50"},
		{"2026-07-01 22:00", "2026-07-01 23:45"},
		{"2026-07-01 23:30", "2026-07-02 03:30"},
	} {
		now, err := time.ParseInLocation("2006-01-02 15:04", tc.now, London)
		if err != nil {
			t.Fatal(err)
		}
		if got := ShowTime(DefaultDeadline(UrgencyToday, now)); got != tc.want {
			t.Errorf("at %s: deadline %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestToday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		now, want string
	}{
		{"2026-11-20T23:30:00Z", "2026-11-20"}, // GMT: same date
		{"2026-07-01T23:30:00Z", "2026-07-02"}, // BST: already tomorrow in London
		{"2026-07-01T22:59:59Z", "2026-07-01"},
	}
	for _, tc := range tests {
		t.Run(tc.now, func(t *testing.T) {
			if got := Today(at(t, tc.now)); !got.Equal(day(t, tc.want)) {
				t.Errorf("Today(%s) = %s, want %s", tc.now, got, tc.want)
			}
		})
	}
}
