package matching

import "testing"

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
