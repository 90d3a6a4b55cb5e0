package matching_test

// Fuzz tests for every parser that reads what people type or what another
// system sends. The seed corpora live in testdata/fuzz/FuzzXxx/ and are
// replayed by plain `go test`; run one for real with, for example,
//
//	go test -run='^$' -fuzz=FuzzParseMoney -fuzztime=60s ./matching
//
// The properties: nothing panics; a refused input is an ErrInvalid with a
// message a person can read (and no control character that could drive their
// terminal); an accepted input round-trips, stays within its limits and
// carries no control characters.

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"placematch/matching"
)

// refused checks a refusal: ErrInvalid, a message, nothing unsafe in it.
func refused(t *testing.T, what string, in any, err error) {
	t.Helper()
	if !errors.Is(err, matching.ErrInvalid) {
		t.Fatalf("%s(%q) refused with %v (%T), not an ErrInvalid", what, in, err, err)
	}
	msg := err.Error()
	if strings.TrimSpace(msg) == "" {
		t.Fatalf("%s(%q) refused without a message", what, in)
	}
	if !utf8.ValidString(msg) {
		t.Fatalf("%s(%q): the message is not UTF-8: %q", what, in, msg)
	}
	for _, r := range msg {
		if r != '\n' && unicode.IsControl(r) {
			t.Fatalf("%s(%q): the message carries control character %U: %q", what, in, r, msg)
		}
	}
}

// cleanLine reports whether s is UTF-8 text with no control character.
func cleanLine(s string) bool { return cleanText(s, "") }

// bidi reports whether s holds a bidirectional control, which Inert marks
// as it does a control character: it could reorder what a reader sees.
func bidi(s string) bool {
	return strings.ContainsFunc(s, matching.IsBidiControl)
}

// cleanText reports whether s is UTF-8 text whose only control characters
// are among allowed.
func cleanText(s, allowed string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return false
		}
	}
	return true
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"950", "950.5", "£1,200.50", "0", "£0.00", "10000000", "£10,000,000.00", "10000000.01",
		"1,2345", "-5", "12.345", "", " 950 ", "£", "1e3", "٩٥٠", "9223372036854775807", "00000000000000000000950"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := matching.ParseMoney(s)
		if err != nil {
			refused(t, "ParseMoney", s, err)
			if p != 0 {
				t.Fatalf("ParseMoney(%q) refused but returned %d", s, p)
			}
			return
		}
		if p < 0 || p > matching.MaxPence {
			t.Fatalf("ParseMoney(%q) = %d, outside 0..%d", s, p, matching.MaxPence)
		}
		shown := p.String()
		back, err := matching.ParseMoney(shown)
		if err != nil || back != p {
			t.Fatalf("ParseMoney(%q) = %d shown as %q, which reads back as %d, %v", s, p, shown, back, err)
		}
		// What people type without the £ and commas reads the same.
		plain := strings.NewReplacer("£", "", ",", "").Replace(shown)
		if back, err := matching.ParseMoney(plain); err != nil || back != p {
			t.Fatalf("ParseMoney(%q) = %d, %v; want %d", plain, back, err, p)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-01", "2024-02-29", "2023-02-29", "2026-13-01", "2026-1-1", "26-12-01", "",
		" 2026-12-01 ", "0000-01-01", "9999-12-31", "2026-12-01T00:00:00Z", "01/12/2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := matching.ParseDate(s)
		if err != nil {
			refused(t, "ParseDate", s, err)
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		shown := matching.ShowDate(d)
		if shown == "" && !d.IsZero() {
			t.Fatalf("ParseDate(%q) = %v shows as nothing", s, d)
		}
		if back, err := matching.ParseDate(shown); shown != "" && (err != nil || !back.Equal(d)) {
			t.Fatalf("ParseDate(%q) = %v shown as %q, which reads back as %v, %v", s, d, shown, back, err)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-26T17:00:00Z", "2026-11-26 17:00", "2026-03-29 01:30", "2026-10-25 01:30",
		"2026-11-26T17:00:00.123456789+01:00", "2026-11-26T17:00:00+24:00", "2026-11-26 25:00", "", "17:00",
		"2026-11-26T17:00:00z", " 2026-11-26 17:00 ", "9999-12-31T23:59:59Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := matching.ParseTime(s)
		if err != nil {
			refused(t, "ParseTime", s, err)
			return
		}
		if v.Location() != time.UTC {
			t.Fatalf("ParseTime(%q) = %v, not in UTC", s, v)
		}
		back, err := matching.ParseTime(v.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(v) {
			t.Fatalf("ParseTime(%q) = %v, which reads back as %v, %v", s, v, back, err)
		}
		if shown := matching.ShowTime(v); !v.IsZero() && !cleanLine(shown) {
			t.Fatalf("ShowTime(%v) = %q", v, shown)
		}
	})
}

func FuzzParseWeights(f *testing.F) {
	for _, s := range []string{"50,35,15", "50/35/15", " 60 , 30 , 10 ", "100,0,0", "50,35,16", "-10,60,50", "50,50",
		"", "+50,35,15", "050,035,015", "9223372036854775807,9223372036854775807,102", "1,2,3,4", ",,,50,35,15,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := matching.ParseWeights(s)
		if err != nil {
			refused(t, "ParseWeights", s, err)
			return
		}
		if w.Quality < 0 || w.Price < 0 || w.AgeCover < 0 || w.Quality > 100 || w.Price > 100 || w.AgeCover > 100 ||
			w.Quality+w.Price+w.AgeCover != 100 {
			t.Fatalf("ParseWeights(%q) accepted %+v", s, w)
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("ParseWeights(%q) accepted %+v, which does not validate: %v", s, w, err)
		}
		if back, err := matching.ParseWeights(w.String()); err != nil || back != w {
			t.Fatalf("ParseWeights(%q) = %+v shown as %q, which reads back as %+v, %v", s, w, w.String(), back, err)
		}
	})
}

