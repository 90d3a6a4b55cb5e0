package main

import (
	"context"
	"flag"
	"fmt"

	"placematch/matching"
	"placematch/service"
)

func (c *cli) settingsShow(ctx context.Context, args []string) error {
	fs := newFlags("settings show")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	s, err := c.svc.Settings(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), s)
	}
	printSettings(c, s)
	return nil
}

func printSettings(c *cli, s matching.Settings) {
	tw := newTable(c.out(), "SETTING", "VALUE")
	for _, name := range matching.SettingNames() {
		fmt.Fprintf(tw, "%s\t%s\n", name, orDash(s.Get(name)))
	}
	tw.Flush()
}

func (c *cli) settingsSet(ctx context.Context, args []string) error {
	fs := newFlags("settings set")
	for _, name := range matching.SettingNames() {
		fs.String(name, "", "the "+name+" setting (empty clears it)")
	}
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	changes := map[string]string{}
	fs.Visit(func(f *flag.Flag) { changes[f.Name] = f.Value.String() })
	if len(changes) == 0 {
		return usagef("settings set needs at least one of --mail-from, --mail-domain, --server-address, --ocid-prefix")
	}
	s, err := c.svc.SetSettings(ctx, c.g.user, changes)
	if err != nil {
		return err
	}
	printSettings(c, s)
	return nil
}

func (c *cli) councilShow(ctx context.Context, args []string) error {
	fs := newFlags("council show")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "SLUG")
	if err != nil {
		return err
	}
	v, err := c.svc.Council(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), v)
	}
	w := c.out()
	fmt.Fprintf(w, "%s (%s), requests %s-YYYY-NNNN\n", v.Name, v.Slug, v.Code)
	if v.Contact.Empty() {
		fmt.Fprintf(w, "Placements contact: none set; letters to providers name none. Set it with: placematch council set %s --contact-name T --contact-email E --contact-phone P\n", v.Slug)
	} else {
		fmt.Fprintf(w, "Placements contact: %s\n", v.Contact.Line())
	}
	fmt.Fprintln(w)
	tw := newTable(w, "FRAMEWORK", "LOT", "NAME", "WEIGHTS Q/P/A", "GUIDE PRICE")
	for _, l := range v.Lots {
		guide := "none"
		if l.GuidePence > 0 {
			guide = matching.WeeklyWords(l.GuidePence)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l.Framework, l.Lot, l.LotName, l.Weights, guide)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return printBudgets(c, v.Slug, v.Budgets)
}

func (c *cli) councilSet(ctx context.Context, args []string) error {
	fs := newFlags("council set")
	var ch service.CouncilChange
	fs.StringVar(&ch.Lot, "lot", "", "the lot whose defaults change")
	weights := fs.String("weights", "", "quality,price,age-cover weights adding up to 100")
	guide := fs.String("guide-price", "", "the weekly guide price, in pounds (0 for none)")
	name := fs.String("contact-name", "", "the placements team's name")
	email := fs.String("contact-email", "", "the placements team's email")
	phone := fs.String("contact-phone", "", "the placements team's phone")
	pos, err := parse(fs, args, 1, "SLUG")
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var fe matching.FieldErrors
	if set["weights"] {
		w, err := matching.ParseWeights(*weights)
		if err != nil {
			fe = append(fe, matching.FieldError{Field: "weights", Msg: err.Error()})
		}
		ch.Weights = &w
	}
	if set["guide-price"] {
		p, err := matching.ParseMoney(*guide)
		if err != nil {
			fe = append(fe, matching.FieldError{Field: "guide-price", Msg: err.Error()})
		}
		ch.GuidePrice = &p
	}
	if len(fe) > 0 {
		return fe
	}
	if set["contact-name"] {
		ch.Contact.Name = name
	}
	if set["contact-email"] {
		ch.Contact.Email = email
	}
	if set["contact-phone"] {
		ch.Contact.Phone = phone
	}
	if err := c.svc.SetCouncil(ctx, c.g.user, pos[0], ch); err != nil {
		return err
	}
	return c.councilShow(ctx, []string{pos[0]})
}
