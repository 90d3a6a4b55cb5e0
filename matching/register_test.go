package matching

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

const registerHeader = "provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town"

// row is a good register row for the standard column order.
const goodRow = "brook,Brook House,company,leaving-care,group-living,admitted,2024-04-01,82.5,*,16,25,2712345,autism;self-harm,2,Bootle"

func parseRegister(t *testing.T, text string) ([]ProviderLot, *RegisterError) {
	t.Helper()
	var out []ProviderLot
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		out, err = ParseRegister(strings.NewReader(text))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ParseRegister did not return within 10s")
	}
	if err == nil {
		return out, nil
	}
	var re *RegisterError
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T) is not *RegisterError", err, err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
	}
	if out != nil {
		t.Errorf("a refused register returned rows: %+v", out)
	}
	return nil, re
}

func TestParseRegisterGood(t *testing.T) {
	t.Parallel()
	file := strings.Join([]string{
		// A different column order, header names in other cases and an email column.
		"Town,email,provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,VACANCIES",
		"Bootle,referrals@brook.example.org,brook,Brook House,company,leaving-care,group-living,admitted,2024-04-01,82.5,*,16,25,2712345,self-harm;Autism;autism,2",
		`,,kind-hearts,"Kind Hearts, Ltd",charity,care-support,packages,applied,,70,sefton; wirral;sefton,0,18,,,`,
		"",
		"Bolton,,brook,Brook House,company,leaving-care,floating-support,suspended,2023-01-10,100,bolton,18,21,,esol,0",
	}, "\n") + "\n"
	got, rerr := parseRegister(t, file)
	if rerr != nil {
		t.Fatalf("ParseRegister: %v", rerr)
	}
	if len(got) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(got), got)
	}
	b := got[0]
	two := 2
	if b.ProviderID != "brook" || b.ProviderName != "Brook House" || b.Kind != "company" || b.Framework != "leaving-care" ||
		b.Lot != "group-living" || b.Status != ProviderAdmitted || !b.AdmittedOn.Equal(day(t, "2024-04-01")) ||
		b.Quality != 82.5 || !slices.Equal(b.Serves, []string{"*"}) || b.MinAge != 16 || b.CoverUntil != 25 ||
		b.OfstedURN != "2712345" || !slices.Equal(b.Capabilities, []string{"autism", "self-harm"}) ||
		b.Vacancies == nil || *b.Vacancies != two || b.Town != "Bootle" || b.Email != "referrals@brook.example.org" {
		t.Errorf("row 1 = %+v", b)
	}
	k := got[1]
	if k.ProviderName != "Kind Hearts, Ltd" || k.Status != ProviderApplied || !k.AdmittedOn.IsZero() || k.Quality != 70 ||
		!slices.Equal(k.Serves, []string{"sefton", "wirral"}) || k.MinAge != 0 || k.CoverUntil != 18 ||
		k.Vacancies != nil || k.Email != "" || k.Town != "" || len(k.Capabilities) != 0 || k.OfstedURN != "" {
		t.Errorf("row 2 = %+v", k)
	}
	s := got[2]
	if s.Lot != "floating-support" || s.Status != ProviderSuspended || s.Quality != 100 || s.Vacancies == nil || *s.Vacancies != 0 {
		t.Errorf("row 3 = %+v", s)
	}
}

func TestParseRegisterBOMAndCRLF(t *testing.T) {
	t.Parallel()
	file := "\ufeff" + registerHeader + "\r\n" + goodRow + "\r\n"
	got, rerr := parseRegister(t, file)
	if rerr != nil {
		t.Fatalf("ParseRegister: %v", rerr)
	}
	if len(got) != 1 || got[0].ProviderID != "brook" || got[0].Town != "Bootle" {
		t.Errorf("rows %+v", got)
	}
}

