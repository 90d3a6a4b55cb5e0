package matching_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"placematch/matching"
)

// personalRequest is the young person of the issue: AB, MC-88001, born
// 15 March 2009.
func personalRequest() matching.Request {
	return matching.Request{ID: "MAN-2026-0001", CaseRef: "MC-88001", Initials: "AB", DOB: time.Date(2009, 3, 15, 0, 0, 0, 0, time.UTC)}
}

// TestCheckProviderTextPairs holds phrasings that must be refused, each
// beside a like text that must pass: the check catches the young person's
// data in the forms people write, and leaves ordinary words, other numbers
// and other dates alone.
func TestCheckProviderTextPairs(t *testing.T) {
	t.Parallel()
	type pair struct {
		name     string
		mod      func(*matching.Request) // nil: the young person
		refused  string
		kind     matching.PersonalKind
		shown    string // what the message quotes
		passes   string
		passNote string
	}
	initials := func(s string) func(*matching.Request) { return func(r *matching.Request) { r.Initials = s } }
	caseRef := func(s string) func(*matching.Request) { return func(r *matching.Request) { r.CaseRef = s } }
	cases := []pair{
		// The case reference.
		{"ref as written", nil, "Case MC-88001 moved twice.", matching.PersonalCaseRef, "MC-88001", "Case closed after two moves.", ""},
		{"ref in lower case, no hyphen", nil, "see case mc88001", matching.PersonalCaseRef, "mc88001", "see the case plan", ""},
		{"ref with a space", nil, "case MC 88001 on file", matching.PersonalCaseRef, "MC 88001", "case MC team on file", ""},
		{"ref with dots", nil, "ref M.C. 88001", matching.PersonalCaseRef, "M.C. 88001", "ref M.C. Escher prints", ""},
		{"ref with an underscore", nil, "Mc_88001 agreed", matching.PersonalCaseRef, "Mc_88001", "Mc_8800 agreed", "a shorter number"},
		{"ref in brackets", nil, "chosen (MC88001)", matching.PersonalCaseRef, "MC88001", "chosen (MC8800)", ""},
		{"ref glued to a word", nil, "caseMC-88001 agreed", matching.PersonalCaseRef, "MC-88001", "caseMC-8800 agreed", ""},
		{"ref's number after case", nil, "case 88001 agreed", matching.PersonalCaseRef, "88001", "88 weeks agreed", ""},
		{"ref's number alone", nil, "file note 88001 applies", matching.PersonalCaseRef, "88001", "costs 8,800 a year", ""},
		{"ref's number in a longer number is not it", nil, "case 88001.", matching.PersonalCaseRef, "88001", "call 0151 880017", "different digits"},
		{"a year-like ref number after case", caseRef("LC-2024"), "case 2024 agreed", matching.PersonalCaseRef, "2024", "since 2024 agreed", "a year is a year"},
		{"a year-like ref with its letters", caseRef("LC-2024"), "lc 2024 agreed", matching.PersonalCaseRef, "lc 2024", "LC area since 2024", ""},
		{"an old-style ref inside a word", caseRef("LC-1234"), "see filelc-1234x", matching.PersonalCaseRef, "lc-1234", "see file lc 12 35", "other digits"},

		// The initials.
		{"initials in capitals", nil, "AB chose it after visits", matching.PersonalInitials, "AB", "about the home after visits", ""},
		{"initials dotted", nil, "A.B. is quiet", matching.PersonalInitials, "A.B.", "a bit quiet", ""},
		{"initials dotted and spaced", nil, "A. B. is quiet", matching.PersonalInitials, "A. B.", "is quiet at bedtime", ""},
		{"initials dotted in lower case", nil, "a.b likes art", matching.PersonalInitials, "a.b", "learning a b c in art", ""},
		{"initials in lower case", nil, "ab likes art", matching.PersonalInitials, "ab", "abs workout and art", ""},
		{"initials in mixed case", nil, "Ab visited twice", matching.PersonalInitials, "Ab", "Abi visited twice", ""},
		{"initials with a possessive", nil, "it was AB's choice", matching.PersonalInitials, "AB", "it was the ABC club's choice", ""},
		{"initials spaced in capitals", nil, "A B chose it", matching.PersonalInitials, "A B", "plan a b chosen", ""},
		{"initials in brackets", nil, "the move (AB) went well", matching.PersonalInitials, "AB", "the move (ABBA night) went well", ""},
		{"initials in another script's letters", initials("ÅØ"), "ÅØ likes music", matching.PersonalInitials, "ÅØ", "Å likes music", ""},
		{"such initials in lower case", initials("ÅØ"), "åø likes music", matching.PersonalInitials, "åø", "ø likes music", ""},
		{"such initials dotted", initials("ÇŞ"), "Ç. Ş. likes music", matching.PersonalInitials, "Ç. Ş.", "Ç likes music", ""},
		{"Cyrillic initials spaced", initials("ЮЛ"), "Ю Л likes music", matching.PersonalInitials, "Ю Л", "Юлия likes music", ""},
		{"initials that spell a word, in capitals", initials("AN"), "AN chose it", matching.PersonalInitials, "AN", "an ordinary home was chosen", ""},
		{"initials that spell a word, dotted", initials("AN"), "A.N. visited", matching.PersonalInitials, "A.N.", "An early visit", ""},
		{"initials that spell a word, dotted in lower case", initials("AN"), "a.n. visited", matching.PersonalInitials, "a.n.", "a new visit", ""},
		{"initials that spell an abbreviation, dotted in capitals", initials("EG"), "E.G. prefers quiet", matching.PersonalInitials, "E.G.", "e.g. prefers quiet", ""},
		{"initials that spell an abbreviation, in capitals", initials("EG"), "EG prefers quiet", matching.PersonalInitials, "EG", "eg quiet rooms preferred", ""},
		{"initials that end an ordinal", initials("TH"), "TH settled well", matching.PersonalInitials, "TH", "settled well since the 15th", ""},
		{"three initials in lower case", initials("QZX"), "qzx said yes", matching.PersonalInitials, "qzx", "the quiz said yes", ""},
		{"three initials dotted", initials("QZX"), "Q.Z.X. said yes", matching.PersonalInitials, "Q.Z.X.", "Q.Z. said yes", "two of three"},

		// The date of birth.
		{"born, dotted, two-digit year", nil, "born 15.03.09", matching.PersonalDOB, "15.03.09", "start 15.03.27", ""},
		{"slashes", nil, "dob 15/03/2009", matching.PersonalDOB, "15/03/2009", "start 15/03/2027", ""},
		{"hyphens", nil, "dob 15-03-2009", matching.PersonalDOB, "15-03-2009", "start 15-03-2026", ""},
		{"no padding, two-digit year", nil, "dob 15/3/09", matching.PersonalDOB, "15/3/09", "start 15/3/26", ""},
		{"ISO", nil, "dob 2009-03-15", matching.PersonalDOB, "2009-03-15", "start 2026-03-15", ""},
		{"spaces", nil, "dob 15 03 2009", matching.PersonalDOB, "15 03 2009", "start 15 03 2026", ""},
		{"month first", nil, "dob 03/15/2009", matching.PersonalDOB, "03/15/2009", "start 03/15/2027", ""},
		{"eight digits", nil, "dob 15032009", matching.PersonalDOB, "15032009", "ref 15032027", ""},
		{"eight digits, year first", nil, "dob 20090315", matching.PersonalDOB, "20090315", "ref 20270315", ""},
		{"month name", nil, "since 15 March 2009", matching.PersonalDOB, "15 March 2009", "since 15 March 2027", ""},
		{"ordinal and month name", nil, "since 15th March 2009", matching.PersonalDOB, "15th March 2009", "since 15th March 2027", ""},
		{"month name first, ordinal, comma", nil, "born March 15th, 2009", matching.PersonalDOB, "March 15th, 2009", "born in Liverpool, March 2027", ""},
		{"short month first", nil, "Mar 15 2009", matching.PersonalDOB, "Mar 15 2009", "Mar 16 2009", "another day"},
		{"ordinal of month, comma", nil, "the 15th of March, 2009", matching.PersonalDOB, "15th of March, 2009", "the 15th of March, 2027", ""},
		{"short month, hyphens", nil, "dob 15-Mar-09", matching.PersonalDOB, "15-Mar-09", "start 15-Mar-27", ""},
		{"apostrophe year", nil, "Mar 15 '09", matching.PersonalDOB, "Mar 15 '09", "Mar 15 '27", ""},
		{"short month, two-digit year", nil, "15 Mar 09", matching.PersonalDOB, "15 Mar 09", "15 Mar 90", ""},
		{"with the weekday", nil, "Sunday 15 March 2009", matching.PersonalDOB, "15 March 2009", "Sunday 15 March 2026", ""},
		{"zero-padded, dots, four digits", nil, "dob 15.03.2009", matching.PersonalDOB, "15.03.2009", "start 15.03.2019", ""},
		{"born on the day and month", nil, "born on 15 March", matching.PersonalDOB, "15 March", "start on 15 March", "the start date may fall on the birthday"},
		{"dob, day and month in numbers", nil, "dob 15/03", matching.PersonalDOB, "15/03", "start 15/03", ""},
		{"d.o.b., day and month", nil, "d.o.b. 15th March", matching.PersonalDOB, "15th March", "due 15th March", ""},
		{"born, month and year", nil, "born March 2009", matching.PersonalDOB, "March 2009", "moved here March 2009", "without a birth word it is a move"},

		// The award reason, all three at once.
		{"the issue's award reason", nil, "AB (MC-88001, dob 15/03/2009) chose it after visits", matching.PersonalInitials, "AB",
			"The young person chose it after visits", ""},
	}
	if n := len(cases); n < 40 {
		t.Fatalf("only %d pairs: the check needs at least 40", n)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := personalRequest()
			if tc.mod != nil {
				tc.mod(&r)
			}
			err := matching.CheckProviderText(r, "award reason", tc.refused)
			if err == nil {
				t.Fatalf("%q passed: it holds the %s (%s, %s, %s)", tc.refused, tc.kind, r.Initials, r.CaseRef, matching.ShowDate(r.DOB))
			}
			if !errors.Is(err, matching.ErrInvalid) {
				t.Errorf("the refusal is not an invalid input: %v", err)
			}
			msg := err.Error()
			for _, want := range []string{"the award reason", tc.kind.String() + ` ("` + tc.shown + `")`, "providers will read it", "request note"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the message lacks %q: %s", want, msg)
				}
			}
			if got := matching.CheckProviderText(r, "award reason", tc.passes); got != nil {
				t.Errorf("%q was refused (%s): %v", tc.passes, tc.passNote, got)
			}
		})
	}
}

