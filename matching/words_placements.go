package matching

import "strconv"

// The words of placements and spend, for the app, the commands and the
// trail.

// PlacementEndedBeforeWords is the end reason of a placement recorded with
// its end date already known and no reason given.
const PlacementEndedBeforeWords = "ended before it was recorded"

// PlacementKindWords says what a kind of placement is.
func PlacementKindWords(k PlacementKind) string {
	switch k {
	case PlacementAward:
		return "award"
	case PlacementLegacy:
		return "legacy package"
	case PlacementSpot:
		return "spot purchase"
	}
	return string(k)
}

// PlacementStatusWords says where a placement stands (see
// Placement.Status).
func PlacementStatusWords(status string) string {
	switch status {
	case "starting":
		return "not started"
	case "running":
		return "running"
	case "ended":
		return "ended"
	}
	return status
}

// YearWords names a financial year: 2026/27.
func YearWords(year int) string {
	next := (year + 1) % 100
	s := "0" + strconv.Itoa(next)
	return strconv.Itoa(year) + "/" + s[len(s)-2:]
}

// NoBudgetWords stands for a budget that was never set.
const NoBudgetWords = "no budget set"

// AsOfWords says how far a year's actual spend runs: to today in the
// year running, the whole year once it is over, none yet before it.
func (sp Spend) AsOfWords() string {
	switch {
	case !Today(sp.Today).Before(YearEnd(sp.Year)):
		return "the whole year, to " + ShowDate(YearEnd(sp.Year).AddDate(0, 0, -1))
	case Today(sp.Today).Before(YearStart(sp.Year)):
		return "not begun: all forecast"
	}
	return "actual to " + ShowDate(sp.Today)
}

// RemainingWords is what is left of a budget; with none set there is
// nothing to be left of (a negative sum would read as an overspend).
func (sp Spend) RemainingWords() string {
	if !sp.HasBudget {
		return "–"
	}
	return sp.Remaining.String()
}

// SpendNoneWords says there is nothing to show.
const SpendNoneWords = "no placements and no budgets in this year"

// PlacementAttentionEnding and PlacementAttentionAdult say why a placement
// needs attention (see the service's PlacementsDue).
const (
	PlacementAttentionEnding = "placement ends"
	PlacementAttentionAdult  = "turns 18"
)

// placementEventWords are the words of a placement's or a budget's event.
func placementEventWords(action string, fs Fields) string {
	switch action {
	case ActionPlacementMade:
		who := fs.Get("provider name")
		if id := fs.Get("provider"); id != "" {
			who += " (" + id + ")"
		}
		s := "placement " + fs.Get("placement") + ": " + PlacementKindWords(PlacementKind(fs.Get("kind"))) + " with " + who + ", " +
			fs.Get("council") + ", " + fs.Get("lot") + ", " + fs.Get("weekly") + " a week from " + fs.Get("start")
		if end := fs.Get("end"); end != "" {
			s += ", ended " + end + " (" + fs.Get("end reason") + ")"
		}
		if note := fs.Get("note"); note != "" {
			s += "; " + note
		}
		return s
	case ActionPlacementPriced:
		return "placement " + fs.Get("placement") + ": " + fs.Get("weekly") + " a week from " + fs.Get("from") + " (was " + fs.Get("was") + "): " + fs.Get("reason")
	case ActionPlacementEnded:
		s := "placement " + fs.Get("placement") + " ends " + fs.Get("end") + ": " + fs.Get("reason")
		if was := fs.Get("end was"); was != "" {
			s += " (the end was " + was + ")"
		}
		return s
	case ActionBudgetSet:
		y, _ := strconv.Atoi(fs.Get("year"))
		return fs.Get("council") + "'s budget for " + fs.Get("framework") + " in " + YearWords(y) + ": " + fs.Get("amount")
	}
	return describe(fs)
}
