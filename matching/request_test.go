package matching

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseWeights(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Weights
		wantErr string // fragment of the message; "" for success
	}{
		{"50,35,15", Weights{50, 35, 15}, ""},
		{"50/35/15", Weights{50, 35, 15}, ""},
		{" 60 , 30 , 10 ", Weights{60, 30, 10}, ""},
		{"100,0,0", Weights{100, 0, 0}, ""},
		{"0,0,100", Weights{0, 0, 100}, ""},
		{"50,35,16", Weights{}, "add up to 101"},
		{"50,35,14", Weights{}, "add up to 99"},
		{"0,0,0", Weights{}, "add up to 0"},
		{"-10,60,50", Weights{}, "0 or more"},
		{"110,-5,-5", Weights{}, "0 or more"},
		{"50,50", Weights{}, "three whole numbers"},
		{"25,25,25,25", Weights{}, "three whole numbers"},
		{"100", Weights{}, "three whole numbers"},
		{"", Weights{}, "three whole numbers"},
		{"50,35.5,14.5", Weights{}, "not a whole number"},
		{"fifty,35,15", Weights{}, "not a whole number"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseWeights(tc.in)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseWeights(%q): %v", tc.in, err)
				}
				if got != tc.want {
					t.Errorf("ParseWeights(%q) = %v, want %v", tc.in, got, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseWeights(%q) = %v, want an error", tc.in, got)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseWeights(%q) error %q, want an invalid error containing %q", tc.in, err, tc.wantErr)
			}
		})
	}
}

func TestWeightsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		w  Weights
		ok bool
	}{
		{Weights{50, 35, 15}, true},
		{Weights{34, 33, 33}, true},
		{Weights{0, 100, 0}, true},
		{Weights{}, false},
		{Weights{50, 35, 14}, false},
		{Weights{50, 50, 1}, false},
		{Weights{-1, 51, 50}, false},
		{Weights{50, -1, 51}, false},
		{Weights{50, 51, -1}, false},
		{Weights{200, -50, -50}, false},
	}
	for _, tc := range tests {
		t.Run(tc.w.String(), func(t *testing.T) {
			err := tc.w.Validate()
			if (err == nil) != tc.ok {
				t.Errorf("%v.Validate() = %v, want ok=%v", tc.w, err, tc.ok)
			}
			if err != nil && KindOf(err) != KindInvalid {
				t.Errorf("kind %d, want KindInvalid", KindOf(err))
			}
		})
	}
	if got := (Weights{50, 35, 15}).String(); got != "50/35/15" {
		t.Errorf("String = %q", got)
	}
}

// requestNow is 10:00 on Friday 20 November 2026 (GMT).
var requestNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func validInput() RequestInput {
	return RequestInput{
		Council:  "sefton",
		Lot:      "group-living",
		CaseRef:  "LC-1234",
		Initials: "j.s.",
		DOB:      "2010-03-15",
		Start:    "2026-12-01",
		Deadline: "2026-11-26 17:00",
		Urgency:  "",
		Hours:    "10",
		Needs:    "mental-health; Autism;autism",
		Risks:    "self-harm",
		Locality: "Bootle",
		Summary:  "Needs a quiet home near college.",
	}
}

