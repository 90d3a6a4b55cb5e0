package tui

import (
	"strings"

	"placematch/matching"
)

// rankTable is the ranked offers of a request as every screen lists them:
// the officer's ranking, the what-if screen and the live show. Each row
// has the rank, the provider, the weekly price and the total; the options
// add columns and marks, and the screen around it keeps its own layout.
type rankTable struct {
	rk matching.Ranking
	// cursor is the selected row; -1 for none.
	cursor int
	// cover adds the cover-until column; parts the score parts Q, P and A.
	cover, parts bool
	// header puts the columns' names above the rows.
	header bool
	// working puts the selected offer's score, worked out in the words of
	// matching, under its row.
	working bool
	// was, when set, adds how far each offer moved from the rank it had
	// there (the ranking as recorded, beside one with a change tried).
	was map[string]int
	// awarded is the provider awarded: its row reads as good.
	awarded string
	// strong draws the rows not selected bold, for a projector.
	strong bool
}

// maxNameW is the widest a provider's name column grows: on a wide
// terminal the numbers stay beside the names they belong to instead of
// drifting to the far edge.
const maxNameW = 40

// Column widths: the rank, the move, the weekly price, the cover and a
// score (Q, P, A or the total).
const (
	rankW   = 2
	moveW   = 5
	weeklyW = 11
	coverW  = 5
	scoreW  = 7
)

// nameWidth is the provider column's width in a table w wide.
func (t rankTable) nameWidth(w int) int {
	fixed := 2 + 1 + rankW + 2 + 1 + weeklyW + 1 + scoreW
	if t.was != nil {
		fixed += moveW
	}
	if t.cover {
		fixed += 1 + coverW
	}
	if t.parts {
		fixed += 3 * (1 + scoreW)
	}
	return min(maxNameW, max(8, w-fixed))
}

// row lays out one row of the table from its cells.
func (t rankTable) row(mark, rank, move, name, weekly, cover string, scores [4]string, nameW int) string {
	row := mark + " " + fitRight(rank, rankW) + "  "
	if t.was != nil {
		row += fit(move, moveW)
	}
	row += fit(name, nameW) + " " + fitRight(weekly, weeklyW)
	if t.cover {
		row += " " + fitRight(cover, coverW)
	}
	if t.parts {
		for _, s := range scores[:3] {
			row += " " + fitRight(s, scoreW)
		}
	}
	return row + " " + fitRight(scores[3], scoreW)
}

// move says how far an offer moved from the rank it had: up, down, or
// new to the ranking.
func (t rankTable) move(sc matching.Scored) string {
	switch was := t.was[sc.ProviderID]; {
	case was == 0:
		return "new"
	case was > sc.Rank:
		return "▲" + itoa(was-sc.Rank)
	case was < sc.Rank:
		return "▼" + itoa(sc.Rank-was)
	}
	return ""
}

// lines draws the table w wide; at is the line of the selected row (the
// first row's place when none is selected).
func (t rankTable) lines(st Styles, w int) (out []string, at int) {
	nameW := t.nameWidth(w)
	if t.header {
		hdr := t.row("  ", "#", "", "Provider", "Weekly", "Cover", [4]string{"Q", "P", "A", "Total"}, nameW)
		out = append(out, st.Muted.Render(trunc(hdr, w)))
	}
	at = len(out)
	f2 := matching.Format2
	for i, sc := range t.rk.Ranked {
		cur := i == t.cursor
		mark := "  "
		if cur {
			mark, at = "› ", len(out)
		}
		row := fit(t.row(mark, itoa(sc.Rank), t.move(sc), clean(sc.ProviderName), sc.WeeklyPence.String(), itoa(sc.CoverUntil),
			[4]string{f2(sc.Quality), f2(sc.PriceScore), f2(sc.AgeCoverScore), sc.Rounded}, nameW), w)
		switch {
		case cur:
			row = st.Selected.Render(row)
		case t.awarded != "" && sc.ProviderID == t.awarded:
			row = st.Good.Render(row)
		case t.strong:
			row = st.Strong.Render(row)
		}
		out = append(out, row)
		if cur && t.working {
			out = append(out, st.Muted.Render(trunc("      = "+matching.ScoreWorking(t.rk.Weights, sc), w)))
		}
	}
	return out, at
}

// notRankedLines say in a line or two which answers a ranking left out,
// and why: "Not ranked: A (declined) · B (no response)", each line after
// indent. sel is marked; silent adds the providers that never answered.
func notRankedLines(st Styles, rk matching.Ranking, sel string, silent bool, indent string, w int) []string {
	var parts []string
	for _, ex := range rk.Excluded {
		p := clean(ex.ProviderName) + " (" + matching.ExclusionWords(ex.Reason) + ")"
		if sel != "" && ex.ProviderID == sel {
			p = "› " + p
		}
		parts = append(parts, p)
	}
	if silent {
		for _, nr := range rk.NoResponse {
			parts = append(parts, clean(nr.ProviderName)+" (no response)")
		}
	}
	if len(parts) == 0 {
		return nil
	}
	var out []string
	for _, l := range wrap("Not ranked: "+strings.Join(parts, " · "), w-width(indent)) {
		out = append(out, st.Warn.Render(indent+l))
	}
	return out
}

// formulaLines are the scoring formula with a request's weights, on the
// first line, then what Q, P and A are: the words of matching, wrapped
// to w.
func formulaLines(wt matching.Weights, w int) []string {
	out := []string{trunc(matching.Formula(wt), w)}
	for _, t := range matching.FormulaTerms() {
		out = append(out, wrap(t, w)...) // a term a line: none is split at a wide width
	}
	return out
}
