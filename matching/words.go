package matching

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
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

// The warnings of an offer (see OfferWarnings), said to whoever gives it:
// the same words for a provider and for an officer logging its answer.

// AboveCapWarning: "This offer will not be scored: £1,800.00 a week is
// above the price cap of £1,500.00 a week."
func AboveCapWarning(weekly, cap Pence) string {
	return "This offer will not be scored: " + WeeklyWords(weekly) + " is above the price cap of " + WeeklyWords(cap) + "."
}

// AgeNotCoveredWarning: "This offer will not be scored: cover until age 17
// does not reach past the young person's age, 17."
func AgeNotCoveredWarning(cover, age int) string {
	return "This offer will not be scored: cover until age " + strconv.Itoa(cover) +
		" does not reach past the young person's age, " + strconv.Itoa(age) + "."
}

// LateWarning: "This offer will not be scored: it was received at …,
// after the deadline …."
func LateWarning(received, deadline time.Time) string {
	return "This offer will not be scored: it was received at " + ShowTimeBeside(received, deadline) + ", after the deadline " + ShowTimeBeside(deadline, received) + "."
}

// CoverPastRegisterWarning: the offer's cover runs past the cover on the
// register; it is scored as given.
func CoverPastRegisterWarning(offered, registered int) string {
	return "Check the cover: until age " + strconv.Itoa(offered) + " is past the provider's cover on the register (until age " +
		strconv.Itoa(registered) + "). The offer is scored as given."
}

// ImplausiblePriceWarning: a weekly price ten times the price cap or more
// (overCap), or with no cap ten times the council's guide price for the lot,
// when it is still scored as given.
func ImplausiblePriceWarning(weekly Pence, overCap bool) string {
	if overCap {
		return "Check the price: " + WeeklyWords(weekly) + " is ten times the price cap or more."
	}
	return "Check the price: " + WeeklyWords(weekly) + " is ten times the council's guide price for this lot or more. The offer is scored as given."
}

// OfferWords is an offer as it stands, every field given: "£1,100.00 a
// week, cover until 21, can start 2026-12-01, note: Room free." A decline
// is "declined: REASON".
func OfferWords(r Response) string {
	if r.Declined {
		return "declined: " + r.DeclineReason
	}
	s := WeeklyWords(r.Weekly)
	if r.CoverUntil > 0 {
		s += ", cover until " + strconv.Itoa(r.CoverUntil)
	} else {
		s += ", cover as on the register"
	}
	if !r.Start.IsZero() {
		s += ", can start " + ShowDate(r.Start)
	}
	if r.Note != "" {
		s += ", note: " + r.Note
	}
	return s
}

// AllAnsweredWords says that every invited provider has answered an open
// request: "all 6 invited providers have answered". The officer may close
// it early; it never closes by itself before its deadline.
func AllAnsweredWords(invited int) string {
	switch invited {
	case 1:
		return "the one invited provider has answered"
	case 2:
		return "both invited providers have answered"
	}
	return "all " + Thousands(invited) + " invited providers have answered"
}

// StaysOpenWords is what follows AllAnsweredWords: the request stays open
// for revisions until its deadline unless the officer closes it.
func StaysOpenWords(deadline time.Time) string {
	return "otherwise it stays open until the deadline " + ShowTime(deadline) + ", since providers may revise until then"
}

// ClosedWords says when and why a request closed, for the council: "closed
// at the deadline 3 Dec 2026 17:00", "closed early by j.okafor at …:
// reason". by is who closed it early ("" if not known). "" while it has
// not closed.
func ClosedWords(r Request, by string) string {
	if r.ClosedAt.IsZero() {
		return ""
	}
	at := ShowTime(r.ClosedAt)
	switch {
	case r.CloseReason != "":
		who := "by the officer"
		if by != "" {
			who = "by " + by
		}
		return "closed early " + who + " at " + at + ": " + r.CloseReason
	case !r.BroadcastAt.IsZero() && r.ClosedAt.Equal(r.BroadcastAt):
		return "closed at once at " + at + ": no provider was eligible"
	case r.ClosedAt.Before(r.Deadline):
		// Before answers no longer closed a request, the last one did.
		return "closed at " + at + " when every invited provider had answered, before the deadline " + ShowTime(r.Deadline)
	}
	return "closed at the deadline " + at
}

