package matching

import (
	"slices"
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

// ProviderStatuses lists every register status.
var ProviderStatuses = []ProviderStatus{ProviderApplied, ProviderAdmitted, ProviderSuspended, ProviderWithdrawn, ProviderRemoved}

// ProviderKinds are the kinds of provider organisation.
var ProviderKinds = []string{"company", "charity", "sole-trader", "health"}

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

// Ineligibility lists every rule a provider fails for a request, in the
// rules' order; none means it must be invited. The request's lot decides
// whether the Ofsted rule applies.
func Ineligibility(r Request, p ProviderLot) []string {
	var out []string
	if p.Status != ProviderAdmitted {
		out = append(out, ReasonNotAdmitted)
	}
	if !p.ServesCouncil(r.Council) {
		out = append(out, ReasonArea)
	}
	age := r.Age()
	if !(p.MinAge <= age && age < p.CoverUntil) {
		out = append(out, ReasonAge)
	}
	if _, lot, ok := FindLot(r.Lot); ok && lot.NeedsOfsted && age < 18 && p.OfstedURN == "" {
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
}

// Eligibility splits a lot's providers into those to invite and those left
// out. Needs-fit and vacancies are signals for the officer, never filters.
// Both lists come back in provider id order.
func Eligibility(r Request, lot []ProviderLot) (invited []Invitation, left []NotInvited) {
	invited = []Invitation{}
	left = []NotInvited{}
	sorted := slices.Clone(lot)
	slices.SortFunc(sorted, func(a, b ProviderLot) int { return compareStrings(a.ProviderID, b.ProviderID) })
	for _, p := range sorted {
		if p.Framework != r.Framework || p.Lot != r.Lot {
			continue
		}
		if reasons := Ineligibility(r, p); len(reasons) > 0 {
			left = append(left, NotInvited{ProviderID: p.ProviderID, ProviderName: p.ProviderName, Reasons: reasons})
			continue
		}
		invited = append(invited, Invitation{
			ProviderID:   p.ProviderID,
			ProviderName: p.ProviderName,
			Email:        p.Email,
			Quality:      p.Quality,
			CoverUntil:   p.CoverUntil,
			MissingNeeds: MissingNeeds(r, p),
			Vacancies:    p.Vacancies,
			Town:         p.Town,
		})
	}
	return invited, left
}

// MissingNeeds are the request's needs and risks the provider has not
// declared it can meet.
func MissingNeeds(r Request, p ProviderLot) []string {
	out := []string{}
	for _, n := range append(slices.Clone(r.Needs), r.Risks...) {
		if !slices.Contains(p.Capabilities, n) {
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
