package matching

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Weights are the evaluation weights of quality, price and age cover: whole
// numbers summing to 100.
type Weights struct {
	Quality  int `json:"quality"`
	Price    int `json:"price"`
	AgeCover int `json:"age_cover"`
}

// Validate refuses weights that are negative, over 100 or do not sum to 100.
func (w Weights) Validate() error {
	if w.Quality < 0 || w.Price < 0 || w.AgeCover < 0 {
		return Invalidf("weights must be whole numbers of 0 or more; got %s", w)
	}
	// Each is checked on its own first: huge weights could overflow the sum
	// back to exactly 100.
	if w.Quality > 100 || w.Price > 100 || w.AgeCover > 100 {
		return Invalidf("weights must be whole numbers from 0 to 100 adding up to 100, e.g. 50/35/15; got %s", w)
	}
	if s := w.Quality + w.Price + w.AgeCover; s != 100 {
		return Invalidf("weights %s add up to %d: quality, price and age cover must add up to 100, e.g. 50/35/15", w, s)
	}
	return nil
}

func (w Weights) String() string { return fmt.Sprintf("%d/%d/%d", w.Quality, w.Price, w.AgeCover) }

// ParseWeights reads "Q,P,A" (also "Q/P/A").
func ParseWeights(s string) (Weights, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '/' })
	if len(parts) != 3 || strings.Count(s, ",")+strings.Count(s, "/") != 2 {
		return Weights{}, Invalidf("weights %q need three whole numbers, quality/price/age cover, adding up to 100, e.g. 50/35/15 (or 50,35,15)", clip(s, 30))
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return Weights{}, Invalidf("weight %q is not a whole number: write weights like 50/35/15", clip(p, 20))
		}
		v[i] = n
	}
	w := Weights{v[0], v[1], v[2]}
	return w, w.Validate()
}

// Status is where a request is in its life.
type Status int

// The request lifecycle: draft → open → closed → opened → awarded or
// no_award; cancelled from draft or open.
const (
	StatusDraft Status = iota
	StatusOpen
	StatusClosed
	StatusOpened
	StatusAwarded
	StatusNoAward
	StatusCancelled
)

var statusNames = [...]string{"draft", "open", "closed", "opened", "awarded", "no_award", "cancelled"}

// Statuses lists every status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusDraft, StatusOpen, StatusClosed, StatusOpened, StatusAwarded, StatusNoAward, StatusCancelled}
}

func (s Status) String() string {
	if int(s) < len(statusNames) && s >= 0 {
		return statusNames[s]
	}
	return "unknown"
}

// ParseStatus reads a status name.
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), nil
		}
	}
	return 0, Invalidf("status %q is not known: use one of %s", clip(s, 20), strings.Join(statusNames[:], ", "))
}

// Final reports whether the request has ended.
func (s Status) Final() bool {
	return s == StatusAwarded || s == StatusNoAward || s == StatusCancelled
}

// Request is a mini-competition: one young person's needs sent to every
// eligible provider on one lot.
type Request struct {
	ID        string
	Council   string
	Framework string
	Lot       string
	// Personal data: never shown to providers.
	CaseRef  string
	Initials string
	DOB      time.Time

	Start    time.Time
	Deadline time.Time
	Urgency  Urgency
	Hours    float64
	Needs    []string
	Risks    []string
	Locality string
	Summary  string
	Weights  Weights
	PriceCap Pence // 0: no cap

	Status      Status
	CreatedAt   time.Time
	CreatedBy   string
	BroadcastAt time.Time
	ClosedAt    time.Time
	CloseReason string
	OpenedAt    time.Time
	EndedAt     time.Time
	EndReason   string
	AwardedTo   string
	// SpotPurchase is the contingency recorded with a no_award, if any.
	SpotPurchase string
	// Buyer is the purchaser the request is for when that is not one of
	// the region's councils (see Defaults.Buyer), as the service finds it
	// when it loads the request; not stored with it.
	Buyer *Purchaser `json:"-"`
}

// Age is the young person's completed years on the start date; 0 while a
// draft lacks either date.
func (r Request) Age() int {
	if r.DOB.IsZero() || r.Start.IsZero() {
		return 0
	}
	return AgeOn(r.DOB, r.Start)
}

