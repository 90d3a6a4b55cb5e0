package matching

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Personal data in the free text providers read. A request keeps the young
// person's case reference, initials and date of birth; providers are shown
// none of them, and so no text they read may carry them either: the
// summary and the locality, and the reasons given to close early, cancel,
// award and end without award. CheckProviderText is the one check of all of
// them, made where each text enters (BuildRequest, CloseEarly, Cancel,
// CheckAward, CheckNoAward), so that the commands and the screens get it
// alike.
//
// What it refuses, and why it lets the rest through:
//
//   - The case reference as written, anywhere and in any case ("mc-88001"
//     inside any word); with its letters and digits in order and up to three
//     spaces, hyphens, dots, slashes or underscores between them, in any
//     case ("MC 88001", "mc88001", "M.C. 88001"), standing alone (or
//     anywhere, when it has six letters and digits or more: too many to
//     meet by chance); and its number alone when it has four digits or more
//     ("case 88001", "88001"). A number that reads as a year (1900 to 2099)
//     is refused alone only after "case", "ref", "reference", "number",
//     "no" or "file", since "since 2023" is not a reference.
//   - The initials (two letters or more: one letter is too common, "Plan
//     B") as a word of their own: in capitals always ("AB", "AB's");
//     dotted or spaced in capitals ("A.B.", "A. B.", "A B"); dotted in any
//     case ("a.b"); and as a lower-case or mixed-case word ("ab", "Ab") when
//     the initials do not spell a common English word or abbreviation. For
//     initials that do ("AN", "TO", "MR"), only the capitals and the dotted
//     forms are refused, since "an" is a word and not the young person; and
//     the dotted forms of an abbreviation ("e.g.", "i.e.", "a.m.") pass in
//     lower case. A word in capitals is refused even when it is also an
//     abbreviation ("GP" for initials GP): nothing tells them apart, and
//     another word serves.
//   - The date of birth, as a date: in numbers, day first or month first
//     or year first, with slashes, hyphens, dots or spaces, two- or
//     four-digit years (15/03/2009, 15-3-09, 15.03.09, 2009-03-15,
//     15 03 2009, 03/15/2009, 15032009); with the month's name or its
//     short form, ordinals, "of" and commas (15 March 2009, 15th of March,
//     2009, March 15th, 2009, Mar 15 '09, 15-Mar-2009). Other dates pass,
//     the start date among them. The day and month without a year, or the
//     month and year without a day, are refused after "born", "birth",
//     "birthday" or "dob" ("born on 15 March"), and pass otherwise ("start
//     15 March").

// PersonalKind is which of the young person's personal data a text holds.
type PersonalKind int

// The personal data a request keeps.
const (
	PersonalInitials PersonalKind = iota
	PersonalCaseRef
	PersonalDOB
)

func (k PersonalKind) String() string {
	switch k {
	case PersonalInitials:
		return "initials"
	case PersonalCaseRef:
		return "case reference"
	case PersonalDOB:
		return "date of birth"
	}
	return "personal data"
}

// PersonalFound is one of the young person's personal data found in a
// text, as it is written there.
type PersonalFound struct {
	Kind PersonalKind
	Text string
}

// FindPersonal returns what of r's personal data text holds: the first
// place each is written, initials first, then the case reference, then the
// date of birth. Empty when the text carries none of them (or r has none).
func FindPersonal(r Request, text string) []PersonalFound {
	if text == "" {
		return nil
	}
	toks := ptokens(text)
	var out []PersonalFound
	if s, ok := findInitials(text, toks, r.Initials); ok {
		out = append(out, PersonalFound{PersonalInitials, s})
	}
	if s, ok := findCaseRef(text, toks, r.CaseRef); ok {
		out = append(out, PersonalFound{PersonalCaseRef, s})
	}
	if s, ok := findDOB(text, toks, r.DOB); ok {
		out = append(out, PersonalFound{PersonalDOB, s})
	}
	return out
}

