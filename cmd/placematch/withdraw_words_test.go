package main

import (
	"strings"
	"testing"
)

// TestProviderWithdrawInItsOwnWords: a provider that cannot withdraw is
// told why as itself ("you declined"), never as the council is ("that
// provider declined").
func TestProviderWithdrawInItsOwnWords(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.ok("--provider", "P005", "request", "respond", id, "--decline", "full")
	h.ok("--provider", "P006", "request", "respond", id, "--weekly", "950")
	h.ok("--provider", "P006", "request", "withdraw", id)
	for pid, want := range map[string]string{
		"P005": "you declined " + id + ", so there is no offer to withdraw",
		"P006": "you have already withdrawn your offer on " + id,
		"P007": "you have not answered " + id + ", so there is no offer to withdraw",
	} {
		if msg := h.fails(1, want, "--provider", pid, "request", "withdraw", id); strings.Contains(msg, "that provider") {
			t.Errorf("%s is told %q", pid, msg)
		}
	}
	// The council, acting for a provider, keeps its own phrasing.
	h.fails(1, "that provider declined", "request", "withdraw", id, "--provider", "P005")
}