// ProviderClosedWords says when a request closed, for a provider: at the
// deadline, or early by the council (never its reason, which is for the
// record).
func ProviderClosedWords(p Profile) string {
	if p.ClosedAt.IsZero() {
		return ""
	}
	if p.ClosedEarly {
		return "closed early by the council at " + ShowTime(p.ClosedAt)
	}
	if p.ClosedAt.Before(p.Deadline) {
		return "closed at " + ShowTime(p.ClosedAt) + ", before the deadline " + ShowTime(p.Deadline)
	}
	return "closed at the deadline " + ShowTime(p.ClosedAt)
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

// PointsTerm says how a part's points and the total come from the scores,
// beside FormulaTerms in a provider's outcome.
func PointsTerm() string {
	return "points = a part's score × its weight ÷ 100; the total is the sum of the points"
}

// DebriefVerdict is a decided request's outcome for one provider in a few
// words: "awarded to you", "not awarded to you", "no award", "cancelled".
func DebriefVerdict(d Debrief) string {
	switch {
	case d.Won:
		return "awarded to you"
	case d.Status == StatusNoAward:
		return "no award"
	case d.Status == StatusCancelled:
		return "cancelled"
	}
	return "not awarded to you"
}

// DebriefWords are the sentences of a provider's outcome, in its own words
// ("you declined", never "that provider declined"): the decision with the
// council's reason as recorded, why the provider's answer was not scored or
// how its offer compares with the winning one part by part, what the outcome
// means for it, and how many offers were compliant. The scores themselves
// are not repeated here: DebriefTable gives each once.
func DebriefWords(d Debrief) []string {
	var out []string
	add := func(s string) { out = append(out, s) }
	switch d.Status {
	case StatusCancelled:
		add(becauseWords("The council cancelled this request before the offers were opened", d.Reason))
		add("No offer was opened or scored and no placement is made through this request: nothing more is needed from you.")
		return out
	case StatusNoAward:
		add(becauseWords("The council made no award", d.Reason))
	case StatusAwarded:
		if d.Won {
			add("Your offer was awarded.")
		} else {
			add("The council awarded this request to another provider's offer.")
		}
	}
	higher := false // the provider's own total was above the winner's
	switch {
	case d.Won:
	case !d.Answered:
		add("You did not answer this request.")
	case d.Unscored != "":
		add(unscoredWords(d))
	case d.Own != nil && d.Winner != nil:
		var s string
		s, higher = compareWords(*d.Own, *d.Winner)
		add(s)
	}
	switch {
	case d.Status != StatusAwarded:
	case higher && !d.AwardToHighest:
		add(sentence("The council chose the winning offer although yours scored higher, for this recorded reason: " + d.Reason))
	case d.Reason != "":
		add(sentence("The council's recorded reason for its choice: " + d.Reason))
	}
	switch {
	case d.Won:
		add("The council will contact you to arrange the placement.")
	case d.Status == StatusNoAward:
		add("No placement is made through this request: nothing more is needed from you.")
	}
	switch d.Compliant {
	case 0:
		add("No offer was compliant, so none was scored.")
	case 1:
		add("1 compliant offer was scored.")
	default:
		add(Thousands(d.Compliant) + " compliant offers were scored.")
	}
	return out
}

// unscoredWords says to a provider why its answer was not scored.
func unscoredWords(d Debrief) string {
	switch d.Unscored {
	case ExclDeclined:
		return "You declined this request, so you made no offer to score."
	case ExclWithdrawn:
		return "You withdrew your offer, so it was not scored."
	case ExclLate:
		return "Your offer arrived after the deadline, so it was not scored."
	case ExclAbovePriceCap:
		if d.Offered <= 0 || d.PriceCap == 0 {
			return "Your offer gave no weekly price above £0, so it was not scored."
		}
		return "Your offer was not scored because it was above the price cap: " + WeeklyWords(d.Offered) + " against a cap of " + WeeklyWords(d.PriceCap) + "."
	case ExclAgeNotCovered:
		cover := "your registered cover"
		if d.OfferedCover > 0 {
			cover = "its cover, until age " + strconv.Itoa(d.OfferedCover) + ","
		}
		return "Your offer was not scored because " + cover + " did not reach past the young person's age of " + strconv.Itoa(d.Age) + "."
	case ExclNotAdmitted:
		return "Your offer was not scored because you were no longer admitted on this lot when the request closed."
	}
	return "Your answer was not scored: " + ExclusionWords(d.Unscored) + "."
}

// compareWords says how the provider's own offer compares with the winning
// one: the difference in total and in each part's points, as shown (to two
// decimals), so that a reader can check it against the table. higher
// reports whether the provider's total was above the winner's.
func compareWords(own, win OfferScore) (s string, higher bool) {
	type part struct {
		name string
		diff int64 // the winner's points less the provider's, in hundredths
	}
	parts := []part{
		{"quality", hundredths(win.QualityPoints) - hundredths(own.QualityPoints)},
		{"price", hundredths(win.PricePoints) - hundredths(own.PricePoints)},
		{"age cover", hundredths(win.AgeCoverPoints) - hundredths(own.AgeCoverPoints)},
	}
	var theirs, yours []part
	for _, p := range parts {
		switch {
		case p.diff > 0:
			theirs = append(theirs, p)
		case p.diff < 0:
			yours = append(yours, part{p.name, -p.diff})
		}
	}
	byDiff := func(a, b part) int { return int(b.diff - a.diff) }
	slices.SortStableFunc(theirs, byDiff)
	slices.SortStableFunc(yours, byDiff)
	list := func(who string, ps []part) string {
		var b strings.Builder
		for i, p := range ps {
			switch {
			case i == 0:
				b.WriteString(who + " " + p.name + " points were " + hundredthsWords(p.diff) + " higher")
				continue
			case i == len(ps)-1:
				b.WriteString(" and ")
			default:
				b.WriteString(", ")
			}
			b.WriteString(who + " " + p.name + " points " + hundredthsWords(p.diff) + " higher")
		}
		return b.String()
	}
	var clauses []string
	total := roundedHundredths(win) - roundedHundredths(own)
	switch {
	case total > 0:
		s = "The winning offer's total was " + hundredthsWords(total) + " points higher than yours"
		clauses = []string{list("its", theirs), list("your", yours)}
	case total < 0:
		s, higher = "Your offer's total was "+hundredthsWords(-total)+" points higher than the winning offer's", true
		clauses = []string{list("your", yours), list("its", theirs)}
	default:
		return "Your offer's total was the same as the winning offer's, to two decimals; equal totals are decided by the higher quality score, then the lower weekly price, then the earlier answer.", false
	}
	sep := ": "
	for _, c := range clauses {
		if c != "" {
			s += sep + c
			sep = "; "
		}
	}
	return s + ".", higher
}

// hundredths is a score as shown, to two decimals, in hundredths.
func hundredths(f float64) int64 { return parseHundredths(Format2(f)) }

// roundedHundredths is an offer's total as it ranked, in hundredths.
func roundedHundredths(s OfferScore) int64 {
	if s.Rounded == "" {
		return hundredths(s.Total)
	}
	return parseHundredths(s.Rounded)
}

func parseHundredths(s string) int64 {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0
	}
	return r.Mul(r, big.NewRat(100, 1)).Num().Int64()
}

