package service

import (
	"strings"
	"testing"

	"placematch/matching"
)

// TestInvitedAs: an id in any case, or a part of one name only; a part of
// several names, or of none, is refused in words naming what to give.
func TestInvitedAs(t *testing.T) {
	t.Parallel()
	d := Detail{Request: matching.Request{ID: "SEF-2026-0001"}, Answers: []Answer{
		{ProviderID: "P001", ProviderName: "Greenbank Therapeutic Care"},
		{ProviderID: "P002", ProviderName: "Greenway Homes"},
		{ProviderID: "P003", ProviderName: "Alder House Living"},
	}}
	for text, want := range map[string]string{"p002": "P002", " greenbank ": "P001", "ALDER": "P003", "P003": "P003"} {
		if a, err := d.InvitedAs(text); err != nil || a.ProviderID != want {
			t.Errorf("InvitedAs(%q) = %s, %v; want %s", text, a.ProviderID, err, want)
		}
	}
	for text, want := range map[string]string{
		"green": `"green" is in the names of 2 invited providers (Greenbank Therapeutic Care, Greenway Homes): give more of the name, or its id`,
		"P009":  `no provider invited to SEF-2026-0001 has the id or a name with "P009"`,
		"":      `no provider invited to SEF-2026-0001`,
	} {
		if _, err := d.InvitedAs(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("InvitedAs(%q): %v, want %q", text, err, want)
		}
	}
}
