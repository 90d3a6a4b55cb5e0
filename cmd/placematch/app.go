package main

import (
	"context"
	"errors"
	"os"
	"strconv"

	"placematch/service"
	"placematch/tui"
)

// startApp opens the interactive app on the service the commands use: as
// the officers' app, as one provider (--provider), or playing the live
// provider-forum demonstration (--demo --live).
func startApp(ctx context.Context, svc *service.Service, g globals) error {
	c := &cli{svc: svc, g: g, path: g.db}
	deliver := func(ctx context.Context) (service.DeliveryReport, error) {
		return svc.Deliver(ctx, c.sender(), g.from)
	}
	err := tui.Run(ctx, svc, tui.Options{User: g.user, Council: g.council, Demo: g.demo, Provider: g.provider,
		Live: g.live, LiveSpeed: liveSpeed(os.Getenv("PLACEMATCH_LIVE_SPEED")), Deliver: deliver})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
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