func TestParseRegisterBadRows(t *testing.T) {
	t.Parallel()
	lines := []string{
		registerHeader, // 1
		goodRow,        // 2
		"b3,Bad Kind,plc,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,",                           // 3
		"b4,Bad Lot,company,care-support,group-living,admitted,2024-04-01,80,*,0,25,,,,",                         // 4
		"b5,No Date,company,leaving-care,group-living,admitted,,80,*,16,25,,,,",                                  // 5
		"b6,Too Good,company,leaving-care,group-living,admitted,2024-04-01,101,*,16,25,,,,",                      // 6
		"b7,Short Cover,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,16,,,,",                    // 7
		"b8,Nowhere,company,leaving-care,group-living,admitted,2024-04-01,80,sefton;atlantis,16,25,,,,",          // 8
		"b9,Juggler,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,autism;juggling,,",         // 9
		"brook,Brook House,company,leaving-care,group-living,admitted,2024-04-01,82.5,*,16,25,2712345,autism,2,", // 10: repeats line 2
		"b11,Short Row,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25",                         // 11
		"b12,Fine,charity,leaving-care,floating-support,applied,,55.25,bolton;bury,16,21,,esol,,Bury",            // 12
		"b13,Not Member,company,care-support,packages,admitted,2024-04-01,80,manchester,0,25,,,,",                // 13
		"b14,Bad Status,company,leaving-care,group-living,paused,2024-04-01,80,*,16,25,,,,",                      // 14
		"bad id!,Bad Id,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,",                    // 15
		"b16,Bad Framework,company,leaving-kare,group-living,admitted,2024-04-01,80,*,16,25,,,,",                 // 16
		"b17,Bad Vacancies,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,-1,",               // 17
		"b18,Bad Date,company,leaving-care,group-living,admitted,2024-02-30,80,*,16,25,,,,",                      // 18
		"b19,Quality Text,company,leaving-care,group-living,admitted,2024-04-01,high,*,16,25,,,,",                // 19
		"b20,Too Many,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,,extra",                // 20
		"b12,Other Name,charity,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,URN1,,,",                // 21: renames b12
	}
	want := map[int][]string{
		3:  {`kind "plc"`},
		4:  {`lot "group-living" is not a lot of care-support`},
		5:  {"admitted_on is required"},
		6:  {"quality_score 101 is over 100"},
		7:  {"cover_until 16 must be greater than min_age 16"},
		8:  {`"atlantis"`},
		9:  {`"juggling"`},
		10: {"repeats provider brook on lot group-living from line 2"},
		11: {"has 11 fields where the header has 15"},
		13: {"serves manchester, which is not a member of care-support"},
		14: {`status "paused"`},
		15: {"provider_id"},
		16: {`framework "leaving-kare"`},
		17: {`vacancies "-1"`},
		18: {`admitted_on "2024-02-30"`},
		19: {`quality_score "high"`},
		20: {"has 16 fields where the header has 15"},
		21: {`names provider b12 "Other Name"`},
	}
	_, rerr := parseRegister(t, strings.Join(lines, "\n")+"\n")
	if rerr == nil {
		t.Fatal("a register with bad rows was accepted")
	}
	if rerr.Fatal != "" {
		t.Fatalf("fatal %q, want row errors", rerr.Fatal)
	}
	var gotLines []int
	for _, r := range rerr.Rows {
		gotLines = append(gotLines, r.Line)
		frags, ok := want[r.Line]
		if !ok {
			t.Errorf("line %d reported but is good: %v", r.Line, r.Problems)
			continue
		}
		joined := strings.Join(r.Problems, " | ")
		for _, f := range frags {
			if !strings.Contains(joined, f) {
				t.Errorf("line %d problems %q lack %q", r.Line, joined, f)
			}
		}
	}
	var wantLines []int
	for l := range want {
		wantLines = append(wantLines, l)
	}
	slices.Sort(wantLines)
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("bad lines %v, want %v", gotLines, wantLines)
	}
	msg := rerr.Error()
	if !strings.Contains(msg, "18 bad rows") || !strings.Contains(msg, "\n  line 3: ") || !strings.Contains(msg, "\n  line 21: ") {
		t.Errorf("message does not list every bad row:\n%s", msg)
	}
}

