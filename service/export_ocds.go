package service

import (
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// Open data: the frameworks and their mini-competitions as an Open
// Contracting Data Standard 1.1 release package, with the bids extension
// for the offers. Nothing personal is published: no case reference,
// initials, date of birth, age, needs, locality or summary of a young
// person; only the council, the lot, the dates, the criteria, who was
// invited and what they offered once the offers were opened, and the
// award. A request still sealed publishes no bids.

// OCDSSchema is the project's JSON Schema (draft 2020-12) of the release
// package ExportOCDS writes: the parts of OCDS 1.1.5 and its bids
// extension it uses, written for placematch from the standard's
// documentation, stricter than the standard (no field it does not write).
//
//go:embed ocds_schema.json
var OCDSSchema []byte

// OCDS extensions the package declares.
const (
	ocdsBidsExtension       = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
	ocdsTechniquesExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json"
)

type ocdsValue struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

func ocdsMoney(p matching.Pence) *ocdsValue {
	return &ocdsValue{Amount: float64(p) / 100, Currency: "GBP"}
}

type ocdsOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type ocdsIdentifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
}

type ocdsParty struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Identifier *ocdsIdentifier `json:"identifier,omitempty"`
	Roles      []string        `json:"roles"`
}

type ocdsPeriod struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

type ocdsItem struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Quantity    int    `json:"quantity,omitempty"`
}

type ocdsTechniques struct {
	HasDynamicPurchasingSystem bool `json:"hasDynamicPurchasingSystem"`
}

type ocdsTender struct {
	ID                       string          `json:"id"`
	Title                    string          `json:"title"`
	Description              string          `json:"description,omitempty"`
	Status                   string          `json:"status"`
	ProcuringEntity          *ocdsOrgRef     `json:"procuringEntity,omitempty"`
	Items                    []ocdsItem      `json:"items,omitempty"`
	ProcurementMethod        string          `json:"procurementMethod"`
	ProcurementMethodDetails string          `json:"procurementMethodDetails,omitempty"`
	MainProcurementCategory  string          `json:"mainProcurementCategory"`
	AwardCriteria            string          `json:"awardCriteria,omitempty"`
	AwardCriteriaDetails     string          `json:"awardCriteriaDetails,omitempty"`
	TenderPeriod             *ocdsPeriod     `json:"tenderPeriod,omitempty"`
	NumberOfTenderers        *int            `json:"numberOfTenderers,omitempty"`
	Tenderers                []ocdsOrgRef    `json:"tenderers,omitempty"`
	Techniques               *ocdsTechniques `json:"techniques,omitempty"`
}

type ocdsRelated struct {
	ID           string   `json:"id"`
	Relationship []string `json:"relationship"`
	Title        string   `json:"title"`
	Scheme       string   `json:"scheme"`
	Identifier   string   `json:"identifier"`
}

type ocdsBid struct {
	ID        string       `json:"id"`
	Date      string       `json:"date,omitempty"`
	Status    string       `json:"status"`
	Tenderers []ocdsOrgRef `json:"tenderers"`
	Value     *ocdsValue   `json:"value,omitempty"`
}

type ocdsStatistic struct {
	ID      string  `json:"id"`
	Measure string  `json:"measure"`
	Value   float64 `json:"value"`
}

type ocdsBids struct {
	Statistics []ocdsStatistic `json:"statistics"`
	Details    []ocdsBid       `json:"details"`
}

type ocdsAward struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Status      string       `json:"status"`
	Date        string       `json:"date"`
	Value       *ocdsValue   `json:"value"`
	Suppliers   []ocdsOrgRef `json:"suppliers"`
	RelatedBid  string       `json:"relatedBid"`
}

type ocdsRelease struct {
	OCID             string        `json:"ocid"`
	ID               string        `json:"id"`
	Date             string        `json:"date"`
	Tag              []string      `json:"tag"`
	InitiationType   string        `json:"initiationType"`
	Parties          []ocdsParty   `json:"parties"`
	Buyer            *ocdsOrgRef   `json:"buyer"`
	Tender           ocdsTender    `json:"tender"`
	RelatedProcesses []ocdsRelated `json:"relatedProcesses,omitempty"`
	Bids             *ocdsBids     `json:"bids,omitempty"`
	Awards           []ocdsAward   `json:"awards,omitempty"`
}

