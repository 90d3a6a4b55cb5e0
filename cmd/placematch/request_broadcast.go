package main

import (
	"context"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

func (c *cli) requestPreview(ctx context.Context, args []string) error {
	return c.broadcastLike(ctx, args, "request preview", "Would invite", tellsNoOne, c.svc.PreviewBroadcast)
}

func (c *cli) requestBroadcast(ctx context.Context, args []string) error {
	return c.broadcastLike(ctx, args, "request broadcast", "Invited", tellsProviders, func(ctx context.Context, id string) (service.BroadcastResult, error) {
		return c.svc.Broadcast(ctx, c.g.user, id)
	})
}

// broadcastLike runs the broadcast, or its preview, and lists who is (or
// would be) invited as verb says, and who not and why.
func (c *cli) broadcastLike(ctx context.Context, args []string, name, verb string, t tells,
	do func(context.Context, string) (service.BroadcastResult, error)) error {
	fs := newFlags(name)
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	res, err := do(ctx, pos[0])
	if err != nil {
		return err
	}
	if t == tellsProviders {
		defer c.deliver(ctx)
	}
	if *asJSON {
		return printJSON(c.out(), res)
	}
	fmt.Fprintf(c.out(), "%s %s to %s:\n", verb, plural(len(res.Invited), "provider"), res.RequestID)
	for _, inv := range res.Invited {
		sig := []string{}
		if len(inv.MissingNeeds) > 0 {
			sig = append(sig, "does not list: "+strings.Join(inv.MissingNeeds, ", "))
		}
		if inv.Vacancies != nil {
			sig = append(sig, plural(*inv.Vacancies, "vacancy"))
		}
		if matching.ToPhone(inv.Email) {
			sig = append(sig, matching.Inert(matching.ProviderContactWords(inv.Email, inv.Phone)))
		}
		fmt.Fprintf(c.out(), "  %-8s %-40s %s\n", matching.Inert(inv.ProviderID), matching.Inert(inv.ProviderName), strings.Join(sig, "; "))
	}
	fmt.Fprintf(c.out(), "Not invited: %d\n", len(res.NotInvited))
	for _, n := range res.NotInvited {
		fmt.Fprintf(c.out(), "  %-8s %-40s %s\n", matching.Inert(n.ProviderID), matching.Inert(n.ProviderName), reasonText(n, res.Council))
	}
	return nil
}

// reasonText explains eligibility codes in words, keeping the code.
func reasonText(n matching.NotInvited, council string) string {
	words := n.ReasonsWords(matching.CouncilWords(council))
	out := make([]string, len(n.Reasons))
	for i, c := range n.Reasons {
		out[i] = c + " (" + words[i] + ")"
	}
	return strings.Join(out, ", ")
}
