package main

import (
	"context"
	"fmt"
	"placematch/service/demo"
)

func cmdInit(ctx context.Context, path string, g globals, args []string, e env) error {
	fs := newFlags("init")
	withDemo := fs.Bool("demo", false, "load the demo data")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	svc, closeFn, err := openService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if *withDemo {
		if err := demo.Load(ctx, svc, g.user); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created %s with the demo data\n", path)
		return nil
	}
	fmt.Fprintf(e.stdout, "store ready at %s\n", path)
	return nil
}
