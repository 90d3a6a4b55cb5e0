package service

import (
	"testing"

	"placematch/matching"
)

// TestReportTitleSaysWhatItReports: a report made before the decision is
// not called an award report.
func TestReportTitleSaysWhatItReports(t *testing.T) {
	t.Parallel()
	for st, want := range map[matching.Status]string{
		matching.StatusAwarded: "Award report", matching.StatusNoAward: "Decision report: no award",
		matching.StatusOpened: "Ranking report, no decision yet",
	} {
		if got := reportTitle(st); got != want {
			t.Errorf("%s: %q, want %q", st, got, want)
		}
	}
}
