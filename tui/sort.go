package tui

import (
	"cmp"
	"slices"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// The orders the lists can be shown in: o steps through them, and the
// list's summary line says which is on. The first of each is the order the
// list comes in.

// requestSort is one order of the requests list.
type requestSort struct {
	label string
	cmp   func(a, b *service.RequestSummary) int // nil: as loaded, newest first
}

func requestSorts() []requestSort {
	return []requestSort{
		{"newest first", nil},
		{"deadline", func(a, b *service.RequestSummary) int {
			// Those still running first, the soonest deadline first; then
			// the finished ones, the latest first.
			fa, fb := a.Status.Final(), b.Status.Final()
			switch {
			case fa != fb:
				if fa {
					return 1
				}
				return -1
			case fa:
				return b.Deadline.Compare(a.Deadline)
			}
			return a.Deadline.Compare(b.Deadline)
		}},
		{"age", func(a, b *service.RequestSummary) int { return cmp.Compare(a.Age, b.Age) }},
		{"status", func(a, b *service.RequestSummary) int { return cmp.Compare(a.Status, b.Status) }},
	}
}

// sortRows is the rows' indexes in the order cmp gives, equal rows in
// their loaded order.
func sortRows(rows []service.RequestSummary, by func(a, b *service.RequestSummary) int) []int32 {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return by(&rows[a], &rows[b]) })
	return order
}

// inOrder is the rows shown (any order) put in the order given: those of
// order that are among shown.
func inOrder(order, shown []int32) []int32 {
	if len(shown) == 0 {
		return shown
	}
	in := make([]bool, len(order))
	for _, i := range shown {
		in[i] = true
	}
	out := make([]int32, 0, len(shown))
	for _, i := range order {
		if in[i] {
			out = append(out, i)
		}
	}
	return out
}

// providerSort is one order of the register.
type providerSort struct {
	label string
	cmp   func(a, b *matching.ProviderLot) int // nil: as loaded
}

func providerSorts() []providerSort {
	return []providerSort{
		{"register order", nil},
		{"quality", func(a, b *matching.ProviderLot) int { return cmp.Compare(b.Quality, a.Quality) }},
		{"name", func(a, b *matching.ProviderLot) int {
			return cmp.Compare(strings.ToLower(a.ProviderName), strings.ToLower(b.ProviderName))
		}},
		{"vacancies", func(a, b *matching.ProviderLot) int {
			// Most first; those that have not said last.
			va, vb := -1, -1
			if a.Vacancies != nil {
				va = *a.Vacancies
			}
			if b.Vacancies != nil {
				vb = *b.Vacancies
			}
			return cmp.Compare(vb, va)
		}},
	}
}

// sortedBy is the summary line's words for an order ("" for the first).
func sortedBy(label string, first bool) string {
	if first {
		return ""
	}
	return " · sorted by " + label
}
