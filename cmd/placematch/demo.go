package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
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
	res, err := c.generate(ctx, opts)
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

// generate fills the store with a generated region. An SQLite store must be
// new and open nowhere else (it is locked until the end): the region is
// made in a new file beside it (FILE.generating, without a journal, its
// indexes made at the end) and put in its place by a rename once whole, so
// a run that fails or is killed leaves the store as it was (and the new
// file, which the next run removes). PostgreSQL is filled in place, in
// transactions of a batch of history each.
func (c *cli) generate(ctx context.Context, opts demo.GenerateOptions) (demo.GenerateResult, error) {
	db, ok := c.svc.Store().(*store.DB)
	if !ok || db.Dialect() != "sqlite" {
		return demo.Generate(ctx, c.svc, c.g.user, opts)
	}
	if err := demo.RefuseUnlessNew(ctx, c.svc); err != nil {
		return demo.GenerateResult{}, err
	}
	// The region takes the place of the file the path names (through a
	// link, if it is one).
	target, err := filepath.EvalSymlinks(db.Path())
	if err != nil {
		return demo.GenerateResult{}, err
	}
	// The new store it replaces is closed, then locked against everyone
	// else until the region is in its place.
	if err := db.Close(); err != nil {
		return demo.GenerateResult{}, err
	}
	release, err := store.LockForGenerate(ctx, target)
	if err != nil {
		return demo.GenerateResult{}, err
	}
	defer release()
	file, err := store.CreateBulk(ctx, store.GeneratingPath(target))
	if err != nil {
		return demo.GenerateResult{}, err
	}
	opts.Discarded = true
	res, err := demo.Generate(ctx, service.New(file, serviceOptions(c.e)...), c.g.user, opts)
	if err != nil {
		file.Discard()
		return res, err
	}
	return res, file.Finish(ctx, target)
}
