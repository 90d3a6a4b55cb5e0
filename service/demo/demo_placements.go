package demo

import (
	"context"
	"fmt"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The demo's placements and budgets: the awards' placements (made by the
// awards themselves), the spot purchase after the no award, legacy packages
// agreed before the DPS (one with a young person turning 18 within weeks,
// one ended), a price change, and each council's budget for the year, the
// care and support packages' from the cabinet report (£484,400).

// placementRef is a placement of the script; its id is known once made.
type placementRef struct{ id string }

func (d *demo) noAwardSpot(at time.Time, actor string, ref *demoRef, reason, spot string, sp service.SpotPlacement) {
	d.add(at, "ending "+ref.label+" without award, with a spot placement", func(ctx context.Context) error {
		return d.s.NoAwardSpot(ctx, actor, ref.id, reason, spot, sp)
	})
}

func (d *demo) addPlacement(at time.Time, actor string, pr *placementRef, in matching.PlacementInput) {
	d.add(at, "recording the "+in.Kind+" placement with "+in.ProviderName, func(ctx context.Context) error {
		p, err := d.s.AddPlacement(ctx, actor, in)
		if err != nil {
			return err
		}
		pr.id = p.ID
		return nil
	})
}

// awardPlacement finds the placement an award made.
func (d *demo) awardPlacement(at time.Time, ref *demoRef, pr *placementRef) {
	d.add(at, "finding the placement of "+ref.label, func(ctx context.Context) error {
		rows, err := d.s.Placements(ctx, service.PlacementFilter{})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Placement.RequestID == ref.id {
				pr.id = r.ID
				return nil
			}
		}
		return fmt.Errorf("the award of %s made no placement", ref.id)
	})
}

func (d *demo) changePrice(at time.Time, actor string, pr *placementRef, weekly string, from int, reason string) {
	d.add(at, "changing a placement's price", func(ctx context.Context) error {
		_, err := d.s.ChangePlacementPrice(ctx, actor, pr.id, weekly, day(d.date(from)), reason)
		return err
	})
}

func (d *demo) endPlacement(at time.Time, actor string, pr *placementRef, end int, reason string) {
	d.add(at, "ending a placement", func(ctx context.Context) error {
		_, err := d.s.EndPlacement(ctx, actor, pr.id, day(d.date(end)), reason)
		return err
	})
}

func (d *demo) setBudget(at time.Time, actor, council, framework, amount string) {
	d.add(at, "setting "+council+"'s budget for "+framework, func(ctx context.Context) error {
		year := matching.FinancialYear(matching.Today(d.at))
		_, err := d.s.SetBudget(ctx, actor, council, framework, fmt.Sprint(year), amount)
		return err
	})
}

// placements writes the placements' part of the script; awarded is the
// Sefton care package's request, whose placement's price changes.
func (d *demo) placements(awarded *demoRef) {
	// Budgets for this financial year, set as the year's cabinet reports
	// came out.
	for i, b := range []struct{ council, framework, amount string }{
		{"knowsley", "care-support", "484,400"},
		{"sefton", "care-support", "420,000"},
		{"liverpool", "care-support", "610,000"},
		{"wirral", "care-support", "395,000"},
		{"halton", "care-support", "210,000"},
		{"manchester", "leaving-care", "350,000"},
		{"wigan", "leaving-care", "180,000"},
		{"knowsley", "leaving-care", "120,000"},
		{"tameside", "leaving-care", "160,000"},
	} {
		d.setBudget(d.ago(70, 9, i), officerHughes, b.council, b.framework, b.amount)
	}

	// Legacy packages, agreed before the DPS and carried on.
	oak, elm, birch, rowan := &placementRef{}, &placementRef{}, &placementRef{}, &placementRef{}
	d.addPlacement(d.ago(69, 10, 0), officerHughes, oak, matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
		ProviderName: "Oakfield Family Support", Weekly: "1,240", Start: day(d.date(700)), CaseRef: "CS-39102",
		DOB: day(d.date(0).AddDate(-18, 0, 35)), Note: "Agreed in 2024 under the previous framework; carried on."})
	d.addPlacement(d.ago(69, 10, 5), officerHughes, elm, matching.PlacementInput{Council: "knowsley", Lot: "packages", Kind: "legacy",
		ProviderID: "P001", Weekly: "980", Start: day(d.date(420)), CaseRef: "CS-41876", DOB: day(d.date(0).AddDate(-12, -4, 0))})
	d.addPlacement(d.ago(69, 10, 10), officerHughes, birch, matching.PlacementInput{Council: "liverpool", Lot: "packages", Kind: "legacy",
		ProviderName: "Birchwood Care Ltd", Weekly: "1,410", Start: day(d.date(510)), CaseRef: "CS-37220"})
	d.addPlacement(d.ago(68, 14, 0), officerPatel, rowan, matching.PlacementInput{Council: "manchester", Lot: "group-living", Kind: "legacy",
		ProviderName: "Rowan Lodge", Weekly: "1,075", Start: day(d.date(300)), CaseRef: "LC-19044", DOB: day(d.date(0).AddDate(-17, -6, 0))})
	// The annual uplift from 1 April, and a package ended by a planned move.
	d.changePrice(d.ago(67, 11, 0), officerHughes, oak, "1,290", d.daysSinceApril(), "annual uplift agreed with the provider")
	d.endPlacement(d.ago(20, 16, 30), officerOkafor, birch, 21, "planned move to a foster placement")
	d.endPlacement(d.ago(15, 12, 0), officerPatel, rowan, -45, "planned move on to the young person's own tenancy")

	// The Sefton care package's placement: a third sleeping night from
	// three days ago.
	pr := &placementRef{}
	d.awardPlacement(d.ago(17, 11, 1), awarded, pr)
	d.changePrice(d.ago(3, 15, 20), officerOkafor, pr, "1,275", 3, "a third sleeping night added after the review")
}

// daysSinceApril is how many days ago this financial year began.
func (d *demo) daysSinceApril() int {
	today := matching.Today(d.now)
	return int(today.Sub(matching.YearStart(matching.FinancialYear(today))).Hours() / 24)
}
