package store

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestParseStampIsTimeParse: the fast reading of stored times gives what
// time.Parse gives, and leaves to it whatever is not in the stored form.
func TestParseStampIsTimeParse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		v := time.Unix(rng.Int64N(4102444800), rng.Int64N(1e9)).UTC()
		if got := parseTime(fmtTime(v)); !got.Equal(v) || got.Location() != time.UTC {
			t.Fatalf("parseTime(fmtTime(%s)) = %s", v, got)
		}
		d := time.Date(1900+rng.IntN(300), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), 0, 0, 0, 0, time.UTC)
		if got := parseDate(fmtDate(d)); !got.Equal(d) {
			t.Fatalf("parseDate(fmtDate(%s)) = %s", d, got)
		}
	}
	for _, s := range []string{
		"2026-02-30T10:00:00.000000000Z", "2026-13-01T10:00:00.000000000Z", "2026-00-01T10:00:00.000000000Z",
		"2026-11-25T24:00:00.000000000Z", "2026-11-25T10:60:00.000000000Z", "2026-11-25T10:00:60.000000000Z",
		"2026-11-2xT10:00:00.000000000Z", "2024-02-29T10:00:00.000000000Z", "2026-11-25T10:00:00Z",
		"2026-11-25T10:00:00.5+01:00", "2026-11-25 10:00:00.000000000Z", "", "garbage",
	} {
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			want = time.Time{}
		}
		if got := parseTime(s); !got.Equal(want) {
			t.Errorf("parseTime(%q) = %s, time.Parse gives %s", s, got, want)
		}
	}
	for _, s := range []string{"2026-02-30", "2024-02-29", "2026-13-01", "2026-1-01", "20261101", "", "2026-11-25"} {
		want, _ := time.Parse("2006-01-02", s)
		if got := parseDate(s); !got.Equal(want) {
			t.Errorf("parseDate(%q) = %s, time.Parse gives %s", s, got, want)
		}
	}
}
