package matching

import (
	"strconv"
)

// HistoryTally is what a provider's history counts, for HistoryWords.
type HistoryTally struct {
	Invited, Answered, Offered, Declined, Sealed, Ranked, RankOne, Awards int
}

// HistoryWords is a provider's record in one line, what a commissioning
// officer asks first: "invited 12 · answered 9 (75%) · 6 offers, 2
// declined, 1 still sealed · ranked 5 times, first 2 · 1 award".
func HistoryWords(t HistoryTally) string {
	rate := ""
	if t.Invited > 0 {
		rate = " (" + strconv.Itoa((200*t.Answered+t.Invited)/(2*t.Invited)) + "%)"
	}
	s := "invited " + Thousands(t.Invited) + " · answered " + Thousands(t.Answered) + rate
	if t.Answered > 0 {
		s += " · " + Plural(t.Offered, "offer", "offers") + ", " + Thousands(t.Declined) + " declined"
		if t.Sealed > 0 {
			s += ", " + Thousands(t.Sealed) + " still sealed"
		}
		s += " · ranked " + Plural(t.Ranked, "time", "times") + ", first " + Thousands(t.RankOne)
	}
	return s + " · " + Plural(t.Awards, "award", "awards")
}

// HistoryAnswer is what a provider did on one request, for
// HistoryAnswerWords: its contents only once the offers are opened.
type HistoryAnswer struct {
	Answered, Late, Sealed, Declined, Withdrawn, Awarded bool
	Weekly                                               Pence
	Rank, RankedOf                                       int
	Total, NotRanked                                     string
	Status                                               Status
}

// HistoryAnswerWords says what a provider did on one request and what
// came of it: "awarded to this provider · offer £1,000.00 a week · rank 1
// of 3 (91.00)", the award first.
// A sealed answer says only that it was given.
func HistoryAnswerWords(a HistoryAnswer) string {
	if !a.Answered {
		if a.Status == StatusOpen {
			return "no answer yet"
		}
		return "no answer"
	}
	late := ""
	if a.Late {
		late = " (late)"
	}
	if a.Sealed {
		return "answered" + late + "; sealed until the offers are opened"
	}
	var s string
	switch {
	case a.Declined:
		return "declined" + late
	case a.Withdrawn:
		return "offer withdrawn" + late
	default:
		s = "offer " + WeeklyWords(a.Weekly) + late
	}
	switch {
	case a.Rank > 0:
		s += " · rank " + strconv.Itoa(a.Rank) + " of " + strconv.Itoa(a.RankedOf) + " (" + a.Total + ")"
	case a.NotRanked != "":
		s += " · not ranked: " + a.NotRanked
	}
	switch {
	case a.Awarded:
		s = "awarded to this provider · " + s
	case a.Status == StatusAwarded:
		s += " · awarded to another"
	case a.Status == StatusNoAward:
		s += " · no award"
	}
	return s
}
