package main

import (
	"context"
	"errors"

	"placematch/service"
	"placematch/tui"
)

// startApp opens the interactive app on the service the commands use.
func startApp(ctx context.Context, svc *service.Service, g globals) error {
	err := tui.Run(ctx, svc, tui.Options{User: g.user, Council: g.council, Demo: g.demo})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
