package main

import (
	"context"
	"fmt"
	"time"

	"placematch/matching"
	"placematch/service"
)

// providerHandlers are the commands a provider may run: the same service
// calls the app's provider view makes, limited to its own invitations.
func (c *cli) providerHandlers() map[string]handler {
	return map[string]handler{
		"request list":     c.providerList,
		"request show":     c.providerShow,
		"request respond":  c.providerRespond,
		"request withdraw": c.providerWithdraw,
	}
}

func (c *cli) providerList(ctx context.Context, args []string) error {
	fs := newFlags("request list")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	rows, err := c.svc.ProviderInvitations(ctx, c.g.provider)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			RequestID string           `json:"request_id"`
			Council   string           `json:"council"`
			Lot       string           `json:"lot"`
			Status    string           `json:"status"`
			Urgency   matching.Urgency `json:"urgency"`
			Age       int              `json:"age"`
			Deadline  time.Time        `json:"deadline"`
		}
		out := make([]row, len(rows))
		for i, r := range rows {
			out[i] = row{r.ID, r.Council, r.Lot, r.Status.String(), r.Urgency, r.Age, r.Deadline}
		}
		return printJSONList(c.out(), out)
	}
	if len(rows) == 0 {
		fmt.Fprintf(c.out(), "%s has no invitations yet\n", c.g.provider)
		return nil
	}
	tw := newTable(c.out(), "REQUEST", "COUNCIL", "LOT", "STATUS", "URGENCY", "AGE", "DEADLINE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.ID, matching.Inert(r.Council), r.Lot, r.Status, matching.Inert(string(r.Urgency)), r.Age, matching.ShowTime(r.Deadline))
	}
	return tw.Flush()
}

func (c *cli) providerShow(ctx context.Context, args []string) error {
	fs := newFlags("request show")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	inv, err := c.svc.ProviderShow(ctx, c.g.provider, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), inv)
	}
	fmt.Fprint(c.out(), service.InvitationText(inv))
	return nil
}

func (c *cli) providerRespond(ctx context.Context, args []string) error {
	fs := newFlags("request respond")
	var in matching.ResponseInput
	responseFlags(fs, &in)
	return c.actOn(ctx, fs, args, nil, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := answerGiven(fs, &in); err != nil {
			return "", err
		}
		l, err := c.svc.ProviderRespond(ctx, c.g.provider, id, in)
		if err != nil {
			return "", err
		}
		c.warn(l)
		if l.Response.Declined {
			return fmt.Sprintf("you declined %s", id), nil
		}
		return fmt.Sprintf("your offer on %s is recorded: %s; you can revise or withdraw it until the deadline %s (a revision keeps what it leaves out)",
			id, matching.Inert(matching.OfferWords(l.Response)), matching.ShowTime(l.Deadline)), nil
	})
}

func (c *cli) providerWithdraw(ctx context.Context, args []string) error {
	return c.actOn(ctx, newFlags("request withdraw"), args, nil, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.ProviderWithdraw(ctx, c.g.provider, id); err != nil {
			return "", err
		}
		return fmt.Sprintf("your offer on %s is withdrawn", id), nil
	})
}
