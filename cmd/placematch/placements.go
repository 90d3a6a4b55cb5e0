package main

import (
	"context"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// The commands of placements, budgets and spend (rules in matching's
// placement.go and spend.go; the operations in service/placements.go).

func (c *cli) placementsList(ctx context.Context, args []string) error {
	fs := newFlags("placements list")
	var f service.PlacementFilter
	fs.StringVar(&f.Council, "council", "", "only this council's")
	fs.StringVar(&f.Provider, "provider", "", "only this provider's")
	fs.BoolVar(&f.Active, "active", false, "only those not ended")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	rows, err := c.svc.Placements(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSONList(c.out(), rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.out(), "No placements.")
		return nil
	}
	tw := newTable(c.out(), "ID", "COUNCIL", "LOT", "PROVIDER", "KIND", "WEEKLY", "START", "END", "STATUS")
	for _, r := range rows {
		provider := r.ProviderName
		if r.ProviderID != "" {
			provider = r.ProviderID + " " + provider
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Council, r.Lot, matching.Inert(provider), r.Kind,
			r.Weekly, r.Start, orDash(r.End), matching.PlacementStatusWords(r.Status))
	}
	return tw.Flush()
}

func (c *cli) placementsAdd(ctx context.Context, args []string) error {
	fs := newFlags("placements add")
	var in matching.PlacementInput
	fs.StringVar(&in.Council, "council", "", "the council")
	fs.StringVar(&in.Lot, "lot", "", "the lot")
	fs.StringVar(&in.Kind, "kind", "", "legacy or spot")
	fs.StringVar(&in.ProviderName, "provider-name", "", "the provider's name")
	fs.StringVar(&in.ProviderID, "provider", "", "the provider's id, when it is on the register")
	fs.StringVar(&in.Weekly, "weekly", "", "the weekly price, in pounds")
	fs.StringVar(&in.Start, "start", "", "the start date")
	fs.StringVar(&in.End, "end", "", "the end date (the first day it no longer runs), if it has ended")
	fs.StringVar(&in.Reason, "end-reason", "", "why it ended, with --end")
	fs.StringVar(&in.CaseRef, "case", "", "the young person's case reference")
	fs.StringVar(&in.DOB, "dob", "", "the young person's date of birth")
	fs.StringVar(&in.Note, "note", "", "a note for the record")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "council", "lot", "kind", "weekly", "start", "case"); err != nil {
		return err
	}
	p, err := c.svc.AddPlacement(ctx, c.g.user, in)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.out(), p.ID)
	return nil
}

func (c *cli) placementsChange(ctx context.Context, args []string) error {
	fs := newFlags("placements change")
	weekly := fs.String("weekly", "", "the new weekly price, in pounds")
	from := fs.String("from", "", "the first day of the new price")
	reason := fs.String("reason", "", "why the price changes")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "weekly", "from", "reason"); err != nil {
		return err
	}
	p, err := c.svc.ChangePlacementPrice(ctx, c.g.user, pos[0], *weekly, *from, *reason)
	if err != nil {
		return err
	}
	n := len(p.Changes)
	fmt.Fprintf(c.out(), "%s costs %s from %s\n", p.ID, matching.WeeklyWords(p.Changes[n-1].Weekly), matching.ShowDate(p.Changes[n-1].From))
	return nil
}

func (c *cli) placementsEnd(ctx context.Context, args []string) error {
	fs := newFlags("placements end")
	date := fs.String("date", "", "the first day it no longer runs")
	reason := fs.String("reason", "", "why it ends")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "date", "reason"); err != nil {
		return err
	}
	p, err := c.svc.EndPlacement(ctx, c.g.user, pos[0], *date, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s ends on %s (its last day is %s)\n", p.ID, matching.ShowDate(p.End), matching.ShowDate(p.End.AddDate(0, 0, -1)))
	return nil
}

func (c *cli) councilBudget(ctx context.Context, args []string) error {
	fs := newFlags("council budget")
	framework := fs.String("framework", "", "the framework")
	year := fs.String("year", "", "the financial year's first year (2026 for 2026/27)")
	amount := fs.String("amount", "", "the budget, in pounds")
	pos, err := parse(fs, args, 1, "SLUG")
	if err != nil {
		return err
	}
	if err := required(fs, "framework", "year", "amount"); err != nil {
		return err
	}
	b, err := c.svc.SetBudget(ctx, c.g.user, pos[0], *framework, *year, *amount)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s's budget for %s in %s: %s\n", b.Council, b.Framework, matching.YearWords(b.Year), b.Amount)
	return nil
}

// printBudgets lists a council's budgets, for council show.
func printBudgets(c *cli, slug string, bs []matching.Budget) error {
	w := c.out()
	fmt.Fprintln(w)
	if len(bs) == 0 {
		fmt.Fprintf(w, "Budgets: none set. Set one with: placematch council budget %s --framework F --year YYYY --amount POUNDS\n", slug)
		return nil
	}
	tw := newTable(w, "FRAMEWORK", "YEAR", "BUDGET")
	for _, b := range bs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", b.Framework, matching.YearWords(b.Year), b.Amount)
	}
	return tw.Flush()
}

func (c *cli) spend(ctx context.Context, args []string) error {
	fs := newFlags("spend")
	var f service.SpendFilter
	fs.StringVar(&f.Council, "council", "", "only this council")
	fs.StringVar(&f.Framework, "framework", "", "only this framework")
	year := fs.String("year", "", "the financial year's first year (default: this one)")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if strings.TrimSpace(*year) != "" {
		y, err := matching.ParseYear(*year)
		if err != nil {
			return err
		}
		f.Year = y
	}
	ss, err := c.svc.Spend(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSONList(c.out(), ss)
	}
	w := c.out()
	if len(ss) == 0 {
		fmt.Fprintln(w, "Spend: "+matching.SpendNoneWords+".")
		return nil
	}
	for i, s := range ss {
		if i > 0 {
			fmt.Fprintln(w)
		}
		budget := matching.NoBudgetWords
		if s.HasBudget {
			budget = s.Budget.String()
		}
		fmt.Fprintf(w, "%s, %s, %s (%s)\n", s.Council, s.Framework, matching.YearWords(s.Year), s.AsOfWords())
		tw := newTable(w, "BUDGET", "ACTUAL", "FORECAST", "COMMITTED", "REMAINING")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", budget, s.Actual, s.Forecast, s.Committed, s.RemainingWords())
		tw.Flush()
		tw = newTable(w, "MONTH", "COMMITTED")
		for _, m := range s.Months {
			fmt.Fprintf(tw, "%s\t%s\n", m.Month, m.Pence)
		}
		tw.Flush()
	}
	return nil
}
