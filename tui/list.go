package tui

import (
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

// move handles the scroll keys; it reports whether the key was one.
func (l *listNav) move(msg tea.KeyMsg, k ScrollKeys, h int) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.cursor--
	case key.Matches(msg, k.Down):
		l.cursor++
	case key.Matches(msg, k.PageUp):
		l.cursor -= max(1, h-1)
	case key.Matches(msg, k.PageDown):
		l.cursor += max(1, h-1)
	case key.Matches(msg, k.Top):
		l.cursor = 0
	case key.Matches(msg, k.Bottom):
		l.cursor = l.n - 1
	default:
		return false
	}
	l.clamp(h)
	return true
}

// scroller is a page of lines scrolled as a whole.
type scroller struct{ off int }

func (s *scroller) move(msg tea.KeyMsg, k ScrollKeys, n, h int) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.off--
	case key.Matches(msg, k.Down):
		s.off++
	case key.Matches(msg, k.PageUp):
		s.off -= max(1, h-1)
	case key.Matches(msg, k.PageDown):
		s.off += max(1, h-1)
	case key.Matches(msg, k.Top):
		s.off = 0
	case key.Matches(msg, k.Bottom):
		s.off = n
	default:
		return false
	}
	s.off = scrollClamp(s.off, n, h)
	return true
}

// page returns the lines to show, with a scroll hint on the last line when
// there is more below.
func (s scroller) page(st Styles, lines []string, w, h int) string {
	off := scrollClamp(s.off, len(lines), h)
	end := min(len(lines), off+h)
	vis := append([]string(nil), lines[off:end]...)
	if end < len(lines) && len(vis) > 0 {
		vis[len(vis)-1] = st.Muted.Render(trunc("  ↓ more below ("+itoa(len(lines)-end)+" lines)", w))
	}
	return fixLines(vis, w, h)
}
