package matching

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The reference data of the region: its councils, its two frameworks with
// their lots, and the vocabulary of needs and risks. It is read-only: the
// values live unexported here and every accessor hands out a copy, so no
// caller (and no test) can change what another sees.

// Council is a local authority that buys care, identified by a slug.
type Council struct {
	Slug string
	Name string
	GSS  string
	// Code is three capital letters, unique in the region, that begin the
	// ids of the council's requests (SEF-2026-0012).
	Code string
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
// lead council runs for its members. Its members and lots are reached
// through methods, which keep them read-only.
type Framework struct {
	Code        string
	Name        string
	Lead        string // council slug
	AdmitMonths int
	// AdmitFrom is the first admission date: one every AdmitMonths from it.
	AdmitFrom    time.Time
	Weights      Weights
	ContractNote string
	members      []string
	lots         []Lot
}

// Member reports whether a council may buy through the framework.
func (f Framework) Member(slug string) bool { return slices.Contains(f.members, slug) }

// Members are the slugs of the councils that buy through the framework.
func (f Framework) Members() []string { return slices.Clone(f.members) }

// Lots are the framework's lots.
func (f Framework) Lots() []Lot { return slices.Clone(f.lots) }

// LotByCode finds one of the framework's lots.
func (f Framework) LotByCode(code string) (Lot, bool) {
	for _, l := range f.lots {
		if l.Code == code {
			return l, true
		}
	}
	return Lot{}, false
}

// LotCodes are the codes of the framework's lots, in order.
func (f Framework) LotCodes() []string {
	out := make([]string, len(f.lots))
	for i, l := range f.lots {
		out[i] = l.Code
	}
	return out
}

// DefaultWeights are the frameworks' evaluation weights unless a council or a
// request sets its own: quality 50, price 35, age cover 15.
func DefaultWeights() Weights { return Weights{Quality: 50, Price: 35, AgeCover: 15} }

// councils are the councils of the North West leaving-care DPS with their
// GSS codes and their short codes. Cumbria, a member in 2015, was replaced in 2023 by Cumberland
// and by Westmorland and Furness.
var councils = []Council{
	{"blackburn-with-darwen", "Blackburn with Darwen", "E06000008", "BWD"},
	{"blackpool", "Blackpool", "E06000009", "BPL"},
	{"bolton", "Bolton", "E08000001", "BOL"},
	{"bury", "Bury", "E08000002", "BUR"},
	{"cheshire-east", "Cheshire East", "E06000049", "CHE"},
	{"cheshire-west-and-chester", "Cheshire West and Chester", "E06000050", "CWC"},
	{"cumberland", "Cumberland", "E06000063", "CUM"},
	{"halton", "Halton", "E06000006", "HAL"},
	{"knowsley", "Knowsley", "E08000011", "KNO"},
	{"lancashire", "Lancashire", "E10000017", "LAN"},
	{"liverpool", "Liverpool", "E08000012", "LIV"},
	{"manchester", "Manchester", "E08000003", "MAN"},
	{"oldham", "Oldham", "E08000004", "OLD"},
	{"rochdale", "Rochdale", "E08000005", "ROC"},
	{"salford", "Salford", "E08000006", "SAL"},
	{"sefton", "Sefton", "E08000014", "SEF"},
	{"st-helens", "St Helens", "E08000013", "STH"},
	{"stockport", "Stockport", "E08000007", "STO"},
	{"tameside", "Tameside", "E08000008", "TAM"},
	{"trafford", "Trafford", "E08000009", "TRA"},
	{"warrington", "Warrington", "E06000007", "WAR"},
	{"westmorland-and-furness", "Westmorland and Furness", "E06000064", "WAF"},
	{"wigan", "Wigan", "E08000010", "WIG"},
	{"wirral", "Wirral", "E08000015", "WIR"},
}

// Councils are every council of the region, in alphabetical order.
func Councils() []Council { return slices.Clone(councils) }

func allSlugs() []string {
	out := make([]string, len(councils))
	for i, c := range councils {
		out[i] = c.Slug
	}
	return out
}

// frameworks are the two DPS frameworks this tool runs competitions on.
var frameworks = []Framework{
	{
		Code:        "care-support",
		Name:        "Care and Support for Children and Young People DPS",
		Lead:        "knowsley",
		members:     []string{"halton", "knowsley", "liverpool", "sefton", "wirral"},
		AdmitMonths: 6,
		AdmitFrom:   time.Date(2016, 3, 7, 0, 0, 0, 0, time.UTC), // the day after the framework it replaced ended
		Weights:     DefaultWeights(),
		lots: []Lot{
			{Framework: "care-support", Code: "packages", Name: "Care and support packages", MinAge: 0, MaxAge: 25},
		},
		ContractNote: "St Helens may join.",
	},
	{
		Code:        "leaving-care",
		Name:        "North West Leaving Care (16+) DPS",
		Lead:        "tameside",
		members:     allSlugs(),
		AdmitMonths: 4,
		AdmitFrom:   time.Date(2015, 10, 1, 0, 0, 0, 0, time.UTC),
		Weights:     DefaultWeights(),
		lots: []Lot{
			{Framework: "leaving-care", Code: "group-living", Name: "Semi-independent / group living", MinAge: 16, MaxAge: 25, NeedsOfsted: true},
			{Framework: "leaving-care", Code: "floating-with-accommodation", Name: "Floating support with accommodation", MinAge: 16, MaxAge: 25, NeedsOfsted: true},
			{Framework: "leaving-care", Code: "floating-support", Name: "Floating support", MinAge: 16, MaxAge: 25},
		},
		ContractNote: "From 1 Oct 2015 on a 2+1+1 year basis.",
	},
}

// Frameworks are the frameworks of the region.
func Frameworks() []Framework { return slices.Clone(frameworks) }

// FrameworkByCode finds a framework.
func FrameworkByCode(code string) (Framework, bool) {
	for _, f := range frameworks {
		if f.Code == code {
			return f, true
		}
	}
	return Framework{}, false
}

// FindLot finds a lot by its code alone (lot codes are unique across the
// frameworks) and returns it with its framework.
func FindLot(code string) (Framework, Lot, bool) {
	for _, f := range frameworks {
		if l, ok := f.LotByCode(code); ok {
			return f, l, true
		}
	}
	return Framework{}, Lot{}, false
}

// LotCodes lists every lot code, for messages and pickers.
func LotCodes() []string {
	var out []string
	for _, f := range frameworks {
		out = append(out, f.LotCodes()...)
	}
	return out
}

// CouncilBySlug finds a council.
func CouncilBySlug(slug string) (Council, bool) {
	for _, c := range councils {
		if c.Slug == slug {
			return c, true
		}
	}
	return Council{}, false
}

// needs is the one list of needs and capabilities; a provider declares
// which it can meet.
var needs = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks",
	"community-access", "autism", "learning-disability", "physical-disability",
	"behaviour-support", "mental-health", "bsl", "makaton", "esol", "independence-skills",
	"young-parent", "unaccompanied",
}

