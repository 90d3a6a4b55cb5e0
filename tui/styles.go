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
	// Banner is a line that must be read from the back of a room.
	Banner lipgloss.Style
	// Big draws block digits (countdowns, totals).
	Big  lipgloss.Style
	Help help.Styles
	// Roomy adds blank lines between sections: the live demo's projector
	// layout.
	Roomy bool
}

// stylesFor is the style set a session draws with: the live demonstration
// is shown on a projector, so it uses the high-contrast set.
func stylesFor(r *lipgloss.Renderer, opts Options) Styles {
	if opts.Live {
		return HighContrastStyles(r)
	}
	return NewStyles(r)
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
		Banner:     n().Bold(true).Foreground(colBadgeFg).Background(colAccent),
		Big:        n().Bold(true).Foreground(colAccent),
		Help:       h,
	}
}

// HighContrastStyles are for a projector: bold text, the strongest
// foreground and background colours a terminal has, and no faint greys, so
// a washed-out beamer in a bright room still shows every line.
func HighContrastStyles(r *lipgloss.Renderer) Styles {
	st := NewStyles(r)
	n := r.NewStyle
	fg := lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"}
	accent := lipgloss.AdaptiveColor{Light: "#00307A", Dark: "#FFD400"}
	accentInk := lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#000000"}
	urgent := lipgloss.AdaptiveColor{Light: "#A00000", Dark: "#FF6B6B"}
	good := lipgloss.AdaptiveColor{Light: "#005A1E", Dark: "#7CFC8A"}
	warn := lipgloss.AdaptiveColor{Light: "#6B3A00", Dark: "#FFB347"}
	st.Title = n().Bold(true).Foreground(accent)
	st.Crumb = n().Bold(true).Foreground(fg)
	st.Badge = n().Bold(true).Foreground(accentInk).Background(urgent)
	st.Muted = n().Foreground(fg)
	st.Strong = n().Bold(true).Foreground(fg)
	st.Section = n().Bold(true).Foreground(accent)
	st.Label = n().Bold(true).Foreground(fg)
	st.FocusLabel = n().Bold(true).Foreground(accent)
	st.Selected = n().Bold(true).Foreground(accentInk).Background(accent)
	st.Urgent = n().Bold(true).Foreground(urgent)
	st.Good = n().Bold(true).Foreground(good)
	st.Warn = n().Bold(true).Foreground(warn)
	st.Bad = n().Bold(true).Foreground(urgent)
	st.StatusErr = n().Bold(true).Foreground(urgent)
	st.StatusInfo = n().Bold(true).Foreground(good)
	st.Box = n().Border(lipgloss.ThickBorder()).BorderForeground(accent).Padding(0, 1)
	st.DangerBox = n().Border(lipgloss.ThickBorder()).BorderForeground(urgent).Padding(0, 1)
	st.Banner = n().Bold(true).Foreground(accentInk).Background(accent)
	st.Big = n().Bold(true).Foreground(accent)
	st.Help.ShortKey = n().Bold(true).Foreground(accent)
	st.Help.ShortDesc = n().Foreground(fg)
	st.Help.ShortSeparator = n().Foreground(fg)
	st.Help.Ellipsis = n().Foreground(fg)
	st.Help.FullKey = n().Bold(true).Foreground(accent)
	st.Help.FullDesc = n().Foreground(fg)
	st.Help.FullSeparator = n().Foreground(fg)
	st.Roomy = true
	return st
}