// Limits on free text, so that a pasted document cannot bloat the store or a
// provider's screen.
const (
	MaxSummary  = 4000
	MaxShort    = 200
	MaxCaseRef  = 40
	MaxHours    = 168
	MaxReason   = 1000
	MinDeadline = time.Minute
)

// initialsRe is 1 to 4 letters of any script, in capitals where the script
// has them (ÅØ, ÇŞ, ЮЛ): the input is upper-cased first.
var initialsRe = regexp.MustCompile(`^\pL{1,4}$`)

// RequestInput is what an officer gives for a new request; text as typed,
// so that every field is checked in one place for the command and the form.
type RequestInput struct {
	Council  string
	Lot      string
	CaseRef  string
	Initials string
	DOB      string
	Start    string
	Deadline string
	Urgency  string
	Hours    string
	Needs    string
	Risks    string
	Locality string
	Summary  string
	Weights  string // empty: the council's or framework's default
	PriceCap string // empty: the council's guide price, if any
}

// FieldError is one field's problem, for a form to show beside the field.
type FieldError struct {
	Field string
	Msg   string
}

// FieldErrors are all the problems of an input at once.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	if len(fe) == 0 {
		return ""
	}
	parts := make([]string, len(fe))
	for i, f := range fe {
		parts[i] = f.Field + ": " + f.Msg
	}
	return strings.Join(parts, "; ")
}