func TestBuildRequestValid(t *testing.T) {
	t.Parallel()
	r, err := BuildRequest(validInput(), Defaults{GuidePrice: 120000}, requestNow)
	if err != nil {
		t.Fatalf("BuildRequest: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"status", r.Status, StatusDraft},
		{"created", r.CreatedAt, requestNow},
		{"council", r.Council, "sefton"},
		{"framework", r.Framework, "leaving-care"},
		{"lot", r.Lot, "group-living"},
		{"case", r.CaseRef, "LC-1234"},
		{"initials", r.Initials, "JS"},
		{"dob", r.DOB, day(t, "2010-03-15")},
		{"start", r.Start, day(t, "2026-12-01")},
		{"age", r.Age(), 16},
		{"deadline", r.Deadline, at(t, "2026-11-26T17:00:00Z")},
		{"urgency", r.Urgency, UrgencyPlanned},
		{"hours", r.Hours, 10.0},
		{"needs", fmt.Sprint(r.Needs), "[autism mental-health]"},
		{"risks", fmt.Sprint(r.Risks), "[self-harm]"},
		{"locality", r.Locality, "Bootle"},
		{"summary", r.Summary, "Needs a quiet home near college."},
		{"weights", r.Weights, DefaultWeights()},
		{"price cap", r.PriceCap, Pence(120000)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestBuildRequestDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		weights     string
		cap         string
		def         Defaults
		wantWeights Weights
		wantCap     Pence
	}{
		{"framework weights and no cap", "", "", Defaults{}, DefaultWeights(), 0},
		{"council weights and guide price", "", "", Defaults{Weights: Weights{60, 30, 10}, GuidePrice: 95000}, Weights{60, 30, 10}, 95000},
		{"request weights override the council's", "40,40,20", "", Defaults{Weights: Weights{60, 30, 10}, GuidePrice: 95000}, Weights{40, 40, 20}, 95000},
		{"request cap overrides the guide price", "", "£1,500", Defaults{Weights: Weights{60, 30, 10}, GuidePrice: 95000}, Weights{60, 30, 10}, 150000},
		{"none removes the guide price", "", "none", Defaults{GuidePrice: 95000}, DefaultWeights(), 0},
		{"NONE in capitals", "", " NONE ", Defaults{GuidePrice: 95000}, DefaultWeights(), 0},
		{"cap with pence", "", "1200.50", Defaults{}, DefaultWeights(), 120050},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			in.Weights, in.PriceCap = tc.weights, tc.cap
			r, err := BuildRequest(in, tc.def, requestNow)
			if err != nil {
				t.Fatalf("BuildRequest: %v", err)
			}
			if r.Weights != tc.wantWeights || r.PriceCap != tc.wantCap {
				t.Errorf("weights %v cap %d, want %v %d", r.Weights, r.PriceCap, tc.wantWeights, tc.wantCap)
			}
		})
	}
}

func TestBuildRequestFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(*RequestInput)
		want []string // the fields reported, sorted
	}{
		{"unknown lot", func(in *RequestInput) { in.Lot = "nope" }, []string{"lot"}},
		{"empty lot", func(in *RequestInput) { in.Lot = "" }, []string{"lot"}},
		{"council not a member of care-support", func(in *RequestInput) { in.Council, in.Lot = "manchester", "packages" }, []string{"council"}},
		{"unknown council", func(in *RequestInput) { in.Council = "atlantis" }, []string{"council"}},
		{"council slug in capitals", func(in *RequestInput) { in.Council = "Sefton" }, []string{"council"}},
		{"empty case reference", func(in *RequestInput) { in.CaseRef = "  " }, []string{"case"}},
		{"overlong case reference", func(in *RequestInput) { in.CaseRef = strings.Repeat("X", MaxCaseRef+1) }, []string{"case"}},
		{"case reference with a control character", func(in *RequestInput) { in.CaseRef = "LC\x07" }, []string{"case"}},
		{"initials with a digit", func(in *RequestInput) { in.Initials = "J5" }, []string{"initials"}},
		{"five initials", func(in *RequestInput) { in.Initials = "ABCDE" }, []string{"initials"}},
		{"five initials with Ø", func(in *RequestInput) { in.Initials = "ØABCD" }, []string{"initials"}},
		{"initials with a mark alone", func(in *RequestInput) { in.Initials = "A\u030a" }, []string{"initials"}},
		{"initials with a symbol", func(in *RequestInput) { in.Initials = "A€" }, []string{"initials"}},
		{"no initials", func(in *RequestInput) { in.Initials = "" }, []string{"initials"}},
		{"dob in the future", func(in *RequestInput) { in.DOB = "2026-11-21" }, []string{"dob"}},
		{"dob malformed", func(in *RequestInput) { in.DOB = "15.03.2010" }, []string{"dob"}},
		{"dob missing", func(in *RequestInput) { in.DOB = "" }, []string{"dob"}},
		{"start yesterday", func(in *RequestInput) { in.Start = "2026-11-19" }, []string{"start"}},
		{"start malformed", func(in *RequestInput) { in.Start = "next week" }, []string{"start"}},
		{"start missing", func(in *RequestInput) { in.Start = "" }, []string{"start"}},
		{"15 on a 16+ lot", func(in *RequestInput) { in.DOB = "2011-12-02" }, []string{"dob"}},
		{"25 on a 16+ lot", func(in *RequestInput) { in.DOB = "2001-12-01" }, []string{"dob"}},
		{"25 on packages", func(in *RequestInput) { in.Lot, in.DOB = "packages", "2001-12-01" }, []string{"dob"}},
		{"start in the year 9999", func(in *RequestInput) { in.Start = "9999-12-31" }, []string{"start"}},
		{"start years away, past the lot's ages", func(in *RequestInput) { in.Start = "2035-03-15" }, []string{"start"}},
		{"15 today, still 15 on the start date", func(in *RequestInput) { in.DOB = "2011-06-01" }, []string{"dob"}},
		{"15 today, far too old by the start date", func(in *RequestInput) { in.DOB, in.Start = "2011-06-01", "2040-01-01" }, []string{"dob"}},
		{"deadline passed", func(in *RequestInput) { in.Deadline = "2026-11-20 09:59" }, []string{"deadline"}},
		{"deadline exactly now", func(in *RequestInput) { in.Deadline = "2026-11-20T10:00:00Z" }, []string{"deadline"}},
		{"deadline malformed", func(in *RequestInput) { in.Deadline = "Friday 5pm" }, []string{"deadline"}},
		{"deadline missing", func(in *RequestInput) { in.Deadline = "" }, []string{"deadline"}},
		{"unknown urgency", func(in *RequestInput) { in.Urgency = "asap" }, []string{"urgency"}},
		{"hours over a week", func(in *RequestInput) { in.Hours = "169" }, []string{"hours"}},
		{"negative hours", func(in *RequestInput) { in.Hours = "-1" }, []string{"hours"}},
		{"hours not a number", func(in *RequestInput) { in.Hours = "NaN" }, []string{"hours"}},
		{"infinite hours", func(in *RequestInput) { in.Hours = "Inf" }, []string{"hours"}},
		{"unknown need", func(in *RequestInput) { in.Needs = "autism;flying" }, []string{"needs"}},
		{"a risk given as a need", func(in *RequestInput) { in.Needs = "self-harm" }, []string{"needs"}},
		{"unknown risk", func(in *RequestInput) { in.Risks = "self-harm;dragons" }, []string{"risks"}},
		{"locality with a control character", func(in *RequestInput) { in.Locality = "Boo\x1b[2Jtle" }, []string{"locality"}},
		{"overlong summary", func(in *RequestInput) { in.Summary = strings.Repeat("a", MaxSummary+1) }, []string{"summary"}},
		{"summary with the initials", func(in *RequestInput) { in.Summary = "JS likes football." }, []string{"summary"}},
		{"summary with the initials after punctuation", func(in *RequestInput) { in.Summary = "Likes football (JS)." }, []string{"summary"}},
		{"summary with the case reference", func(in *RequestInput) { in.Summary = "See file lc-1234 for history." }, []string{"summary"}},
		{"weights not adding up", func(in *RequestInput) { in.Weights = "50,50,50" }, []string{"weights"}},
		{"two weights", func(in *RequestInput) { in.Weights = "50,50" }, []string{"weights"}},
		{"price cap not money", func(in *RequestInput) { in.PriceCap = "abc" }, []string{"price-cap"}},
		{"negative price cap", func(in *RequestInput) { in.PriceCap = "-5" }, []string{"price-cap"}},
		{"zero price cap", func(in *RequestInput) { in.PriceCap = "0" }, []string{"price-cap"}},
		{"three decimals in the cap", func(in *RequestInput) { in.PriceCap = "1.234" }, []string{"price-cap"}},
		{
			"several fields at once",
			func(in *RequestInput) {
				in.Lot, in.DOB, in.Deadline, in.PriceCap = "nope", "2030-01-01", "2020-01-01 10:00", "x"
			},
			[]string{"deadline", "dob", "lot", "price-cap"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			tc.mod(&in)
			r, err := BuildRequest(in, Defaults{}, requestNow)
			if err == nil {
				t.Fatalf("BuildRequest succeeded: %+v", r)
			}
			if got := fieldsOf(t, err); !slices.Equal(got, tc.want) {
				t.Errorf("fields %v, want %v (%v)", got, tc.want, err)
			}
			if r.ID != "" || r.Council != "" || !r.DOB.IsZero() {
				t.Errorf("a refused input returned a partly built request: %+v", r)
			}
		})
	}
}

