package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProviderStatus is a provider's standing on one framework lot.
type ProviderStatus string

// The register statuses; only admitted providers are invited.
const (
	ProviderApplied   ProviderStatus = "applied"
	ProviderAdmitted  ProviderStatus = "admitted"
	ProviderSuspended ProviderStatus = "suspended"
	ProviderWithdrawn ProviderStatus = "withdrawn"
	ProviderRemoved   ProviderStatus = "removed"
)

var providerStatuses = []ProviderStatus{ProviderApplied, ProviderAdmitted, ProviderSuspended, ProviderWithdrawn, ProviderRemoved, ProviderRefused}

// ProviderStatuses lists every register status.
func ProviderStatuses() []ProviderStatus { return slices.Clone(providerStatuses) }

var providerKinds = []string{"company", "charity", "sole-trader", "health"}

// ProviderKinds are the kinds of provider organisation.
func ProviderKinds() []string { return slices.Clone(providerKinds) }

// ProviderLot is one provider's entry on one framework lot: one row of the
// register.
type ProviderLot struct {
	ProviderID   string         `json:"provider_id"`
	ProviderName string         `json:"provider_name"`
	Kind         string         `json:"kind"`
	Framework    string         `json:"framework"`
	Lot          string         `json:"lot"`
	Status       ProviderStatus `json:"status"`
	AdmittedOn   time.Time      `json:"-"`
	Quality      float64        `json:"quality_score"`
	Serves       []string       `json:"serves"` // "*" or council slugs
	MinAge       int            `json:"min_age"`
	CoverUntil   int            `json:"cover_until"`
	OfstedURN    string         `json:"ofsted_urn,omitempty"`
	Capabilities []string       `json:"capabilities"`
	Vacancies    *int           `json:"vacancies"`
	Town         string         `json:"town,omitempty"`
	Email        string         `json:"email,omitempty"`
	Phone        string         `json:"phone,omitempty"`
	// The register's life (see register_life.go): when it applied, was
	// last assessed (with the note) and decided; why it was refused,
	// suspended, removed or left; when a suspension ends by itself.
	AppliedOn      time.Time `json:"-"`
	AssessedOn     time.Time `json:"-"`
	QualityNote    string    `json:"-"`
	DecidedOn      time.Time `json:"-"`
	StatusReason   string    `json:"-"`
	SuspendedUntil time.Time `json:"-"`
}

// ServesCouncil reports whether the provider covers the council.
func (p ProviderLot) ServesCouncil(slug string) bool {
	return slices.Contains(p.Serves, "*") || slices.Contains(p.Serves, slug)
}

// Reason codes for a provider not invited, in the rules' order.
const (
	ReasonNotAdmitted    = "not_admitted"
	ReasonArea           = "area"
	ReasonAge            = "age"
	ReasonNoRegistration = "no_registration"
)

// Reasons are the reason codes in the rules' order.
func Reasons() []string {
	return []string{ReasonNotAdmitted, ReasonArea, ReasonAge, ReasonNoRegistration}
}

// ReasonCounts counts a not-invited list by reason (a provider can fail
// several rules, so the counts can add up to more than the list).
func ReasonCounts(left []NotInvited) map[string]int {
	count := map[string]int{}
	for _, n := range left {
		for _, c := range n.Reasons {
			count[c]++
		}
	}
	return count
}

// Ineligibility lists every rule a provider fails for a request broadcast
// on the date day, in the rules' order; none means it must be invited. The
// request's lot decides whether the Ofsted rule applies; a provider
// admitted from a date after day is not admitted yet.
func Ineligibility(r Request, p ProviderLot, day time.Time) []string {
	_, lot, ok := FindLot(r.Lot)
	return ineligibility(r, &p, r.Age(), ok && lot.NeedsOfsted, day)
}

// ineligibility is Ineligibility with what depends on the request alone
// worked out once, for a whole lot.
func ineligibility(r Request, p *ProviderLot, age int, needsOfsted bool, day time.Time) []string {
	var out []string
	if !p.EffectiveOn(day) {
		out = append(out, ReasonNotAdmitted)
	}
	if !p.ServesCouncil(r.Council) {
		out = append(out, ReasonArea)
	}
	if !(p.MinAge <= age && age < p.CoverUntil) {
		out = append(out, ReasonAge)
	}
	if needsOfsted && age < 18 && p.OfstedURN == "" {
		out = append(out, ReasonNoRegistration)
	}
	return out
}

