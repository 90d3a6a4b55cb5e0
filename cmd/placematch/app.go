package main

import (
	"context"
	"fmt"

	"placematch/service"
)

// startApp opens the interactive app.
func startApp(ctx context.Context, svc *service.Service, g globals) error {
	return fmt.Errorf("the interactive app is not built yet")
}
