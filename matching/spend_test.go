package matching

import (
	"testing"
	"time"
)

// TestRemainingWithNoBudget: with no budget set there is nothing to be
// left of, rather than a negative sum that reads as an overspend.
func TestRemainingWithNoBudget(t *testing.T) {
	if got := (Spend{Remaining: -5358000}).RemainingWords(); got != "–" {
		t.Errorf("no budget: %q", got)
	}
	if got := (Spend{HasBudget: true, Remaining: -5358000}).RemainingWords(); got != "-£53,580.00" && got != "−£53,580.00" {
		t.Errorf("an overspend: %q", got)
	}
}

// TestSpendAsOf: a past year's figures are the whole year's, a future
// year's all forecast, this year's to today.
func TestSpendAsOf(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for year, want := range map[int]string{2025: "the whole year, to 2026-03-31", 2027: "not begun: all forecast", 2026: "actual to 2026-12-01"} {
		if got := (Spend{Year: year, Today: today}).AsOfWords(); got != want {
			t.Errorf("%d: %q, want %q", year, got, want)
		}
	}
}