func TestBuildRequestSummaryBothProblems(t *testing.T) {
	t.Parallel()
	in := validInput()
	in.Summary = "JS, case LC-1234."
	_, err := BuildRequest(in, Defaults{}, requestNow)
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v", err)
	}
	n := 0
	for _, f := range fe {
		if f.Field == "summary" {
			n++
		}
	}
	// One message for the field, naming both.
	if n != 1 {
		t.Errorf("summary reported %d times, want once: %v", n, err)
	}
	for _, want := range []string{`initials ("JS")`, `case reference ("LC-1234")`, "the summary"} {
		if !strings.Contains(fe.Get("summary"), want) {
			t.Errorf("the summary's message %q should name %s", fe.Get("summary"), want)
		}
	}
}

func TestBuildRequestAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(*RequestInput)
		now  time.Time
	}{
		{"start today", func(in *RequestInput) { in.Start, in.Deadline = "2026-11-20", "2026-11-20 14:00" }, requestNow},
		{"born today on packages", func(in *RequestInput) {
			in.Lot, in.DOB, in.Start, in.Deadline = "packages", "2026-11-20", "2026-11-20", "2026-11-20 14:00"
		}, requestNow},
		{"16 today on the start date", func(in *RequestInput) { in.DOB, in.Start = "2010-12-01", "2026-12-01" }, requestNow},
		{"24 the day before the 25th birthday", func(in *RequestInput) { in.DOB, in.Start = "2002-12-02", "2026-12-01" }, requestNow},
		{"single initial in the summary is not a match", func(in *RequestInput) { in.Initials, in.Summary = "J", "J is fine." }, requestNow},
		{"initials inside a word are not a match", func(in *RequestInput) { in.Summary = "Enjoys JSON puzzles." }, requestNow},
		{"deadline a minute ahead", func(in *RequestInput) { in.Deadline = "2026-11-20 10:01" }, requestNow},
		{"every urgency: today", func(in *RequestInput) { in.Urgency = "today" }, requestNow},
		{"no needs or risks", func(in *RequestInput) { in.Needs, in.Risks = "", "" }, requestNow},
		{"hours empty", func(in *RequestInput) { in.Hours = "" }, requestNow},
		{"hours at the maximum", func(in *RequestInput) { in.Hours = "168" }, requestNow},
		{"multi-line summary", func(in *RequestInput) { in.Summary = "Line one.\n\tLine two." }, requestNow},
		{"St Helens on leaving-care", func(in *RequestInput) { in.Council = "st-helens" }, requestNow},
		{"Wirral on packages", func(in *RequestInput) { in.Council, in.Lot = "wirral", "packages" }, requestNow},
		// 00:30 on 2 July in London is 23:30 on 1 July in UTC: the London
		// date decides what "today" and "the future" are.
		{
			"born and starting today in London, just after midnight BST",
			func(in *RequestInput) {
				in.Lot, in.DOB, in.Start, in.Deadline = "packages", "2026-07-02", "2026-07-02", "2026-07-02 12:00"
			},
			time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			tc.mod(&in)
			if _, err := BuildRequest(in, Defaults{}, tc.now); err != nil {
				t.Errorf("BuildRequest: %v", err)
			}
		})
	}
}

