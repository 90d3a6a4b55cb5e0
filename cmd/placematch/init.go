package main

import (
	"context"
	"fmt"

	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
)

// cmdInit makes the store, or brings its schema up to date, with the
// reference data; --demo loads the fictional demo data into it. On
// PostgreSQL it is run as the store's owner, and also makes the app's role.
func cmdInit(ctx context.Context, path string, g globals, args []string, e env) error {
	fs := newFlags("init")
	withDemo := fs.Bool("demo", false, "load the demo data")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.GrantAppRole(ctx); err != nil {
		return err
	}
	if *withDemo {
		if err := demo.Load(ctx, service.New(db, serviceOptions(e)...), g.user); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created %s with the demo data\n", db.Path())
		return nil
	}
	fmt.Fprintf(e.stdout, "store ready at %s\n", db.Path())
	if db.Dialect() == "postgres" {
		fmt.Fprintf(e.stdout, "the app's role %s may read and write it, and only add to its audit trail:\n"+
			"give it to each login that uses placematch: GRANT %s TO <login>;\n", store.AppRole, store.AppRole)
	}
	return nil
}