// hundredthsWords writes hundredths as a number to two decimals: 1.05.
func hundredthsWords(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + strconv.FormatInt(n%100/10, 10) + strconv.FormatInt(n%10, 10)
}

// becauseWords is a statement with the council's reason, as given.
func becauseWords(s, reason string) string {
	if strings.TrimSpace(reason) == "" {
		return s + "."
	}
	return sentence(s + ", for this reason: " + reason)
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// DebriefTable is the score table of a provider's outcome, cell by cell:
// two header rows, a row for each part of the score (its score out of 100
// and the points it adds at its weight) and the total; a pair of columns
// for the provider's own offer when it was scored and for the winning offer
// when it is another's. Nil when neither was scored. Each figure is given
// once, to two decimals.
func DebriefTable(d Debrief) [][]string {
	var offers []OfferScore
	head := []string{""}
	if d.Own != nil {
		offers = append(offers, *d.Own)
		head = append(head, "", "Your offer")
	}
	if d.Winner != nil {
		offers = append(offers, *d.Winner)
		head = append(head, "", "Winning offer")
	}
	if len(offers) == 0 {
		return nil
	}
	w := d.Weights
	rows := [][]string{head, {""},
		{"Quality Q, weight " + strconv.Itoa(w.Quality)},
		{"Price P, weight " + strconv.Itoa(w.Price)},
		{"Age cover A, weight " + strconv.Itoa(w.AgeCover)},
		{"Total"}}
	for _, o := range offers {
		rows[1] = append(rows[1], "score", "points")
		rows[2] = append(rows[2], Format2(o.Quality), Format2(o.QualityPoints))
		rows[3] = append(rows[3], Format2(o.PriceScore), Format2(o.PricePoints))
		rows[4] = append(rows[4], Format2(o.AgeCoverScore), Format2(o.AgeCoverPoints))
		rows[5] = append(rows[5], "", hundredthsWords(roundedHundredths(o)))
	}
	return rows
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
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || IsBidiControl(r) || r == unicode.ReplacementChar {
			if r == '\n' && keepNewline {
				continue
			}
			return true
		}
	}
	return false
}

