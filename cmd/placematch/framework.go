package main

import (
	"context"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

func (c *cli) frameworkShow(ctx context.Context, args []string) error {
	fs := newFlags("framework show")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "FRAMEWORK")
	if err != nil {
		return err
	}
	v, err := c.svc.Framework(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), v)
	}
	printFramework(c, v)
	return nil
}

func printFramework(c *cli, v service.FrameworkView) {
	w := c.out()
	fmt.Fprintf(w, "%s (%s), led by %s\n", v.Name, v.Code, matching.CouncilWords(v.Lead))
	fmt.Fprintf(w, "Term: %s\n", matching.TermWords(v.Term))
	fmt.Fprintf(w, "Today: %s\n", v.State)
	if ds := v.Decisions(); len(ds) > 0 {
		fmt.Fprintln(w)
		tw := newTable(w, "EXTENSION", "YEARS", "DECIDED", "BY", "REASON")
		for _, d := range ds {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", d.N, d.Years, d.On, d.Actor, matching.Inert(d.Reason))
		}
		tw.Flush()
	}
	if len(v.Purchasers) > 0 {
		fmt.Fprintln(w)
		tw := newTable(w, "PURCHASER", "NAME", "GSS", "REQUEST IDS")
		for _, p := range v.Purchasers {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s-YYYY-NNNN\n", p.Slug, matching.Inert(p.Name), orDash(p.GSS), p.Code)
		}
		tw.Flush()
	}
}

func (c *cli) frameworkTerm(ctx context.Context, args []string) error {
	fs := newFlags("framework term")
	start := fs.String("start", "", "the first day of the term, YYYY-MM-DD")
	years := fs.String("years", "", "the initial years, then each extension's: 2+1+1")
	pos, err := parse(fs, args, 1, "FRAMEWORK")
	if err != nil {
		return err
	}
	if err := required(fs, "start", "years"); err != nil {
		return err
	}
	d, err := matching.ParseDate(strings.TrimSpace(*start))
	if err != nil {
		return matching.FieldErrors{{Field: "start", Msg: err.Error()}}
	}
	v, err := c.svc.SetTerm(ctx, c.g.user, pos[0], d, *years)
	if err != nil {
		return err
	}
	printFramework(c, v)
	return nil
}

func (c *cli) frameworkExtend(ctx context.Context, args []string) error {
	fs := newFlags("framework extend")
	reason := fs.String("reason", "", "why the term is extended, for the record")
	pos, err := parse(fs, args, 1, "FRAMEWORK")
	if err != nil {
		return err
	}
	if err := required(fs, "reason"); err != nil {
		return err
	}
	v, err := c.svc.ExtendTerm(ctx, c.g.user, pos[0], *reason)
	if err != nil {
		return err
	}
	printFramework(c, v)
	return nil
}

func (c *cli) purchasersAdd(ctx context.Context, args []string) error {
	fs := newFlags("purchasers add")
	name := fs.String("name", "", "the purchaser's name: NHS Cheshire and Merseyside ICB")
	framework := fs.String("framework", "", "the framework it buys on")
	gss := fs.String("gss", "", "its GSS code, e.g. E54000008")
	pos, err := parse(fs, args, 1, "SLUG")
	if err != nil {
		return err
	}
	if err := required(fs, "name", "framework"); err != nil {
		return err
	}
	p, err := c.svc.AddPurchaser(ctx, c.g.user, pos[0], *name, *framework, *gss)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s (%s) buys on %s; its requests are %s-YYYY-NNNN: placematch request new --org %s ...\n",
		matching.Inert(p.Name), p.Slug, strings.Join(p.Frameworks, ", "), p.Code, p.Slug)
	return nil
}