// Is lets errors.Is(err, ErrInvalid) match FieldErrors.
func (fe FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Get returns the message for a field, or "".
func (fe FieldErrors) Get(field string) string {
	for _, f := range fe {
		if f.Field == field {
			return f.Msg
		}
	}
	return ""
}

// Defaults are what a council has set for a lot, used where a request leaves
// weights or a price cap empty.
type Defaults struct {
	Weights    Weights
	GuidePrice Pence
	// Buyer is the purchaser a request is for when it is not one of the
	// region's councils (a health body added with AddPurchaser); it then
	// acts as a council does on its frameworks. nil for a council.
	Buyer *Purchaser
	// Term is the term of the lot's framework (zero: none recorded): no
	// new request is made on a framework after its last possible end.
	Term FrameworkTerm
}

// BuildRequest checks every field of an input and returns a draft request,
// or every field's problem at once. now is the time of creation: the start
// date may not be in the past and the deadline must be in the future.
func BuildRequest(in RequestInput, def Defaults, now time.Time) (Request, error) {
	r, errs := build(in, def, now)
	if len(errs) > 0 {
		return Request{}, errs
	}
	return r, nil
}

// build checks every field of an input, as BuildRequest, and returns the
// request as far as the fields set it beside every field's problem.
func build(in RequestInput, def Defaults, now time.Time) (Request, FieldErrors) {
	var errs FieldErrors
	add := func(field string, err error) {
		if err != nil {
			errs = append(errs, FieldError{field, err.Error()})
		}
	}
	r := Request{Status: StatusDraft, CreatedAt: now}
	lot := r.setWhereAndWho(in, def, now, add)
	r.setWhen(in, lot, now, add)
	r.setNeeds(in, add)
	r.setCriteria(in, def, add)
	return r, errs
}

// BuildDraft makes a draft from an input that may be incomplete, so that
// nothing an officer has typed is lost: council and lot are enough. It
// keeps every value that reads as what its field holds, even one a rule
// refuses (a deadline already past, a summary naming the young person),
// and leaves out what does not read at all (a date that is not a date);
// the weights and the price cap then fall back to the defaults. problems
// are every field's problem as BuildRequest would give them: all of them
// are checked again before broadcast. err is the council's or lot's
// problem, without which nothing can be kept.
func BuildDraft(in RequestInput, def Defaults, now time.Time) (r Request, problems FieldErrors, err error) {
	r, problems = build(in, def, now)
	var where FieldErrors
	for _, p := range problems {
		if p.Field == "council" || p.Field == "lot" {
			where = append(where, p)
		}
	}
	if len(where) > 0 {
		return Request{}, problems, where
	}
	keep := func(field string) bool { return problems.Get(field) == "" }
	if !keep("case") {
		if len(r.CaseRef) > MaxCaseRef || !printable(r.CaseRef) {
			r.CaseRef = ""
		}
	}
	if !initialsRe.MatchString(r.Initials) {
		r.Initials = ""
	}
	if r.DOB.IsZero() {
		r.DOB, _ = ParseDate(strings.TrimSpace(in.DOB))
	}
	if r.Start.IsZero() {
		r.Start, _ = ParseDate(strings.TrimSpace(in.Start))
	}
	if r.Deadline.IsZero() {
		r.Deadline, _ = ParseTime(strings.TrimSpace(in.Deadline))
	}
	if CheckText("locality", r.Locality, MaxShort) != nil || strings.ContainsAny(r.Locality, "\n\t") {
		r.Locality = ""
	}
	if CheckText("summary", r.Summary, MaxSummary) != nil {
		r.Summary = ""
	}
	if r.Urgency == "" {
		r.Urgency = UrgencyPlanned
	}
	if !keep("weights") {
		r.Weights = def.Weights
		if r.Weights == (Weights{}) {
			r.Weights = DefaultWeights()
		}
	}
	if !keep("price-cap") {
		r.PriceCap = def.GuidePrice
	}
	return r, problems, nil
}

// Missing names the fields a draft still lacks before it can be broadcast,
// as people call them, in the form's order.
func (r Request) Missing() []string {
	var out []string
	for _, f := range []struct {
		missing bool
		name    string
	}{
		{r.CaseRef == "", "case reference"}, {r.Initials == "", "initials"}, {r.DOB.IsZero(), "date of birth"},
		{r.Start.IsZero(), "start date"}, {r.Deadline.IsZero(), "deadline"},
	} {
		if f.missing {
			out = append(out, f.name)
		}
	}
	return out
}

// setWhereAndWho checks the council and lot, and the young person: the case
// reference, initials and date of birth. It returns the lot.
func (r *Request) setWhereAndWho(in RequestInput, def Defaults, now time.Time, add func(string, error)) Lot {
	fw, lot, ok := FindLot(strings.TrimSpace(in.Lot))
	if !ok {
		if strings.TrimSpace(in.Lot) == "" {
			add("lot", Invalidf("choose a lot: one of %s", strings.Join(LotCodes(), ", ")))
		} else {
			add("lot", Invalidf("lot %q is not known: use one of %s", clip(in.Lot, 30), strings.Join(LotCodes(), ", ")))
		}
	} else {
		r.Framework, r.Lot = fw.Code, lot.Code
		if def.Term.Framework == fw.Code {
			add("lot", def.Term.CheckNewRequest(now))
		}
	}
	r.Council = strings.TrimSpace(in.Council)
	buyer := def.Buyer != nil && def.Buyer.Slug == r.Council && r.Council != ""
	if _, ok := CouncilBySlug(r.Council); !ok && !buyer {
		if r.Council == "" {
			add("council", Invalidf("no council chosen: choose the council the request is for (on the command line --org and its short name, e.g. --org sefton)"))
		} else {
			add("council", Invalidf("council %q is not known: give a council's short name, e.g. sefton or st-helens", clip(in.Council, 40)))
		}
	} else if fw.Code != "" && !fw.Member(r.Council) && !(buyer && def.Buyer.BuysOn(fw.Code)) {
		add("council", Invalidf("%s is not a member of the %s framework, so it cannot use lot %s", CouncilWords(r.Council), fw.Code, lot.Code))
	}
	r.CaseRef = strings.TrimSpace(in.CaseRef)
	switch {
	case r.CaseRef == "":
		add("case", Invalidf("a case reference is required: the council's own reference for the young person"))
	case len(r.CaseRef) > MaxCaseRef || !printable(r.CaseRef):
		add("case", Invalidf("the case reference must be up to %d printable characters", MaxCaseRef))
	}
	r.Initials = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.Initials), ".", ""))
	if !initialsRe.MatchString(r.Initials) {
		add("initials", Invalidf("initials must be 1 to 4 letters, e.g. JS"))
	}
	if in.DOB == "" {
		add("dob", Invalidf("the date of birth is required, as YYYY-MM-DD, e.g. %s", ShowDate(dateOf(now).AddDate(-16, -2, -9))))
	} else if d, err := ParseDate(in.DOB); err != nil {
		add("dob", withExample(err, ShowDate(dateOf(now).AddDate(-16, -2, -9))))
	} else if d.After(dateOf(now)) {
		add("dob", Invalidf("the date of birth %s is in the future", ShowDate(d)))
	} else {
		r.DOB = d
	}
	return lot
}

