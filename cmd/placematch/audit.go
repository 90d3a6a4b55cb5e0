package main

import (
	"context"
	"fmt"

	"placematch/matching"
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
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	res, err := c.svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(c.out(), res); err != nil {
			return err
		}
		if res.Break != nil {
			return exitError{1}
		}
		return nil
	}
	if res.Break != nil {
		fmt.Fprintf(c.e.stderr, "placematch: the audit trail is broken: %s. Restore the store from a backup and report it.\n", res.Break.Error())
		return exitError{1}
	}
	fmt.Fprintf(c.out(), "audit trail verified: %d events, hash chain intact\n", res.Events)
	return nil
}