// CheckProviderText refuses a text providers will read that carries the
// young person's case reference, initials or date of birth (see
// FindPersonal), naming the field ("award reason") and what was found.
func CheckProviderText(r Request, field, text string) error {
	found := FindPersonal(r, text)
	if len(found) == 0 {
		return nil
	}
	return Invalidf("%s", PersonalWords(field, found))
}

// ptok is a word or a number of a text: a run of letters, or of the digits
// 0 to 9. Everything between two tokens is their separator.
type ptok struct {
	start, end int    // bytes of the text
	num        bool   // digits
	low        string // the token in lower case
}

// ptokens splits text into its words and numbers.
func ptokens(text string) []ptok {
	var toks []ptok
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isASCIIDigit(r):
			j := i + 1
			for j < len(text) && isASCIIDigit(rune(text[j])) {
				j++
			}
			toks = append(toks, ptok{start: i, end: j, num: true, low: text[i:j]})
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, ptok{start: i, end: j, low: strings.ToLower(text[i:j])})
			i = j
		default:
			i += size
		}
	}
	return toks
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// between is the separator before token k (k ≥ 1).
func between(text string, toks []ptok, k int) string { return text[toks[k-1].end:toks[k].start] }

// findInitials finds the initials written as a word of their own (see the
// rules above).
func findInitials(text string, toks []ptok, initials string) (string, bool) {
	// By letters, not bytes: initials may be Å or Ø.
	ini := []rune(initials)
	n := len(ini)
	if n < 2 || !allLetters(ini) {
		return "", false
	}
	low := strings.ToLower(initials)
	lows := make([]string, n)
	for k, r := range ini {
		lows[k] = strings.ToLower(string(r))
	}
	common, abbrev := commonWords[low], dottedAbbreviations[low]
	for i, t := range toks {
		if t.num {
			continue
		}
		if t.low == low {
			written := text[t.start:t.end]
			if written == initials {
				return written, true
			}
			// In lower or mixed case: not a common word, and not glued to
			// a number ("15th" is not the initials TH).
			if !common && !gluedToNumber(toks, i) {
				return written, true
			}
			continue
		}
		if t.low != lows[0] || i+n > len(toks) {
			continue
		}
		ok, dotted, upper := true, false, true
		for k := 0; k < n && ok; k++ {
			tk := toks[i+k]
			if tk.num || tk.low != lows[k] {
				ok = false
				break
			}
			upper = upper && text[tk.start:tk.end] == string(ini[k])
			if k > 0 {
				sep := between(text, toks, i+k)
				trimmed := strings.Trim(sep, " ")
				ok = len(sep) <= 3 && (trimmed == "" || trimmed == ".")
				dotted = dotted || trimmed == "."
			}
		}
		if !ok {
			continue
		}
		end := toks[i+n-1].end
		if end < len(text) && text[end] == '.' {
			end++
		}
		if upper || dotted && !abbrev {
			return text[t.start:end], true
		}
	}
	return "", false
}