// A row with several problems reports all of them.
func TestParseRegisterEveryProblemOfARow(t *testing.T) {
	t.Parallel()
	file := registerHeader + "\n" + ",,plc,leaving-care,nope,gone,,999,,x,y,!!,flying,many,\n"
	_, rerr := parseRegister(t, file)
	if rerr == nil || len(rerr.Rows) != 1 || rerr.Rows[0].Line != 2 {
		t.Fatalf("error %+v, want one bad row at line 2", rerr)
	}
	joined := strings.Join(rerr.Rows[0].Problems, " | ")
	for _, f := range []string{"provider_id", "provider_name is empty", "kind", "lot", "status", "quality_score", "serves is empty", "min_age", "cover_until", "ofsted_urn", "flying", "vacancies"} {
		if !strings.Contains(joined, f) {
			t.Errorf("problems %q lack %q", joined, f)
		}
	}
}

func TestParseRegisterLineNumbers(t *testing.T) {
	t.Parallel()
	file := registerHeader + "\n" +
		"a1,\"Two\nLines\",company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n" + // lines 2-3: a name on two lines
		"a4,\"bad\"quote,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n" + // line 4: malformed CSV
		"\n" + // line 5: blank
		"a3,Bad,plc,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n" + // line 6
		"   \n" + // line 7: only spaces, skipped as blank
		"a2,Good,company,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n" + // line 8
		"a5,Bad,plc,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n" // line 9
	_, rerr := parseRegister(t, file)
	if rerr == nil {
		t.Fatal("accepted")
	}
	if rerr.Fatal != "" {
		t.Fatalf("fatal %q, want row errors", rerr.Fatal)
	}
	var lines []int
	for _, r := range rerr.Rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{2, 4, 6, 9}) {
		t.Errorf("bad lines %v, want [2 4 6 9]: %v", lines, rerr)
	}
	if len(rerr.Rows) == 4 && !strings.Contains(strings.Join(rerr.Rows[1].Problems, ";"), "well-formed CSV") {
		t.Errorf("line 4 problems %v, want a CSV quoting problem", rerr.Rows[1].Problems)
	}
}

func TestParseRegisterFatal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want []string // fragments of Fatal
	}{
		{"empty file", "", []string{"empty", "header"}},
		{"only blank lines", "\n\n", []string{"empty"}},
		{"header but no rows", registerHeader + "\n", []string{"no rows"}},
		{
			"missing columns",
			strings.Replace(strings.Replace(registerHeader, ",quality_score", "", 1), ",town", "", 1) + "\n" + goodRow + "\n",
			[]string{"quality_score", "town"},
		},
		{"header names a column twice", registerHeader + ",town\n", []string{`"town" twice`}},
		{"unnamed columns between named ones", strings.Replace(registerHeader, ",town", ",,,town", 1) + "\n" + goodRow + "\n", []string{"unnamed columns (column 16 is one)"}},
		{
			"saved with semicolons", strings.ReplaceAll(registerHeader, ",", ";") + "\n" + strings.ReplaceAll(goodRow, ",", ";") + "\n",
			[]string{"separated by semicolons (;), not commas", `"CSV (Comma delimited) (*.csv)"`},
		},
		{
			"saved with semicolons, a BOM and quotes", "\ufeff\"provider_id\";\"provider_name\";\"kind\"\n\"a\";\"b\";\"c\"\n",
			[]string{"separated by semicolons"},
		},
		{"no header, data first", goodRow + "\n" + goodRow + "\n", []string{"lacks the column"}},
		{"not UTF-8 in a row", registerHeader + "\n" + strings.Replace(goodRow, "Bootle", "Caf\xe9", 1) + "\n", []string{"UTF-8"}},
		{"not UTF-8 at the very end", registerHeader + "\n" + goodRow + "\xc3", []string{"UTF-8"}},
		{"UTF-16 file", "\xff\xfep\x00r\x00", []string{"UTF-8"}},
		{"a line longer than the limit", registerHeader + "\n" + strings.Repeat("a", MaxRegisterLine+1) + "\n", []string{"longer than"}},
		{"a long header", strings.Repeat("x", MaxRegisterLine+10), []string{"longer than"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := parseRegister(t, tc.file)
			if rerr == nil {
				t.Fatal("accepted")
			}
			if len(rerr.Rows) != 0 {
				t.Errorf("row errors %+v, want a fatal error", rerr.Rows)
			}
			for _, f := range tc.want {
				if !strings.Contains(rerr.Fatal, f) {
					t.Errorf("fatal %q lacks %q", rerr.Fatal, f)
				}
			}
			if !strings.HasPrefix(rerr.Error(), "the register was not imported: ") {
				t.Errorf("message %q", rerr.Error())
			}
		})
	}
}