// Invitation is a provider invited to a request, with what it was at
// broadcast: the list is a snapshot that later register changes do not alter.
type Invitation struct {
	ProviderID   string   `json:"provider_id"`
	ProviderName string   `json:"provider_name"`
	Email        string   `json:"-"`
	Phone        string   `json:"-"`
	Quality      float64  `json:"-"`
	CoverUntil   int      `json:"-"`
	MissingNeeds []string `json:"missing_needs"`
	Vacancies    *int     `json:"vacancies"`
	Town         string   `json:"-"`
}

// NotInvited is a provider on the lot left out, with every rule it failed.
type NotInvited struct {
	ProviderID   string   `json:"provider_id"`
	ProviderName string   `json:"provider_name"`
	Reasons      []string `json:"reasons"`
	// Status is the provider's register status at broadcast, kept where
	// it failed the not_admitted rule, so that "suspended" reads as such.
	// Lists stored before it was kept have none.
	Status ProviderStatus `json:"status,omitempty"`
	// AdmittedOn is the date (YYYY-MM-DD) a provider admitted from after
	// the broadcast's day takes effect, kept where that left it out.
	AdmittedOn string `json:"admitted_on,omitempty"`
}

// EncodeNotInvited writes a not-invited list in one canonical form: a line
// per provider holding its id, name and reasons (joined by commas, the
// not_admitted one followed by "=" and the register status where it is
// known), each as its length in bytes, a colon and the text, so that no
// name can break the form and nothing needs escaping. At the scale of a region the list is
// nearly the whole lot, so the store keeps each distinct list once and a
// broadcast's audit event quotes its digest rather than every line.
func EncodeNotInvited(left []NotInvited) []byte {
	n := 0
	for _, l := range left {
		n += len(l.ProviderID) + len(l.ProviderName) + 32
	}
	b := make([]byte, 0, n)
	for _, l := range left {
		b = appendNotInvited(b, l)
	}
	return b
}

func appendNotInvited(b []byte, l NotInvited) []byte {
	b = appendField(b, l.ProviderID)
	b = appendField(b, l.ProviderName)
	n := max(len(l.Reasons)-1, 0)
	for _, r := range l.Reasons {
		n += len(r)
		if r == ReasonNotAdmitted && l.Status != "" {
			n += 1 + len(l.Status)
			if l.AdmittedOn != "" {
				n += 1 + len(l.AdmittedOn)
			}
		}
	}
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ':')
	for i, r := range l.Reasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, r...)
		if r == ReasonNotAdmitted && l.Status != "" {
			b = append(b, '=')
			b = append(b, l.Status...)
			if l.AdmittedOn != "" {
				b = append(b, '@')
				b = append(b, l.AdmittedOn...)
			}
		}
	}
	return append(b, '\n')
}

func appendField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

var errNotInvitedForm = errors.New("a stored not-invited list is damaged")

// field reads one length-prefixed field from the front of s; the field is
// a part of s, not a copy.
func field(s string) (string, string, error) {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || colon > 10 {
		return "", "", errNotInvitedForm
	}
	n := 0
	for i := range colon {
		c := s[i]
		if c < '0' || c > '9' {
			return "", "", errNotInvitedForm
		}
		n = n*10 + int(c-'0')
	}
	if n > len(s)-colon-1 {
		return "", "", errNotInvitedForm
	}
	return s[colon+1 : colon+1+n], s[colon+1+n:], nil
}

// DecodeNotInvited reads what EncodeNotInvited wrote.
func DecodeNotInvited(b []byte) ([]NotInvited, error) {
	return DecodeNotInvitedText(string(b))
}

