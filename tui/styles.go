package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
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
	// Doc is how documents (the award report) are drawn: glamour's
	// standard style for the session's terminal and its colour profile.
	Doc DocStyle
	// Plain is unstyled text made on the session's renderer: what text
	// fields are drawn with (bubbles' own defaults are made on the
	// process's renderer, which over SSH is not the session's).
	Plain lipgloss.Style
}

// stylesFor is the style set a session draws with: the live demonstration
// is shown on a projector, so it uses the high-contrast set.
func stylesFor(r *lipgloss.Renderer, opts Options) Styles {
	if opts.Live {
		return HighContrastStyles(r)
	}
	return NewStyles(r)
}

// inPalette is an adaptive colour as the renderer's terminal shows it,
// worked out once: lipgloss would otherwise work it out on every Render,
// and in a 256- or 16-colour terminal that is a search for the nearest
// colour of the palette, for every styled piece of every frame. The
// result is the same colour.
func inPalette(r *lipgloss.Renderer, c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	hex := c.Light
	if r.HasDarkBackground() {
		hex = c.Dark
	}
	switch col := r.ColorProfile().Color(hex).(type) {
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(col)))
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(col)))
	}
	return c
}

// NewStyles builds the styles on a renderer (the default one in the app, an
// ASCII one in tests).
func NewStyles(r *lipgloss.Renderer) Styles {
	n := r.NewStyle
	pal := func(light, dark string) lipgloss.TerminalColor {
		return inPalette(r, lipgloss.AdaptiveColor{Light: light, Dark: dark})
	}
	colAccent := pal("#0B5394", "#8AB4F8")
	colMuted := pal("#5F6368", "#9AA0A6")
	colUrgent := pal("#B3261E", "#F28B82")
	colGood := pal("#1E6B2A", "#81C995")
	colWarn := pal("#8A4B00", "#FDD663")
	colSelectBg := pal("#D2E3FC", "#2D3E55")
	colSelectFg := pal("#0B1F33", "#FFFFFF")
	colBadgeFg := pal("#FFFFFF", "#202124")

	h := help.New().Styles
	h.ShortKey = n().Foreground(colAccent).Bold(true)
	h.ShortDesc = n().Foreground(colMuted)
	h.ShortSeparator = n().Foreground(colMuted)
	h.Ellipsis = n().Foreground(colMuted)
	h.FullKey = n().Foreground(colAccent).Bold(true)
	h.FullDesc = n().Foreground(colMuted)
	h.FullSeparator = n().Foreground(colMuted)
	return Styles{
		Plain:      n(),
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
		Doc:        docStyleOf(r),
	}
}

// HighContrastStyles are for a projector: bold text, the strongest
// foreground and background colours a terminal has, and no faint greys, so
// a washed-out beamer in a bright room still shows every line.
func HighContrastStyles(r *lipgloss.Renderer) Styles {
	st := NewStyles(r)
	n := r.NewStyle
	pal := func(light, dark string) lipgloss.TerminalColor {
		return inPalette(r, lipgloss.AdaptiveColor{Light: light, Dark: dark})
	}
	fg := pal("#000000", "#FFFFFF")
	accent := pal("#00307A", "#FFD400")
	accentInk := pal("#FFFFFF", "#000000")
	urgent := pal("#A00000", "#FF6B6B")
	good := pal("#005A1E", "#7CFC8A")
	warn := pal("#6B3A00", "#FFB347")
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

// sessionInput is a one-line field drawn with the session's styles.
func (st Styles) sessionInput(in textinput.Model) textinput.Model {
	in.PromptStyle, in.TextStyle = st.Plain, st.Plain
	in.PlaceholderStyle, in.CompletionStyle = st.Muted, st.Muted
	in.Cursor.Style, in.Cursor.TextStyle = st.Plain, st.Plain
	return in
}

// sessionArea makes a text area draw with the session's styles, focused
// or not (the area keeps a pointer to its own focused or blurred style).
func (st Styles) sessionArea(ta *textarea.Model) {
	for _, s := range []*textarea.Style{&ta.FocusedStyle, &ta.BlurredStyle} {
		s.Base, s.CursorLine, s.CursorLineNumber, s.EndOfBuffer = st.Plain, st.Plain, st.Plain, st.Plain
		s.LineNumber, s.Prompt, s.Text, s.Placeholder = st.Plain, st.Plain, st.Plain, st.Muted
	}
	ta.Cursor.Style, ta.Cursor.TextStyle = st.Plain, st.Plain
}