const registerHeader = "provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n"

func FuzzParseRegister(f *testing.F) {
	seeds := []string{
		registerHeader + "P001,Alder House Living,company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,2710001,independence-skills;mental-health,2,Manchester,referrals@alder.example.org\n",
		registerHeader + "P002,\"Birchwood, Futures\",charity,leaving-care,group-living,admitted,2024-02-01,90.5,manchester;salford,16,21,,,,Salford,\n",
		registerHeader + "P003,Cedar,company,care-support,packages,applied,,70,*,0,25,,autism;bsl,0,,\n",
		registerHeader + "P004,Damson\x1b[31m,company,leaving-care,group-living,admitted,2023-10-01,95,*,16,25,2710004,,3,Bolton,\n",
		registerHeader + "P005,Elm,club,leaving-care,group-living,admitted,,101,gotham,18,17,27-1,telepathy,-1,Bury,not an email\n",
		registerHeader + "P006,\"unterminated,company\n",
		"\ufeffprovider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town\r\nP007,Fir,health,leaving-care,floating-support,suspended,2022-01-01,0,*,16,25,,,,,\r\n",
		"provider_id,provider_id\n",
		"",
		"\n\n",
		registerHeader,
		registerHeader + "P008,\"Gorse\nHouse\",company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,2710001,,2,Manchester,\n",
		registerHeader + "P009,Holly,company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,2710001,,2,\xff\xfe,\n",
		registerHeader + "P010,Ivy,company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,2710001,,2,Wigan,\"\"\"a\"\"@example.org\"\n",
		registerHeader + "P011,Juniper,company,leaving-care,group-living,admitted,2024-02-01,80,\x1b[2J;sefton,16,25,2710001,\x1b]0;pwned\x07;autism,2,Wigan,\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := matching.ParseRegister(bytes.NewReader(data))
		if err != nil {
			refused(t, "ParseRegister", string(data), err)
			if rows != nil {
				t.Fatalf("a refused register returned %d rows", len(rows))
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("an accepted register has no rows")
		}
		for i, p := range rows {
			for name, v := range map[string]string{"provider_id": p.ProviderID, "provider_name": p.ProviderName, "kind": p.Kind,
				"framework": p.Framework, "lot": p.Lot, "status": string(p.Status), "ofsted_urn": p.OfstedURN, "town": p.Town,
				"email": p.Email, "serves": strings.Join(p.Serves, ";"), "capabilities": strings.Join(p.Capabilities, ";")} {
				if !cleanLine(v) {
					t.Fatalf("row %d: accepted %s %q holds a control character or bad UTF-8", i, name, v)
				}
			}
			if p.ProviderName == "" || p.Quality < 0 || p.Quality > 100 || p.CoverUntil <= p.MinAge || p.MinAge < 0 {
				t.Fatalf("row %d: accepted %+v", i, p)
			}
			if p.Status == matching.ProviderAdmitted && p.AdmittedOn.IsZero() {
				t.Fatalf("row %d: admitted without a date: %+v", i, p)
			}
		}
		// What was accepted, written out again, reads back the same.
		buf := strings.NewReader(matching.FormatRegister(rows))
		again, err := matching.ParseRegister(buf)
		if err != nil {
			t.Fatalf("the accepted rows, written out again, are refused: %v", err)
		}
		if !reflect.DeepEqual(rows, again) {
			t.Fatalf("the accepted rows do not round-trip:\n%+v\n%+v", rows, again)
		}
	})
}

