package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The register's life: providers apply, applications, assess, admit,
// refuse, suspend, reinstate, remove and leave.

func (c *cli) providersApply(ctx context.Context, args []string) error {
	fs := newFlags("providers apply")
	var in matching.ApplyInput
	fs.StringVar(&in.ProviderID, "provider", "", "provider id (new, or on the register for another lot)")
	fs.StringVar(&in.Name, "name", "", "provider name")
	fs.StringVar(&in.Kind, "kind", "", "company, charity, sole-trader or health")
	fs.StringVar(&in.Lot, "lot", "", "lot code")
	fs.StringVar(&in.Serves, "serves", "", "* or council slugs joined by ; (default *)")
	fs.StringVar(&in.MinAge, "min-age", "", "youngest age served (default the lot's)")
	fs.StringVar(&in.CoverUntil, "cover-until", "", "age support ends (default the lot's)")
	fs.StringVar(&in.OfstedURN, "ofsted-urn", "", "Ofsted supported-accommodation URN")
	fs.StringVar(&in.Capabilities, "capabilities", "", "needs and risks it can meet, joined by ;")
	fs.StringVar(&in.Email, "email", "", "email for invitations")
	fs.StringVar(&in.Phone, "phone", "", "phone")
	fs.StringVar(&in.Town, "town", "", "town")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "provider", "name", "kind", "lot"); err != nil {
		return err
	}
	p, err := c.svc.Apply(ctx, c.g.user, in)
	if err != nil {
		return err
	}
	a := matching.ApplicationOf(p, p.AppliedOn)
	if *asJSON {
		return printJSON(c.out(), applicationJSON(a))
	}
	fmt.Fprintf(c.out(), "%s applied for %s on %s; the decision is due by %s\n", matching.Inert(p.ProviderID), p.Lot,
		matching.ShowDate(p.AppliedOn), matching.ShowDate(a.DecisionDue))
	return nil
}

type applicationOut struct {
	matching.Application
	AppliedOn   string `json:"applied_on"`
	DecisionDue string `json:"decision_due"`
}

func applicationJSON(a matching.Application) applicationOut {
	return applicationOut{a, matching.ShowDate(a.AppliedOn), matching.ShowDate(a.DecisionDue)}
}

func (c *cli) providersApplications(ctx context.Context, args []string) error {
	fs := newFlags("providers applications")
	framework := fs.String("framework", "", "framework code")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	apps, err := c.svc.Applications(ctx, *framework)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]applicationOut, len(apps))
		for i, a := range apps {
			out[i] = applicationJSON(a)
		}
		return printJSONList(c.out(), out)
	}
	if len(apps) == 0 {
		fmt.Fprintln(c.out(), "no applications are waiting for a decision")
		return nil
	}
	tw := newTable(c.out(), "ID", "NAME", "LOT", "APPLIED", "DECISION DUE", "QUALITY")
	for _, a := range apps {
		q := "not assessed"
		if a.Assessed {
			q = matching.QualityWords(a.Quality)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s/%s\t%s\t%s\t%s\n", matching.Inert(a.ProviderID), matching.Inert(a.ProviderName), a.Framework, a.Lot,
			matching.ShowDate(a.AppliedOn), matching.ApplicationDueWords(a), q)
	}
	return tw.Flush()
}

// lotFlags parses the PID and --lot of a register command, with its other
// flags, and checks the flags that are required.
func lotFlags(name string, args []string, set func(*flag.FlagSet), req ...string) (string, string, error) {
	fs := newFlags(name)
	lot := fs.String("lot", "", "lot code")
	if set != nil {
		set(fs)
	}
	pos, err := parse(fs, args, 1, "PID")
	if err != nil {
		return "", "", err
	}
	if err := required(fs, append([]string{"lot"}, req...)...); err != nil {
		return "", "", err
	}
	return pos[0], *lot, nil
}

func (c *cli) providersAssess(ctx context.Context, args []string) error {
	var quality, note *string
	pid, lot, err := lotFlags("providers assess", args, func(fs *flag.FlagSet) {
		quality = fs.String("quality", "", "quality score 0-100")
		note = fs.String("note", "", "the assessor's note (the provider reads it)")
	}, "quality")
	if err != nil {
		return err
	}
	p, err := c.svc.Assess(ctx, c.g.user, pid, lot, *quality, *note)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s on %s: quality %s from %s\n", matching.Inert(p.ProviderID), p.Lot, matching.QualityWords(p.Quality), matching.ShowDate(p.AssessedOn))
	return nil
}

func (c *cli) providersAdmit(ctx context.Context, args []string) error {
	var asJSON *bool
	pid, lot, err := lotFlags("providers admit", args, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "JSON output") })
	if err != nil {
		return err
	}
	p, err := c.svc.Admit(ctx, c.g.user, pid, lot)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), map[string]string{"admitted_on": matching.ShowDate(p.AdmittedOn)})
	}
	fmt.Fprintf(c.out(), "%s is admitted on %s from %s, the framework's next admission date\n", matching.Inert(p.ProviderID), p.Lot,
		matching.ShowDate(p.AdmittedOn))
	return nil
}