// risks are from the open placements data standard; a provider lists the
// risks it can manage among its capabilities.
var risks = []string{
	"self-harm", "sexual-exploitation", "criminal-exploitation", "substance-misuse",
	"eating-disorder", "going-missing", "harm-to-others", "fire-setting", "harm-to-animals",
}

// Needs is the vocabulary of needs, in its order.
func Needs() []string { return slices.Clone(needs) }

// Risks is the vocabulary of risks, in its order.
func Risks() []string { return slices.Clone(risks) }

// Urgency says how soon a placement is needed.
type Urgency string

// The urgencies, with the deadline each suggests.
const (
	UrgencyToday   Urgency = "today"
	UrgencyWithin5 Urgency = "within-5-days"
	UrgencyPlanned Urgency = "planned"
)

// Urgencies are the urgencies in order of pressure.
func Urgencies() []Urgency { return []Urgency{UrgencyToday, UrgencyWithin5, UrgencyPlanned} }

// ParseUrgency checks an urgency code.
func ParseUrgency(s string) (Urgency, error) {
	for _, u := range Urgencies() {
		if string(u) == s {
			return u, nil
		}
	}
	return "", Invalidf("urgency %q is not known: use one of %s", clip(s, 30), strings.Join([]string{"today", "within-5-days", "planned"}, ", "))
}

// vocabulary indexes tags by list, built once: the register checks the
// capabilities of every row against it.
type vocabulary struct {
	order []string
	known map[string]bool
}

func newVocabulary(lists ...[]string) vocabulary {
	v := vocabulary{known: map[string]bool{}}
	for _, l := range lists {
		for _, t := range l {
			v.known[t] = true
			v.order = append(v.order, t)
		}
	}
	return v
}

var (
	needVocab       = newVocabulary(needs)
	riskVocab       = newVocabulary(risks)
	capabilityVocab = newVocabulary(needs, risks)
)

// ParseNeeds splits a ";"-joined list of needs (see parseTags).
func ParseNeeds(s string) ([]string, error) { return parseTags(s, "need", needVocab) }

// ParseRisks splits a ";"-joined list of risks (see parseTags).
func ParseRisks(s string) ([]string, error) { return parseTags(s, "risk", riskVocab) }

// ParseCapabilities splits a ";"-joined list of the needs and risks a
// provider can meet (see parseTags).
func ParseCapabilities(s string) ([]string, error) {
	return parseTags(s, "capability", capabilityVocab)
}

// parseTags splits a ";"-joined list and checks each tag against the
// vocabulary, reporting every unknown one at once. A tag may be written as
// officers say it (see TagAlias): "ASD", "Mental health". Duplicates are dropped and
// the result keeps the vocabulary's order, so equal sets compare equal.
func parseTags(s, what string, vocab vocabulary) ([]string, error) {
	have := map[string]bool{}
	var bad []string
	for _, part := range strings.Split(s, ";") {
		t := strings.ToLower(strings.TrimSpace(part))
		if t == "" {
			continue
		}
		if c, ok := TagAlias(t); ok && vocab.known[c] {
			t = c
		}
		if !vocab.known[t] {
			bad = append(bad, clip(t, 30))
			continue
		}
		have[t] = true
	}
	if len(bad) > 0 {
		return nil, Invalidf("unknown %s %s: pick from %s", what, quoteList(bad), strings.Join(vocab.order, ", "))
	}
	var out []string
	for _, t := range vocab.order {
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
