package main

import (
	"context"

	"placematch/matching"
)

// requestNote records a note for the record on a request: never shown to
// providers.
func (c *cli) requestNote(ctx context.Context, args []string) error {
	fs := newFlags("request note")
	text := fs.String("text", "", "the note")
	return c.actOn(ctx, fs, args, []string{"text"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Note(ctx, c.g.user, id, *text); err != nil {
			return "", err
		}
		return "noted on " + matching.Inert(id) + ": for the record only, never shown to providers", nil
	})
}