// DecodeNotInvitedText is DecodeNotInvited of a list already held as a
// string. A region's request leaves thousands of providers out: each
// one's id and name are parts of the one text rather than copies of it
// (two allocations fewer a row), so the rows keep the text alive.
func DecodeNotInvitedText(s string) ([]NotInvited, error) {
	out := make([]NotInvited, 0, strings.Count(s, "\n"))
	// Reasons are a handful of codes: share their strings.
	type reasonCodes struct {
		codes  []string
		status ProviderStatus
		on     string
	}
	reasons := map[string]reasonCodes{}
	for len(s) > 0 {
		var l NotInvited
		var rs string
		var err error
		if l.ProviderID, s, err = field(s); err != nil {
			return nil, err
		}
		if l.ProviderName, s, err = field(s); err != nil {
			return nil, err
		}
		if rs, s, err = field(s); err != nil {
			return nil, err
		}
		if len(s) == 0 || s[0] != '\n' {
			return nil, errNotInvitedForm
		}
		s = s[1:]
		rc, ok := reasons[rs]
		if !ok {
			rc.codes = []string{}
			if rs != "" {
				rc.codes = strings.Split(strings.Clone(rs), ",")
			}
			for i, c := range rc.codes {
				if code, status, ok := strings.Cut(c, "="); ok {
					status, on, _ := strings.Cut(status, "@")
					rc.codes[i], rc.status, rc.on = code, ProviderStatus(status), on
				}
			}
			reasons[rs] = rc
		}
		l.Reasons, l.Status, l.AdmittedOn = slices.Clip(rc.codes), rc.status, rc.on
		out = append(out, l)
	}
	return out, nil
}

// NotInvitedDigest is the SHA-256, in hex, of a not-invited list in its
// canonical form.
func NotInvitedDigest(left []NotInvited) string {
	h := sha256.New()
	buf := make([]byte, 0, 8192)
	for _, l := range left {
		buf = appendNotInvited(buf, l)
		if len(buf) >= 7168 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// Eligibility splits a lot's providers into those to invite and those left
// out, for a broadcast on the date day (London): a provider admitted from
// a later date is left out as not admitted, with that date. Needs-fit and
// vacancies are signals for the officer, never filters. Both lists come
// back in provider id order.
func Eligibility(r Request, lot []ProviderLot, day time.Time) (invited []Invitation, left []NotInvited) {
	invited = []Invitation{}
	left = []NotInvited{}
	byID := func(a, b ProviderLot) int { return compareStrings(a.ProviderID, b.ProviderID) }
	sorted := lot
	// The store hands the lot over in id order already; copying and sorting
	// thousands of rows again would be most of the work.
	if !slices.IsSortedFunc(lot, byID) {
		sorted = slices.Clone(lot)
		slices.SortFunc(sorted, byID)
	}
	age := r.Age()
	_, l, ok := FindLot(r.Lot)
	needsOfsted := ok && l.NeedsOfsted
	wants := wanted(r)
	for i := range sorted {
		p := &sorted[i]
		if p.Framework != r.Framework || p.Lot != r.Lot {
			continue
		}
		if reasons := ineligibility(r, p, age, needsOfsted, day); len(reasons) > 0 {
			ni := NotInvited{ProviderID: p.ProviderID, ProviderName: p.ProviderName, Reasons: reasons}
			if reasons[0] == ReasonNotAdmitted {
				ni.Status = p.Status
				if p.Status == ProviderAdmitted {
					ni.AdmittedOn = ShowDate(p.AdmittedOn)
				}
			}
			left = append(left, ni)
			continue
		}
		invited = append(invited, Invitation{
			ProviderID:   p.ProviderID,
			ProviderName: p.ProviderName,
			Email:        p.Email,
			Phone:        p.Phone,
			Quality:      p.Quality,
			CoverUntil:   p.CoverUntil,
			MissingNeeds: missing(wants, p.Capabilities),
			Vacancies:    p.Vacancies,
			Town:         p.Town,
		})
	}
	return invited, left
}

// MissingNeeds are the request's needs and risks the provider has not
// declared it can meet.
func MissingNeeds(r Request, p ProviderLot) []string {
	return missing(wanted(r), p.Capabilities)
}

// wanted is the request's needs then its risks.
func wanted(r Request) []string {
	return append(slices.Clone(r.Needs), r.Risks...)
}

func missing(wants, capabilities []string) []string {
	out := []string{}
	for _, n := range wants {
		if !slices.Contains(capabilities, n) {
			out = append(out, n)
		}
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