func (c *cli) providersRefuse(ctx context.Context, args []string) error {
	return c.lotChange(ctx, "providers refuse", args, true, func(pid, lot, reason string) (matching.ProviderLot, error) {
		return c.svc.Refuse(ctx, c.g.user, pid, lot, reason)
	})
}

func (c *cli) providersRemove(ctx context.Context, args []string) error {
	return c.lotChange(ctx, "providers remove", args, true, func(pid, lot, reason string) (matching.ProviderLot, error) {
		return c.svc.Remove(ctx, c.g.user, pid, lot, reason)
	})
}

func (c *cli) providersLeave(ctx context.Context, args []string) error {
	return c.lotChange(ctx, "providers leave", args, true, func(pid, lot, reason string) (matching.ProviderLot, error) {
		return c.svc.Leave(ctx, c.g.user, pid, lot, reason)
	})
}

func (c *cli) providersReinstate(ctx context.Context, args []string) error {
	return c.lotChange(ctx, "providers reinstate", args, false, func(pid, lot, _ string) (matching.ProviderLot, error) {
		return c.svc.Reinstate(ctx, c.g.user, pid, lot)
	})
}

func (c *cli) providersSuspend(ctx context.Context, args []string) error {
	var reason, until *string
	pid, lot, err := lotFlags("providers suspend", args, func(fs *flag.FlagSet) {
		reason = fs.String("reason", "", "why (the provider reads it)")
		until = fs.String("until", "", "the date it ends by itself, YYYY-MM-DD (none: until reinstated)")
	}, "reason")
	if err != nil {
		return err
	}
	var end time.Time
	if strings.TrimSpace(*until) != "" {
		if end, err = matching.ParseDate(*until); err != nil {
			return err
		}
	}
	p, err := c.svc.Suspend(ctx, c.g.user, pid, lot, *reason, end)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s on %s: %s\n", matching.Inert(p.ProviderID), p.Lot, matching.Inert(matching.LotStatusWords(p)))
	return nil
}

// lotChange runs a change that takes a PID, --lot and (when withReason)
// a required --reason, and says where the row now stands.
func (c *cli) lotChange(ctx context.Context, name string, args []string, withReason bool, do func(pid, lot, reason string) (matching.ProviderLot, error)) error {
	var reason *string
	var req []string
	if withReason {
		req = []string{"reason"}
	}
	pid, lot, err := lotFlags(name, args, func(fs *flag.FlagSet) {
		if withReason {
			reason = fs.String("reason", "", "why (the provider reads it)")
		}
	}, req...)
	if err != nil {
		return err
	}
	r := ""
	if reason != nil {
		r = *reason
	}
	p, err := do(pid, lot, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s on %s: %s\n", matching.Inert(p.ProviderID), p.Lot, matching.Inert(matching.LotStatusWords(p)))
	return nil
}

// lotOut is a provider's row as providers show --json gives it: with its
// dates and where it stands in the register's life.
type lotOut struct {
	matching.ProviderLot
	AdmittedOn     string `json:"admitted_on,omitempty"`
	AppliedOn      string `json:"applied_on,omitempty"`
	DecisionDue    string `json:"decision_due,omitempty"`
	AssessedOn     string `json:"assessed_on,omitempty"`
	QualityNote    string `json:"quality_note,omitempty"`
	DecidedOn      string `json:"decided_on,omitempty"`
	Reason         string `json:"reason,omitempty"`
	SuspendedUntil string `json:"suspended_until,omitempty"`
}

func lotJSON(p matching.ProviderLot) lotOut {
	o := lotOut{ProviderLot: p, AdmittedOn: matching.ShowDate(p.AdmittedOn), AppliedOn: matching.ShowDate(p.AppliedOn),
		AssessedOn: matching.ShowDate(p.AssessedOn), QualityNote: p.QualityNote, DecidedOn: matching.ShowDate(p.DecidedOn),
		Reason: p.StatusReason, SuspendedUntil: matching.ShowDate(p.SuspendedUntil)}
	if p.Status == matching.ProviderApplied && !p.AppliedOn.IsZero() {
		o.DecisionDue = matching.ShowDate(matching.DecisionDue(p.AppliedOn))
	}
	return o
}

// historyOut is providers show --json: the history with each lot's dates.
type historyOut struct {
	service.ProviderHistory
	Lots []lotOut `json:"lots"`
}

func historyJSON(h service.ProviderHistory) historyOut {
	o := historyOut{ProviderHistory: h, Lots: make([]lotOut, len(h.Lots))}
	for i, p := range h.Lots {
		o.Lots[i] = lotJSON(p)
	}
	return o
}
