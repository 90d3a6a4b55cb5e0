package tui

import "testing"

// TestFormsAskBeforeLosingTyping: the new request form and the answer
// logged share their leaving: at once when nothing was typed, after a
// question when something was, and no answers it.
func TestFormsAskBeforeLosingTyping(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	forms := []struct {
		name  string
		open  func()
		on    screenID
		from  screenID
		title string
	}{
		// Before a lot is chosen nothing can be kept: the form asks.
		{"new request", func() { h.keys("n", "tab", "tab") }, screenForm, screenRequests, "Leave this request?"},
		{"answer", func() { h.openRequest(w.open); h.keys("o") }, screenOffer, screenDetail, "Leave without saving this answer?"},
	}
	for _, f := range forms {
		f.open()
		if h.screen() != f.on {
			t.Fatalf("%s: on %s", f.name, h.screen())
		}
		h.keys("esc")
		if h.screen() != f.from {
			t.Fatalf("%s: esc on an untouched form should leave at once, on %s", f.name, h.screen())
		}
		f.open()
		h.typeText("a")
		h.keys("esc")
		if h.screen() != f.on || !h.m.active().modal() {
			t.Fatalf("%s: esc after typing should ask first", f.name)
		}
		h.mustSee(f.title)
		h.keys("n")
		if h.screen() != f.on || h.m.active().modal() {
			t.Fatalf("%s: no should keep the form", f.name)
		}
		h.keys("esc", "y")
		if h.screen() != f.from {
			t.Fatalf("%s: yes should leave, on %s", f.name, h.screen())
		}
		h.keys("esc")
	}
}
