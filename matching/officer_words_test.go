package matching

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Officers read the timeline, the register and the errors: these tests
// hold the words they found wanting (issue 16) to what they should be.

// TestTimelineNamesProviders: a broadcast and an opening read with
// providers' names and reasons in words, a suspended provider as
// suspended, and a council by its name, not "P009 (not_admitted)".
func TestTimelineNamesProviders(t *testing.T) {
	t.Parallel()
	r, created, err := NewDraft("R-1", draftInput(), Defaults{}, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	left := []NotInvited{
		{ProviderID: "P009", ProviderName: "Fern Lodge", Reasons: []string{ReasonNotAdmitted}, Status: ProviderSuspended},
		{ProviderID: "P010", ProviderName: "Oak Row", Reasons: []string{ReasonArea}},
	}
	evs, err := r.Broadcast(later(time.Hour), invitees("A", "B"), left, "", "s")
	if err != nil {
		t.Fatal(err)
	}
	names := Names{
		Providers: map[string]string{"A": "Alder House", "B": "Birch Court", "P009": "Fern Lodge", "P010": "Oak Row"},
		Statuses:  map[string]ProviderStatus{"P009": ProviderSuspended},
	}
	got := evs[0].NamedWords(names)
	for _, want := range []string{"invited: 2: Alder House, Birch Court", "Fern Lodge (suspended on this lot)", "Oak Row (does not serve Sefton)"} {
		if !strings.Contains(got, want) {
			t.Errorf("broadcast words lack %q:\n%s", want, got)
		}
	}
	for _, code := range []string{"P009", "not_admitted", "(area)"} {
		if strings.Contains(got, code) {
			t.Errorf("broadcast words show the code %q:\n%s", code, got)
		}
	}
	if w := created.NamedWords(names); !strings.Contains(w, "council: Sefton") {
		t.Errorf("the draft's council is its slug: %q", w)
	}
	// The record keeps its ids; only the words change.
	if evs[0].Fields.Get("invited") != "A B" {
		t.Errorf("the record changed: %q", evs[0].Fields.Get("invited"))
	}
}

// TestTimelineCountsBigLists: a request of a whole region names the few
// who answered and counts the rest, rather than hundreds of "P05568 no
// response".
func TestTimelineCountsBigLists(t *testing.T) {
	t.Parallel()
	var silent, invited, leftParts []string
	names := Names{Providers: map[string]string{}}
	for i := range 188 {
		id := "P" + strconv.Itoa(5000+i)
		silent = append(silent, id)
		names.Providers[id] = "Home " + strconv.Itoa(i)
	}
	invited = append(invited, silent...)
	invited = append(invited, "P1", "P2")
	names.Providers["P1"], names.Providers["P2"] = "Alder House", "Birch Court"
	for i := range 30 {
		code := ReasonArea
		if i%3 == 0 {
			code = ReasonAge
		}
		leftParts = append(leftParts, "Q"+strconv.Itoa(i)+" "+code)
	}
	opened := Event{Version: EventVersion, Action: ActionOffersOpened, Fields: Fields{
		{"age", "17"}, {"weights", "50/35/15"},
		{"ranked", "1 P1 £1,000.00 cover 25 Q 80 total 90.00"}, {"not ranked", "P2 declined"},
		{"no response", strings.Join(silent, " ")},
	}}
	got := opened.NamedWords(names)
	for _, want := range []string{"1. Alder House 90.00", "Birch Court (declined)", "no response from 188"} {
		if !strings.Contains(got, want) {
			t.Errorf("opened words lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "P5000") || strings.Contains(got, "Home 1") || len(got) > 200 {
		t.Errorf("opened words list the silent one by one (%d bytes):\n%s", len(got), got)
	}
	broadcast := Event{Version: EventVersion, Action: ActionBroadcast, Fields: Fields{
		{"council", "st-helens"}, {"invited", strings.Join(invited, " ")}, {"not invited", strings.Join(leftParts, "; ")},
		{"weights", "50/35/15"}, {"price cap", "none"}, {"deadline", "2026-11-26T17:00:00Z"},
	}}
	got = broadcast.NamedWords(names)
	for _, want := range []string{"invited: 190", "not invited: 30 (does not serve St Helens: 20, does not cover this age: 10)"} {
		if !strings.Contains(got, want) {
			t.Errorf("broadcast words lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Home 1") || strings.Contains(got, "Q1") {
		t.Errorf("a big broadcast is listed one by one:\n%s", got)
	}
	// The summary a broadcast to more than a hundred records reads the
	// same way.
	broadcast.Fields[2].Value = "212 providers: not_admitted 3, area 180, age 20"
	if got := broadcast.NamedWords(names); !strings.Contains(got, "not invited: 212 (not admitted on this lot: 3, does not serve St Helens: 180, does not cover this age: 20)") {
		t.Errorf("a counted list: %s", got)
	}
}

// TestSuspendedIsKeptAndSaid: the register's status reaches the not-invited
// list, is stored with it, and reads as what it is.
func TestSuspendedIsKeptAndSaid(t *testing.T) {
	t.Parallel()
	r := leavingCare(t, "floating-support", 17)
	p := goodProvider("floating-support")
	p.Status = ProviderSuspended
	_, left := Eligibility(r, []ProviderLot{p}, testDay)
	if len(left) != 1 || left[0].Status != ProviderSuspended || !reflect.DeepEqual(left[0].Reasons, []string{ReasonNotAdmitted}) {
		t.Fatalf("left %+v", left)
	}
	if got := left[0].ReasonsWords("Sefton"); !reflect.DeepEqual(got, []string{"suspended on this lot"}) {
		t.Errorf("a suspended provider reads %q", got)
	}
	back, err := DecodeNotInvited(EncodeNotInvited(left))
	if err != nil || !reflect.DeepEqual(back, left) {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	// A list stored before the status was kept still reads.
	old, err := DecodeNotInvited([]byte("4:P001" + "1:A" + "17:not_admitted,area\n"))
	if err != nil || old[0].Status != "" || old[0].ReasonsWords("Sefton")[0] != "not admitted on this lot" {
		t.Errorf("an old list: %v %+v", err, old)
	}
	p.Status = ProviderAdmitted
	p.Serves = []string{"wirral"}
	if _, left := Eligibility(r, []ProviderLot{p}, testDay); left[0].Status != "" {
		t.Errorf("an admitted provider left out for its area carries status %q", left[0].Status)
	}
}

// TestOfficersWordsForNeeds: ASD is autism, LD a learning disability, and
// BSL and ESOL are written in capitals.
func TestOfficersWordsForNeeds(t *testing.T) {
	t.Parallel()
	got, err := ParseNeeds("ASD; LD; Mental health; bsl; ESOL")
	want := []string{"autism", "learning-disability", "mental-health", "bsl", "esol"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseNeeds: %v %q", err, got)
	}
	if got, err := ParseRisks("CSE;self harm"); err != nil || !reflect.DeepEqual(got, []string{"self-harm", "sexual-exploitation"}) {
		t.Errorf("ParseRisks: %v %q", err, got)
	}
	if _, err := ParseNeeds("CSE"); err == nil {
		t.Error("a risk's word was taken as a need")
	}
	for in, want := range map[string]string{"asd": "autism", "ASC": "autism", "Ld": "learning-disability", "learning disability": "learning-disability", "bsl": "bsl"} {
		if c, ok := TagAlias(in); !ok || c != want {
			t.Errorf("TagAlias(%q) = %q, %v", in, c, ok)
		}
	}
	if _, ok := TagAlias("sefton"); ok {
		t.Error("a council is taken for a need")
	}
	if TagWords("bsl") != "BSL" || TagWords("esol") != "ESOL" || TagWords("autism") != "autism" {
		t.Errorf("tag words %q %q %q", TagWords("bsl"), TagWords("esol"), TagWords("autism"))
	}
}

func TestAgesAndQualityWords(t *testing.T) {
	t.Parallel()
	if got := AgesWords(17, 18); got != "Age 17" {
		t.Errorf("one age: %q", got)
	}
	if got := AgesWords(16, 25); got != "Ages 16 to 24" {
		t.Errorf("ages: %q", got)
	}
	if AgesShort(17, 18) != "17" || AgesShort(16, 25) != "16–24" {
		t.Errorf("short: %q %q", AgesShort(17, 18), AgesShort(16, 25))
	}
	for in, want := range map[float64]string{55.52: "55.52", 62: "62.00", 87.6: "87.60", 100: "100.00"} {
		if got := QualityWords(in); got != want {
			t.Errorf("QualityWords(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestErrorsInOfficersWords: no council chosen says so, weights are shown
// as the form writes them, and no example is a date that misleads.
func TestErrorsInOfficersWords(t *testing.T) {
	t.Parallel()
	now := at(t, "2026-12-01T10:00:00Z")
	in := draftInput()
	in.Council, in.DOB, in.Deadline = "", "", ""
	_, err := BuildRequest(in, Defaults{}, now)
	var fe FieldErrors
	if !asFieldErrors(err, &fe) {
		t.Fatalf("err %v", err)
	}
	council := fe.Get("council")
	if !strings.HasPrefix(council, "no council chosen") || strings.Contains(council, `""`) {
		t.Errorf("an empty council: %q", council)
	}
	today, yesterday := ShowDate(Today(now)), "2026-11-30"
	if dob := fe.Get("dob"); !strings.Contains(dob, "e.g. ") || strings.Contains(dob, today) {
		t.Errorf("the date of birth's example is today: %q", dob)
	}
	dl := fe.Get("deadline")
	ex := dl[strings.Index(dl, "e.g. ")+5:]
	if d, err := ParseTime(ex); err != nil || !d.After(now) || strings.Contains(dl, yesterday) {
		t.Errorf("the deadline's example %q is not ahead: %q", ex, dl)
	}
	in = draftInput()
	in.DOB, in.Deadline = "12/13/2009", "soon"
	_, err = BuildRequest(in, Defaults{}, now)
	fe = nil
	asFieldErrors(err, &fe)
	if dob := fe.Get("dob"); strings.Contains(dob, today) || !strings.Contains(dob, "YYYY-MM-DD") {
		t.Errorf("a bad date of birth: %q", dob)
	}
	if d := fe.Get("deadline"); strings.Contains(d, "2026-11-26") || !strings.Contains(d, "e.g. 2026-12-02 17:00") {
		t.Errorf("a bad deadline: %q", d)
	}
	for _, s := range []string{"50,35", "60/30/20", "50/35/x"} {
		_, err := ParseWeights(s)
		if err == nil || !strings.Contains(err.Error(), "50/35/15") {
			t.Errorf("ParseWeights(%q): %v", s, err)
		}
	}
}

func asFieldErrors(err error, fe *FieldErrors) bool {
	v, ok := err.(FieldErrors)
	if ok {
		*fe = v
	}
	return ok
}

// TestBroadcastWordsSayWhatWasFixed: the timeline's broadcast says the
// start date, hours and needs that were fixed with the weights, cap and
// deadline (a reader years later must not take the draft's first start
// date for the one providers priced); an event without them says what it
// has.
func TestBroadcastWordsSayWhatWasFixed(t *testing.T) {
	t.Parallel()
	e := Event{Version: EventVersion, Action: ActionBroadcast, Fields: Fields{
		{"council", "sefton"}, {"start", "2027-01-04"}, {"hours", "30"}, {"needs", "autism bsl"},
		{"invited", "P001"}, {"weights", "50/35/15"}, {"price cap", "£2,500.00"}, {"deadline", "2026-12-11T17:00:00Z"},
	}}
	want := "criteria fixed: start 2027-01-04, hours a week 30, needs autism and BSL, weights 50/35/15, price cap £2,500.00, deadline 2026-12-11 17:00"
	if got := e.Words(); !strings.Contains(got, want) {
		t.Errorf("broadcast words:\n%s\nwant %q", got, want)
	}
	old := Event{Version: EventVersion, Action: ActionBroadcast, Fields: Fields{
		{"invited", "P001"}, {"weights", "50/35/15"}, {"price cap", "none"}, {"deadline", "2026-12-11T17:00:00Z"},
	}}
	if got := old.Words(); !strings.Contains(got, "criteria fixed: weights 50/35/15, price cap none, deadline 2026-12-11 17:00") {
		t.Errorf("an event without the start: %s", got)
	}
}
