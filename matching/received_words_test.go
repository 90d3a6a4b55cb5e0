package matching

import (
	"strings"
	"testing"
	"time"
)

// A late answer is often late by moments: where the minute hides which
// came first, the received time and the deadline are shown to the second
// (or the millisecond), and to the minute otherwise.
func TestReceivedWordsShowWhatMadeItLate(t *testing.T) {
	t.Parallel()
	d := time.Date(2026, 12, 1, 7, 47, 20, 0, time.UTC) // 07:47:20 GMT
	tests := []struct {
		received time.Time
		want     string
	}{
		{d.Add(3 * time.Second), "received 2026-12-01 07:47:23, deadline 07:47:20"},
		{d.Add(2 * time.Minute), "received 2026-12-01 07:49, deadline 07:47"},
		{d.Add(250 * time.Millisecond), "received 2026-12-01 07:47:20.250, deadline 07:47:20.000"},
		{d, "received 2026-12-01 07:47, deadline 07:47"},
		{d.Add(24 * time.Hour), "received 2026-12-02 07:47, deadline 2026-12-01 07:47"},
	}
	for _, tc := range tests {
		if got := ReceivedWords(tc.received, d); got != tc.want {
			t.Errorf("ReceivedWords(%s) = %q, want %q", tc.received, got, tc.want)
		}
	}
	if got := LateWarning(d.Add(time.Second), d); !strings.Contains(got, "07:47:21, after the deadline 2026-12-01 07:47:20") {
		t.Errorf("LateWarning = %q", got)
	}
}

// The ranking says why a late answer is not scored in the same words.
func TestRankLateDetailToTheSecond(t *testing.T) {
	t.Parallel()
	r, _ := competition(t)
	closedAt := at(t, "2026-11-24T12:00:00Z")
	entrants := []Entrant{{ProviderID: "P", Quality: 80, CoverUntil: 25, Admitted: true}}
	rk := Rank(r, closedAt, entrants, []Response{{ProviderID: "P", Weekly: 100000, Received: at(t, "2026-11-24T12:00:07Z")}})
	if len(rk.Excluded) != 1 || rk.Excluded[0].Detail != "received 2026-11-24 12:00:07, deadline 12:00:00" {
		t.Errorf("late detail %+v", rk.Excluded)
	}
}