// setWhen checks the start date (and the age on it), the urgency and the
// deadline.
func (r *Request) setWhen(in RequestInput, lot Lot, now time.Time, add func(string, error)) {
	if in.Start == "" {
		add("start", Invalidf("the start date is required, as YYYY-MM-DD, e.g. %s", ShowDate(dateOf(now).AddDate(0, 0, 7))))
	} else if d, err := ParseDate(in.Start); err != nil {
		add("start", withExample(err, ShowDate(dateOf(now).AddDate(0, 0, 7))))
	} else if d.Before(dateOf(now)) {
		add("start", Invalidf("the start date %s is in the past: choose today or later", ShowDate(d)))
	} else {
		r.Start = d
	}
	if !r.DOB.IsZero() && !r.Start.IsZero() && lot.Code != "" {
		age := r.Age()
		today := dateOf(now)
		switch ageNow := AgeOn(r.DOB, today); {
		case age >= lot.MinAge && age < lot.MaxAge:
		case ageNow >= lot.MinAge && ageNow < lot.MaxAge && r.Start.After(today.AddDate(1, 0, 0)):
			// Of an age for the lot today, and not by a start date more
			// than a year away: the start date is what is wrong
			// (9999-12-31 for 2026-12-31).
			add("start", Invalidf("the start date %s is more than a year away, and the young person would be %d by then, past lot %s's ages %d to %d: check the start date",
				ShowDate(r.Start), age, lot.Code, lot.MinAge, lot.MaxAge-1))
		default:
			add("dob", Invalidf("the young person will be %d on the start date; lot %s is for ages %d to %d", age, lot.Code, lot.MinAge, lot.MaxAge-1))
		}
	}
	if in.Urgency == "" {
		r.Urgency = UrgencyPlanned
	} else if u, err := ParseUrgency(strings.TrimSpace(in.Urgency)); err != nil {
		add("urgency", err)
	} else {
		r.Urgency = u
	}
	if in.Deadline == "" {
		add("deadline", Invalidf("the deadline is required, e.g. %s", TimeExample(now)))
	} else if d, err := ParseTime(in.Deadline); err != nil {
		add("deadline", withExample(err, TimeExample(now)))
	} else if !d.After(now) {
		add("deadline", Invalidf("the deadline %s has already passed: give a later time", ShowTime(d)))
	} else {
		r.Deadline = d
	}
	if !r.Deadline.IsZero() && !r.Start.IsZero() && dateOf(r.Deadline).After(r.Start) {
		add("deadline", Invalidf("the deadline %s is after the start date %s: providers must answer before the placement starts", ShowTime(r.Deadline), ShowDate(r.Start)))
	}
}

// setNeeds checks the hours, needs and risks, and the text providers read:
// the locality and the summary, which may not carry what identifies the
// young person (CheckProviderText).
func (r *Request) setNeeds(in RequestInput, add func(string, error)) {
	if h := strings.TrimSpace(in.Hours); h != "" {
		v, err := strconv.ParseFloat(h, 64)
		if err != nil || v < 0 || v > MaxHours || v != v {
			add("hours", Invalidf("hours %q must be a number of hours a week from 0 to %d", clip(h, 20), MaxHours))
		} else {
			r.Hours = v
		}
	}
	if v, err := ParseNeeds(in.Needs); err != nil {
		add("needs", err)
	} else {
		r.Needs = v
	}
	if v, err := ParseRisks(in.Risks); err != nil {
		add("risks", err)
	} else {
		r.Risks = v
	}
	r.Locality = strings.TrimSpace(in.Locality)
	if err := CheckText("locality", r.Locality, MaxShort); err != nil {
		add("locality", err)
	} else if strings.ContainsAny(r.Locality, "\n\t") {
		add("locality", Invalidf("the locality must be one line, e.g. North Manchester"))
	} else {
		add("locality", CheckProviderText(*r, "locality", r.Locality))
	}
	r.Summary = strings.TrimSpace(in.Summary)
	if err := CheckText("summary", r.Summary, MaxSummary); err != nil {
		add("summary", err)
	} else {
		add("summary", CheckProviderText(*r, "summary", r.Summary))
	}
}

