package main

import (
	"context"
	"flag"
	"fmt"

	"placematch/matching"
	"placematch/service"
)

// requestField is a field of a request that request new and request edit
// take as a flag.
type requestField struct {
	flag, usage string
	value       *string
}

// requestFields are the fields of in as flags.
func requestFields(in *matching.RequestInput) []requestField {
	return []requestField{
		{"org", "council slug", &in.Council},
		{"lot", "lot code", &in.Lot},
		{"case", "case reference", &in.CaseRef},
		{"initials", "initials", &in.Initials},
		{"dob", "date of birth", &in.DOB},
		{"start", "start date", &in.Start},
		{"deadline", "deadline", &in.Deadline},
		{"urgency", "urgency", &in.Urgency},
		{"hours", "hours a week", &in.Hours},
		{"needs", "needs", &in.Needs},
		{"risks", "risks", &in.Risks},
		{"locality", "locality", &in.Locality},
		{"summary", "summary", &in.Summary},
		{"weights", "weights", &in.Weights},
		{"price-cap", "price cap", &in.PriceCap},
	}
}

// requestFlags binds the fields of a request to flags.
func requestFlags(fs *flag.FlagSet, in *matching.RequestInput) {
	for _, f := range requestFields(in) {
		fs.StringVar(f.value, f.flag, "", f.usage)
	}
}

func (c *cli) requestNew(ctx context.Context, args []string) error {
	fs := newFlags("request new")
	var in matching.RequestInput
	requestFlags(fs, &in)
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "org", "lot", "case", "initials", "dob", "start", "deadline"); err != nil {
		return err
	}
	r, err := c.svc.NewRequest(ctx, c.g.user, in)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), map[string]string{"request_id": r.ID, "status": r.Status.String()})
	}
	fmt.Fprintln(c.out(), r.ID)
	return nil
}

// requestEdit changes a draft: flags given replace those fields, the rest
// stay as they are, and the whole is checked again.
func (c *cli) requestEdit(ctx context.Context, args []string) error {
	fs := newFlags("request edit")
	var given matching.RequestInput
	requestFlags(fs, &given)
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	// The draft is read, changed and checked in one transaction, so that
	// two edits at once cannot lose one.
	edit := func(in *matching.RequestInput) {
		fields := requestFields(in)
		fs.Visit(func(f *flag.Flag) {
			for _, field := range fields {
				if field.flag == f.Name {
					*field.value = f.Value.String()
				}
			}
		})
	}
	if _, err := c.svc.EditDraft(ctx, c.g.user, pos[0], edit); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s updated\n", pos[0])
	return nil
}

func (c *cli) requestList(ctx context.Context, args []string) error {
	fs := newFlags("request list")
	var f service.RequestFilter
	fs.StringVar(&f.Council, "org", "", "council slug")
	status := fs.String("status", "", "status")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if *status != "" {
		s, err := matching.ParseStatus(*status)
		if err != nil {
			return err
		}
		f.Statuses = []matching.Status{s}
	}
	if _, err := c.svc.CloseDue(ctx); err != nil {
		return err
	}
	rows, err := c.svc.Requests(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			service.RequestSummary
			Status string `json:"status"`
		}
		out := make([]row, len(rows))
		for i, r := range rows {
			out[i] = row{r, r.Status.String()}
		}
		return printJSONList(c.out(), out)
	}
	tw := newTable(c.out(), "ID", "COUNCIL", "LOT", "STATUS", "URGENCY", "AGE", "DEADLINE", "ANSWERED")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%d of %d\n", r.ID, matching.Inert(r.Council), r.Lot, r.Status, matching.Inert(string(r.Urgency)), r.Age,
			matching.ShowTime(r.Deadline), r.Answered, r.Invited)
	}
	return tw.Flush()
}
