package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestFilterBarKeys(t *testing.T) {
	t.Parallel()
	k := DefaultKeyMap().Filter
	st := NewStyles(lipglossDefault())
	f := newFilterBar("part of a name")
	if f.shown() || f.height() != 0 || f.view(st, 80) != nil {
		t.Fatal("a bar never used takes a line")
	}
	f.edit()
	if !f.editing || f.height() != 1 || !strings.Contains(strings.Join(f.view(st, 80), ""), "Filter / ") {
		t.Fatalf("typing in the bar: editing %v, height %d", f.editing, f.height())
	}
	for _, r := range "ab" {
		if changed, _ := f.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}, k, 80); !changed {
			t.Fatalf("typing %q did not change the filter", r)
		}
	}
	if changed, _ := f.update(tea.KeyMsg{Type: tea.KeyLeft}, k, 80); changed {
		t.Fatal("moving the cursor changed the filter")
	}
	if changed, _ := f.update(tea.KeyMsg{Type: tea.KeyEnter}, k, 80); changed || f.editing || f.value() != "ab" {
		t.Fatalf("enter: changed %v, editing %v, value %q", changed, f.editing, f.value())
	}
	if !f.shown() || !f.clearKey(k).Enabled() {
		t.Fatal("a kept filter is not shown, or cannot be cleared")
	}
	f.edit()
	if changed, _ := f.update(tea.KeyMsg{Type: tea.KeyEsc}, k, 80); !changed || f.editing || f.value() != "" || f.shown() {
		t.Fatalf("esc: changed %v, editing %v, value %q", changed, f.editing, f.value())
	}
	if f.clear() || f.clearKey(k).Enabled() {
		t.Fatal("clearing no filter reported a change")
	}
}

// TestListsFilterAlike types the same filter into the requests list and the
// provider register: the bar, its keys and its line are one component.
func TestListsFilterAlike(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	ps := h.m.screens[screenProviders].(*providersScreen)
	lists := []struct {
		name    string
		open    func()
		bar     *filterBar
		visible func() int
		text    string
	}{
		{"requests", func() {}, &rs.filter, func() int { return len(rs.visible) }, strings.ToLower(w.open)},
		{"providers", func() { h.keys("p") }, &ps.filter, func() int { return len(ps.visible) }, "damson"},
	}
	for _, l := range lists {
		l.open()
		all := l.visible()
		h.keys("/")
		if !l.bar.editing || !h.m.active().typing() {
			t.Fatalf("%s: / did not start the filter", l.name)
		}
		h.typeText(l.text)
		h.mustSee("Filter / " + l.text)
		if n := l.visible(); n != 1 {
			t.Fatalf("%s: %q shows %d of %d rows", l.name, l.text, n, all)
		}
		h.keys("enter")
		if l.bar.editing || l.bar.value() != l.text || l.visible() != 1 {
			t.Fatalf("%s: enter should keep the filter and stop typing", l.name)
		}
		h.mustSee("Filter / " + l.text)
		h.keys("/", "esc")
		if l.bar.editing || l.bar.value() != "" || l.visible() != all {
			t.Fatalf("%s: esc should clear the filter: %d of %d rows", l.name, l.visible(), all)
		}
		if strings.Contains(h.view(), "Filter / ") {
			t.Fatalf("%s: the filter line stayed after esc", l.name)
		}
	}
}
