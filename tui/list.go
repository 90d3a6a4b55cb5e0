package tui

import (
	"placematch/matching"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// listNav is a cursor over n rows seen h at a time. Lists keep only this and
// their rows; a view draws rows offset..offset+h, never the whole list, so a
// list of 50,000 requests draws as fast as one of 5.
type listNav struct {
	cursor, offset, n int
}

func (l *listNav) setLen(n, h int) {
	l.n = n
	l.clamp(h)
}

func (l *listNav) clamp(h int) {
	if l.cursor >= l.n {
		l.cursor = l.n - 1
	}
	if l.cursor < 0 {
		l.cursor = 0
	}
	if h < 1 {
		h = 1
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = scrollClamp(l.offset, l.n, h)
}

// window is the range of rows to draw for a height h.
func (l listNav) window(h int) (int, int) {
	c := l
	c.clamp(h)
	end := c.offset + h
	if end > c.n {
		end = c.n
	}
	return c.offset, end
}

// scrollTo is where a scroll key moves a position pos, seen h rows at a
// time, whose bottom is last; ok is false for any other key. The caller
// keeps the result in range.
func scrollTo(msg tea.KeyMsg, k ScrollKeys, pos, last, h int) (to int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return pos - 1, true
	case key.Matches(msg, k.Down):
		return pos + 1, true
	case key.Matches(msg, k.PageUp):
		return pos - max(1, h-1), true
	case key.Matches(msg, k.PageDown):
		return pos + max(1, h-1), true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return last, true
	}
	return pos, false
}

// move handles the scroll keys; it reports whether the key was one.
func (l *listNav) move(msg tea.KeyMsg, k ScrollKeys, h int) bool {
	to, ok := scrollTo(msg, k, l.cursor, l.n-1, h)
	if !ok {
		return false
	}
	l.cursor = to
	l.clamp(h)
	return true
}

// scroller is a page of lines scrolled as a whole.
type scroller struct{ off int }

// move handles the scroll keys for n lines seen h at a time; it reports
// whether the key was one.
func (s *scroller) move(msg tea.KeyMsg, k ScrollKeys, n, h int) bool {
	to, ok := scrollTo(msg, k, s.off, n, h)
	if !ok {
		return false
	}
	s.off = scrollClamp(to, n, h)
	return true
}

// page returns the lines to show, with a scroll hint on the last line when
// there is more below.
func (s scroller) page(st Styles, lines []string, w, h int) string {
	off := scrollClamp(s.off, len(lines), h)
	end := min(len(lines), off+h)
	vis := append([]string(nil), lines[off:end]...)
	if end < len(lines) && len(vis) > 0 {
		vis[len(vis)-1] = st.Muted.Render(trunc("  ↓ more below ("+matching.Plural(len(lines)-end, "line", "lines")+")", w))
	}
	return fixLines(vis, w, h)
}