// requestNow is the clock of the request fuzz tests: 25 November 2026.
var requestNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func baseRequestInput() matching.RequestInput {
	return matching.RequestInput{Council: "manchester", Lot: "group-living", CaseRef: "MC-77123", Initials: "JT",
		DOB: "2009-06-01", Start: "2026-12-01", Deadline: "2026-11-26 17:00", Urgency: "within-5-days", Hours: "10",
		Needs: "independence-skills", Risks: "going-missing", Locality: "North Manchester", Summary: "Needs a calm home near college.",
		PriceCap: "£1,500"}
}

func FuzzBuildRequest(f *testing.F) {
	type seed struct{ caseRef, initials, locality, summary, weights, priceCap, hours, needs string }
	for _, s := range []seed{
		{"MC-77123", "JT", "North Manchester", "Needs a calm home near college.", "", "£1,500", "10", "autism;bsl"},
		{"", "", "", "", "50,35,15", "none", "", ""},
		{"LC\x07", "j.t.", "Boo\x1b[2Jtle", "hi\x1b]0;pwned\x07", "9223372036854775807,9223372036854775807,102", "£0", "NaN", "\x1b[31m"},
		{"MC-77123", "JT", "near MC-77123", "JT likes football", "100,0,0", "10000000.01", "169", "autism;;AUTISM"},
		{"X1", "AB", "Bootle\nLiverpool", "line one\nline two\ttabbed", "0,0,100", "1", "0", ""},
		{"MC 1", "QZ", "Crosby", "born 2009-06-01, case mc 1", "50/35/15", "950.5", "37.5", ""},
		{"R\u202eEF", "AB", "\u0085", "a\u009b31mb", "", "", "1e2", "\x9b"},
		{"\xff\xfe", "AB", "\xc3", "text \x9b31m with a raw C1 byte", "", "", "-1", "\xff"},
	} {
		f.Add(s.caseRef, s.initials, s.locality, s.summary, s.weights, s.priceCap, s.hours, s.needs)
	}
	f.Fuzz(func(t *testing.T, caseRef, initials, locality, summary, weights, priceCap, hours, needs string) {
		in := baseRequestInput()
		in.CaseRef, in.Initials, in.Locality, in.Summary, in.Weights, in.PriceCap, in.Hours = caseRef, initials, locality, summary, weights, priceCap, hours
		in.Needs, in.Risks = needs, needs
		r, err := matching.BuildRequest(in, matching.Defaults{Weights: matching.DefaultWeights()}, requestNow)
		if err != nil {
			refused(t, "BuildRequest", in, err)
			var fe matching.FieldErrors
			if !errors.As(err, &fe) || len(fe) == 0 {
				t.Fatalf("BuildRequest refused without naming a field: %v", err)
			}
			return
		}
		if r.CaseRef == "" || len(r.CaseRef) > matching.MaxCaseRef || !cleanLine(r.CaseRef) {
			t.Fatalf("accepted case reference %q", r.CaseRef)
		}
		if !cleanLine(r.Initials) || r.Initials == "" || len(r.Initials) > 4 {
			t.Fatalf("accepted initials %q", r.Initials)
		}
		if !cleanLine(r.Locality) || utf8.RuneCountInString(r.Locality) > matching.MaxShort {
			t.Fatalf("accepted locality %q: it is one line, shown to providers", r.Locality)
		}
		if !cleanText(r.Summary, "\n\t") || utf8.RuneCountInString(r.Summary) > matching.MaxSummary {
			t.Fatalf("accepted summary %q", r.Summary)
		}
		if err := r.Weights.Validate(); err != nil || r.Weights.Quality > 100 || r.Weights.Price > 100 || r.Weights.AgeCover > 100 {
			t.Fatalf("accepted weights %+v: %v", r.Weights, err)
		}
		if r.PriceCap < 0 || r.PriceCap > matching.MaxPence || r.Hours < 0 || r.Hours > matching.MaxHours || r.Hours != r.Hours {
			t.Fatalf("accepted price cap %d, hours %v", r.PriceCap, r.Hours)
		}
		// What providers see never names the young person.
		p := matching.ProfileOf(r)
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{p.Summary, p.Locality} {
			low := strings.ToLower(text)
			if strings.Contains(low, strings.ToLower(r.CaseRef)) {
				t.Fatalf("the provider's view carries the case reference %q: %s", r.CaseRef, b)
			}
			if strings.Contains(text, matching.ShowDate(r.DOB)) || strings.Contains(text, r.DOB.Format("02/01/2006")) {
				t.Fatalf("the provider's view carries the date of birth: %s", b)
			}
		}
		if len(r.Initials) > 1 && containsWord(p.Summary, r.Initials) {
			t.Fatalf("the provider's summary carries the initials %q: %s", r.Initials, b)
		}
		if bytes.Contains(b, []byte(matching.ShowDate(r.DOB))) {
			t.Fatalf("the provider's view carries the date of birth: %s", b)
		}
	})
}