// Multi-byte characters split across reads are valid UTF-8 and accepted.
func TestParseRegisterUTF8AcrossReads(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("é", 90) // 180 bytes of two-byte runes
	file := registerHeader + "\n" + strings.Replace(goodRow, "Brook House", name, 1) + "\n"
	got, err := ParseRegister(&oneByteReader{strings.NewReader(file)})
	if err != nil {
		t.Fatalf("ParseRegister: %v", err)
	}
	if len(got) != 1 || got[0].ProviderName != name {
		t.Errorf("rows %+v", got)
	}
}

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

// endless yields the same byte forever, with no newline.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// A stream with no line break must be refused after one line's worth of
// bytes, not read to the end (which here never comes).
func TestParseRegisterEndlessLine(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"", registerHeader + "\n"} {
		src := &endless{}
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, err = ParseRegister(io.MultiReader(strings.NewReader(prefix), src))
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("ParseRegister hangs on an endless line")
		}
		var re *RegisterError
		if !errors.As(err, &re) || !strings.Contains(re.Fatal, "longer than") {
			t.Fatalf("error %v, want a fatal line-too-long error", err)
		}
		if src.n > 4*MaxRegisterLine {
			t.Errorf("read %d bytes of an endless line before refusing it", src.n)
		}
	}
}

func TestRegisterErrorMessage(t *testing.T) {
	t.Parallel()
	e := &RegisterError{Rows: []RowError{{Line: 4, Problems: []string{"a", "b"}}}}
	if got := e.Error(); got != "the register was not imported: 1 bad row; fix them and import the whole file again\n  line 4: a; b" {
		t.Errorf("Error() = %q", got)
	}
	e.More = 3
	if got := e.Error(); !strings.Contains(got, "4 bad rows") || !strings.Contains(got, "and 3 more bad rows") {
		t.Errorf("Error() = %q", got)
	}
}

// Past the listing limit, bad rows are counted rather than listed.
func TestParseRegisterManyBadRows(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(registerHeader + "\n")
	for range maxBadRows + 25 {
		b.WriteString("x,Bad,plc,leaving-care,group-living,admitted,2024-04-01,80,*,16,25,,,,\n")
	}
	_, rerr := parseRegister(t, b.String())
	if rerr == nil {
		t.Fatal("accepted")
	}
	if len(rerr.Rows) != maxBadRows || rerr.More != 25 {
		t.Errorf("listed %d, more %d; want %d and 25", len(rerr.Rows), rerr.More, maxBadRows)
	}
	if rerr.Rows[0].Line != 2 || rerr.Rows[maxBadRows-1].Line != maxBadRows+1 {
		t.Errorf("first/last listed lines %d/%d", rerr.Rows[0].Line, rerr.Rows[maxBadRows-1].Line)
	}
}

func TestParseRegisterEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		email string
		ok    bool
	}{
		{"a@example.org", true},
		{"", true},
		{"not an address", false},
		{"Brook <a@example.org>", false},
		{"a@", false},
	}
	for _, tc := range tests {
		t.Run(tc.email, func(t *testing.T) {
			file := registerHeader + ",email\n" + goodRow + "," + tc.email + "\n"
			got, rerr := parseRegister(t, file)
			if tc.ok {
				if rerr != nil {
					t.Fatalf("ParseRegister: %v", rerr)
				}
				if got[0].Email != tc.email {
					t.Errorf("email %q", got[0].Email)
				}
				return
			}
			if rerr == nil || len(rerr.Rows) != 1 || !strings.Contains(strings.Join(rerr.Rows[0].Problems, ";"), "email") {
				t.Errorf("error %+v, want an email problem", rerr)
			}
		})
	}
}