// IsBidiControl reports whether r is an invisible control that changes the
// order text is shown in: the embeddings and overrides U+202A to U+202E, the
// isolates U+2066 to U+2069, and the marks U+200E, U+200F and U+061C. With
// them "Evil\u202eCSV.exe\u202c" shows as "Evilexe.VSC": they are refused
// in what people type or import (CheckText, ParseRegister) and shown inert
// (Inert) wherever stored text leaves the program.
func IsBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// bidiAt is a bidirectional control found in a text, at its character
// (from 1).
type bidiAt struct {
	r  rune
	at int
}

// bidiIn finds the bidirectional controls of s (the first five).
func bidiIn(s string) []bidiAt {
	var found []bidiAt
	at := 0
	for _, r := range s {
		at++
		if IsBidiControl(r) {
			if found = append(found, bidiAt{r, at}); len(found) == 5 {
				break
			}
		}
	}
	return found
}

// bidiWords refuses text that holds bidirectional controls: "the summary
// has an invisible direction control (U+202E) at character 5, which ...".
func bidiWords(field string, found []bidiAt) string {
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = fmt.Sprintf("(%U) at character %d", f.r, f.at)
	}
	what, them, verb := "an invisible direction control ", "it", "makes"
	if len(found) > 1 {
		what, them, verb = "invisible direction controls ", "them", "make"
		parts[len(parts)-1] = "and " + parts[len(parts)-1]
	}
	return field + " has " + what + strings.Join(parts, ", ") + ", which " + verb + " text show in another order than it reads: remove " + them +
		" (retype the text if you cannot see " + them + ")"
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
	case r >= 0x80 && r < 0xa0, IsBidiControl(r), unicode.IsControl(r):
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
		", and put what the file needs in a note for the record, which providers never see (w on the request in the app, request note on the command line)"
}

