package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"placematch/matching"
	"placematch/service"
)

func (c *cli) providersImport(ctx context.Context, args []string) error {
	fs := newFlags("providers import")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "FILE (or - for standard input)")
	if err != nil {
		return err
	}
	var r io.Reader = c.e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("cannot read the register %s: %s", pos[0], strings.TrimPrefix(err.Error(), "open "+pos[0]+": "))
		}
		defer f.Close()
		r = f
	}
	res, err := c.svc.ImportProviders(ctx, c.g.user, r)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), res)
	}
	fmt.Fprintf(c.out(), "imported %s: %s added, %s updated, %s unchanged\n", plural(res.Rows, "row"), matching.Thousands(res.Added), matching.Thousands(res.Updated), matching.Thousands(res.Unchanged))
	return nil
}

func (c *cli) providersList(ctx context.Context, args []string) error {
	fs := newFlags("providers list")
	var f service.ProviderFilter
	fs.StringVar(&f.Lot, "lot", "", "lot code")
	fs.StringVar(&f.Status, "status", "", "register status")
	fs.StringVar(&f.Council, "council", "", "council slug served")
	fs.StringVar(&f.Capability, "capability", "", "capability")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if f.Lot != "" {
		if _, _, ok := matching.FindLot(f.Lot); !ok {
			return matching.Invalidf("lot %q is not known: use one of %s", f.Lot, strings.Join(matching.LotCodes(), ", "))
		}
	}
	rows, err := c.svc.Providers(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			matching.ProviderLot
			AdmittedOn string `json:"admitted_on"`
		}
		out := make([]row, len(rows))
		for i, p := range rows {
			out[i] = row{p, matching.ShowDate(p.AdmittedOn)}
		}
		return printJSONList(c.out(), out)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.out(), "no providers match: import a register with placematch providers import FILE")
		return nil
	}
	tw := newTable(c.out(), "ID", "NAME", "LOT", "STATUS", "QUALITY", "AGES", "OFSTED", "VACANCIES", "SERVES", "TOWN")
	for _, p := range rows {
		vac := "-"
		if p.Vacancies != nil {
			vac = strconv.Itoa(*p.Vacancies)
		}
		serves := strings.Join(p.Serves, ";")
		if r := []rune(serves); len(r) > 40 {
			serves = string(r[:37]) + "..." // by characters: a name is never cut inside one
		}
		ages := strconv.Itoa(p.MinAge)
		if p.CoverUntil-1 > p.MinAge {
			ages += "-" + strconv.Itoa(p.CoverUntil-1)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", matching.Inert(p.ProviderID), matching.Inert(p.ProviderName),
			matching.Inert(p.Lot), matching.Inert(string(p.Status)), matching.QualityWords(p.Quality), ages,
			orDash(p.OfstedURN), vac, matching.Inert(serves), matching.Inert(p.Town))
	}
	return tw.Flush()
}
