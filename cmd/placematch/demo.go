package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service/demo"
)

// demoGenerate fills an empty store with a generated region: a register of
// --providers rows and --requests requests with years of history, for trying
// the app and measuring it at a region's scale.
func (c *cli) demoGenerate(ctx context.Context, args []string) error {
	fs := newFlags("demo generate")
	providers := fs.Int("providers", 0, "provider-lot rows of the register")
	requests := fs.Int("requests", 0, "past requests")
	seed := fs.Uint64("seed", 1, "chooses the region: the same seed gives the same data")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "providers", "requests"); err != nil {
		return err
	}
	started := time.Now()
	last := started
	opts := demo.GenerateOptions{
		ProviderLots: *providers, Requests: *requests, Seed: *seed,
		Progress: func(created, total int) {
			// A line every ten seconds on stderr, so that a long run is
			// seen to be working; stdout keeps the result alone.
			if time.Since(last) >= 10*time.Second && total > 0 {
				last = time.Now()
				fmt.Fprintf(c.e.stderr, "generating: %d of %d requests made (%s)\n", created, total, time.Since(started).Round(time.Second))
			}
		},
	}
	res, err := demo.Generate(ctx, c.svc, c.g.user, opts)
	took := time.Since(started)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), struct {
			demo.GenerateResult
			Seed    uint64  `json:"seed"`
			Seconds float64 `json:"seconds"`
		}{res, *seed, took.Seconds()})
	}
	w := c.out()
	fmt.Fprintf(w, "generated a region (seed %d) in %s\n", *seed, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  register:    %s provider-lot rows of %s providers\n", matching.Thousands(res.ProviderLots), matching.Thousands(res.Providers))
	fmt.Fprintf(w, "  requests:    %s, from %s to %s\n", matching.Thousands(res.Requests), matching.ShowDate(matching.Today(res.From)), matching.ShowDate(matching.Today(res.To)))
	var parts []string
	for _, s := range matching.Statuses() {
		if n := res.ByStatus[s.String()]; n > 0 {
			parts = append(parts, matching.Thousands(n)+" "+s.String())
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "               %s\n", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "  invitations: %s\n", matching.Thousands(res.Invitations))
	fmt.Fprintf(w, "  answers:     %s offers, %s declines\n", matching.Thousands(res.Offers), matching.Thousands(res.Declines))
	fmt.Fprintf(w, "  placements:  %s (see them with: placematch placements list; spend against budget: placematch spend)\n", matching.Thousands(res.Placements))
	fmt.Fprintf(w, "  audit trail: %s events (check them with: placematch audit verify)\n", matching.Thousands(res.Events))
	return nil
}
