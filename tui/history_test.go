package tui

import (
	"strings"
	"testing"
)

// TestProviderDetailShowsItsRecordFirst: a provider's details begin with
// its record (invitations, response rate, offers, ranks, awards) where it
// is seen, then list each request with what it did there: the price and
// rank of an opened offer, never of a sealed one.
func TestProviderDetailShowsItsRecordFirst(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("p", "/")
	h.typeText("P004")
	h.keys("enter", "enter")
	lines := strings.Split(h.view(), "\n")
	top := strings.Join(lines[:5], "\n")
	for _, want := range []string{"invited 5 · answered 3 (60%) · 2 offers, 0 declined, 1 still sealed · ranked 2 times, first 2 · 1 award"} {
		if !strings.Contains(top, want) {
			t.Errorf("the record's %q is not at the top:\n%s", want, top)
		}
	}
	h.keys("G")
	v := h.view()
	for _, want := range []string{wd.awarded, "awarded to this provider · offer £1,100.00 a week · rank 1 of 2 (92.73)", wd.opened, "offer £1,150.50 a week", wd.closed, "answered; sealed until the offers are opened"} {
		if !strings.Contains(v, want) {
			t.Errorf("the history does not say %q:\n%s", want, v)
		}
	}
	for _, sealed := range []string{"990", "975"} {
		if strings.Contains(v, sealed) {
			t.Errorf("a sealed offer's %s shows:\n%s", sealed, v)
		}
	}
}
