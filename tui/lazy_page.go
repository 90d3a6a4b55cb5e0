package tui

import (
	"sort"

	"placematch/matching"
)

// pageLines are a page's lines, the long parts of it laid out only where
// they are seen: a request of a region lists thousands of providers, and a
// frame shows sixty lines. A part is either laid out (short ones) or made
// a line at a time by a function that knows how many it has.
type pageLines struct {
	n     int
	parts []pagePart
}

type pagePart struct {
	from  int      // the page's number of the part's first line
	lines []string // the part laid out; nil when made by at
	n     int
	at    func(i int) string
}

// add appends lines laid out.
func (p *pageLines) add(lines ...string) {
	if len(lines) == 0 {
		return
	}
	if k := len(p.parts); k > 0 && p.parts[k-1].at == nil {
		last := &p.parts[k-1]
		last.lines = append(last.lines, lines...)
		last.n += len(lines)
	} else {
		p.parts = append(p.parts, pagePart{from: p.n, lines: append([]string(nil), lines...), n: len(lines)})
	}
	p.n += len(lines)
}

// addLazy appends n lines, the i-th of which at makes when it is seen.
func (p *pageLines) addLazy(n int, at func(i int) string) {
	if n <= 0 {
		return
	}
	p.parts = append(p.parts, pagePart{from: p.n, n: n, at: at})
	p.n += n
}

// addPage appends another page's lines, still unmade where they were.
func (p *pageLines) addPage(q *pageLines) {
	for _, part := range q.parts {
		if part.at == nil {
			p.add(part.lines...)
		} else {
			p.addLazy(part.n, part.at)
		}
	}
}

func (p *pageLines) len() int { return p.n }

// line is line i of the page.
func (p *pageLines) line(i int) string {
	k := sort.Search(len(p.parts), func(k int) bool { return p.parts[k].from > i }) - 1
	part := &p.parts[k]
	if part.at == nil {
		return part.lines[i-part.from]
	}
	return part.at(i - part.from)
}

// slice is lines from up to to, made now.
func (p *pageLines) slice(from, to int) []string {
	out := make([]string, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, p.line(i))
	}
	return out
}

// all is every line of the page (for tests).
func (p *pageLines) all() []string { return p.slice(0, p.n) }

// pageOf is page for lines made where they are seen.
func (s scroller) pageOf(st Styles, p *pageLines, w, h int) string {
	n := p.len()
	off := scrollClamp(s.off, n, h)
	end := min(n, off+h)
	vis := p.slice(off, end)
	if end < n && len(vis) > 0 {
		vis[len(vis)-1] = st.Muted.Render(trunc("  ↓ more below ("+matching.Plural(n-end, "line", "lines")+")", w))
	}
	return fixLines(vis, w, h)
}

// drawPage is draw for lines made where they are seen.
func (p *dialogPage) drawPage(lines *pageLines, w, h int) string {
	return withDialog(p.c.styles, p.dlg, p.scroll.pageOf(p.c.styles, lines, w, h), w, h)
}
