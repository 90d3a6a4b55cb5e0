package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// The short help line is kept from frame to frame; it must still follow
// every change of its keys and of the width.
func TestShortHelpFollowsItsKeysAndWidth(t *testing.T) {
	h := newHarness(t, newService(t), Options{User: "officer"}, 120, 40)
	m := h.m
	a := key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "award"))
	b := key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "broadcast"))
	line := m.shortHelp([]key.Binding{a, b}, 100)
	if !strings.Contains(line, "award") || !strings.Contains(line, "broadcast") {
		t.Fatalf("the line lacks its keys: %q", line)
	}
	b.SetEnabled(false)
	if line := m.shortHelp([]key.Binding{a, b}, 100); strings.Contains(line, "broadcast") {
		t.Errorf("a key disabled since is still shown: %q", line)
	}
	b.SetEnabled(true)
	b.SetHelp("b", "bring forward")
	if line := m.shortHelp([]key.Binding{a, b}, 100); !strings.Contains(line, "bring forward") || strings.Contains(line, "broadcast") {
		t.Errorf("a key's new words are not shown: %q", line)
	}
	if line := m.shortHelp([]key.Binding{a, b}, 12); strings.Contains(line, "bring forward") || !strings.Contains(line, "…") {
		t.Errorf("at 12 columns the line is not cut: %q", line)
	}
}