// JoinWords lists words as a sentence does: "a", "a or b", "a, b or c",
// with conj ("and", "or") before the last.
func JoinWords(xs []string, conj string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + conj + " " + xs[len(xs)-1]
}

// DraftKeptWords says that a draft was kept as it stands, and what it
// still lacks before it can be broadcast: the form's words when it is left
// unfinished. Short, to fit a status line.
func DraftKeptWords(id string, missing []string) string {
	if len(missing) > 0 {
		return "Draft " + id + " kept, to finish: " + strings.Join(missing, ", ") + "."
	}
	return "Draft " + id + " kept as you left it; open it to see who it reaches."
}

// EmptyLotWords says that a lot has no provider on the register at all,
// so a request on it reaches nobody, and what to do about it. lot is the
// lot's name.
func EmptyLotWords(lot string) string {
	return "No provider is on the " + lot + " lot of the register yet, so this request would reach nobody. " +
		"Import the DPS register (placematch providers import FILE), or ask the framework's commissioner to admit providers to this lot."
}

// ClaimedWords says why messages were left unsent: another delivery run
// (another outbox send, or an action sending what it queued) claimed them
// and has not yet recorded them; if it has stopped, its claim lapses at
// lapse, and the next run after then sends them.
func ClaimedWords(n int, lapse time.Time) string {
	verb, them := " wait", "them"
	if n == 1 {
		verb, them = " waits", "it"
	}
	return Plural(n, "message", "messages") + verb + " for another run that claimed " + them + " (another outbox send, or an action sending what it queued); " +
		"if that run has stopped, its claim lapses at " + ShowTime(lapse) + " (London time): run outbox send again after then"
}

// NotAdmittedWords says why a provider not admitted on a lot was left out,
// naming its register status at broadcast where it is known.
func NotAdmittedWords(status ProviderStatus) string {
	switch status {
	case ProviderApplied:
		return "applied, not yet admitted on this lot"
	case ProviderSuspended:
		return "suspended on this lot"
	case ProviderWithdrawn:
		return "withdrawn from this lot"
	case ProviderRemoved:
		return "removed from this lot"
	case ProviderRefused:
		return "refused on this lot"
	case ProviderAdmitted:
		return "admitted from a date after this broadcast"
	}
	return NotInvitedWords(ReasonNotAdmitted, "")
}

// ReasonsWords says every rule a provider left out failed, in words, its
// register status named where it was not admitted. council is the
// council's name.
func (n NotInvited) ReasonsWords(council string) []string {
	out := make([]string, len(n.Reasons))
	for i, c := range n.Reasons {
		if c == ReasonNotAdmitted && n.Status == ProviderAdmitted && n.AdmittedOn != "" {
			out[i] = NotYetAdmittedWords(n.AdmittedOn)
		} else if c == ReasonNotAdmitted {
			out[i] = NotAdmittedWords(n.Status)
		} else {
			out[i] = NotInvitedWords(c, council)
		}
	}
	return out
}

// CouncilWords is a council's name for its slug, or the slug when it is not
// one the app knows.
func CouncilWords(slug string) string {
	if c, ok := CouncilBySlug(slug); ok {
		return c.Name
	}
	return slug
}

// AgesWords is the ages a provider covers on a lot, min_age up to
// cover_until (not included): "Ages 16 to 24", or "Age 17" for one.
func AgesWords(minAge, coverUntil int) string {
	if coverUntil-1 <= minAge {
		return "Age " + strconv.Itoa(minAge)
	}
	return "Ages " + strconv.Itoa(minAge) + " to " + strconv.Itoa(coverUntil-1)
}

// AgesShort is AgesWords for a narrow column: "16–24", or "17".
func AgesShort(minAge, coverUntil int) string {
	if coverUntil-1 <= minAge {
		return strconv.Itoa(minAge)
	}
	return strconv.Itoa(minAge) + "–" + strconv.Itoa(coverUntil-1)
}

// QualityWords is a quality score as shown: always two decimals, as scores
// are ("62.00", "55.52"), whatever was entered.
func QualityWords(q float64) string { return Format2(q) }