// OCDSQuery is what export ocds covers: a council's mini-competitions and
// the frameworks they run under, or the whole region (Council "").
type OCDSQuery struct {
	Council string
}

// ExportOCDS writes the release package to w, one release at a time: a
// release per framework, as a dynamic purchasing system, and one per
// mini-competition broadcast (a draft is not published), linked to its
// framework by relatedProcesses. The ocids begin with the prefix set by
// settings set --ocid-prefix, without which nothing is written.
func (s *Service) ExportOCDS(ctx context.Context, actor string, q OCDSQuery, w io.Writer) error {
	var err error
	if q.Council, err = ownCouncilOf(ctx, OpExport, strings.TrimSpace(q.Council)); err != nil {
		return err
	}
	if q.Council != "" {
		if _, ok := matching.CouncilBySlug(q.Council); !ok {
			return matching.Invalidf("no council %q: give a council's slug, as council show lists them (e.g. sefton)", matching.Inert(q.Council))
		}
	}
	now := s.now()
	return s.store.View(ctx, func(tx Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		prefix := strings.TrimSpace(set.OCIDPrefix)
		if prefix == "" {
			return matching.Conflictf("no OCID prefix is set, and open data needs one: register a prefix with the Open Contracting Partnership, then placematch settings set --ocid-prefix ocds-XXXXXX")
		}
		ex := ocdsExport{prefix: prefix, now: now, q: q}
		if err := ex.gather(tx); err != nil {
			return err
		}
		return ex.write(w)
	})
}

// ocdsExport is one export's facts, gathered from a snapshot.
type ocdsExport struct {
	prefix string
	now    time.Time
	q      OCDSQuery
	reqs   []matching.Request
	names  map[string]string
	// invited counts each opened request's invited providers; ans are
	// their answers; ranked their ranked offers.
	invited map[string]int
	ans     map[string][]matching.Response
	ranked  map[string][]matching.Scored
}

