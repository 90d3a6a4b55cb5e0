package tui

import (
	"fmt"
	"strings"
	"time"

	"placematch/matching"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// clean is stored text made safe for one line of the screen.
func clean(s string) string { return matching.Inert(s) }

// cleanBlock is stored text made safe to draw, keeping its line breaks.
func cleanBlock(s string) string { return matching.InertBlock(s) }

// width is the number of cells a string takes on screen.
func width(s string) int {
	// Most of what a screen measures is printable ASCII, one cell a byte,
	// perhaps styled (CSI sequences, no cells): that is counted here, and
	// only the rest is left to the full ANSI- and Unicode-aware count. A
	// frame measures every line it draws several times over, and a
	// request's detail lays out thousands.
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c <= 0x7e:
			n++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			// Parameter and intermediate bytes, then one final byte.
			j := i + 2
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j == len(s) || s[j] < 0x40 || s[j] > 0x7e {
				return lipgloss.Width(s)
			}
			i = j
		default:
			return lipgloss.Width(s)
		}
	}
	return n
}

// trunc cuts s to at most w cells, marking the cut with an ellipsis.
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fit makes s exactly w cells wide: cut with an ellipsis, or padded.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = trunc(s, w)
	if n := width(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// fitRight is fit, aligned right (for numbers).
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = trunc(s, w)
	if n := width(s); n < w {
		s = strings.Repeat(" ", w-n) + s
	}
	return s
}

// wrap breaks text into lines of at most w cells. It breaks only at
// spaces, never inside a word, a date or a slug ("st-helens",
// "2008-05-12"); a word longer than a whole line is cut where the line
// ends.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = wrapPara(out, para, w)
	}
	return out
}

// wrapPara adds the lines of one paragraph to out. Spaces are kept where
// they are (an indent, a gap that aligns), except at the start of a line
// the paragraph was broken before and at the end of every line.
func wrapPara(out []string, para string, w int) []string {
	var line strings.Builder
	lw := -1 // the line's width; -1 while it has nothing
	broken := false
	flush := func() {
		out = append(out, trunc(strings.TrimRight(line.String(), " "), w))
		line.Reset()
		lw, broken = -1, true
	}
	for _, t := range strings.Split(para, " ") {
		if t == "" && lw < 0 && broken {
			continue
		}
		tw := width(t)
		if lw >= 0 && lw+1+tw <= w {
			line.WriteByte(' ')
			line.WriteString(t)
			lw += 1 + tw
			continue
		}
		if lw >= 0 {
			if strings.TrimSpace(line.String()) == "" {
				// Only an indent: no line of its own.
				line.Reset()
				lw = -1
			} else {
				flush()
			}
			if t == "" {
				continue
			}
		}
		if tw > w {
			pieces := strings.Split(ansi.Hardwrap(t, w, true), "\n")
			for _, p := range pieces[:len(pieces)-1] {
				line.WriteString(p)
				flush()
			}
			t, tw = pieces[len(pieces)-1], width(pieces[len(pieces)-1])
		}
		line.WriteString(t)
		lw = tw
	}
	if lw >= 0 || !broken {
		flush()
	}
	return out
}

// indent prefixes lines, cutting each to w cells.
func indentLines(lines []string, prefix string, w int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = trunc(prefix+l, w)
	}
	return out
}

// message lays out paragraphs w wide, indented two cells, with the first
// in the style given (a heading, a warning): what a screen says when it
// has nothing else to show.
func message(paras []string, first func(...string) string, w int) []string {
	var out []string
	for i, t := range paras {
		ls := wrap(t, w-2)
		if i == 0 {
			for j := range ls {
				ls[j] = first(ls[j])
			}
		}
		out = append(out, indentLines(ls, "  ", w)...)
	}
	return out
}

// labelled lays out "label  value" with the value wrapped under itself.
func labelled(st Styles, label string, labelW int, value string, w int) []string {
	vw := w - labelW
	if vw < 8 {
		vw = 8
	}
	lines := wrap(value, vw)
	if len(lines) == 0 {
		lines = []string{""}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		lab := strings.Repeat(" ", labelW)
		if i == 0 {
			lab = st.Label.Render(fit(label, labelW))
		}
		out[i] = trunc(lab+l, w)
	}
	return out
}

// section is a heading line with a rule to the edge.
func section(st Styles, title string, w int) string {
	t := trunc(title, w)
	rest := w - width(t) - 1
	if rest < 1 {
		return st.Section.Render(t)
	}
	return st.Section.Render(t) + " " + st.Muted.Render(strings.Repeat("─", rest))
}

// countdown shows the time left to a deadline the way an officer reads it.
func countdown(d time.Duration) string {
	if d <= 0 {
		return "deadline passed"
	}
	d = d.Round(time.Second)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	s := int(d/time.Second) % 60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// joinOr shows a list, or a dash when it is empty.
func joinOr(xs []string, sep, empty string) string {
	if len(xs) == 0 {
		return empty
	}
	return strings.Join(xs, sep)
}

// fixLines makes a block exactly h lines, each at most w cells: what a
// screen hands back for its body.
func fixLines(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	out := make([]string, h)
	for i := 0; i < h; i++ {
		if i < len(lines) {
			out[i] = trunc(lines[i], w)
		}
	}
	return strings.Join(out, "\n")
}

// scrollClamp keeps a scroll offset within a document of n lines shown h at
// a time.
func scrollClamp(off, n, h int) int {
	if off > n-h {
		off = n - h
	}
	if off < 0 {
		off = 0
	}
	return off
}

// hanging lays out a fixed-width lead (a name column) and text wrapped
// beside it, continuation lines indented under the text.
func hanging(lead string, text string, w int, style func(...string) string) []string {
	lw := width(lead)
	tw := w - lw
	if tw < 12 {
		return []string{trunc(lead+style(text), w)}
	}
	if width(text) <= tw && !strings.Contains(text, "\n") && !strings.HasSuffix(text, " ") {
		return []string{lead + style(text)}
	}
	var out []string
	for i, l := range wrap(text, tw) {
		if i == 0 {
			out = append(out, lead+style(l))
		} else {
			out = append(out, strings.Repeat(" ", lw)+style(l))
		}
	}
	return out
}

// stackBlocks joins blocks of lines, with a blank line between them as far
// as there is room in h lines: the first boundaries get theirs first.
func stackBlocks(blocks [][]string, h int) []string { return stackGaps(blocks, h, 1) }

// stackGaps is stackBlocks with up to maxGap blank lines between blocks.
func stackGaps(blocks [][]string, h, maxGap int) []string {
	n, nb := 0, 0
	for _, b := range blocks {
		if len(b) > 0 {
			n += len(b)
			nb++
		}
	}
	spare := h - n
	gap := 1
	if nb > 1 {
		gap = max(1, min(maxGap, spare/(nb-1)))
	}
	var out []string
	for _, b := range blocks {
		if len(b) == 0 {
			continue
		}
		if len(out) > 0 {
			for i := 0; i < gap && spare > 0; i++ {
				out = append(out, "")
				spare--
			}
		}
		out = append(out, b...)
	}
	return out
}

// beside puts a block of text to the right of a block of lines (block
// digits and what they mean), cut to w.
func beside(left []string, gap int, right []string, w int) []string {
	lw := 0
	for _, l := range left {
		lw = max(lw, width(l))
	}
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := 0; i < n; i++ {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = trunc(fit(l, lw)+strings.Repeat(" ", gap)+r, w)
	}
	return out
}
