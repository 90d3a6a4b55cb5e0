package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles is every style the app draws with, in one place, built from one
// renderer. Colours are adaptive so the app reads on light and dark
// terminals; nothing depends on colour alone (markers such as › and ! carry
// the meaning), so NO_COLOR and a projector lose nothing.
type Styles struct {
	Title      lipgloss.Style
	Crumb      lipgloss.Style
	Badge      lipgloss.Style
	Muted      lipgloss.Style
	Strong     lipgloss.Style
	Section    lipgloss.Style
	Label      lipgloss.Style
	FocusLabel lipgloss.Style
	Selected   lipgloss.Style
	Urgent     lipgloss.Style
	Good       lipgloss.Style
	Warn       lipgloss.Style
	Bad        lipgloss.Style
	StatusErr  lipgloss.Style
	StatusInfo lipgloss.Style
	Box        lipgloss.Style
	DangerBox  lipgloss.Style
	Help       help.Styles
}

// NewStyles builds the styles on a renderer (the default one in the app, an
// ASCII one in tests).
func NewStyles(r *lipgloss.Renderer) Styles {
	n := r.NewStyle
	colAccent := lipgloss.AdaptiveColor{Light: "#0B5394", Dark: "#8AB4F8"}
	colMuted := lipgloss.AdaptiveColor{Light: "#5F6368", Dark: "#9AA0A6"}
	colUrgent := lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#F28B82"}
	colGood := lipgloss.AdaptiveColor{Light: "#1E6B2A", Dark: "#81C995"}
	colWarn := lipgloss.AdaptiveColor{Light: "#8A4B00", Dark: "#FDD663"}
	colSelectBg := lipgloss.AdaptiveColor{Light: "#D2E3FC", Dark: "#2D3E55"}
	colSelectFg := lipgloss.AdaptiveColor{Light: "#0B1F33", Dark: "#FFFFFF"}
	colBadgeFg := lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#202124"}

	h := help.New().Styles
	h.ShortKey = n().Foreground(colAccent).Bold(true)
	h.ShortDesc = n().Foreground(colMuted)
	h.ShortSeparator = n().Foreground(colMuted)
	h.Ellipsis = n().Foreground(colMuted)
	h.FullKey = n().Foreground(colAccent).Bold(true)
	h.FullDesc = n().Foreground(colMuted)
	h.FullSeparator = n().Foreground(colMuted)
	return Styles{
		Title:      n().Bold(true).Foreground(colAccent),
		Crumb:      n().Bold(true),
		Badge:      n().Bold(true).Foreground(colBadgeFg).Background(colUrgent),
		Muted:      n().Foreground(colMuted),
		Strong:     n().Bold(true),
		Section:    n().Bold(true).Foreground(colAccent),
		Label:      n().Foreground(colMuted),
		FocusLabel: n().Bold(true).Foreground(colAccent),
		Selected:   n().Foreground(colSelectFg).Background(colSelectBg).Bold(true),
		Urgent:     n().Bold(true).Foreground(colUrgent),
		Good:       n().Foreground(colGood),
		Warn:       n().Foreground(colWarn),
		Bad:        n().Foreground(colUrgent),
		StatusErr:  n().Bold(true).Foreground(colUrgent),
		StatusInfo: n().Foreground(colGood),
		Box:        n().Border(lipgloss.RoundedBorder()).BorderForeground(colAccent).Padding(0, 1),
		DangerBox:  n().Border(lipgloss.RoundedBorder()).BorderForeground(colUrgent).Padding(0, 1),
		Help:       h,
	}
}
