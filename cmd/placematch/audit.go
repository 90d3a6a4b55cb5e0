package main

import (
	"context"
	"fmt"

	"placematch/matching"
	"placematch/service"
)

func (c *cli) auditList(ctx context.Context, args []string) error {
	fs := newFlags("audit list")
	req := fs.String("request", "", "request id")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	// A region's trail runs to hundreds of thousands of events: each is
	// written as it is read, never held.
	if *asJSON {
		l := newJSONList(c.out())
		if err := c.svc.AuditEach(ctx, *req, func(e matching.Event) error { return l.add(e) }); err != nil {
			return err
		}
		return l.close()
	}
	return c.svc.AuditEach(ctx, *req, func(e matching.Event) error {
		fmt.Fprintf(c.out(), "%6d  %s  %-12s %-12s %s", e.Seq, matching.ShowTime(e.At), matching.Inert(e.Actor), matching.Inert(e.RequestID), matching.Inert(e.Action))
		if e.Detail != "" {
			fmt.Fprintf(c.out(), ": %s", matching.Inert(e.Detail))
		}
		_, err := fmt.Fprintln(c.out())
		return err
	})
}

func (c *cli) auditVerify(ctx context.Context, args []string) error {
	fs := newFlags("audit verify")
	asJSON := fs.Bool("json", false, "JSON output")
	anchorFlag := fs.String("anchor", "", "COUNT:HASH, as audit anchor printed it")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	var opts service.VerifyOptions
	if *anchorFlag != "" {
		a, err := matching.ParseAnchor(*anchorFlag)
		if err != nil {
			return usagef("--anchor: %s", err.Error())
		}
		opts.Anchor = &a
	}
	// A progress bar, only on a terminal and never with --json: piped
	// output stays what it was.
	var bar *verifyBar
	if width, ok := terminalWidth(c.e.stderr); ok && !*asJSON {
		bar = newVerifyBar(c.e.stderr, width)
		opts.Progress = bar.update
	}
	res, err := c.svc.VerifyAuditWith(ctx, opts)
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(c.out(), res); err != nil {
			return err
		}
		if !res.OK() {
			return exitError{1}
		}
		return nil
	}
	w := c.e.stderr
	if len(res.File.Problems) > 0 {
		fmt.Fprintf(w, "placematch: the store file is damaged: SQLite's integrity check reports %d problem(s), the first: %s. Restore the store from a backup and report it.\n",
			len(res.File.Problems), matching.Inert(res.File.Problems[0]))
	}
	if res.Break != nil {
		fmt.Fprintf(w, "placematch: the audit trail is broken: %s. Restore the store from a backup and report it.\n", res.Break.Error())
	}
	if len(res.Differences) > 0 {
		fmt.Fprintf(w, "placematch: the store differs from its audit trail in %d place(s) (it was changed outside placematch):\n", len(res.Differences)+res.More)
		for _, d := range res.Differences {
			fmt.Fprintf(w, "  %s\n", matching.Inert(d))
		}
		if res.More > 0 {
			fmt.Fprintf(w, "  and %d more\n", res.More)
		}
	}
	if res.AnchorProblem != "" {
		fmt.Fprintf(w, "placematch: the trail does not hold the anchor: %s. Restore the store from a backup that holds it and report it.\n", res.AnchorProblem)
	}
	if !res.OK() {
		return exitError{1}
	}
	out := c.out()
	fmt.Fprintf(out, "audit trail verified: %d events, hash chain intact\n", res.Events)
	switch res.File.Check {
	case "integrity_check":
		fmt.Fprintln(out, "store file: SQLite's integrity check passed")
	case "quick_check":
		fmt.Fprintln(out, "store file: SQLite's quick check passed")
	}
	fmt.Fprintf(out, "state: %d requests and %d answers match the trail (status, dates, criteria, invitations, answers, rankings, awards)\n", res.Requests, res.Answers)
	if res.Placements > 0 {
		fmt.Fprintf(out, "placements: %d match the trail (provider, prices from their dates, start, end, personal data), and the budgets\n", res.Placements)
	}
	if opts.Anchor != nil {
		fmt.Fprintf(out, "anchor %s: held\n", opts.Anchor)
	}
	fmt.Fprintf(out, "took: %s\n", service.VerifyTimesWords(res.Took))
	fmt.Fprintf(out, "head: %s (keep it outside the store: audit anchor)\n", res.Head)
	fmt.Fprintln(out, "not proven by the trail:")
	for _, u := range res.Unproven {
		fmt.Fprintf(out, "  - %s\n", u)
	}
	return nil
}

// auditAnchor prints the trail's count and head hash, to be kept outside
// the store and given later to audit verify --anchor.
func (c *cli) auditAnchor(ctx context.Context, args []string) error {
	fs := newFlags("audit anchor")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	a, err := c.svc.AuditAnchor(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.out(), a.String())
	return err
}
