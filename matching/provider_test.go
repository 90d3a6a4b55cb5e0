package matching

import (
	"slices"
	"testing"
)

// leavingCare is a request from Sefton on a lot of the leaving-care
// framework for a young person of the given age on the start date.
func leavingCare(t testing.TB, lot string, age int) Request {
	t.Helper()
	start := day(t, "2026-12-01")
	r := Request{
		ID: "R-2", Council: "sefton", Framework: "leaving-care", Lot: lot,
		DOB: start.AddDate(-age, 0, 0), Start: start, Weights: DefaultWeights(),
	}
	if r.Age() != age {
		t.Fatalf("fixture age %d, want %d", r.Age(), age)
	}
	return r
}

func goodProvider(lot string) ProviderLot {
	fw := "leaving-care"
	if lot == "packages" {
		fw = "care-support"
	}
	return ProviderLot{
		ProviderID: "P1", ProviderName: "Provider One", Kind: "company", Framework: fw, Lot: lot,
		Status: ProviderAdmitted, Quality: 80, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25,
		OfstedURN: "2712345",
	}
}

func TestIneligibility(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		lot  string
		age  int
		mod  func(*ProviderLot)
		want []string
	}{
		{"eligible", "group-living", 17, nil, nil},
		{"applied", "group-living", 17, func(p *ProviderLot) { p.Status = ProviderApplied }, []string{ReasonNotAdmitted}},
		{"suspended", "group-living", 17, func(p *ProviderLot) { p.Status = ProviderSuspended }, []string{ReasonNotAdmitted}},
		{"withdrawn", "group-living", 17, func(p *ProviderLot) { p.Status = ProviderWithdrawn }, []string{ReasonNotAdmitted}},
		{"removed", "group-living", 17, func(p *ProviderLot) { p.Status = ProviderRemoved }, []string{ReasonNotAdmitted}},
		{"empty status", "group-living", 17, func(p *ProviderLot) { p.Status = "" }, []string{ReasonNotAdmitted}},
		{"serves the council by slug", "group-living", 17, func(p *ProviderLot) { p.Serves = []string{"wirral", "sefton"} }, nil},
		{"serves other councils only", "group-living", 17, func(p *ProviderLot) { p.Serves = []string{"wirral", "st-helens"} }, []string{ReasonArea}},
		{"serves nobody", "group-living", 17, func(p *ProviderLot) { p.Serves = nil }, []string{ReasonArea}},
		{"age equal to min_age", "group-living", 17, func(p *ProviderLot) { p.MinAge = 17 }, nil},
		{"age one below min_age", "group-living", 17, func(p *ProviderLot) { p.MinAge = 18 }, []string{ReasonAge}},
		{"age one below cover_until", "group-living", 17, func(p *ProviderLot) { p.CoverUntil = 18 }, nil},
		{"age equal to cover_until", "group-living", 17, func(p *ProviderLot) { p.CoverUntil = 17 }, []string{ReasonAge}},
		{"age above cover_until", "group-living", 21, func(p *ProviderLot) { p.CoverUntil = 18 }, []string{ReasonAge}},
		{"group-living under 18 without URN", "group-living", 17, func(p *ProviderLot) { p.OfstedURN = "" }, []string{ReasonNoRegistration}},
		{"group-living at 16 without URN", "group-living", 16, func(p *ProviderLot) { p.OfstedURN = "" }, []string{ReasonNoRegistration}},
		{"group-living at 18 without URN", "group-living", 18, func(p *ProviderLot) { p.OfstedURN = "" }, nil},
		{"floating-with-accommodation under 18 without URN", "floating-with-accommodation", 17, func(p *ProviderLot) { p.OfstedURN = "" }, []string{ReasonNoRegistration}},
		{"floating-with-accommodation at 18 without URN", "floating-with-accommodation", 18, func(p *ProviderLot) { p.OfstedURN = "" }, nil},
		{"floating-with-accommodation under 18 with URN", "floating-with-accommodation", 17, nil, nil},
		{"floating-support under 18 without URN", "floating-support", 16, func(p *ProviderLot) { p.OfstedURN = "" }, nil},
		{"packages under 18 without URN", "packages", 10, func(p *ProviderLot) { p.OfstedURN = ""; p.MinAge = 0 }, nil},
		{
			"every rule at once, in the rules' order", "group-living", 17,
			func(p *ProviderLot) {
				p.Status, p.Serves, p.MinAge, p.CoverUntil, p.OfstedURN = ProviderSuspended, []string{"wirral"}, 18, 25, ""
			},
			[]string{ReasonNotAdmitted, ReasonArea, ReasonAge, ReasonNoRegistration},
		},
		{
			"not admitted and too young for the provider", "floating-support", 16,
			func(p *ProviderLot) { p.Status, p.MinAge = ProviderApplied, 18 },
			[]string{ReasonNotAdmitted, ReasonAge},
		},
		{
			"area and registration", "group-living", 16,
			func(p *ProviderLot) { p.Serves, p.OfstedURN = []string{"bolton"}, "" },
			[]string{ReasonArea, ReasonNoRegistration},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := leavingCare(t, tc.lot, tc.age)
			if tc.lot == "packages" {
				r.Framework, r.Council = "care-support", "sefton"
			}
			p := goodProvider(tc.lot)
			if tc.mod != nil {
				tc.mod(&p)
			}
			if got := Ineligibility(r, p, testDay); !slices.Equal(got, tc.want) {
				t.Errorf("Ineligibility = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestServesCouncil(t *testing.T) {
	t.Parallel()
	tests := []struct {
		serves []string
		slug   string
		want   bool
	}{
		{[]string{"*"}, "sefton", true},
		{[]string{"*"}, "manchester", true},
		{[]string{"sefton"}, "sefton", true},
		{[]string{"wirral", "sefton"}, "sefton", true},
		{[]string{"wirral"}, "sefton", false},
		{[]string{"sefton"}, "Sefton", false},
		{nil, "sefton", false},
	}
	for _, tc := range tests {
		if got := (ProviderLot{Serves: tc.serves}).ServesCouncil(tc.slug); got != tc.want {
			t.Errorf("Serves %v ServesCouncil(%q) = %v, want %v", tc.serves, tc.slug, got, tc.want)
		}
	}
}

func TestEligibility(t *testing.T) {
	t.Parallel()
	r := leavingCare(t, "group-living", 17)
	r.Needs = []string{"autism", "mental-health"}
	r.Risks = []string{"self-harm"}
	two := 2
	mk := func(id string, mod func(*ProviderLot)) ProviderLot {
		p := goodProvider("group-living")
		p.ProviderID, p.ProviderName = id, "Name "+id
		p.Capabilities = []string{"autism", "mental-health", "self-harm"}
		if mod != nil {
			mod(&p)
		}
		return p
	}
	lot := []ProviderLot{
		mk("zeta", func(p *ProviderLot) {
			p.Capabilities = nil
			p.Vacancies = &two
			p.Town = "Bootle"
			p.Email = "z@example.org"
		}),
		mk("delta", func(p *ProviderLot) { p.Status = ProviderSuspended }),
		mk("alpha", nil),
		mk("other-lot", func(p *ProviderLot) { p.Lot = "floating-support" }),
		mk("other-framework", func(p *ProviderLot) { p.Framework, p.Lot = "care-support", "packages" }),
		// A row naming the right lot under the wrong framework is not on the lot.
		mk("mismatched", func(p *ProviderLot) { p.Framework = "care-support" }),
		mk("charlie", func(p *ProviderLot) { p.Capabilities = []string{"mental-health"} }),
		mk("bravo", func(p *ProviderLot) { p.Serves = []string{"wigan"}; p.OfstedURN = "" }),
		// Same provider id on another lot must not shadow the real row.
		mk("alpha", func(p *ProviderLot) { p.Lot = "floating-with-accommodation"; p.Status = ProviderRemoved }),
	}
	before := slices.Clone(lot)
	invited, left := Eligibility(r, lot, testDay)

	var invitedIDs []string
	for _, inv := range invited {
		invitedIDs = append(invitedIDs, inv.ProviderID)
	}
	if want := []string{"alpha", "charlie", "zeta"}; !slices.Equal(invitedIDs, want) {
		t.Fatalf("invited %v, want %v", invitedIDs, want)
	}
	wantLeft := []NotInvited{
		{ProviderID: "bravo", ProviderName: "Name bravo", Reasons: []string{ReasonArea, ReasonNoRegistration}},
		{ProviderID: "delta", ProviderName: "Name delta", Reasons: []string{ReasonNotAdmitted}},
	}
	if len(left) != len(wantLeft) {
		t.Fatalf("left %+v, want %+v", left, wantLeft)
	}
	for i := range wantLeft {
		if left[i].ProviderID != wantLeft[i].ProviderID || left[i].ProviderName != wantLeft[i].ProviderName || !slices.Equal(left[i].Reasons, wantLeft[i].Reasons) {
			t.Errorf("left[%d] = %+v, want %+v", i, left[i], wantLeft[i])
		}
	}
	// Needs()-fit is a signal, never a filter.
	missing := map[string][]string{}
	for _, inv := range invited {
		missing[inv.ProviderID] = inv.MissingNeeds
	}
	if got := missing["alpha"]; got == nil || len(got) != 0 {
		t.Errorf("alpha missing %#v, want an empty list", got)
	}
	if got := missing["charlie"]; !slices.Equal(got, []string{"autism", "self-harm"}) {
		t.Errorf("charlie missing %v, want [autism self-harm]", got)
	}
	if got := missing["zeta"]; !slices.Equal(got, []string{"autism", "mental-health", "self-harm"}) {
		t.Errorf("zeta missing %v, want every need and risk", got)
	}
	z := invited[2]
	if z.Vacancies == nil || *z.Vacancies != 2 || z.Town != "Bootle" || z.Email != "z@example.org" || z.Quality != 80 || z.CoverUntil != 25 || z.ProviderName != "Name zeta" {
		t.Errorf("zeta invitation %+v does not carry the register row", z)
	}
	if !slices.EqualFunc(lot, before, func(a, b ProviderLot) bool { return a.ProviderID == b.ProviderID && a.Lot == b.Lot }) {
		t.Error("Eligibility reordered the caller's slice")
	}
}

func TestEligibilityEmpty(t *testing.T) {
	t.Parallel()
	invited, left := Eligibility(leavingCare(t, "group-living", 17), nil, testDay)
	if invited == nil || left == nil || len(invited)+len(left) != 0 {
		t.Errorf("Eligibility(nil) = %#v, %#v; want two empty lists", invited, left)
	}
}

func TestMissingNeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		needs, risk []string
		caps        []string
		want        []string
	}{
		{"nothing asked", nil, nil, nil, []string{}},
		{"everything met", []string{"autism"}, []string{"self-harm"}, []string{"self-harm", "autism", "bsl"}, []string{}},
		{"a need missing", []string{"autism", "bsl"}, nil, []string{"autism"}, []string{"bsl"}},
		{"a risk missing", nil, []string{"going-missing", "self-harm"}, []string{"self-harm"}, []string{"going-missing"}},
		{"needs then risks, in request order", []string{"waking-night", "autism"}, []string{"fire-setting"}, nil, []string{"waking-night", "autism", "fire-setting"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Request{Needs: tc.needs, Risks: tc.risk}
			got := MissingNeeds(r, ProviderLot{Capabilities: tc.caps})
			if got == nil || !slices.Equal(got, tc.want) {
				t.Errorf("MissingNeeds = %#v, want %#v", got, tc.want)
			}
			if len(r.Needs) != len(tc.needs) {
				t.Error("MissingNeeds changed the request's needs")
			}
		})
	}
	// The request's needs slice must not be written through by the append.
	needs := make([]string, 1, 4)
	needs[0] = "autism"
	r := Request{Needs: needs, Risks: []string{"self-harm"}}
	MissingNeeds(r, ProviderLot{})
	if got := needs[:2][1]; got != "" {
		t.Errorf("MissingNeeds wrote %q into the spare capacity of the request's needs", got)
	}
}