func allLetters(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// gluedToNumber reports whether word token i touches a number.
func gluedToNumber(toks []ptok, i int) bool {
	return i > 0 && toks[i-1].num && toks[i-1].end == toks[i].start ||
		i+1 < len(toks) && toks[i+1].num && toks[i+1].start == toks[i].end
}

// findCaseRef finds the case reference (see the rules above).
func findCaseRef(text string, toks []ptok, ref string) (string, bool) {
	if strings.TrimSpace(ref) == "" {
		return "", false
	}
	lowText, lowRef := strings.ToLower(text), strings.ToLower(ref)
	if i := strings.Index(lowText, lowRef); i >= 0 {
		if len(lowText) == len(text) && plainASCII(text) {
			return text[i : i+len(lowRef)], true
		}
		return ref, true
	}
	var key []rune
	for _, r := range lowRef {
		if isAlnum(r) {
			key = append(key, unicode.ToLower(r))
		}
	}
	if len(key) > 0 {
		if s, ok := findSpaced(text, key, len(key) >= 6); ok {
			return s, true
		}
	}
	num := refNumber(ref)
	if num == "" {
		return "", false
	}
	yearLike := len(num) == 4 && num >= "1900" && num <= "2099"
	for i, t := range toks {
		if t.num && t.low == num && (!yearLike || i > 0 && refWords[toks[i-1].low]) {
			return t.low, true
		}
	}
	return "", false
}

// findSpaced finds key (letters and digits, in lower case) in text in any
// case, with up to three separators between any two of its characters;
// standing alone unless anywhere.
func findSpaced(text string, key []rune, anywhere bool) (string, bool) {
	prevAlnum := false
	for i, r := range text {
		alnum := isAlnum(r)
		starts := alnum && unicode.ToLower(r) == key[0] && (anywhere || !prevAlnum)
		prevAlnum = alnum
		if !starts {
			continue
		}
		k, seps := 0, 0
		for j := i; j < len(text); {
			c, size := utf8.DecodeRuneInString(text[j:])
			switch {
			case isAlnum(c):
				if unicode.ToLower(c) != key[k] {
					j = len(text)
					continue
				}
				k, seps, j = k+1, 0, j+size
				if k == len(key) {
					next, _ := utf8.DecodeRuneInString(text[j:])
					if anywhere || j == len(text) || !isAlnum(next) {
						return text[i:j], true
					}
					j = len(text)
				}
			case refSeparator(c) && seps < 3:
				seps, j = seps+1, j+size
			default:
				j = len(text)
			}
		}
	}
	return "", false
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func refSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '-', '.', '/', '\\', '_', '\u00a0', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015':
		return true
	}
	return false
}

// refNumber is the number of a case reference: its longest run of digits
// (the last of the longest), if it has four digits or more.
func refNumber(ref string) string {
	best := ""
	for i := 0; i < len(ref); {
		if !isASCIIDigit(rune(ref[i])) {
			i++
			continue
		}
		j := i
		for j < len(ref) && isASCIIDigit(rune(ref[j])) {
			j++
		}
		if j-i >= len(best) {
			best = ref[i:j]
		}
		i = j
	}
	if len(best) < 4 {
		return ""
	}
	return best
}

// refWords are the words that say a number is a reference.
var refWords = map[string]bool{"case": true, "ref": true, "reference": true, "number": true, "no": true, "file": true}

// findDOB finds the date of birth (see the rules above).
func findDOB(text string, toks []ptok, dob time.Time) (string, bool) {
	if dob.IsZero() {
		return "", false
	}
	// As the check before this one did: the zero-padded forms, anywhere.
	for _, layout := range []string{DateLayout, "02/01/2006", "02.01.2006", "02-01-2006"} {
		if s := dob.Format(layout); strings.Contains(text, s) {
			return s, true
		}
	}
	d := dobParts{day: dob.Day(), month: int(dob.Month()), year: dob.Year()}
	compact := map[string]bool{dob.Format("02012006"): true, dob.Format("20060102"): true, dob.Format("01022006"): true,
		dob.Format("020106"): true, dob.Format("060102"): true}
	span := func(a, b int) string { return text[toks[a].start:toks[b].end] }
	for i, t := range toks {
		if t.num {
			if compact[t.low] {
				return t.low, true
			}
			three := i+2 < len(toks) && toks[i+1].num && toks[i+2].num &&
				numericSep(between(text, toks, i+1)) && numericSep(between(text, toks, i+2))
			if three {
				a, b, c := toks[i], toks[i+1], toks[i+2]
				short := len(a.low) <= 2 && len(b.low) <= 2
				if short && d.yearIs(c) && (d.dayMonth(a, b) || d.dayMonth(b, a)) ||
					len(a.low) == 4 && len(b.low) <= 2 && len(c.low) <= 2 && d.yearIs(a) && d.dayMonth(c, b) {
					return span(i, i+2), true
				}
				continue
			}
			if i+1 < len(toks) && toks[i+1].num && numericSep(between(text, toks, i+1)) {
				a, b := toks[i], toks[i+1]
				if len(a.low) <= 2 && len(b.low) <= 2 && (d.dayMonth(a, b) || d.dayMonth(b, a)) && bornBefore(toks, i) {
					return span(i, i+1), true
				}
			}
			continue
		}
		m, ok := monthNames[t.low]
		if !ok {
			continue
		}
		first, day := dayBefore(text, toks, i)
		last := i
		if day == nil {
			first = i
			if k := i + 1; k < len(toks) && toks[k].num && len(toks[k].low) <= 2 && nameSep(between(text, toks, k)) {
				day, last = &toks[k], k
				if k+1 < len(toks) && ordinalSuffix[toks[k+1].low] && toks[k+1].start == toks[k].end {
					last = k + 1
				}
			}
		}
		var year *ptok
		if k := last + 1; k < len(toks) && toks[k].num && (len(toks[k].low) == 2 || len(toks[k].low) == 4) && yearSep(between(text, toks, k)) {
			year, last = &toks[k], k
		}
		dayOK := day != nil && atoi(day.low) == d.day && m == d.month
		switch {
		case day != nil && year != nil:
			if dayOK && d.yearIs(*year) {
				return span(first, last), true
			}
		case day != nil:
			if dayOK && bornBefore(toks, first) {
				return span(first, last), true
			}
		case year != nil:
			if m == d.month && d.yearIs(*year) && bornBefore(toks, first) {
				return span(first, last), true
			}
		}
	}
	return "", false
}

