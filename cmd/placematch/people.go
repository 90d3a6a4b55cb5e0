package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"placematch/matching"
)

// The region's people: who may sign in to placematch serve, with which key
// and role.

func (c *cli) peopleAdd(ctx context.Context, args []string) error {
	fs := newFlags("people add")
	keyFile := fs.String("key", "", "the person's SSH public key file (OpenSSH .pub)")
	officer := fs.String("officer", "", "an officer of this council (its slug)")
	commissioner := fs.String("commissioner", "", "the commissioner of this framework")
	prov := fs.String("provider", "", "this provider (its id on the register)")
	fs.Bool("auditor", false, "an auditor: reads everything, changes nothing")
	fs.Bool("admin", false, "an admin: people, keys and the server's settings")
	pos, err := parse(fs, args, 1, "NAME")
	if err != nil {
		return err
	}
	p := matching.Person{Name: pos[0]}
	var roles []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "officer":
			p.Role, p.Scope = matching.RoleOfficer, *officer
		case "commissioner":
			p.Role, p.Scope = matching.RoleCommissioner, *commissioner
		case "provider":
			p.Role, p.Scope = matching.RoleProvider, *prov
		case "auditor":
			p.Role = matching.RoleAuditor
		case "admin":
			p.Role = matching.RoleAdmin
		default:
			return
		}
		roles = append(roles, "--"+f.Name)
	})
	if len(roles) != 1 {
		return usagef("people add needs exactly one role: --officer SLUG, --commissioner FRAMEWORK, --provider PID, --auditor or --admin")
	}
	if *keyFile == "" {
		return usagef("people add needs --key FILE: the person's SSH public key (their .pub file)")
	}
	text, err := os.ReadFile(*keyFile)
	if err != nil {
		return matching.Invalidf("--key: cannot read %s (%v): give the person's SSH public key file", *keyFile, err)
	}
	p, err = c.svc.AddPerson(ctx, c.g.user, p, text)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s may sign in as %s with the key %s\n", matching.Inert(p.Name), matching.Inert(p.RoleWords()), p.Fingerprint)
	return nil
}

func (c *cli) peopleList(ctx context.Context, args []string) error {
	fs := newFlags("people list")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	people, err := c.svc.People(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSONList(c.out(), people)
	}
	if len(people) == 0 {
		fmt.Fprintln(c.out(), "no one may sign in yet: add people with placematch people add NAME --key FILE --officer SLUG (or --commissioner, --provider, --auditor, --admin)")
		return nil
	}
	tw := newTable(c.out(), "NAME", "ROLE", "SCOPE", "KEY", "ADDED")
	for _, p := range people {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", matching.Inert(p.Name), p.Role, orDash(matching.Inert(p.Scope)), p.Fingerprint, matching.ShowTime(p.AddedAt))
	}
	return tw.Flush()
}

func (c *cli) peopleRemove(ctx context.Context, args []string) error {
	fs := newFlags("people remove")
	pos, err := parse(fs, args, 1, "NAME")
	if err != nil {
		return err
	}
	if err := c.svc.RemovePerson(ctx, c.g.user, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s may no longer sign in\n", matching.Inert(pos[0]))
	return nil
}
