package matching

import (
	"strconv"
	"strings"
	"unicode"
)

// Words: how the codes, amounts and the formula read, written once here for
// the app, the commands and the letters to providers. A screen may choose a
// shorter layout, and a letter may be plainer, but neither words a rule
// differently.

// NotInvitedWords says why a provider was not invited, for a reason code
// (see Reasons). council is the council's name, or "" for "this council".
func NotInvitedWords(code, council string) string {
	switch code {
	case ReasonNotAdmitted:
		return "not admitted on this lot"
	case ReasonArea:
		if council == "" {
			council = "this council"
		}
		return "does not serve " + council
	case ReasonAge:
		return "does not cover this age"
	case ReasonNoRegistration:
		return "no Ofsted supported-accommodation registration, needed under 18"
	}
	return code
}

// ExclusionWords says why an answer was not ranked, for an exclusion code
// (ExclDeclined, ...). It reads both in a list and after "not scored: ".
func ExclusionWords(code string) string {
	switch code {
	case ExclDeclined:
		return "declined"
	case ExclWithdrawn:
		return "withdrawn"
	case ExclLate:
		return "received after the deadline"
	case ExclAbovePriceCap:
		return "weekly price above the price cap"
	case ExclAgeNotCovered:
		return "cover does not reach past the young person's age"
	case ExclNotAdmitted:
		return "provider no longer admitted on the lot at close"
	}
	return code
}

// StatusWords is a request's status as people say it.
func StatusWords(s Status) string {
	if s == StatusNoAward {
		return "no award"
	}
	return s.String()
}

// WeeklyWords is an amount a week: "£1,200.00 a week".
func WeeklyWords(p Pence) string { return p.String() + " a week" }

// CapWords names a request's price cap: "price cap £1,500.00 a week", or
// "no price cap".
func CapWords(p Pence) string {
	if p == 0 {
		return "no price cap"
	}
	return "price cap " + WeeklyWords(p)
}

// CapSentence is the rule of the price cap as providers are told it, or ""
// when there is no cap.
func CapSentence(p Pence) string {
	if p == 0 {
		return ""
	}
	return "Offers above the price cap of " + WeeklyWords(p) + " are not scored."
}

// WeightsWords spells the weights out: "quality 50 · price 35 · age cover 15".
func WeightsWords(w Weights) string {
	return "quality " + strconv.Itoa(w.Quality) + " · price " + strconv.Itoa(w.Price) + " · age cover " + strconv.Itoa(w.AgeCover)
}

// Formula is the scoring formula with a request's weights:
// "total = (50 × Q + 35 × P + 15 × A) / 100".
func Formula(w Weights) string {
	return "total = (" + strconv.Itoa(w.Quality) + " × Q + " + strconv.Itoa(w.Price) + " × P + " + strconv.Itoa(w.AgeCover) + " × A) / 100"
}

// FormulaTerms say what Q, P and A are, a line each.
func FormulaTerms() []string {
	return []string{
		"Q = the provider's DPS quality score on the lot (0-100)",
		"P = 100 × the lowest compliant weekly price ÷ the offer's weekly price",
		"A = 100 × (cover until, up to 25, − the young person's age) ÷ (25 − age)",
	}
}

// ScoreParts are an offer's score parts and total:
// "Q 82.00, P 100.00, A 100.00: total 91.00".
func ScoreParts(s Scored) string {
	return "Q " + Format2(s.Quality) + ", P " + Format2(s.PriceScore) + ", A " + Format2(s.AgeCoverScore) + ": total " + s.Rounded
}

// ScoreWorking is the formula worked with an offer's numbers:
// "(50 × 82.00 + 35 × 100.00 + 15 × 100.00) / 100 = 91.00".
func ScoreWorking(w Weights, s Scored) string {
	return "(" + strconv.Itoa(w.Quality) + " × " + Format2(s.Quality) + " + " + strconv.Itoa(w.Price) + " × " + Format2(s.PriceScore) +
		" + " + strconv.Itoa(w.AgeCover) + " × " + Format2(s.AgeCoverScore) + ") / 100 = " + s.Rounded
}

// Thousands writes a whole number with its thousands separated: 50,000.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Plural counts a noun: "1 provider", "3,104 providers". many is the plural
// form.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}

// Inert makes text safe to print on one line of a terminal: control
// characters and escape sequences are shown as visible symbols instead of
// being obeyed, and bidirectional overrides (which could reorder what is
// shown) are marked, so nobody can drive or deceive a reader's terminal
// through the data. Newlines and tabs become spaces.
func Inert(s string) string { return inert(s, false) }

// InertBlock is Inert for text of several lines: it keeps the line breaks.
func InertBlock(s string) string {
	return inert(strings.ReplaceAll(s, "\r\n", "\n"), true)
}

func inert(s string, keepNewline bool) string {
	if !needsInert(s, keepNewline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteString(inertRune(r, keepNewline))
	}
	return b.String()
}

// needsInert reports whether any rune of s would be changed. Bytes that are
// not UTF-8 read as U+FFFD and are shown so: a lone 0x9b is CSI to a
// terminal that is not in UTF-8 mode.
func needsInert(s string, keepNewline bool) bool {
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || isBidiControl(r) || r == unicode.ReplacementChar {
			if r == '\n' && keepNewline {
				continue
			}
			return true
		}
	}
	return false
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f
}

func inertRune(r rune, keepNewline bool) string {
	switch {
	case r == '\n' && keepNewline:
		return "\n"
	case r == '\n' || r == '\r' || r == '\t':
		return " "
	case r < 0x20:
		return string(0x2400 + r) // ␀ … ␟
	case r == 0x7f:
		return "␡"
	case r >= 0x80 && r < 0xa0, isBidiControl(r), unicode.IsControl(r):
		return "�"
	}
	return string(r)
}

// ProvidersReadReason is said wherever an officer gives a reason that
// providers will read (close early, cancel, award, no award): in the app's
// dialogs and the commands' help.
const ProvidersReadReason = "Providers will read this reason: no names, initials, case reference or date of birth."

// NoteForTheRecord says what a note is, where one is offered.
const NoteForTheRecord = "A note is for the record only (calls made, a visit arranged, what the file needs); providers never see it."

// PersonalWords refuses a text providers read that carries the young
// person's personal data: "the award reason contains the young person's
// date of birth ("15.03.09"); providers will read it: …". field names the
// text, found is what FindPersonal found in it.
func PersonalWords(field string, found []PersonalFound) string {
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = f.Kind.String() + ` ("` + clip(Inert(f.Text), 40) + `")`
	}
	list := strings.Join(parts, ", ")
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	them := "it"
	if len(found) > 1 {
		them = "them"
	}
	return "the " + field + " contains the young person's " + list + "; providers will read it: describe without " + them +
		", and put what the file needs in a note for the record, which providers never see (request note)"
}