// Just after midnight BST the UTC date is still yesterday: a start date of
// that UTC date is in the London past.
func TestBuildRequestStartPastInLondon(t *testing.T) {
	t.Parallel()
	in := validInput()
	in.Lot, in.DOB, in.Start, in.Deadline = "packages", "2020-01-01", "2026-07-01", "2026-07-02 12:00"
	_, err := BuildRequest(in, Defaults{}, time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC))
	if got := fieldsOf(t, err); !slices.Equal(got, []string{"start"}) {
		t.Errorf("fields %v, want [start]", got)
	}
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	fe := FieldErrors{{"lot", "bad lot"}, {"dob", "bad dob"}, {"dob", "second"}}
	if got := fe.Error(); got != "lot: bad lot; dob: bad dob; dob: second" {
		t.Errorf("Error() = %q", got)
	}
	if fe.Get("dob") != "bad dob" || fe.Get("start") != "" {
		t.Errorf("Get gives %q / %q", fe.Get("dob"), fe.Get("start"))
	}
	var err error = fe
	if !errors.Is(err, ErrInvalid) || errors.Is(err, ErrConflict) {
		t.Error("FieldErrors must match ErrInvalid and only it")
	}
	if (FieldErrors{}).Error() != "" {
		t.Error("empty FieldErrors has a message")
	}
}

func TestParseCapabilities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []string
		wantErr []string // fragments
	}{
		{"", nil, nil},
		{" ; ;", nil, nil},
		{"autism", []string{"autism"}, nil},
		{"mental-health;autism", []string{"autism", "mental-health"}, nil}, // vocabulary order
		{"AUTISM; autism ;Autism", []string{"autism"}, nil},
		{"autism;self-harm", []string{"autism", "self-harm"}, nil},
		{"autism;flying;swimming", nil, []string{`"flying"`, `"swimming"`}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseCapabilities(tc.in)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("ParseCapabilities(%q) = %v, want an error", tc.in, got)
				}
				for _, f := range tc.wantErr {
					if !strings.Contains(err.Error(), f) {
						t.Errorf("error %q lacks %s", err, f)
					}
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("ParseCapabilities(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestCheckText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		max  int
		ok   bool
	}{
		{"plain", "hello", 10, true},
		{"exactly the limit in runes", strings.Repeat("é", 10), 10, true},
		{"over the limit", strings.Repeat("a", 11), 10, false},
		{"newline and tab allowed", "a\nb\tc", 10, true},
		{"escape refused", "a\x1bb", 10, false},
		{"carriage return refused", "a\rb", 10, false},
		{"NUL refused", "a\x00b", 10, false},
		{"C1 control refused", "a\u0085b", 10, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckText("note", tc.s, tc.max)
			if (err == nil) != tc.ok {
				t.Errorf("CheckText(%q) = %v, want ok=%v", tc.s, err, tc.ok)
			}
		})
	}
}

func TestCheckReason(t *testing.T) {
	t.Parallel()
	if _, err := CheckReason("close", "  \t "); err == nil || KindOf(err) != KindInvalid {
		t.Errorf("blank reason: %v", err)
	}
	if got, err := CheckReason("close", "  all answered  "); err != nil || got != "all answered" {
		t.Errorf("CheckReason = %q, %v", got, err)
	}
	if _, err := CheckReason("close", strings.Repeat("x", MaxReason+1)); err == nil {
		t.Error("an overlong reason was accepted")
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	for i, s := range Statuses() {
		if int(s) != i {
			t.Errorf("Statuses[%d] = %d", i, s)
		}
		back, err := ParseStatus(s.String())
		if err != nil || back != s {
			t.Errorf("ParseStatus(%q) = %v, %v", s.String(), back, err)
		}
	}
	names := []string{"draft", "open", "closed", "opened", "awarded", "no_award", "cancelled"}
	for i, n := range names {
		if Statuses()[i].String() != n {
			t.Errorf("status %d is %q, want %q", i, Statuses()[i], n)
		}
	}
	if Status(99).String() != "unknown" || Status(-1).String() != "unknown" {
		t.Error("out-of-range statuses must print as unknown")
	}
	if _, err := ParseStatus("Open"); err == nil {
		t.Error("ParseStatus is case-sensitive and must refuse Open")
	}
	final := map[Status]bool{StatusAwarded: true, StatusNoAward: true, StatusCancelled: true}
	for _, s := range Statuses() {
		if s.Final() != final[s] {
			t.Errorf("%s.Final() = %v", s, s.Final())
		}
	}
}

func TestProfileOfHidesPersonalData(t *testing.T) {
	t.Parallel()
	r, err := BuildRequest(validInput(), Defaults{GuidePrice: 120000}, requestNow)
	if err != nil {
		t.Fatal(err)
	}
	r.ID, r.CaseRef, r.Initials = "R-9", "CASEREF-77", "QZX"
	p := ProfileOf(r)
	if p.Age != 16 || p.Start != "2026-12-01" || p.Lot != "group-living" || p.Status != "draft" || p.PriceCap != 120000 || p.RequestID != "R-9" {
		t.Errorf("profile %+v", p)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"CASEREF-77", "QZX", "2010-03-15", "2010"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the provider profile %s contains %q", b, secret)
		}
	}
	empty := ProfileOf(Request{})
	if empty.Needs == nil || empty.Risks == nil {
		t.Error("a profile without needs must carry empty lists, not nil")
	}
}

