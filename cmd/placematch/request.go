package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

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
	d, err := c.svc.Show(ctx, c.g.user, pos[0])
	if err != nil {
		return err
	}
	in := matching.InputOf(d.Request)
	fields := requestFields(&in)
	fs.Visit(func(f *flag.Flag) {
		for _, field := range fields {
			if field.flag == f.Name {
				*field.value = f.Value.String()
			}
		}
	})
	if _, err := c.svc.EditDraft(ctx, c.g.user, pos[0], in); err != nil {
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

func (c *cli) requestPreview(ctx context.Context, args []string) error {
	return c.broadcastLike(ctx, "request preview", args, c.svc.PreviewBroadcast)
}

func (c *cli) requestBroadcast(ctx context.Context, args []string) error {
	return c.broadcastLike(ctx, "request broadcast", args, func(ctx context.Context, id string) (service.BroadcastResult, error) {
		return c.svc.Broadcast(ctx, c.g.user, id)
	})
}

func (c *cli) broadcastLike(ctx context.Context, name string, args []string, do func(context.Context, string) (service.BroadcastResult, error)) error {
	fs := newFlags(name)
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	res, err := do(ctx, pos[0])
	if err != nil {
		return err
	}
	if name == "request broadcast" {
		defer c.deliver(ctx)
	}
	if *asJSON {
		return printJSON(c.out(), res)
	}
	verb := "Invited"
	if name == "request preview" {
		verb = "Would invite"
	}
	fmt.Fprintf(c.out(), "%s %s to %s:\n", verb, plural(len(res.Invited), "provider"), res.RequestID)
	for _, inv := range res.Invited {
		sig := []string{}
		if len(inv.MissingNeeds) > 0 {
			sig = append(sig, "does not list: "+strings.Join(inv.MissingNeeds, ", "))
		}
		if inv.Vacancies != nil {
			sig = append(sig, plural(*inv.Vacancies, "vacancy"))
		}
		if inv.Email == "" {
			sig = append(sig, "no email on the register: phone them")
		}
		fmt.Fprintf(c.out(), "  %-8s %-40s %s\n", matching.Inert(inv.ProviderID), matching.Inert(inv.ProviderName), strings.Join(sig, "; "))
	}
	fmt.Fprintf(c.out(), "Not invited: %d\n", len(res.NotInvited))
	for _, n := range res.NotInvited {
		fmt.Fprintf(c.out(), "  %-8s %-40s %s\n", matching.Inert(n.ProviderID), matching.Inert(n.ProviderName), reasonText(n.Reasons, res.Council))
	}
	return nil
}

// reasonText explains eligibility codes in words, keeping the code.
func reasonText(codes []string, council string) string {
	name := council
	if c, ok := matching.CouncilBySlug(council); ok {
		name = c.Name
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c + " (" + matching.NotInvitedWords(c, name) + ")"
	}
	return strings.Join(out, ", ")
}

// tells says whether an action queues messages to providers, to be sent
// once the action is done.
type tells bool

const (
	tellsNoOne     tells = false
	tellsProviders tells = true
)

// actOn runs a command on one request whose flags are bound to fs: it reads
// them and the ID, checks that the needed flags were given, acts, and prints
// what act says was done. Messages the action queued are sent after that, so
// that a failure to send them is reported after the result; it never fails
// the command, whose action is already recorded.
func (c *cli) actOn(ctx context.Context, fs *flag.FlagSet, args []string, need []string, t tells,
	act func(ctx context.Context, id string) (done string, err error)) error {
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, need...); err != nil {
		return err
	}
	done, err := act(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.out(), done)
	if t == tellsProviders {
		c.deliver(ctx)
	}
	return nil
}

// responseFlags binds the flags of an answer that the officer's request
// respond and the provider's share.
func responseFlags(fs *flag.FlagSet, in *matching.ResponseInput) {
	fs.StringVar(&in.Weekly, "weekly", "", "weekly price")
	fs.StringVar(&in.Hourly, "hourly", "", "hourly rate")
	fs.StringVar(&in.Decline, "decline", "", "decline reason")
	fs.StringVar(&in.CoverUntil, "cover-until", "", "cover until age")
	fs.StringVar(&in.Start, "start", "", "start date")
	fs.StringVar(&in.Note, "note", "", "note")
}

// answerGiven checks that the flags give an answer, a price or a decline,
// and marks a decline.
func answerGiven(fs *flag.FlagSet, in *matching.ResponseInput) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	in.Declined = set["decline"]
	if !set["weekly"] && !set["hourly"] && !set["decline"] {
		return usagef("request respond needs --weekly POUNDS or --decline REASON")
	}
	return nil
}

func (c *cli) requestRespond(ctx context.Context, args []string) error {
	fs := newFlags("request respond")
	var in matching.ResponseInput
	fs.StringVar(&in.ProviderID, "provider", "", "provider id")
	fs.StringVar(&in.Received, "received", "", "received time")
	responseFlags(fs, &in)
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := answerGiven(fs, &in); err != nil {
			return "", err
		}
		resp, err := c.svc.Respond(ctx, c.g.user, id, in)
		if err != nil {
			return "", err
		}
		what := "offer of " + resp.Weekly.String() + " a week"
		if resp.Declined {
			what = "decline"
		}
		return fmt.Sprintf("logged %s from %s on %s, received %s", what, matching.Inert(in.ProviderID), matching.Inert(id), matching.ShowTime(resp.Received)), nil
	})
}

func (c *cli) requestWithdraw(ctx context.Context, args []string) error {
	fs := newFlags("request withdraw")
	pid := fs.String("provider", "", "provider id")
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Withdraw(ctx, c.g.user, id, *pid); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s withdrew its offer on %s", matching.Inert(*pid), matching.Inert(id)), nil
	})
}

func (c *cli) requestExtend(ctx context.Context, args []string) error {
	fs := newFlags("request extend")
	dl := fs.String("deadline", "", "new deadline")
	return c.actOn(ctx, fs, args, []string{"deadline"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		t, err := matching.ParseTime(*dl)
		if err != nil {
			return "", err
		}
		if err := c.svc.Extend(ctx, c.g.user, id, t); err != nil {
			return "", err
		}
		return fmt.Sprintf("the deadline of %s is now %s", id, matching.ShowTime(t)), nil
	})
}

func (c *cli) requestCancel(ctx context.Context, args []string) error {
	fs := newFlags("request cancel")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Cancel(ctx, c.g.user, id, *reason); err != nil {
			return "", err
		}
		return matching.Inert(id) + " cancelled", nil
	})
}

func (c *cli) requestClose(ctx context.Context, args []string) error {
	fs := newFlags("request close")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Close(ctx, c.g.user, id, *reason); err != nil {
			return "", err
		}
		return matching.Inert(id) + " closed: the offers stay sealed until the first ranking opens them", nil
	})
}

func (c *cli) requestAward(ctx context.Context, args []string) error {
	fs := newFlags("request award")
	pid := fs.String("provider", "", "provider id")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Award(ctx, c.g.user, id, *pid, *reason); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s awarded to %s", matching.Inert(id), matching.Inert(*pid)), nil
	})
}

func (c *cli) requestNoAward(ctx context.Context, args []string) error {
	fs := newFlags("request no-award")
	reason := fs.String("reason", "", "reason")
	spot := fs.String("spot-purchase", "", "the spot purchase made instead, with its justification")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.NoAward(ctx, c.g.user, id, *reason, *spot); err != nil {
			return "", err
		}
		return id + " ended without award", nil
	})
}