// dobParts is a date of birth as numbers.
type dobParts struct{ day, month, year int }

func (d dobParts) dayMonth(day, month ptok) bool {
	return atoi(day.low) == d.day && atoi(month.low) == d.month
}

// yearIs reports whether a number is the year of birth, in four digits or
// two.
func (d dobParts) yearIs(t ptok) bool {
	switch len(t.low) {
	case 4:
		return atoi(t.low) == d.year
	case 2:
		return atoi(t.low) == d.year%100
	}
	return false
}

// dayBefore reads the day written before the month name at token i ("15",
// "15th", "15th of", "15-"), returning the first token of the date.
func dayBefore(text string, toks []ptok, i int) (first int, day *ptok) {
	q, link := i-1, i
	if q >= 0 && toks[q].low == "of" && strings.Trim(between(text, toks, i), " ") == "" {
		q, link = q-1, q
	}
	if q >= 0 && ordinalSuffix[toks[q].low] && q > 0 && toks[q-1].num && toks[q-1].end == toks[q].start {
		if !nameSep(between(text, toks, link)) {
			return 0, nil
		}
		q--
	} else if q < 0 || !toks[q].num || !nameSep(between(text, toks, link)) {
		return 0, nil
	}
	if len(toks[q].low) > 2 {
		return 0, nil
	}
	return q, &toks[q]
}

// numericSep is what may stand between the numbers of a date: a slash,
// hyphen, dot or dash, or spaces.
func numericSep(s string) bool {
	if len(s) > 4 {
		return false
	}
	switch strings.Trim(s, " ") {
	case "", "/", "-", ".", "–", "—", "\\":
		return true
	}
	return false
}

// nameSep is what may stand between a day and a month's name.
func nameSep(s string) bool {
	if len(s) > 3 {
		return false
	}
	switch strings.Trim(s, " ") {
	case "", "-", "/", ".", "–":
		return true
	}
	return false
}

// yearSep is what may stand before the year of a date with a month's name:
// "15 March 2009", "March 15, 2009", "15-Mar-09", "Mar 15 '09".
func yearSep(s string) bool {
	if len(s) > 4 {
		return false
	}
	switch strings.Trim(s, " ") {
	case "", ",", "-", "/", ".", "'", "’", ",'", ",’", "–":
		return true
	}
	return false
}

