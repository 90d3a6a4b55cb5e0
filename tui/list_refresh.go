package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The request list is read whole once; after that, a return to it, a
// reload and a change another process made read only the requests that
// changed since the list's mark (Service.RequestsSince) and put them in
// place: a return costs what the change costs, not 50,000 rows.

// fetchSince reads the requests changed since mark; the whole list when
// the store says a read since the mark cannot do.
func (s *requestsScreen) fetchSince(mark service.ListMark) func(context.Context) (requestsPage, error) {
	svc, council := s.c.svc, s.c.council
	return func(ctx context.Context) (requestsPage, error) {
		ch, err := svc.RequestsSince(ctx, service.RequestFilter{Council: council}, mark)
		if err != nil {
			return requestsPage{}, err
		}
		if ch.Full {
			return requestsPage{rows: ch.Rows, facts: factsOf(ch.Rows), mark: ch.Mark}, nil
		}
		return requestsPage{rows: ch.Rows, mark: ch.Mark, changes: true}, nil
	}
}

// kept is the request the cursor stays on when the rows are taken, and
// whether to show it even if the filters hide it: the one the cursor is
// on, or the one the person comes back from (a draft just saved).
func (s *requestsScreen) kept(partial bool) (keep string, reveal bool) {
	keep = s.selectedID()
	if s.c.lastRequest != "" {
		keep = s.c.lastRequest
		if !partial {
			reveal = s.c.showRequest
			s.c.lastRequest, s.c.showRequest = "", false
		}
	}
	return keep, reveal
}

// reveal shows the request kept when the filters hide it.
func (s *requestsScreen) reveal(keep string, reveal bool) {
	if reveal && s.selectedID() != keep {
		// A draft just saved is what the user comes back for: if the
		// filters hide it, show everything rather than lose it.
		s.filter.clear()
		s.sview = 0
		s.refilter(keep)
	}
}

// patch puts the requests changed since the list's mark in place, each
// over the row with its id or, when new, where the list's order (newest
// first) puts it; then shows the list again with the filter, status and
// order as they were, the cursor on the same request.
func (s *requestsScreen) patch(page requestsPage) {
	keep, reveal := s.kept(false)
	s.mark = page.mark
	if len(page.rows) == 0 {
		s.reveal(keep, reveal)
		return
	}
	if s.search.index[0] == nil {
		s.search = newSearchText(s.rows)
	}
	var needs strings.Builder
	// The urgent count and the earliest open deadline follow the rows
	// changed; only when the request that was due first changes are all
	// looked at again.
	recount := false
	for _, r := range page.rows {
		i, found := rowAt(s.rows, r)
		if found {
			old := s.rows[i]
			s.nUrgent -= boolInt(urgent(old))
			recount = recount || (old.Status == matching.StatusOpen && !old.Deadline.After(s.due))
			s.rows[i] = r
			s.search.setCodes(i, r, &needs)
		} else {
			s.rows = slices.Insert(s.rows, i, r)
			s.search.insert(i, r, &needs)
		}
		s.nUrgent += boolInt(urgent(r))
		if r.Status == matching.StatusOpen && (s.due.IsZero() || r.Deadline.Before(s.due)) {
			s.due = r.Deadline
		}
	}
	if recount {
		s.nUrgent, s.due = s.urgentAndDue()
	}
	s.c.dueList = s.due
	s.steps, s.order = filterSteps{}, nil
	s.refilter(keep)
	s.reveal(keep, reveal)
}

// urgentAndDue are how many rows are urgent and the earliest open
// deadline, as factsOf works them out, without the search index.
func (s *requestsScreen) urgentAndDue() (n int, due time.Time) {
	for _, r := range s.rows {
		if r.Status == matching.StatusOpen && (due.IsZero() || r.Deadline.Before(due)) {
			due = r.Deadline
		}
		if urgent(r) {
			n++
		}
	}
	return n, due
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rowAt is where request r is in rows, or where it would go: rows are
// newest first as the store reads them, by creation then id, both
// descending (creation is written in one form, so its text and its time
// sort alike), and a request's creation never changes.
func rowAt(rows []service.RequestSummary, r service.RequestSummary) (int, bool) {
	return slices.BinarySearchFunc(rows, r, func(a, b service.RequestSummary) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// setCodes is row i's values as r has them now (its id is the same).
func (st *searchText) setCodes(i int, r service.RequestSummary, needs *strings.Builder) {
	var c [numSearchFields]uint32
	st.appendCodes(c[:0], r, needs)
	copy(st.codes[i*numSearchFields:], c[:])
}

// insert makes r row i, the rows from i on one further.
func (st *searchText) insert(i int, r service.RequestSummary, needs *strings.Builder) {
	var c [numSearchFields]uint32
	st.codes = slices.Insert(st.codes, i*numSearchFields, st.appendCodes(c[:0], r, needs)...)
	id := lowerText(r.ID)
	for k := 0; k < len(id); k++ {
		st.idBytes[id[k]] = true
	}
	at := st.ids.start(i)
	st.ids.text = st.ids.text[:at] + id + "\n" + st.ids.text[at:]
	n := int32(len(id) + 1)
	st.ids.ends = slices.Insert(st.ids.ends, i, int32(at)+n)
	for k := i + 1; k < len(st.ids.ends); k++ {
		st.ids.ends[k] += n
	}
}
