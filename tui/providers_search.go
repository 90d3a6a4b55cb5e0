package tui

import "strings"

// The register's filter looks for each word once in all its rows' own
// words, end to end in one text, rather than once in each of 10,000; and
// erasing goes back to the rows a shorter text showed.

// holding says for each string whether it holds word (which holds no
// newline, so no match runs from one string into the next).
func (t texts) holding(word string) []bool {
	in := make([]bool, t.len())
	if word == "" {
		for i := range in {
			in[i] = true
		}
		return in
	}
	row := 0
	for at := 0; at < len(t.text); {
		j := strings.Index(t.text[at:], word)
		if j < 0 {
			break
		}
		pos := at + j
		for int(t.ends[row]) <= pos {
			row++
		}
		in[row] = true
		at = int(t.ends[row]) // on to the next string
	}
	return in
}

// providerSteps are the rows the register showed for the filter texts
// typed, newest last, for the rows as loaded.
type providerSteps struct {
	steps []providerStep
}

type providerStep struct {
	q    string
	sort int
	rows []int
}

// find is the rows shown for q in the order sort, when kept.
func (p *providerSteps) find(q string, sort int) ([]int, bool) {
	for i := len(p.steps) - 1; i >= 0; i-- {
		if st := p.steps[i]; st.q == q && st.sort == sort {
			return st.rows, true
		}
	}
	return nil, false
}

// keep remembers the rows shown for q (a copy: the screen reuses its own),
// the last maxFilterSteps texts only.
func (p *providerSteps) keep(q string, sort int, rows []int) {
	if _, ok := p.find(q, sort); ok {
		return
	}
	p.steps = append(p.steps, providerStep{q, sort, append([]int(nil), rows...)})
	if len(p.steps) > maxFilterSteps {
		p.steps = p.steps[1:]
	}
}
