package matching

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// registerColumns are the register file's required columns; email and
// phone are optional.
var registerColumns = []string{
	"provider_id", "provider_name", "kind", "framework", "lot", "status", "admitted_on",
	"quality_score", "serves", "min_age", "cover_until", "ofsted_urn", "capabilities",
	"vacancies", "town",
}

// RegisterColumns are the register file's required columns, in order.
func RegisterColumns() []string { return slices.Clone(registerColumns) }

// OptionalRegisterColumns may be left out of a register file.
func OptionalRegisterColumns() []string { return []string{"email", "phone"} }

// Limits that keep a hostile or broken file from exhausting memory.
const (
	MaxRegisterBytes = 64 << 20
	MaxRegisterLine  = 64 << 10
	MaxRegisterRows  = 200_000
	maxBadRows       = 200
)

// FormatRegister writes register rows as a register file, the form
// ParseRegister reads (with the optional email and phone columns): the demo data and
// the region generator import their registers as a council would, and a
// row written out reads back the same.
func FormatRegister(rows []ProviderLot) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(append(RegisterColumns(), OptionalRegisterColumns()...))
	for _, p := range rows {
		vac := ""
		if p.Vacancies != nil {
			vac = strconv.Itoa(*p.Vacancies)
		}
		w.Write([]string{p.ProviderID, p.ProviderName, p.Kind, p.Framework, p.Lot, string(p.Status), ShowDate(p.AdmittedOn),
			strconv.FormatFloat(p.Quality, 'f', -1, 64), strings.Join(p.Serves, ";"), strconv.Itoa(p.MinAge), strconv.Itoa(p.CoverUntil),
			p.OfstedURN, strings.Join(p.Capabilities, ";"), vac, p.Town, p.Email, p.Phone})
	}
	w.Flush() // a strings.Builder does not fail
	return b.String()
}

// RowError is one bad line of a register file and everything wrong with it.
type RowError struct {
	Line     int
	Problems []string
}

// RegisterError lists every bad row of a register file; nothing is imported.
type RegisterError struct {
	Rows  []RowError
	Fatal string // a problem with the file as a whole
	More  int    // bad rows beyond those listed
}

func (e *RegisterError) Error() string {
	if e.Fatal != "" {
		return "the register was not imported: " + e.Fatal
	}
	n := len(e.Rows) + e.More
	var b strings.Builder
	fmt.Fprintf(&b, "the register was not imported: %d bad row", n)
	if n != 1 {
		b.WriteString("s")
	}
	b.WriteString("; fix them and import the whole file again")
	for _, r := range e.Rows {
		fmt.Fprintf(&b, "\n  line %d: %s", r.Line, strings.Join(r.Problems, "; "))
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more bad rows", e.More)
	}
	return b.String()
}

// Is lets errors.Is(err, ErrInvalid) match a refused register.
func (e *RegisterError) Is(target error) bool { return target == ErrInvalid }