func containsWord(text, word string) bool {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if f == word {
			return true
		}
	}
	return false
}

func FuzzBuildResponse(f *testing.F) {
	type seed struct{ weekly, hourly, decline, cover, start, received, note string }
	for _, s := range []seed{
		{"950", "", "", "25", "2026-12-01", "", "by phone"},
		{"", "25.50", "", "", "", "2026-11-25 10:00", ""},
		{"", "10000000", "", "", "", "", ""},
		{"", "", "no vacancy", "", "", "", ""},
		{"950", "", "full", "", "", "", ""},
		{"0", "", "", "31", "2026-13-01", "2099-01-01 00:00", "hi\x1b[31m"},
		{"£1,200.50", "", "", "0", "", "2026-11-01T00:00:00Z", "line\nline"},
		{"", "", "\x1b]0;x\x07", "", "", "", ""},
		{"", "", "", "", "", "", ""},
		{"12.345", "", "", "abc", "", "yesterday", "\xff"},
	} {
		f.Add(s.weekly, s.hourly, s.decline, s.cover, s.start, s.received, s.note)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	r := matching.Request{ID: "MAN-2026-0001", Council: "manchester", Framework: "leaving-care", Lot: "group-living",
		Status: matching.StatusOpen, Hours: 168, DOB: time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC),
		Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Deadline: now.Add(24 * time.Hour),
		BroadcastAt: now.Add(-2 * time.Hour), Weights: matching.DefaultWeights()}
	f.Fuzz(func(t *testing.T, weekly, hourly, decline, cover, start, received, note string) {
		in := matching.ResponseInput{ProviderID: "P001", Weekly: weekly, Hourly: hourly, Decline: decline, CoverUntil: cover,
			Start: start, Received: received, Note: note}
		resp, err := matching.BuildResponse(r, in, true, now)
		if err != nil {
			refused(t, "BuildResponse", in, err)
			return
		}
		if resp.Declined {
			if resp.DeclineReason == "" || resp.Weekly != 0 || !cleanText(resp.DeclineReason, "\n\t") {
				t.Fatalf("accepted decline %+v", resp)
			}
		} else if resp.Weekly <= 0 || resp.Weekly > matching.MaxPence {
			t.Fatalf("accepted weekly price %d (%s), outside £0.01 to %s", resp.Weekly, resp.Weekly, matching.MaxPence)
		}
		if !cleanText(resp.Note, "\n\t") || utf8.RuneCountInString(resp.Note) > matching.MaxReason {
			t.Fatalf("accepted note %q", resp.Note)
		}
		if resp.CoverUntil < 0 || resp.CoverUntil > 30 {
			t.Fatalf("accepted cover until %d", resp.CoverUntil)
		}
		if resp.Received.IsZero() || resp.Received.After(now.Add(time.Minute)) || resp.Received.Before(r.BroadcastAt.Truncate(time.Minute)) {
			t.Fatalf("accepted received time %v (now %v, broadcast %v)", resp.Received, now, r.BroadcastAt)
		}
	})
}

func FuzzInert(f *testing.F) {
	for _, s := range []string{"Alder House", "\x1b[31mred\x1b[0m", "a\u009b31mb", "bell\x07", "tab\tnew\nline\r", "\x9b31m",
		"\xff\xfe", "£1,200", "\x7f", "\u202eevil", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := matching.Inert(s)
		if !cleanLine(out) || bidi(out) {
			t.Fatalf("Inert(%q) = %q still holds a control character or bad UTF-8", s, out)
		}
		if cleanLine(s) && !bidi(s) && out != s {
			t.Fatalf("Inert(%q) = %q changed clean text", s, out)
		}
		if matching.Inert(out) != out {
			t.Fatalf("Inert is not idempotent on %q", s)
		}
	})
}
