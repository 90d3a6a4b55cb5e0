package matching

import (
	"slices"
	"strconv"
	"strings"
)

// Council is a local authority that buys care, identified by a slug.
type Council struct {
	Slug string
	Name string
	GSS  string
}

// Lot is one category of a framework, with the ages it covers.
type Lot struct {
	Framework string
	Code      string
	Name      string
	MinAge    int
	MaxAge    int // exclusive: young people are served up to this age
	// NeedsOfsted marks lots where under-18s need a provider registered with
	// Ofsted for supported accommodation (the law since October 2023).
	NeedsOfsted bool
}

// Framework is a Dynamic Purchasing System: a register of providers that a
// lead council runs for its members.
type Framework struct {
	Code         string
	Name         string
	Lead         string // council slug
	Members      []string
	AdmitMonths  int
	Lots         []Lot
	Weights      Weights
	ContractNote string
}

// Member reports whether a council may buy through the framework.
func (f Framework) Member(slug string) bool { return slices.Contains(f.Members, slug) }

// LotByCode finds one of the framework's lots.
func (f Framework) LotByCode(code string) (Lot, bool) {
	for _, l := range f.Lots {
		if l.Code == code {
			return l, true
		}
	}
	return Lot{}, false
}

// DefaultWeights are the frameworks' evaluation weights unless a council or a
// request sets its own.
var DefaultWeights = Weights{Quality: 50, Price: 35, AgeCover: 15}

// NorthWestCouncils are the councils of the North West leaving-care DPS with
// their GSS codes. Cumbria, a member in 2015, was replaced in 2023 by
// Cumberland and by Westmorland and Furness.
var NorthWestCouncils = []Council{
	{"blackburn-with-darwen", "Blackburn with Darwen", "E06000008"},
	{"blackpool", "Blackpool", "E06000009"},
	{"bolton", "Bolton", "E08000001"},
	{"bury", "Bury", "E08000002"},
	{"cheshire-east", "Cheshire East", "E06000049"},
	{"cheshire-west-and-chester", "Cheshire West and Chester", "E06000050"},
	{"cumberland", "Cumberland", "E06000063"},
	{"halton", "Halton", "E06000006"},
	{"knowsley", "Knowsley", "E08000011"},
	{"lancashire", "Lancashire", "E10000017"},
	{"liverpool", "Liverpool", "E08000012"},
	{"manchester", "Manchester", "E08000003"},
	{"oldham", "Oldham", "E08000004"},
	{"rochdale", "Rochdale", "E08000005"},
	{"salford", "Salford", "E08000006"},
	{"sefton", "Sefton", "E08000014"},
	{"st-helens", "St Helens", "E08000013"},
	{"stockport", "Stockport", "E08000007"},
	{"tameside", "Tameside", "E08000008"},
	{"trafford", "Trafford", "E08000009"},
	{"warrington", "Warrington", "E06000007"},
	{"westmorland-and-furness", "Westmorland and Furness", "E06000064"},
	{"wigan", "Wigan", "E08000010"},
	{"wirral", "Wirral", "E08000015"},
}

func allSlugs() []string {
	out := make([]string, len(NorthWestCouncils))
	for i, c := range NorthWestCouncils {
		out[i] = c.Slug
	}
	return out
}

// Frameworks are the two DPS frameworks this tool runs competitions on.
var Frameworks = []Framework{
	{
		Code:        "care-support",
		Name:        "Care and Support for Children and Young People DPS",
		Lead:        "knowsley",
		Members:     []string{"halton", "knowsley", "liverpool", "sefton", "wirral"},
		AdmitMonths: 6,
		Weights:     DefaultWeights,
		Lots: []Lot{
			{Framework: "care-support", Code: "packages", Name: "Care and support packages", MinAge: 0, MaxAge: 25},
		},
		ContractNote: "St Helens may join.",
	},
	{
		Code:        "leaving-care",
		Name:        "North West Leaving Care (16+) DPS",
		Lead:        "tameside",
		Members:     allSlugs(),
		AdmitMonths: 4,
		Weights:     DefaultWeights,
		Lots: []Lot{
			{Framework: "leaving-care", Code: "group-living", Name: "Semi-independent / group living", MinAge: 16, MaxAge: 25, NeedsOfsted: true},
			{Framework: "leaving-care", Code: "floating-with-accommodation", Name: "Floating support with accommodation", MinAge: 16, MaxAge: 25, NeedsOfsted: true},
			{Framework: "leaving-care", Code: "floating-support", Name: "Floating support", MinAge: 16, MaxAge: 25},
		},
		ContractNote: "From 1 Oct 2015 on a 2+1+1 year basis.",
	},
}

