package main

import (
	"context"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// providersShow prints a provider: its record in one line first, then its
// lots on the register with their contacts, then every request it was
// invited to and what it did there (prices and ranks only where the offers
// are opened).
func (c *cli) providersShow(ctx context.Context, args []string) error {
	fs := newFlags("providers show")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "PID")
	if err != nil {
		return err
	}
	h, err := c.svc.ProviderHistory(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), historyJSON(h))
	}
	out := c.out()
	fmt.Fprintf(out, "%s (%s)\n", matching.Inert(h.ProviderName), matching.Inert(h.ProviderID))
	fmt.Fprintln(out, matching.HistoryWords(h.Summary.Tally()))
	p := h.Lots[0]
	var contact []string
	for _, s := range []string{p.Kind, p.Email, p.Phone, p.Town} {
		if s != "" {
			contact = append(contact, matching.Inert(s))
		}
	}
	fmt.Fprintln(out, strings.Join(contact, " · "))
	fmt.Fprintln(out)
	tw := newTable(out, "LOT", "STATUS", "SINCE", "QUALITY", "AGES", "SERVES")
	for _, l := range h.Lots {
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%s\t%d-%d\t%s\n", matching.Inert(l.Framework), matching.Inert(l.Lot), matching.Inert(matching.LotStatusWords(l)),
			orDash(matching.ShowDate(l.AdmittedOn)), matching.AssessedWords(l), l.MinAge, l.CoverUntil-1,
			matching.Inert(strings.Join(l.Serves, ";")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range h.Lots {
		if l.QualityNote != "" {
			fmt.Fprintf(out, "%s/%s quality note: %s\n", matching.Inert(l.Framework), matching.Inert(l.Lot), matching.Inert(l.QualityNote))
		}
	}
	fmt.Fprintln(out)
	if len(h.Requests) == 0 {
		fmt.Fprintln(out, "not invited to any request yet")
		return nil
	}
	tw = newTable(out, "REQUEST", "COUNCIL", "LOT", "STATUS", "ANSWER AND OUTCOME")
	for _, r := range h.Requests {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", matching.Inert(r.RequestID), r.Council, r.Lot, r.StatusWords, matching.Inert(r.Words()))
	}
	return tw.Flush()
}

// requestReport prints or saves the award report of a request whose offers
// are opened: the ranking and the decision, for the case file, in Markdown
// or as a PDF ready to file.
func (c *cli) requestReport(ctx context.Context, args []string) error {
	fs := newFlags("request report")
	format := fs.String("format", "md", "md (Markdown) or pdf")
	output := fs.String("output", "", "file to write (never overwritten); needed for pdf")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	var text string
	switch *format {
	case "md":
		text, err = c.svc.AwardReport(ctx, c.g.user, pos[0])
	case "pdf":
		if *output == "" {
			return usagef("--format pdf needs --output FILE: a PDF is not printed on the terminal")
		}
		var b []byte
		b, err = c.svc.AwardReportPDF(ctx, c.g.user, pos[0])
		text = string(b)
	default:
		return usagef("--format %s: give md (Markdown) or pdf", *format)
	}
	if err != nil {
		return err
	}
	if *output == "" {
		_, err := fmt.Fprint(c.out(), text)
		return err
	}
	if err := service.SaveText(*output, text); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "the award report of %s is in %s\n", matching.Inert(pos[0]), matching.Inert(*output))
	return nil
}
