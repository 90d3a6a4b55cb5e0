package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// ScrollBack are the keys of a page that is read only: scroll, refresh,
// back.
type ScrollBack struct {
	ScrollKeys
	Refresh key.Binding
	Back    key.Binding
}

// DocStyle is how a document is drawn in the terminal: glamour's standard
// style ("dark", "light" or "notty", with no colour) and the colour
// profile of the session's terminal, never the process's own (a served
// session's terminal is not the server's).
type DocStyle struct {
	Name    string
	Profile termenv.Profile
}

// docStyleOf is the document style for a renderer's terminal.
func docStyleOf(r *lipgloss.Renderer) DocStyle {
	p := r.ColorProfile()
	switch {
	case p == termenv.Ascii:
		return DocStyle{Name: "notty", Profile: p}
	case r.HasDarkBackground():
		return DocStyle{Name: "dark", Profile: p}
	}
	return DocStyle{Name: "light", Profile: p}
}

// renderMarkdown draws Markdown w wide in a document style.
func renderMarkdown(md string, st DocStyle, w int) ([]string, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(st.Name), glamour.WithColorProfile(st.Profile), glamour.WithWordWrap(max(20, w)))
	if err != nil {
		return nil, err
	}
	out, err := r.Render(md)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(out, "\n"), "\n"), nil
}

// reportScreen is a request's award report, as it is filed: drawn for the
// terminal and scrolled. It names the case reference: the commissioning
// side's only.
type reportScreen struct {
	c      *shared
	keys   ScrollBack
	id     string
	load   loader[string]
	md     string
	scroll scroller
	drawn  struct {
		w     int
		lines []string
	}
}

func newReportScreen(c *shared) *reportScreen { return &reportScreen{c: c, keys: c.keys.Report} }

func (s *reportScreen) title() string { return "Award report " + s.id }

func (s *reportScreen) typing() bool { return false }

func (s *reportScreen) modal() bool { return false }

func (s *reportScreen) open(arg navArg) tea.Cmd {
	if arg.requestID != s.id {
		s.md, s.scroll, s.drawn.lines = "", scroller{}, nil
	}
	s.id = arg.requestID
	return s.reload()
}

func (s *reportScreen) resume() tea.Cmd { return nil }

func (s *reportScreen) reload() tea.Cmd {
	svc, id, user := s.c.svc, s.id, s.c.user()
	return s.load.start(s.c, func(ctx context.Context) (string, error) { return svc.AwardReport(ctx, user, id) })
}

func (s *reportScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[string]:
		if md, ok := s.load.take(s.c, msg); ok {
			s.md, s.drawn.lines = md, nil
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return goBack
		case key.Matches(msg, s.keys.Refresh):
			return s.reload()
		}
		s.scroll.move(msg, s.keys.ScrollKeys, len(s.lines(s.c.bodyW)), s.c.bodyH)
	}
	return nil
}

// lines are the report drawn w wide, drawn again only when the width or
// the report changes.
func (s *reportScreen) lines(w int) []string {
	if s.md == "" {
		return nil
	}
	if s.drawn.lines == nil || s.drawn.w != w {
		lines, err := renderMarkdown(s.md, s.c.styles.Doc, w)
		if err != nil {
			lines = wrap(cleanBlock(s.md), w)
		}
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		s.drawn.w, s.drawn.lines = w, lines
	}
	return s.drawn.lines
}

func (s *reportScreen) view(w, h int) string {
	if s.md == "" {
		msg := "Reading the report…"
		if s.load.err != nil {
			msg = s.load.err.Error()
		}
		return fixLines(wrap(msg, w), w, h)
	}
	return s.scroll.page(s.c.styles, s.lines(w), w, h)
}

func (s *reportScreen) bindings() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Back, k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Refresh}}
}
