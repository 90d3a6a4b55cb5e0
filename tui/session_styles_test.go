package tui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestFieldsDrawWithTheSessionsStyles: a text field is drawn with the
// styles of the session's renderer (its colour profile), not bubbles'
// defaults made on the process's renderer: over SSH each session has its
// own terminal, and the process has none.
func TestFieldsDrawWithTheSessionsStyles(t *testing.T) {
	t.Parallel()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	st := NewStyles(r)
	in := newInput("the reason, for the record", 40)
	in.Width = 30
	if plain := in.View(); strings.Contains(plain, "\x1b[38;2;") {
		t.Fatalf("the process's renderer drew colour in a test with no terminal: %q", plain)
	}
	if got := st.sessionInput(in).View(); !strings.Contains(got, "\x1b[38;2;") {
		t.Errorf("the placeholder is not in the session's colours: %q", got)
	}
}
