package main

import (
	"context"
	"fmt"

	"placematch/matching"
)

// requestMoveStart moves an open request's start date later, at the same
// age; every invited provider is told, with the reason if one is given.
func (c *cli) requestMoveStart(ctx context.Context, args []string) error {
	fs := newFlags("request move-start")
	start := fs.String("start", "", "the new start date")
	reason := fs.String("reason", "", "why, as providers will read it")
	return c.actOn(ctx, fs, args, []string{"start"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		d, err := matching.ParseDate(*start)
		if err != nil {
			return "", err
		}
		if err := c.svc.MoveStart(ctx, c.g.user, id, d, *reason); err != nil {
			return "", err
		}
		return fmt.Sprintf("the start date of %s is now %s; every invited provider is told", matching.Inert(id), matching.ShowDate(d)), nil
	})
}