// TestCouncilCodes: every council has a code of three capital letters,
// unique in the region, that begins its request ids; the ones people know
// are as they know them.
func TestCouncilCodes(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, c := range Councils() {
		if len(c.Code) != 3 || strings.Trim(c.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			t.Errorf("%s has the code %q, want three capital letters", c.Slug, c.Code)
		}
		if other, dup := seen[c.Code]; dup {
			t.Errorf("%s and %s share the code %s", other, c.Slug, c.Code)
		}
		seen[c.Code] = c.Slug
	}
	for slug, code := range map[string]string{"sefton": "SEF", "manchester": "MAN", "st-helens": "STH",
		"blackburn-with-darwen": "BWD", "blackpool": "BPL", "cheshire-east": "CHE", "cheshire-west-and-chester": "CWC",
		"westmorland-and-furness": "WAF"} {
		if c, _ := CouncilBySlug(slug); c.Code != code {
			t.Errorf("%s has the code %q, want %s", slug, c.Code, code)
		}
	}
}

func TestReferenceData(t *testing.T) {
	t.Parallel()
	if len(Councils()) != 24 {
		t.Errorf("%d North West councils, want 24", len(Councils()))
	}
	seen := map[string]bool{}
	for _, c := range Councils() {
		if seen[c.Slug] || len(c.GSS) != 9 || c.Slug != strings.ReplaceAll(strings.ToLower(c.Name), " ", "-") {
			t.Errorf("council %+v is duplicated or malformed", c)
		}
		seen[c.Slug] = true
	}
	if c, ok := CouncilBySlug("st-helens"); !ok || c.GSS != "E08000013" {
		t.Errorf("st-helens = %+v, %v", c, ok)
	}
	if _, ok := CouncilBySlug("cumbria"); ok {
		t.Error("cumbria was replaced in 2023 and must not be a council")
	}
	fw, lot, ok := FindLot("floating-with-accommodation")
	if !ok || fw.Code != "leaving-care" || !lot.NeedsOfsted || lot.MinAge != 16 || lot.MaxAge != 25 {
		t.Errorf("FindLot = %+v %+v %v", fw, lot, ok)
	}
	if _, lot, _ := FindLot("floating-support"); lot.NeedsOfsted {
		t.Error("floating-support must not need Ofsted registration")
	}
	if _, lot, _ := FindLot("packages"); lot.NeedsOfsted || lot.MinAge != 0 || lot.MaxAge != 25 {
		t.Errorf("packages = %+v", lot)
	}
	cs, _ := FrameworkByCode("care-support")
	if !slices.Equal(cs.Members(), []string{"halton", "knowsley", "liverpool", "sefton", "wirral"}) || cs.Lead != "knowsley" {
		t.Errorf("care-support = %+v", cs)
	}
	if cs.Member("st-helens") || cs.Member("manchester") {
		t.Error("care-support must not have St Helens or Manchester as members")
	}
	lc, _ := FrameworkByCode("leaving-care")
	if len(lc.Members()) != 24 || lc.Lead != "tameside" || !lc.Member("manchester") {
		t.Errorf("leaving-care = %+v", lc)
	}
	if got := LotCodes(); !slices.Equal(got, []string{"packages", "group-living", "floating-with-accommodation", "floating-support"}) {
		t.Errorf("LotCodes = %v", got)
	}
	for _, u := range Urgencies() {
		if got, err := ParseUrgency(string(u)); err != nil || got != u {
			t.Errorf("ParseUrgency(%q) = %q, %v", u, got, err)
		}
	}
	if _, err := ParseUrgency("Today"); err == nil {
		t.Error("ParseUrgency(Today) accepted")
	}
}

