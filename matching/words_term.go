package matching

import (
	"strconv"
	"time"
)

// Words of the framework's term and of purchasers.

// termEventWords are a term's or purchaser's event as people read it.
func termEventWords(action string, fs Fields) string {
	switch action {
	case ActionTermSet:
		return describe(Fields{{"framework", fs.Get("framework")}, {"term", fs.Get("years") + " years from " + fs.Get("start")},
			{"runs to", fs.Get("current end")}, {"at the latest to", fs.Get("last end")}})
	case ActionTermExtended:
		return describe(Fields{{"framework", fs.Get("framework")}, {"extension", fs.Get("extension") + " (" + Plural(atoiOr0(fs.Get("years")), "year", "years") + ")"},
			{"runs to", fs.Get("current end") + " (was " + fs.Get("end was") + ")"}, {"reason", fs.Get("reason")}})
	}
	return describe(Fields{{"purchaser", fs.Get("purchaser") + " " + fs.Get("name")}, {"framework", fs.Get("framework")},
		{"gss", fs.Get("gss")}, {"request ids", fs.Get("code") + "-YYYY-NNNN"}})
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TermWords is a framework's term in one line: "2+1+1 years from 1 April
// 2025; runs to 31 March 2027; 2 extensions left, to 31 March 2029 at the
// latest", or that none is recorded.
func TermWords(t FrameworkTerm) string {
	if !t.Recorded() {
		return "no term recorded: requests are not limited by a term"
	}
	s := t.YearsText() + " years from " + LongDate(t.Start) + "; runs to " + LongDate(t.CurrentEnd())
	if n := t.ExtensionsLeft(); n > 0 {
		return s + "; " + Plural(n, "extension", "extensions") + " left, to " + LongDate(t.LastEnd()) + " at the latest"
	}
	return s + "; no extension left"
}

// TermStateWords says where a term stands on the London date of now: what
// is due, or that nothing is.
func TermStateWords(t FrameworkTerm, now time.Time) string {
	today := Today(now)
	switch {
	case !t.Recorded():
		return "no term recorded, so nothing is refused"
	case t.Ended(now):
		return "ended for good on " + LongDate(t.LastEnd()) + ": new requests are refused"
	case today.After(t.CurrentEnd()):
		return "ran to " + LongDate(t.CurrentEnd()) + " without an extension decided; new requests are taken until " + LongDate(t.LastEnd())
	case t.ReminderDue(now) && t.ExtensionsLeft() > 0:
		return "an extension decision is due before " + LongDate(t.CurrentEnd()) + " (reminded from " + termReminderMonthsText + " before the end)"
	case t.ReminderDue(now):
		return "ends for good on " + LongDate(t.LastEnd()) + ", with no extension left: plan what replaces it"
	}
	if t.ExtensionsLeft() == 0 {
		return "running to its last possible end, " + LongDate(t.LastEnd()) + "; no extension left"
	}
	return "running; the next decision is due from " + LongDate(t.ReminderFrom())
}

// TermReminderWords is the line of the "what needs attention" list for a
// framework whose term needs a decision.
func TermReminderWords(t FrameworkTerm, now time.Time) string {
	if t.ExtensionsLeft() > 0 {
		return t.Framework + ": extend its term or let it end on " + LongDate(t.CurrentEnd())
	}
	return t.Framework + ": the term ends for good on " + LongDate(t.LastEnd()) + "; no extension left"
}

// AttentionRequestWords is a request's line on the "what needs attention"
// list, beside its kind and when it is due: what is waiting. kind is the
// service's (closing, to-open, to-award).
func AttentionRequestWords(kind, id, lot string, invited, answered int) string {
	who := id + " " + lot + ": "
	switch kind {
	case "closing":
		return who + strconv.Itoa(answered) + " of " + strconv.Itoa(invited) + " answered"
	case "to-open":
		return who + "open the offers and rank them"
	case "to-award":
		return who + "award, or end without award"
	}
	return who + kind
}

// AttentionApplicationWords is an application's line on the "what needs
// attention" list: whose, on which lot, and that it waits for a decision.
func AttentionApplicationWords(a Application) string {
	s := a.ProviderID + " " + a.ProviderName + " (" + a.Lot + "), applied " + ShowDate(a.AppliedOn) + ": "
	if a.Assessed {
		return s + "admit or refuse"
	}
	return s + "assess, then admit or refuse"
}

// AttentionSuspensionWords is a suspension's line: the provider is
// reinstated on its lot by itself on the date.
func AttentionSuspensionWords(providerID, name, lot string, until time.Time) string {
	return providerID + " " + name + " (" + lot + "): reinstated by itself on " + ShowDate(until)
}

// AttentionPlacementWords is a placement's line: ending, or its young
// person turning 18 in it (why is PlacementAttentionEnding or
// PlacementAttentionAdult; the list shows the date beside it). No personal
// data: the id says which.
func AttentionPlacementWords(id, provider, lot, why string) string {
	s := id + " " + provider + " (" + lot + "): "
	if why == PlacementAttentionAdult {
		return s + "the young person turns 18 in it"
	}
	return s + "the placement ends"
}
