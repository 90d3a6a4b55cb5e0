package tui

import (
	"strings"

	"placematch/matching"
	"placematch/service"
)

// searchText is what the requests filter looks in. A row's text is, in
// lower case, its id, council, lot, locality, urgency, needs and status
// joined by spaces (a newline inside a field is a space, here and in the
// query); a row matches when the filter's text is part of it.
//
// Every field but the id takes few values across a region (24 councils, a
// few hundred sets of needs), so each row keeps the number of its value in
// each field: a filter without a space, which cannot reach across two
// fields, is looked for once in each field's values and then read off the
// rows, rather than searched for in 50,000 texts. A filter with a space
// looks in the rows' whole texts, held in one string and searched in one
// pass.
type searchText struct {
	ids   texts
	whole texts
	// dicts[f] are the values of field f; codes[i*numSearchFields+f] is
	// row i's.
	dicts [numSearchFields][]string
	codes []uint32
	// idBytes are the bytes ids are made of: a filter with any other
	// cannot be in an id.
	idBytes [256]bool
}

const numSearchFields = 6 // council, lot, locality, urgency, needs, status

// texts are strings end to end in one, each ended by a newline.
type texts struct {
	text string
	ends []int32 // ends[i] is where string i+1 starts, just past i's newline
}

func (t texts) start(i int) int {
	if i == 0 {
		return 0
	}
	return int(t.ends[i-1])
}

// at is string i, without its newline.
func (t texts) at(i int) string { return t.text[t.start(i) : t.ends[i]-1] }

func (t texts) len() int { return len(t.ends) }

func newSearchText(rows []service.RequestSummary) searchText {
	var st searchText
	var ids, whole strings.Builder
	ids.Grow(len(rows) * 14)
	whole.Grow(len(rows) * 110)
	st.ids.ends = make([]int32, len(rows))
	st.whole.ends = make([]int32, len(rows))
	st.codes = make([]uint32, 0, len(rows)*numSearchFields)
	var seen [numSearchFields]map[string]uint32
	for f := range seen {
		seen[f] = map[string]uint32{}
	}
	var needs strings.Builder
	for i, r := range rows {
		id := lowerText(r.ID)
		ids.WriteString(id)
		ids.WriteByte('\n')
		st.ids.ends[i] = int32(ids.Len())
		for k := 0; k < len(id); k++ {
			st.idBytes[id[k]] = true
		}
		needs.Reset()
		for j, x := range r.Needs {
			if j > 0 {
				needs.WriteByte(' ')
			}
			needs.WriteString(x)
		}
		fields := [numSearchFields]string{r.Council, r.Lot, r.Locality, string(r.Urgency), needs.String(), matching.StatusWords(r.Status)}
		whole.WriteString(id)
		for f, v := range fields {
			c, ok := seen[f][v]
			if !ok {
				c = uint32(len(st.dicts[f]))
				seen[f][v] = c
				st.dicts[f] = append(st.dicts[f], lowerText(v))
			}
			st.codes = append(st.codes, c)
			whole.WriteByte(' ')
			whole.WriteString(st.dicts[f][c])
		}
		whole.WriteByte('\n')
		st.whole.ends[i] = int32(whole.Len())
	}
	st.ids.text, st.whole.text = ids.String(), whole.String()
	return st
}

// lowerText is s in lower case, a newline or a hyphen as a space: codes
// such as mental-health and ids such as SEF-2026-0001 are found as people
// type them, with a hyphen or a space.
func lowerText(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') || c == '\n' || c == '-' {
			return hyphenSpace.Replace(strings.ToLower(s))
		}
	}
	return s
}

var hyphenSpace = strings.NewReplacer("\n", " ", "-", " ")

// searchQuery is a filter's text as searchText holds it.
func searchQuery(s string) string { return lowerText(strings.TrimSpace(s)) }

// matcher says whether row i's text holds q.
func (st *searchText) matcher(q string) func(i int) bool {
	if strings.IndexByte(q, ' ') >= 0 {
		return func(i int) bool { return strings.Contains(st.whole.at(i), q) }
	}
	var hits [numSearchFields][]bool
	for f, d := range st.dicts {
		hits[f] = make([]bool, len(d))
		for k, v := range d {
			hits[f][k] = strings.Contains(v, q)
		}
	}
	inID := true
	for k := 0; k < len(q); k++ {
		if !st.idBytes[q[k]] {
			inID = false
			break
		}
	}
	return func(i int) bool {
		c := st.codes[i*numSearchFields : i*numSearchFields+numSearchFields]
		for f := range c {
			if hits[f][c[f]] {
				return true
			}
		}
		return inID && strings.Contains(st.ids.at(i), q)
	}
}

// find is every row, in order, whose text holds q and that ok accepts.
func (st *searchText) find(q string, ok func(int) bool) []int32 {
	out := make([]int32, 0, st.ids.len())
	switch {
	case q == "":
		for i := range st.ids.len() {
			if ok(i) {
				out = append(out, int32(i))
			}
		}
	case strings.IndexByte(q, ' ') < 0:
		m := st.matcher(q)
		for i := range st.ids.len() {
			if ok(i) && m(i) {
				out = append(out, int32(i))
			}
		}
	default:
		// One pass over the whole texts: the search jumps from match to
		// match.
		t := st.whole
		pos, lo := 0, 0
		for pos < len(t.text) {
			j := strings.Index(t.text[pos:], q)
			if j < 0 {
				break
			}
			i := t.rowAt(pos+j, lo)
			if ok(i) {
				out = append(out, int32(i))
			}
			pos, lo = int(t.ends[i]), i+1
		}
	}
	return trim(out)
}

// trim gives back the room a list of rows did not use, when that is most
// of it: lists of rows are kept for each filter text typed.
func trim(rows []int32) []int32 {
	if len(rows) >= cap(rows)/2 {
		return rows
	}
	return append([]int32(nil), rows...)
}

// rowAt is the string that holds byte at, looking from string lo on.
func (t texts) rowAt(at, lo int) int {
	// Matches come in order, most often in the next string or one soon
	// after it.
	for k := lo; k < lo+4 && k < len(t.ends); k++ {
		if int(t.ends[k]) > at {
			return k
		}
	}
	hi := len(t.ends)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(t.ends[m]) > at {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// keep is the rows (in order) whose text holds q, in a new slice.
func (st *searchText) keep(rows []int32, q string) []int32 {
	if strings.IndexByte(q, ' ') >= 0 && len(rows)*8 >= st.ids.len() {
		// Many rows: one pass over the whole texts, keeping those among
		// them.
		k := 0
		return st.find(q, func(i int) bool {
			for k < len(rows) && int(rows[k]) < i {
				k++
			}
			return k < len(rows) && int(rows[k]) == i
		})
	}
	out := make([]int32, 0, len(rows))
	m := st.matcher(q)
	for _, i := range rows {
		if m(int(i)) {
			out = append(out, i)
		}
	}
	return trim(out)
}