// TestPersonalWordsNamesEveryFind checks the message for a text with all
// three, and that a request without personal data finds nothing.
func TestPersonalWordsNamesEveryFind(t *testing.T) {
	t.Parallel()
	r := personalRequest()
	err := matching.CheckProviderText(r, "cancellation reason", "AB (MC-88001, dob 15/03/2009) moved home")
	want := `the cancellation reason contains the young person's initials ("AB"), case reference ("MC-88001") and date of birth ("15/03/2009"); ` +
		`providers will read it: describe without them, and put what the file needs in a note for the record, which providers never see (w on the request in the app, request note on the command line)`
	if err == nil || err.Error() != want {
		t.Errorf("message\n%v\nwant\n%s", err, want)
	}
	if got := matching.FindPersonal(matching.Request{}, "AB (MC-88001, dob 15/03/2009)"); got != nil {
		t.Errorf("a request without personal data found %v", got)
	}
	if got := matching.FindPersonal(r, ""); got != nil {
		t.Errorf("an empty text found %v", got)
	}
	// One initial is too common a letter to refuse.
	r.Initials = "B"
	if err := matching.CheckProviderText(r, "summary", "Plan B, then B. chose"); err != nil {
		t.Errorf("a single initial refused: %v", err)
	}
}

// FuzzFindPersonal: the check never panics on any text, says what it found
// as written in the text, and still finds the young person's data wherever
// they are added to a text.
func FuzzFindPersonal(f *testing.F) {
	for _, s := range []string{
		"", "AB (MC-88001, dob 15/03/2009) chose it", "born 15.03.09", "15th of March, 2009", "March", "15th", "of March",
		"a.b.c.d.e.f", "M C - 8 8 0 0 1", "\xff\xfe 15/03", "ABΩ", "İ.B", "K.B", "'09", "2009-03-15x", "99999999999999999999/03/2009",
		"15 15 15 15 15", "Mar 15 '", "\u00a0MC\u201388001", strings.Repeat("1/", 50), "d.o.b", "born", "the 15th of",
	} {
		f.Add(s)
	}
	r := personalRequest()
	f.Fuzz(func(t *testing.T, text string) {
		found := matching.FindPersonal(r, text)
		for _, p := range found {
			if p.Text == "" {
				t.Fatalf("found the %s as empty text in %q", p.Kind, text)
			}
		}
		if err := matching.CheckProviderText(r, "summary", text); (err != nil) != (len(found) > 0) {
			t.Fatalf("CheckProviderText and FindPersonal disagree on %q: %v, %v", text, err, found)
		}
		if !utf8.ValidString(text) {
			return
		}
		for _, add := range []struct {
			kind matching.PersonalKind
			text string
		}{{matching.PersonalInitials, "AB"}, {matching.PersonalCaseRef, "MC-88001"}, {matching.PersonalDOB, "15/03/2009"}} {
			got := matching.FindPersonal(r, text+" "+add.text+" ")
			has := false
			for _, p := range got {
				has = has || p.Kind == add.kind
			}
			if !has {
				t.Fatalf("the %s %q added to %q was not found: %v", add.kind, add.text, text, got)
			}
		}
	})
}
