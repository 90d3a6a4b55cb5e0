package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
	"placematch/tui"
)

// startApp opens the interactive app on the service the commands use: as
// the officers' app, as one provider (--provider), or playing the live
// provider-forum demonstration (--demo --live).
func startApp(ctx context.Context, svc *service.Service, g globals) error {
	c := &cli{svc: svc, g: g, path: g.db}
	deliver := func(ctx context.Context) (service.DeliveryReport, error) {
		return c.deliverNow(ctx)
	}
	opts := tui.Options{User: g.user, Council: g.council, Demo: g.demo, Provider: g.provider,
		Live: g.live, LiveSpeed: liveSpeed(os.Getenv("PLACEMATCH_LIVE_SPEED")), Deliver: deliver,
		Attention: g.provider == "" && !g.live}
	if g.live {
		dir, err := os.MkdirTemp("", "placematch-live-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary folder for the live demonstration: %w", err)
		}
		defer os.RemoveAll(dir)
		opts.LiveFork = liveFork(dir)
	}
	err := tui.Run(ctx, svc, opts)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func runApp(ctx context.Context, g globals, e env) error {
	if g.live && g.provider != "" {
		return usagef("--live is the presenter's demonstration; --provider opens the app as a provider: use one of them")
	}
	council, err := service.CheckCouncil(g.council)
	if err != nil {
		return fmt.Errorf("--council (or PLACEMATCH_COUNCIL): %w", err)
	}
	g.council = council
	path := g.db
	if g.demo && path == "" {
		dir, err := os.MkdirTemp("", "placematch-demo-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary folder for the demo: %w", err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	}
	if path == "" {
		p, err := dbPath(g, e)
		if err != nil {
			return err
		}
		path = p
	}
	svc, closeFn, err := openService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if g.demo {
		err := demo.Load(ctx, svc, "demo")
		if err != nil && matching.KindOf(err) != matching.KindConflict {
			return err
		}
		// The live demonstration creates and broadcasts a request: only
		// ever on a store of its own, never on one that holds real work.
		if err != nil && g.live {
			return matching.Conflictf("--live plays on a fresh demo store, and %s already has data: leave out --db, or give a new file", path)
		}
	}
	if g.provider != "" {
		ctx = asProvider(ctx, g.provider)
		if err := svc.KnownProvider(ctx, g.provider); err != nil {
			return err
		}
	}
	start := e.interactive
	if start == nil {
		start = startApp
	}
	if f, ok := e.stdout.(*bufio.Writer); ok {
		f.Flush() // what was said before the app takes the screen
	}
	g.db = path // the app's outbox sits beside the store it opened
	return start(ctx, svc, g)
}

// liveFork copies a store for the live demonstration, which steps back
// and restarts on fresh copies of the store as it was at the start: a
// backup to a new file in dir, opened.
func liveFork(dir string) func(ctx context.Context, from service.Store) (service.Store, error) {
	var n atomic.Int64
	return func(ctx context.Context, from service.Store) (service.Store, error) {
		path := filepath.Join(dir, fmt.Sprintf("copy-%d.db", n.Add(1)))
		if err := from.Backup(ctx, path); err != nil {
			return nil, err
		}
		return store.OpenExisting(ctx, path)
	}
}

// liveSpeed reads PLACEMATCH_LIVE_SPEED: how many times faster than real
// time the live demonstration plays (for rehearsals and tests); anything
// that is not a number from 1 to 1000 plays it in real time.
func liveSpeed(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v > 1000 {
		return 1
	}
	return v
}