var (
	providerIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$`)
	qualityRe    = regexp.MustCompile(`^\d{1,3}(\.\d{1,4})?$`)
	ofstedURNRe  = regexp.MustCompile(`^[A-Za-z0-9]{1,12}$`)
)

// ParseRegister reads a whole register file and checks every row, so that a
// bad file is refused whole with every bad line named. Columns are matched
// by name; a header row is required. An import reads the file as a stream
// instead (ScanRegister); ParseRegister holds every row.
func ParseRegister(r io.Reader) ([]ProviderLot, error) {
	var out []ProviderLot
	if err := ScanRegister(r, 0, func(rows []ProviderLot) error {
		out = append(out, rows...)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// semicolonWords says how to save a register that a spreadsheet wrote
// with semicolons between its cells.
const semicolonWords = "the file looks separated by semicolons (;), not commas, as a spreadsheet set to a language that writes decimals with a comma saves CSV. " +
	"Save it again with commas: in Excel choose File > Save As > \"CSV (Comma delimited) (*.csv)\"; in LibreOffice Calc tick \"Edit filter settings\" and choose the comma as the field delimiter"

// semicolonSeparated reports whether the file that starts with head was
// written with semicolons between its cells: its first line names the
// register's first column and has more semicolons than commas.
func semicolonSeparated(head []byte) bool {
	line := string(head)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return strings.Contains(strings.ToLower(line), "provider_id") && strings.Count(line, ";") > strings.Count(line, ",")
}

func (e *RegisterError) add(line int, problems []string) {
	if len(e.Rows) >= maxBadRows {
		e.More++
		return
	}
	e.Rows = append(e.Rows, RowError{Line: line, Problems: problems})
}

func parseRegisterRow(get func(string) string) (ProviderLot, []string) {
	var probs []string
	bad := func(f string, a ...any) { probs = append(probs, fmt.Sprintf(f, a...)) }
	p := ProviderLot{}
	p.ProviderID = get("provider_id")
	if !providerIDRe.MatchString(p.ProviderID) {
		bad("provider_id %q must be 1 to 32 letters, digits, - or _", clip(p.ProviderID, 40))
	}
	p.ProviderName = get("provider_name")
	if p.ProviderName == "" {
		bad("provider_name is empty")
	} else if err := CheckText("provider_name", p.ProviderName, MaxShort); err != nil || strings.ContainsAny(p.ProviderName, "\n\t") {
		bad("provider_name must be one line of up to %d characters without control characters", MaxShort)
	}
	p.Kind = get("kind")
	// The codes a row names are kept as the frameworks' own strings, not
	// cut from its line, so that what is kept of a row keeps no line.
	if i := slices.Index(providerKinds, p.Kind); i >= 0 {
		p.Kind = providerKinds[i]
	} else {
		bad("kind %q must be one of %s", clip(p.Kind, 30), strings.Join(providerKinds, ", "))
	}
	p.Framework = get("framework")
	fw, fok := FrameworkByCode(p.Framework)
	if fok {
		p.Framework = fw.Code
	} else {
		bad("framework %q must be care-support or leaving-care", clip(p.Framework, 30))
	}
	p.Lot = get("lot")
	if fok {
		if l, ok := fw.LotByCode(p.Lot); ok {
			p.Lot = l.Code
		} else {
			bad("lot %q is not a lot of %s (use %s)", clip(p.Lot, 30), fw.Code, strings.Join(fw.LotCodes(), ", "))
		}
	}
	p.Status = ProviderStatus(get("status"))
	if i := slices.Index(providerStatuses, p.Status); i >= 0 {
		p.Status = providerStatuses[i]
	} else {
		bad("status %q must be one of applied, admitted, suspended, withdrawn, removed, refused", clip(string(p.Status), 30))
	}
	if a := get("admitted_on"); a != "" {
		d, err := ParseDate(a)
		if err != nil {
			bad("admitted_on %q must be a date, YYYY-MM-DD", clip(a, 30))
		}
		p.AdmittedOn = d
	} else if p.Status == ProviderAdmitted {
		bad("admitted_on is required when the status is admitted")
	}
	q := get("quality_score")
	if !qualityRe.MatchString(q) {
		bad("quality_score %q must be a number from 0 to 100", clip(q, 30))
	} else if v, _ := strconv.ParseFloat(q, 64); v > 100 {
		bad("quality_score %s is over 100", q)
	} else {
		p.Quality = v
	}
	var fwp *Framework
	if fok {
		fwp = &fw
	}
	p.Serves = parseServes(get("serves"), fwp, bad)
	minAge, err1 := strconv.Atoi(get("min_age"))
	if err1 != nil || minAge < 0 || minAge > 25 {
		bad("min_age %q must be a whole number of years from 0 to 25", clip(get("min_age"), 20))
	}
	cover, err2 := strconv.Atoi(get("cover_until"))
	if err2 != nil || cover < 1 || cover > 30 {
		bad("cover_until %q must be a whole number of years, e.g. 25", clip(get("cover_until"), 20))
	} else if err1 == nil && cover <= minAge {
		bad("cover_until %d must be greater than min_age %d", cover, minAge)
	}
	p.MinAge, p.CoverUntil = minAge, cover
	p.OfstedURN = get("ofsted_urn")
	if p.OfstedURN != "" && !ofstedURNRe.MatchString(p.OfstedURN) {
		bad("ofsted_urn %q must be letters and digits only, e.g. 2712345", clip(p.OfstedURN, 30))
	}
	caps, err := ParseCapabilities(get("capabilities"))
	if err != nil {
		bad("%s", err.Error())
	}
	p.Capabilities = caps
	if v := get("vacancies"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			bad("vacancies %q must be a whole number of 0 or more, or empty", clip(v, 20))
		} else {
			p.Vacancies = &n
		}
	}
	p.Town = get("town")
	if CheckText("town", p.Town, MaxShort) != nil || strings.ContainsAny(p.Town, "\n\t") {
		bad("town must be one line of up to %d characters without control characters", MaxShort)
	}
	if e := get("email"); e != "" {
		a, err := mail.ParseAddress(e)
		if err != nil || a.Address != e || len(e) > 254 || !isASCII(e) {
			bad("email %q is not a plain address like referrals@example.org", clip(e, 60))
		} else {
			p.Email = e
		}
	}
	if ph, err := CheckPhone(get("phone")); err != nil {
		bad("phone %s", err.Error())
	} else {
		p.Phone = ph
	}
	return p, probs
}

// parseServes reads the councils a row serves: "*" or slugs joined by ";",
// each a member of the framework (when it is known).
func parseServes(serves string, fw *Framework, bad func(string, ...any)) []string {
	if serves == "*" {
		return []string{"*"}
	}
	var out, unknown []string
	for _, s := range strings.Split(serves, ";") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if _, ok := CouncilBySlug(s); !ok {
			unknown = append(unknown, clip(s, 30))
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	switch {
	case len(unknown) > 0:
		bad("serves names unknown council(s) %s: use * or council slugs such as sefton;st-helens", quoteList(unknown))
	case len(out) == 0:
		bad("serves is empty: use * for every member council, or slugs joined by ;")
	case fw != nil:
		for _, s := range out {
			if !fw.Member(s) {
				bad("serves %s, which is not a member of %s", s, fw.Code)
			}
		}
	}
	return out
}

func csvProblem(err error) string {
	switch {
	case errors.Is(err, errTooBig):
		return fmt.Sprintf("the file is larger than %d MB: split it into smaller files", MaxRegisterBytes>>20)
	case errors.Is(err, errLineTooLong):
		return fmt.Sprintf("a line is longer than %d KB: no register row is that long; check the file is a register CSV", MaxRegisterLine>>10)
	case errors.Is(err, errNotUTF8):
		return "the file is not UTF-8 text: save it as CSV (UTF-8)"
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "is not well-formed CSV: " + pe.Err.Error() + " (check the quotes on this line)"
	}
	return "could not be read: " + err.Error()
}

var (
	errTooBig      = errors.New("register too big")
	errLineTooLong = errors.New("line too long")
	errNotUTF8     = errors.New("not utf-8")
)

type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// lineGuard refuses a line longer than MaxRegisterLine and bytes that are not
// UTF-8, before encoding/csv buffers them.
type lineGuard struct {
	r       io.Reader
	lineLen int
	carry   []byte
}

func (g *lineGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			g.lineLen = 0
		} else {
			g.lineLen++
			if g.lineLen > MaxRegisterLine {
				return 0, errLineTooLong
			}
		}
	}
	// Check UTF-8 across read boundaries by carrying an incomplete tail.
	buf := append(g.carry, p[:n]...)
	end := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) && err == nil {
				end = i
			}
			break
		}
	}
	if !utf8.Valid(buf[:end]) {
		return 0, errNotUTF8
	}
	g.carry = append(g.carry[:0], buf[end:]...)
	return n, err
}

// isASCII keeps addresses to what every mail relay takes: internationalised
// addresses need SMTPUTF8, which relays may refuse.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
