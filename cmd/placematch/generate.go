package main

import (
	"context"
)

// demoGenerate fills a store with a generated region (issue 6).
func (c *cli) demoGenerate(ctx context.Context, args []string) error {
	return usagef("demo generate is not built yet")
}