// A spreadsheet's unnamed empty columns after the last are no columns: a
// file Excel saved with three of them imports.
func TestParseRegisterTrailingEmptyColumns(t *testing.T) {
	t.Parallel()
	row2 := strings.Replace(strings.Replace(goodRow, "brook,Brook House", "oak,Oak Lodge", 1), ",2,Bootle", ",,Bootle", 1)
	for name, file := range map[string]string{
		"empty cells on every row":   registerHeader + ",,,\r\n" + goodRow + ",,,\r\n" + row2 + ",,,\r\n",
		"fewer empty cells on a row": registerHeader + ",, ,\n" + goodRow + ",\n" + row2 + "\n",
		"a row of empty cells":       registerHeader + ",,\n" + goodRow + ",,\n" + strings.Repeat(",", 16) + "\n" + row2 + ",,\n",
	} {
		t.Run(name, func(t *testing.T) {
			rows, rerr := parseRegister(t, file)
			if rerr != nil {
				t.Fatalf("refused: %v", rerr)
			}
			if len(rows) != 2 || rows[0].ProviderName != "Brook House" || rows[0].Town != "Bootle" || rows[1].Vacancies != nil || rows[1].Town != "Bootle" {
				t.Errorf("rows %+v", rows)
			}
		})
	}
	// A cell given in an unnamed column is not lost silently.
	_, rerr := parseRegister(t, registerHeader+",,\n"+goodRow+",,x\n")
	if rerr == nil || len(rerr.Rows) != 1 || rerr.Rows[0].Line != 2 || !strings.Contains(rerr.Rows[0].Problems[0], "has 17 fields where the header has 15") {
		t.Errorf("a value in an unnamed column: %v", rerr)
	}
}

// A direction control in any cell refuses the row, naming the line, the
// column and where in the cell it is.
func TestParseRegisterBidiControls(t *testing.T) {
	t.Parallel()
	file := registerHeader + ",email\n" +
		goodRow + ",\n" +
		strings.Replace(goodRow, "Brook House", "Evil\u202eCSV.exe\u202c Homes", 1) + ",\n" +
		strings.Replace(strings.Replace(goodRow, "brook,", "b4,", 1), "Bootle", "Boo\u2066tle", 1) + ",\n" +
		strings.Replace(goodRow, "brook,", "b5,", 1) + ",x\u200f@example.org\n"
	_, rerr := parseRegister(t, file)
	if rerr == nil || rerr.Fatal != "" {
		t.Fatalf("got %v, want row errors", rerr)
	}
	want := map[int]string{
		3: "provider_name (column 2) has invisible direction controls (U+202E) at character 5, and (U+202C) at character 13",
		4: "town (column 15) has an invisible direction control (U+2066) at character 4",
		5: "email (column 16) has an invisible direction control (U+200F) at character 2",
	}
	if len(rerr.Rows) != len(want) {
		t.Fatalf("bad rows %+v, want lines 3, 4 and 5", rerr.Rows)
	}
	for _, r := range rerr.Rows {
		if !strings.Contains(r.Problems[0], want[r.Line]) {
			t.Errorf("line %d: %q, want %q", r.Line, r.Problems, want[r.Line])
		}
		if strings.ContainsFunc(strings.Join(r.Problems, ";"), IsBidiControl) {
			t.Errorf("line %d: the message carries the control itself: %q", r.Line, r.Problems)
		}
	}
	// The rest of the row is checked as if the control were not there: the
	// name of line 3 is no other problem.
	if p := rerr.Rows[0].Problems; len(p) != 1 {
		t.Errorf("line 3 problems %q, want the control only", p)
	}
}