// TagWords is a need, risk or capability code as people write it: the
// codes themselves, but initialisms in capitals (BSL, ESOL).
func TagWords(code string) string {
	if w, ok := tagInitialisms[code]; ok {
		return w
	}
	return code
}

var tagInitialisms = map[string]string{"bsl": "BSL", "esol": "ESOL"}

// tagAliases are the other words officers use for a need or a risk, in
// lower case, each to its code (the codes themselves, and each with spaces
// for its hyphens, are known anyway).
var tagAliases = map[string]string{
	"asd": "autism", "asc": "autism", "autistic": "autism", "autism spectrum": "autism",
	"ld": "learning-disability", "learning disabilities": "learning-disability", "learning difficulty": "learning-disability",
	"learning difficulties": "learning-disability",
	"pd":                    "physical-disability", "physical disabilities": "physical-disability",
	"british sign language": "bsl", "sign language": "bsl",
	"eal": "esol", "english as a second language": "esol", "english for speakers of other languages": "esol",
	"mh": "mental-health", "camhs": "mental-health",
	"uasc": "unaccompanied", "unaccompanied asylum seeker": "unaccompanied", "unaccompanied asylum seeking child": "unaccompanied",
	"pbs": "behaviour-support", "positive behaviour support": "behaviour-support", "challenging behaviour": "behaviour-support",
	"waking nights": "waking-night", "sleeping nights": "sleeping-night", "short break": "short-breaks", "respite": "short-breaks",
	"complex health needs": "complex-health",
	"parent and child":     "young-parent", "mother and baby": "young-parent",
	"cse": "sexual-exploitation", "cce": "criminal-exploitation", "county lines": "criminal-exploitation",
	"mfh": "going-missing", "missing from home": "going-missing",
	"arson": "fire-setting", "drugs": "substance-misuse", "alcohol": "substance-misuse",
	"eating disorders": "eating-disorder", "self harm": "self-harm", "self-injury": "self-harm",
}

// TagAlias is the code a word or phrase for a need or risk stands for:
// the code itself, written with spaces or capitals ("Mental health"), or
// another word officers use for it ("ASD" is autism, "LD" a learning
// disability). ok is false for any other text.
func TagAlias(s string) (code string, ok bool) {
	t := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "_", " "))), " ")
	if c, ok := tagAliases[t]; ok {
		return c, true
	}
	h := strings.ReplaceAll(t, " ", "-")
	if capabilityVocab.known[h] {
		return h, true
	}
	return "", false
}

// ShowTimeBeside formats t as ShowTime does, to the minute, unless the
// minute hides how it differs from ref: then to the second, or to the
// millisecond when the seconds hide it too. A late answer received moments
// after its deadline so reads "13:06:21" beside "13:06:20", never "13:06"
// beside "13:06".
func ShowTimeBeside(t, ref time.Time) string {
	if t.IsZero() {
		return ""
	}
	for _, layout := range []string{LocalLayout, "2006-01-02 15:04:05", "2006-01-02 15:04:05.000"} {
		a, b := t.In(London).Format(layout), ref.In(London).Format(layout)
		if a != b || t.Equal(ref) {
			return a
		}
	}
	return t.In(London).Format("2006-01-02 15:04:05.000000000")
}

// ReceivedWords sets when an answer was received beside its deadline,
// each to the precision that shows which came first, the deadline's date
// left out when it is the same day: "received 2026-12-01 13:06:21,
// deadline 13:06:20". Used wherever a received time is compared with a
// deadline.
func ReceivedWords(received, deadline time.Time) string {
	dl := ShowTimeBeside(deadline, received)
	if day := received.In(London).Format("2006-01-02 "); strings.HasPrefix(dl, day) {
		dl = strings.TrimPrefix(dl, day)
	}
	return "received " + ShowTimeBeside(received, deadline) + ", deadline " + dl
}