// bornBefore reports whether one of the four words before token i says
// what follows is a birth date: born, birth, birthday, dob, d.o.b.
func bornBefore(toks []ptok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if birthWords[toks[k].low] {
			return true
		}
		if toks[k].low == "b" && k >= 2 && toks[k-1].low == "o" && toks[k-2].low == "d" {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

var birthWords = map[string]bool{"born": true, "birth": true, "birthday": true, "birthdate": true, "dob": true, "bday": true}

var ordinalSuffix = map[string]bool{"st": true, "nd": true, "rd": true, "th": true}

var monthNames = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// dottedAbbreviations are abbreviations written with dots in lower case:
// initials that spell one are not refused in that form ("e.g." for EG).
var dottedAbbreviations = setOf("eg ie am pm nb ps cf aka asap eta etc vs uk us usa ad bc ok mr ms dr st")

// commonWords are English words and abbreviations of two to four letters
// that a summary or a reason may well use: initials that spell one are
// refused only in capitals or dotted, never as the ordinary word.
var commonWords = setOf(`
a am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye ah ha yo
mr ms dr st rd nd th eg ie pm vs gp uk tv pc id re co km cm mm kg ml hr am ad
act add age ago aid aim air all and any app are arm art ask ate bad bag bar bed bet big bin bit box boy
bus but buy bye can cap car cat cup cut dad day did die dig dim dog dry due ear eat egg end era eve
eye fan far fat fee few fit fix fly for fun gap gas get got gum gun guy gym had has hat her hey him his
hit hot how hug ice ill its jam job joy key kid kit lab lap law lay led leg let lie lit lot low mad man
map may men met mix mob mom mop mrs mum nap net new nil nor not now nut oak odd off oil old one our out
owe own pad pan pay pen per pet pie pin pit pop pot put ran rap rat raw red rid row rub run sad sat saw
say sea see set sex she shy sit six ski sky son spa sum sun tap tax tea ten the tie tin tip toe ton too
top toy try two use van via war was way web wet who why win won yes yet you zoo hrs yrs wks etc asap aka
able ache acts aged ages also area army arts asks away baby back bags bake ball band bank bars base bath
bear beat beds been beer bell belt best bike bill bins bird bits blue boat body bond bone book boot bore
born boss both bowl boys bulk burn bus busy cafe cake call calm came camp cans card care cars case cash
cats cell chat chef city clay club coat code cold come cook cool cope copy core cost cosy crew cups cure
cuts dads dark data date days dead deaf deal dear debt deep desk diet dogs done door dose down draw drew
drop drug dual duty each earn ease east easy eats edge else ends even ever eyes face fact fail fair fall
fame farm fast fear feed feel fees feet fell felt file fill film find fine fire firm fish fits five flat
flew food foot form four free from fuel full fund gain game gang gave gets gift girl give glad goal goes
gold golf gone good grew grow hair half hall hand hang hard harm hate have head heal hear heat held hell
help here hero high hill hire hold hole holy home hope host hour huge hung hurt idea ill inch into iron
item jobs join joke jump just keen keep kept kick kids kind king kiss knee knew know lack lady laid lake
land lane last late lead leaf lean left legs lend less lies life lift like line link list live load loan
lock long look lose loss lost lots loud love luck made mail main make male mall many mark mass meal mean
meat meet mess mild mile milk mind mine miss mood moon more most move much mums must name near neat neck
need news next nice nine none noon norm nose note nurse okay once ones only onto open oral over pace pack
page paid pain pair pale park part pass past path peer pick pill pink plan play plus poem pool poor port
post pour pray pull pure push quit race rail rain rare rate read real rely rent rest rich ride ring rise
risk road rock role roll roof room root rose rule rush safe said sale salt same sand save says seat seek
seem seen self sell send sent ship shoe shop shot show shut sick side sign sing site size skin slip slow
snow soft soil sold sole some song soon sort soul spot star stay step stop such suit sure swim take tale
talk tall task team tell tend term test text than that them then they thin this tidy time tiny told tone
took tool tour town toys tree trip true turn twin type unit upon used user uses vast very view visit vote
wage wait wake walk wall want ward warm wash wave ways weak wear week well went were west what when whom
wide wife wild will wind wine wish with woke wood word wore work yard year your zero zone
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