func (ex *ocdsExport) gather(tx Tx) error {
	want := map[string]bool{}
	opened := map[string]bool{}
	if err := tx.EachRequestRow(func(r matching.Request) error {
		if r.BroadcastAt.IsZero() || (ex.q.Council != "" && r.Council != ex.q.Council) {
			return nil
		}
		ex.reqs = append(ex.reqs, r)
		want[r.ID] = true
		opened[r.ID] = !r.Sealed()
		return nil
	}); err != nil {
		return err
	}
	var err error
	if ex.names, err = providerNames(tx); err != nil {
		return err
	}
	ex.invited, ex.ans, ex.ranked = map[string]int{}, map[string][]matching.Response{}, map[string][]matching.Scored{}
	if err := tx.EachInvited(func(id string, ids []string) error {
		if opened[id] {
			ex.invited[id] = len(ids)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tx.EachAnswer(func(id string, a matching.Response) error {
		if opened[id] {
			ex.ans[id] = append(ex.ans[id], matching.Response{ProviderID: a.ProviderID, Declined: a.Declined, Weekly: a.Weekly,
				Received: a.Received, WithdrawnAt: a.WithdrawnAt})
		}
		return nil
	}); err != nil {
		return err
	}
	return tx.EachRankedOffers(func(id string) bool { return opened[id] }, func(id string, ranked []matching.Scored) error {
		ex.ranked[id] = ranked
		return nil
	})
}

func (ex *ocdsExport) frameworkOCID(code string) string { return ex.prefix + "-" + code }

func ocdsTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func councilParty(slug string) ocdsParty {
	p := ocdsParty{ID: "council-" + slug, Name: councilName(slug), Roles: []string{"buyer", "procuringEntity"}}
	if c, ok := matching.CouncilBySlug(slug); ok && c.GSS != "" {
		p.Identifier = &ocdsIdentifier{Scheme: "GB-GSS", ID: c.GSS, LegalName: c.Name + " Council"}
	}
	return p
}

func (p ocdsParty) ref() *ocdsOrgRef { return &ocdsOrgRef{ID: p.ID, Name: p.Name} }

func (ex *ocdsExport) provider(id string) ocdsOrgRef {
	name := ex.names[id]
	if name == "" {
		name = id
	}
	return ocdsOrgRef{ID: "provider-" + id, Name: name}
}

// write writes the package: its head, then each release in turn.
func (ex *ocdsExport) write(w io.Writer) error {
	publisher := "placematch: the region's DPS"
	uri := "placematch:export/ocds"
	if ex.q.Council != "" {
		publisher = "placematch: " + councilName(ex.q.Council)
		uri += "/" + ex.q.Council
	}
	head, err := json.Marshal(map[string]any{"uri": uri, "version": "1.1", "publishedDate": ocdsTime(ex.now),
		"publisher": map[string]string{"name": publisher}, "extensions": []string{ocdsBidsExtension, ocdsTechniquesExtension}})
	if err != nil {
		return err
	}
	if _, err := w.Write(append(head[:len(head)-1], []byte(`,"releases":[`)...)); err != nil {
		return err
	}
	first := true
	emit := func(r ocdsRelease) error {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if !first {
			b = append([]byte{','}, b...)
		}
		first = false
		_, err = w.Write(append(b, '\n'))
		return err
	}
	used := map[string]bool{}
	for _, r := range ex.reqs {
		used[r.Framework] = true
	}
	for _, f := range matching.Frameworks() {
		if !used[f.Code] && ex.q.Council != "" {
			continue
		}
		if err := emit(ex.frameworkRelease(f)); err != nil {
			return err
		}
	}
	for _, r := range ex.reqs {
		if err := emit(ex.competitionRelease(r)); err != nil {
			return err
		}
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}

// frameworkRelease is a framework as a dynamic purchasing system: its
// lead council procures it, its lots are its items.
func (ex *ocdsExport) frameworkRelease(f matching.Framework) ocdsRelease {
	lead := councilParty(f.Lead)
	var items []ocdsItem
	for _, l := range f.Lots() {
		items = append(items, ocdsItem{ID: l.Code, Description: l.Name})
	}
	return ocdsRelease{OCID: ex.frameworkOCID(f.Code), ID: f.Code + "-" + ex.now.UTC().Format("20060102"), Date: ocdsTime(ex.now),
		Tag: []string{"tender"}, InitiationType: "tender", Parties: []ocdsParty{lead}, Buyer: lead.ref(),
		Tender: ocdsTender{ID: f.Code, Title: f.Name, Status: "active", ProcuringEntity: lead.ref(), Items: items, ProcurementMethod: "selective",
			ProcurementMethodDetails: "Dynamic purchasing system: providers are admitted to its lots, and the councils call them to mini-competitions",
			MainProcurementCategory:  "services", Techniques: &ocdsTechniques{HasDynamicPurchasingSystem: true}}}
}

// bidStatus is an answer's status in the bids extension: a ranked offer
// is valid, one not ranked for a rule it failed is disqualified, a
// withdrawn one withdrawn; a decline leaves the provider invited.
func bidStatus(id string, a matching.Response, ranked []matching.Scored) string {
	if a.Declined {
		return "invited"
	}
	if a.Withdrawn() {
		return "withdrawn"
	}
	for _, s := range ranked {
		if s.ProviderID == id {
			return "valid"
		}
	}
	return "disqualified"
}

func (ex *ocdsExport) bidID(requestID, providerID string) string {
	return requestID + "-bid-" + providerID
}

// competitionRelease is a mini-competition: its tender, and once its offers
// are opened its bids, and its award.
func (ex *ocdsExport) competitionRelease(r matching.Request) ocdsRelease {
	buyer := councilParty(r.Council)
	status, tag, date := "active", "tender", r.BroadcastAt
	switch r.Status {
	case matching.StatusAwarded:
		status, tag, date = "complete", "award", r.EndedAt
	case matching.StatusNoAward:
		status, tag, date = "unsuccessful", "tenderUpdate", r.EndedAt
	case matching.StatusCancelled:
		status, tag, date = "cancelled", "tenderCancellation", r.EndedAt
	case matching.StatusClosed, matching.StatusOpened:
		tag, date = "tenderUpdate", r.ClosedAt
		if !r.OpenedAt.IsZero() {
			date = r.OpenedAt
		}
	}
	if date.IsZero() {
		date = r.BroadcastAt
	}
	end := r.Deadline
	if !r.ClosedAt.IsZero() {
		end = r.ClosedAt
	}
	priceCap := "no price cap"
	if r.PriceCap > 0 {
		priceCap = "price cap " + r.PriceCap.String() + " a week"
	}
	rel := ocdsRelease{OCID: ex.prefix + "-" + r.ID, ID: r.ID + "-" + tag + "-" + date.UTC().Format("20060102T150405Z"), Date: ocdsTime(date),
		Tag: []string{tag}, InitiationType: "tender", Parties: []ocdsParty{buyer}, Buyer: buyer.ref(),
		Tender: ocdsTender{ID: r.ID, Title: lotName(r.Lot) + ": mini-competition " + r.ID, Status: status, ProcuringEntity: buyer.ref(),
			Items:             []ocdsItem{{ID: "1", Description: lotName(r.Lot) + " for one young person", Quantity: 1}},
			ProcurementMethod: "selective", ProcurementMethodDetails: "Mini-competition among the providers admitted to the dynamic purchasing system's lot " + r.Lot,
			MainProcurementCategory: "services", AwardCriteria: "ratedCriteria",
			AwardCriteriaDetails: "Weights: quality " + strconv.Itoa(r.Weights.Quality) + ", price " + strconv.Itoa(r.Weights.Price) + ", age cover " +
				strconv.Itoa(r.Weights.AgeCover) + "; " + priceCap + "; weekly prices",
			TenderPeriod: &ocdsPeriod{StartDate: ocdsTime(r.BroadcastAt), EndDate: ocdsTime(end)}},
		RelatedProcesses: []ocdsRelated{{ID: "framework", Relationship: []string{"framework"}, Title: frameworkName(r.Framework), Scheme: "ocid",
			Identifier: ex.frameworkOCID(r.Framework)}}}
	if r.Sealed() {
		return rel
	}
	answers := slices.Clone(ex.ans[r.ID])
	slices.SortFunc(answers, func(a, b matching.Response) int { return strings.Compare(a.ProviderID, b.ProviderID) })
	var awarded *matching.Response
	bids := &ocdsBids{Details: make([]ocdsBid, 0, len(answers))}
	counts := map[string]int{}
	for i, a := range answers {
		org := ex.provider(a.ProviderID)
		rel.Parties = append(rel.Parties, ocdsParty{ID: org.ID, Name: org.Name, Roles: []string{"tenderer"}})
		b := ocdsBid{ID: ex.bidID(r.ID, a.ProviderID), Date: ocdsTime(a.Received), Status: bidStatus(a.ProviderID, a, ex.ranked[r.ID]),
			Tenderers: []ocdsOrgRef{org}}
		if !a.Declined {
			b.Value = ocdsMoney(a.Weekly)
			rel.Tender.Tenderers = append(rel.Tender.Tenderers, org)
		}
		if a.ProviderID == r.AwardedTo {
			awarded = &answers[i]
		}
		counts[b.Status]++
		bids.Details = append(bids.Details, b)
	}
	n := len(rel.Tender.Tenderers)
	rel.Tender.NumberOfTenderers = &n
	// Every invited provider is counted ("requests"); those that answered
	// are listed, a decline as "invited": a region's requests invite
	// hundreds each, and listing all would make the package twenty times
	// the size for no fact a count does not give.
	bids.Statistics = []ocdsStatistic{{ID: "1", Measure: "requests", Value: float64(ex.invited[r.ID])}, {ID: "2", Measure: "bids", Value: float64(n)},
		{ID: "3", Measure: "validBids", Value: float64(counts["valid"])}, {ID: "4", Measure: "disqualifiedBids", Value: float64(counts["disqualified"])}}
	rel.Bids = bids
	if r.Status == matching.StatusAwarded && awarded != nil {
		org := ex.provider(r.AwardedTo)
		for i := range rel.Parties {
			if rel.Parties[i].ID == org.ID {
				rel.Parties[i].Roles = append(rel.Parties[i].Roles, "supplier")
			}
		}
		rel.Awards = []ocdsAward{{ID: r.ID + "-award", Title: "Award of " + r.ID, Description: "The value is the weekly price",
			Status: "active", Date: ocdsTime(r.EndedAt), Value: ocdsMoney(awarded.Weekly), Suppliers: []ocdsOrgRef{org},
			RelatedBid: ex.bidID(r.ID, r.AwardedTo)}}
	}
	return rel
}
