package tui

import (
	"strings"

	"placematch/matching"
	"placematch/service"
)

// searchText is what the requests filter looks in. A row's text is, in
// lower case, its id, council, lot, locality, urgency, needs and status (a
// hyphen or a newline inside a field is a space, here and in the query); a
// row matches when every word of the filter is part of it (see
// searchQuery), each word within one field.
//
// Every field but the id takes few values across a region (24 councils, a
// few hundred sets of needs), so each row keeps the number of its value in
// each field: a word is looked for once in each field's values and then
// read off the rows, rather than searched for in 50,000 texts.
type searchText struct {
	ids texts
	// dicts[f] are the values of field f; codes[i*numSearchFields+f] is
	// row i's.
	dicts [numSearchFields][]string
	codes []uint32
	// index[f] is each value of field f by its number in dicts[f].
	index [numSearchFields]map[string]uint32
	// idBytes are the bytes ids are made of: a word with any other cannot
	// be in an id.
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
	var ids strings.Builder
	ids.Grow(len(rows) * 14)
	st.ids.ends = make([]int32, len(rows))
	st.codes = make([]uint32, 0, len(rows)*numSearchFields)
	for f := range st.index {
		st.index[f] = map[string]uint32{}
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
		st.codes = st.appendCodes(st.codes, r, &needs)
	}
	st.ids.text = ids.String()
	return st
}

// appendCodes appends the numbers of a row's values in each field, adding
// the values not seen before (needs is room to join the row's needs in).
func (st *searchText) appendCodes(codes []uint32, r service.RequestSummary, needs *strings.Builder) []uint32 {
	needs.Reset()
	for j, x := range r.Needs {
		if j > 0 {
			needs.WriteByte(' ')
		}
		needs.WriteString(x)
	}
	fields := [numSearchFields]string{r.Council, r.Lot, r.Locality, string(r.Urgency), needs.String(), matching.StatusWords(r.Status)}
	for f, v := range fields {
		c, ok := st.index[f][v]
		if !ok {
			c = uint32(len(st.dicts[f]))
			st.index[f][v] = c
			text := lowerText(v)
			if f == 0 {
				// The council by its slug and its name ("st helens",
				// "blackburn with darwen").
				if n := lowerText(councilName(v)); n != text {
					text += " " + n
				}
			}
			st.dicts[f] = append(st.dicts[f], text)
		}
		codes = append(codes, c)
	}
	return codes
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

// searchQuery is a filter's text as the lists match it: in lower case, a
// hyphen as a space, words one space apart, and each word officers use for
// a need in place of the need ("asd" is "autism", "ld" "learning
// disability"). A row matches when it holds every word. A query that holds
// another (as typing more makes it) matches only rows the other matched.
func searchQuery(s string) string {
	words := strings.Fields(lowerText(s))
	for i, w := range words {
		if c, ok := matching.TagAlias(w); ok {
			words[i] = lowerText(c)
		}
	}
	return strings.Join(words, " ")
}

// matcher says whether row i holds every word of q.
func (st *searchText) matcher(q string) func(i int) bool {
	words := strings.Fields(q)
	if len(words) == 1 {
		return st.wordMatcher(words[0])
	}
	ms := make([]func(int) bool, len(words))
	for k, w := range words {
		ms[k] = st.wordMatcher(w)
	}
	return func(i int) bool {
		for _, m := range ms {
			if !m(i) {
				return false
			}
		}
		return true
	}
}

// wordMatcher says whether row i holds the word q in one of its fields.
func (st *searchText) wordMatcher(q string) func(i int) bool {
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

// find is every row, in order, that holds every word of q and that ok
// accepts.
func (st *searchText) find(q string, ok func(int) bool) []int32 {
	out := make([]int32, 0, st.ids.len())
	if q == "" {
		for i := range st.ids.len() {
			if ok(i) {
				out = append(out, int32(i))
			}
		}
		return trim(out)
	}
	m := st.matcher(q)
	for i := range st.ids.len() {
		if ok(i) && m(i) {
			out = append(out, int32(i))
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

// keep is the rows (in order) that hold every word of q, in a new slice.
func (st *searchText) keep(rows []int32, q string) []int32 {
	out := make([]int32, 0, len(rows))
	m := st.matcher(q)
	for _, i := range rows {
		if m(int(i)) {
			out = append(out, i)
		}
	}
	return trim(out)
}