// FrameworkByCode finds a framework.
func FrameworkByCode(code string) (Framework, bool) {
	for _, f := range Frameworks {
		if f.Code == code {
			return f, true
		}
	}
	return Framework{}, false
}

// FindLot finds a lot by its code alone (lot codes are unique across the
// frameworks) and returns it with its framework.
func FindLot(code string) (Framework, Lot, bool) {
	for _, f := range Frameworks {
		if l, ok := f.LotByCode(code); ok {
			return f, l, true
		}
	}
	return Framework{}, Lot{}, false
}

// LotCodes lists every lot code, for messages and pickers.
func LotCodes() []string {
	var out []string
	for _, f := range Frameworks {
		for _, l := range f.Lots {
			out = append(out, l.Code)
		}
	}
	return out
}

// CouncilBySlug finds a council.
func CouncilBySlug(slug string) (Council, bool) {
	for _, c := range NorthWestCouncils {
		if c.Slug == slug {
			return c, true
		}
	}
	return Council{}, false
}

// Needs is the one list of needs and capabilities; a provider declares which
// it can meet.
var Needs = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks",
	"community-access", "autism", "learning-disability", "physical-disability",
	"behaviour-support", "mental-health", "bsl", "makaton", "esol", "independence-skills",
	"young-parent", "unaccompanied",
}

// Risks are from the open placements data standard; a provider lists the
// risks it can manage among its capabilities.
var Risks = []string{
	"self-harm", "sexual-exploitation", "criminal-exploitation", "substance-misuse",
	"eating-disorder", "going-missing", "harm-to-others", "fire-setting", "harm-to-animals",
}

// Urgency says how soon a placement is needed.
type Urgency string

// The urgencies, with the deadline each suggests.
const (
	UrgencyToday   Urgency = "today"
	UrgencyWithin5 Urgency = "within-5-days"
	UrgencyPlanned Urgency = "planned"
)

// Urgencies in order of pressure.
var Urgencies = []Urgency{UrgencyToday, UrgencyWithin5, UrgencyPlanned}

// ParseUrgency checks an urgency code.
func ParseUrgency(s string) (Urgency, error) {
	for _, u := range Urgencies {
		if string(u) == s {
			return u, nil
		}
	}
	return "", Invalidf("urgency %q is not known: use one of %s", clip(s, 30), strings.Join([]string{"today", "within-5-days", "planned"}, ", "))
}

// ParseTags splits a ";"-joined list and checks each tag against the
// vocabulary, reporting every unknown one at once. Duplicates are dropped and
// the result keeps the vocabulary's order, so equal sets compare equal.
func ParseTags(s, what string, vocab ...[]string) ([]string, error) {
	known := map[string]bool{}
	var order []string
	for _, v := range vocab {
		for _, t := range v {
			known[t] = true
			order = append(order, t)
		}
	}
	have := map[string]bool{}
	var bad []string
	for _, part := range strings.Split(s, ";") {
		t := strings.ToLower(strings.TrimSpace(part))
		if t == "" {
			continue
		}
		if !known[t] {
			bad = append(bad, clip(t, 30))
			continue
		}
		have[t] = true
	}
	if len(bad) > 0 {
		return nil, Invalidf("unknown %s %s: pick from %s", what, quoteList(bad), strings.Join(order, ", "))
	}
	var out []string
	for _, t := range order {
		if have[t] {
			out = append(out, t)
		}
	}
	return out, nil
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x) // escaped: the text may come from a hostile file
	}
	return strings.Join(q, ", ")
}
