package service_test

import (
	"context"
	"testing"
	"time"

	"placematch/matching"
	"placematch/store/storetest"
)

// TestDraftInTheRepeatedHourEdits: a draft whose deadline is the first
// 01:30 of 31 October 2027 (given with its offset) is edited without
// touching the deadline: the edit keeps that very minute, rather than being
// refused for a time that happens twice.
func TestDraftInTheRepeatedHourEdits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		f.now = time.Date(2027, 10, 20, 9, 0, 0, 0, time.UTC)
		id := f.draft(t, func(in *matching.RequestInput) {
			in.Start, in.Deadline = "2027-11-08", "2027-10-31 01:30+01:00"
		})
		r, err := f.svc.EditDraft(context.Background(), "t", id, func(in *matching.RequestInput) { in.Summary = "Loves buses." })
		if err != nil {
			t.Fatalf("editing the summary of a draft with a deadline in the repeated hour: %v", err)
		}
		if want := time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC); !r.Deadline.Equal(want) || r.Summary != "Loves buses." {
			t.Errorf("the edited draft: deadline %s, summary %q; want %s", r.Deadline, r.Summary, want)
		}
	})
}