// setCriteria checks the weights and the price cap, taking the council's
// defaults where they are left empty.
func (r *Request) setCriteria(in RequestInput, def Defaults, add func(string, error)) {
	if w := strings.TrimSpace(in.Weights); w == "" {
		r.Weights = def.Weights
		if r.Weights == (Weights{}) {
			r.Weights = DefaultWeights()
		}
	} else if v, err := ParseWeights(w); err != nil {
		add("weights", err)
	} else {
		r.Weights = v
	}
	if p := strings.TrimSpace(in.PriceCap); p == "" {
		r.PriceCap = def.GuidePrice
	} else if strings.EqualFold(p, "none") {
		r.PriceCap = 0
	} else if v, err := ParseMoney(p); err != nil {
		add("price-cap", err)
	} else if v == 0 {
		add("price-cap", Invalidf("a price cap of £0 would exclude every offer: give a weekly amount, or none"))
	} else {
		r.PriceCap = v
	}
}

func dateOf(t time.Time) time.Time {
	l := t.In(London)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// Today is the London calendar date of an instant, as a date value.
func Today(now time.Time) time.Time { return dateOf(now) }

// CheckText refuses free text that is too long or carries control
// characters (which could drive a reader's terminal) or bidirectional
// controls (which could make it read in another order: IsBidiControl).
// Newlines and tabs are allowed in long text.
func CheckText(field, s string, max int) error {
	if n := len([]rune(s)); n > max {
		return Invalidf("the %s is %d characters long; keep it under %d", field, n, max)
	}
	if !utf8.ValidString(s) {
		return Invalidf("the %s is not valid text (not UTF-8): retype it", field)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) {
			return Invalidf("the %s contains a control character (%U): remove it", field, r)
		}
	}
	if found := bidiIn(s); len(found) > 0 {
		return Invalidf("%s", bidiWords("the "+field, found))
	}
	return nil
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// CheckReason requires a recorded reason: something a reader years later can
// understand.
func CheckReason(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Invalidf("a reason is required to %s: say why, for the record", what)
	}
	return s, CheckText("reason", s, MaxReason)
}

// InputOf turns a request back into the input that makes it, so a draft can
// be edited field by field and checked again by BuildRequest.
func InputOf(r Request) RequestInput {
	in := RequestInput{Council: r.Council, Lot: r.Lot, CaseRef: r.CaseRef, Initials: r.Initials, DOB: ShowDate(r.DOB),
		Start: ShowDate(r.Start), Deadline: InputTime(r.Deadline), Urgency: string(r.Urgency),
		Needs: strings.Join(r.Needs, ";"), Risks: strings.Join(r.Risks, ";"), Locality: r.Locality, Summary: r.Summary,
		Weights:  strconv.Itoa(r.Weights.Quality) + "," + strconv.Itoa(r.Weights.Price) + "," + strconv.Itoa(r.Weights.AgeCover),
		PriceCap: "none"}
	if r.Hours > 0 {
		in.Hours = strconv.FormatFloat(r.Hours, 'f', -1, 64)
	}
	if r.PriceCap > 0 {
		in.PriceCap = r.PriceCap.String()
	}
	return in
}

// withExample adds an example to a message about how to write a date or a
// time: one that reads right for the field and the day (a birth date years
// ago, a deadline tomorrow), never a fixed date that goes stale.
func withExample(err error, example string) error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, Msg: e.Msg + ", e.g. " + example}
	}
	return err
}

// TimeExample is a deadline to show as an example: 17:00 London time on the
// next day, as YYYY-MM-DD HH:MM.
func TimeExample(now time.Time) string {
	d := now.In(London).AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), 17, 0, 0, 0, London).Format(LocalLayout)
}