func TestInert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"clean text is unchanged", "Brook House, Bootle £950 é", "Brook House, Bootle £950 é"},
		{"empty", "", ""},
		{"escape sequence made visible", "a\x1b[2Jb", "a␛[2Jb"},
		{"NUL and bell", "\x00\x07", "␀␇"},
		{"newline, tab and carriage return become spaces", "a\nb\tc\rd", "a b c d"},
		{"DEL", "a\x7fb", "a␡b"},
		{"C1 control (CSI)", "a\u009b31mb", "a�31mb"},
		{"just above C1 is kept", "a\u00a0b", "a\u00a0b"},
		{"right-to-left override", "Evil\u202eCSV.exe\u202c Homes", "Evil�CSV.exe� Homes"},
		{"embeddings and overrides", "\u202a\u202b\u202c\u202d\u202e", "�����"},
		{"isolates", "\u2066\u2067\u2068\u2069", "����"},
		{"marks", "a\u200eb\u200fc\u061cd", "a�b�c�d"},
		{"Arabic and Hebrew letters are kept", "دار בית", "دار בית"},
		{"zero-width joiner is kept", "a\u200db", "a\u200db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Inert(tc.in)
			if got != tc.want {
				t.Errorf("Inert(%q) = %q, want %q", tc.in, got, tc.want)
			}
			for _, r := range got {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					t.Errorf("Inert(%q) still holds control character %U", tc.in, r)
				}
			}
		})
	}
}

// Free text with a bidirectional control is refused, naming the control
// and where it is.
func TestCheckTextRefusesBidiControls(t *testing.T) {
	t.Parallel()
	for _, r := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c} {
		err := CheckText("summary", "calm"+string(r)+" home", MaxSummary)
		if err == nil {
			t.Errorf("CheckText accepted %U", r)
			continue
		}
		want := fmt.Sprintf("the summary has an invisible direction control (%U) at character 5", r)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) || strings.ContainsFunc(err.Error(), IsBidiControl) {
			t.Errorf("CheckText with %U: %v; want ErrInvalid saying %q, with no control in it", r, err, want)
		}
	}
	err := CheckText("note", "a\u202eb\u202cc", MaxNote)
	if err == nil || !strings.Contains(err.Error(), "controls (U+202E) at character 2, and (U+202C) at character 4") || !strings.Contains(err.Error(), "remove them") {
		t.Errorf("two controls: %v", err)
	}
	for _, ok := range []string{"دار الرعاية", "בית", "Ålesund Øst", "a\u200db", "line one\nline two"} {
		if err := CheckText("summary", ok, MaxSummary); err != nil {
			t.Errorf("CheckText(%q) = %v, want it accepted", ok, err)
		}
	}
}

// Initials are letters of any script, upper-cased: Åse Ørsted is ÅØ.
func TestInitialsOfAnyScript(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ÅØ": "ÅØ", "å.ø.": "ÅØ", "çş": "ÇŞ", "ЮЛ": "ЮЛ", "Ñ": "Ñ", "ÆÐÞŁ": "ÆÐÞŁ", "李": "李"} {
		ri := validInput()
		ri.Initials = in
		r, err := BuildRequest(ri, Defaults{}, requestNow)
		if err != nil || r.Initials != want {
			t.Errorf("initials %q: %q, %v; want %q", in, r.Initials, err, want)
		}
	}
}

func TestDeadlineAfterStartIsRefused(t *testing.T) {
	t.Parallel()
	in := validInput()
	in.Start, in.Deadline = "2026-11-21", "2026-11-22 09:00"
	_, err := BuildRequest(in, Defaults{}, requestNow)
	var fe FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe.Get("deadline"), "after the start date") {
		t.Fatalf("deadline after start: %v", err)
	}
	in.Deadline = "2026-11-21 23:00" // the start day itself is fine
	if _, err := BuildRequest(in, Defaults{}, requestNow); err != nil {
		t.Fatalf("deadline on the start day: %v", err)
	}
}
