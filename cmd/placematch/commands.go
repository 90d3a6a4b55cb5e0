package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"placematch/matching"
	"placematch/service"
)

type cli struct {
	svc  *service.Service
	g    globals
	e    env
	path string
}

type handler func(ctx context.Context, args []string) error

func (c *cli) handlers() map[string]handler {
	return map[string]handler{
		"providers import":  c.providersImport,
		"providers list":    c.providersList,
		"request new":       c.requestNew,
		"request list":      c.requestList,
		"request edit":      c.requestEdit,
		"request show":      c.requestShow,
		"request preview":   c.requestPreview,
		"request broadcast": c.requestBroadcast,
		"request respond":   c.requestRespond,
		"request withdraw":  c.requestWithdraw,
		"request extend":    c.requestExtend,
		"request cancel":    c.requestCancel,
		"request close":     c.requestClose,
		"request rank":      c.requestRank,
		"request award":     c.requestAward,
		"request no-award":  c.requestNoAward,
		"audit list":        c.auditList,
		"audit verify":      c.auditVerify,
		"demo generate":     c.demoGenerate,
		"outbox list":       c.outboxList,
		"outbox send":       c.outboxSend,
	}
}

func (c *cli) out() io.Writer { return c.e.stdout }

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
	fmt.Fprintf(c.out(), "imported %s: %d added, %d updated, %d unchanged\n", plural(res.Rows, "row"), res.Added, res.Updated, res.Unchanged)
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
	tw := tabwriter.NewWriter(c.out(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLOT\tSTATUS\tQUALITY\tAGES\tOFSTED\tVACANCIES\tSERVES\tTOWN")
	for _, p := range rows {
		vac := "-"
		if p.Vacancies != nil {
			vac = strconv.Itoa(*p.Vacancies)
		}
		serves := strings.Join(p.Serves, ";")
		if len(serves) > 40 {
			serves = serves[:37] + "..."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d-%d\t%s\t%s\t%s\t%s\n", matching.Inert(p.ProviderID), matching.Inert(p.ProviderName),
			matching.Inert(p.Lot), matching.Inert(string(p.Status)), strconv.FormatFloat(p.Quality, 'f', -1, 64), p.MinAge, p.CoverUntil-1,
			orDash(p.OfstedURN), vac, matching.Inert(serves), matching.Inert(p.Town))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return matching.Inert(s)
}

// requestFlags binds the fields of a request to flags.
func requestFlags(fs *flag.FlagSet, in *matching.RequestInput) {
	fs.StringVar(&in.Council, "org", "", "council slug")
	fs.StringVar(&in.Lot, "lot", "", "lot code")
	fs.StringVar(&in.CaseRef, "case", "", "case reference")
	fs.StringVar(&in.Initials, "initials", "", "initials")
	fs.StringVar(&in.DOB, "dob", "", "date of birth")
	fs.StringVar(&in.Start, "start", "", "start date")
	fs.StringVar(&in.Deadline, "deadline", "", "deadline")
	fs.StringVar(&in.Urgency, "urgency", "", "urgency")
	fs.StringVar(&in.Hours, "hours", "", "hours a week")
	fs.StringVar(&in.Needs, "needs", "", "needs")
	fs.StringVar(&in.Risks, "risks", "", "risks")
	fs.StringVar(&in.Locality, "locality", "", "locality")
	fs.StringVar(&in.Summary, "summary", "", "summary")
	fs.StringVar(&in.Weights, "weights", "", "weights")
	fs.StringVar(&in.PriceCap, "price-cap", "", "price cap")
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
		fs.Visit(func(f *flag.Flag) {
			v := f.Value.String()
			switch f.Name {
			case "org":
				in.Council = v
			case "lot":
				in.Lot = v
			case "case":
				in.CaseRef = v
			case "initials":
				in.Initials = v
			case "dob":
				in.DOB = v
			case "start":
				in.Start = v
			case "deadline":
				in.Deadline = v
			case "urgency":
				in.Urgency = v
			case "hours":
				in.Hours = v
			case "needs":
				in.Needs = v
			case "risks":
				in.Risks = v
			case "locality":
				in.Locality = v
			case "summary":
				in.Summary = v
			case "weights":
				in.Weights = v
			case "price-cap":
				in.PriceCap = v
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
	tw := tabwriter.NewWriter(c.out(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOUNCIL\tLOT\tSTATUS\tURGENCY\tAGE\tDEADLINE\tANSWERED")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%d of %d\n", r.ID, matching.Inert(r.Council), r.Lot, r.Status, matching.Inert(string(r.Urgency)), r.Age,
			matching.ShowTime(r.Deadline), r.Answered, r.Invited)
	}
	return tw.Flush()
}

func (c *cli) requestShow(ctx context.Context, args []string) error {
	fs := newFlags("request show")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	d, err := c.svc.Show(ctx, c.g.user, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), showJSON(d))
	}
	return writeDetail(c.out(), d)
}

// requestJSON is the request as JSON, with its personal data: the request
// show command is for the commissioning side only.
type requestJSON struct {
	ID            string                `json:"request_id"`
	Status        string                `json:"status"`
	Council       string                `json:"council"`
	Framework     string                `json:"framework"`
	Lot           string                `json:"lot"`
	CaseRef       string                `json:"case_ref"`
	Initials      string                `json:"initials"`
	DOB           string                `json:"dob"`
	Age           int                   `json:"age"`
	Start         string                `json:"start"`
	Deadline      time.Time             `json:"deadline"`
	Urgency       string                `json:"urgency"`
	Hours         float64               `json:"hours"`
	Needs         []string              `json:"needs"`
	Risks         []string              `json:"risks"`
	Locality      string                `json:"locality"`
	Summary       string                `json:"summary"`
	Weights       matching.Weights      `json:"weights"`
	PriceCapPence matching.Pence        `json:"price_cap_pence"`
	CreatedBy     string                `json:"created_by"`
	CreatedAt     time.Time             `json:"created_at"`
	BroadcastAt   time.Time             `json:"broadcast_at,omitzero"`
	ClosedAt      time.Time             `json:"closed_at,omitzero"`
	CloseReason   string                `json:"close_reason,omitempty"`
	OpenedAt      time.Time             `json:"opened_at,omitzero"`
	EndedAt       time.Time             `json:"ended_at,omitzero"`
	EndReason     string                `json:"end_reason,omitempty"`
	AwardedTo     string                `json:"awarded_to,omitempty"`
	SpotPurchase  string                `json:"spot_purchase,omitempty"`
	Sealed        bool                  `json:"sealed"`
	Invited       []service.Answer      `json:"invited"`
	NotInvited    []matching.NotInvited `json:"not_invited"`
	Timeline      []matching.Event      `json:"timeline"`
	Ranking       *matching.Ranking     `json:"ranking,omitempty"`
}

func showJSON(d service.Detail) requestJSON {
	r := d.Request
	answers := d.Answers
	if answers == nil {
		answers = []service.Answer{}
	}
	return requestJSON{
		ID: r.ID, Status: r.Status.String(), Council: r.Council, Framework: r.Framework, Lot: r.Lot,
		CaseRef: r.CaseRef, Initials: r.Initials, DOB: matching.ShowDate(r.DOB), Age: r.Age(),
		Start: matching.ShowDate(r.Start), Deadline: r.Deadline, Urgency: string(r.Urgency), Hours: r.Hours,
		Needs: d.Profile.Needs, Risks: d.Profile.Risks, Locality: r.Locality, Summary: r.Summary,
		Weights: r.Weights, PriceCapPence: r.PriceCap, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		BroadcastAt: r.BroadcastAt, ClosedAt: r.ClosedAt, CloseReason: r.CloseReason, OpenedAt: r.OpenedAt,
		EndedAt: r.EndedAt, EndReason: r.EndReason, AwardedTo: r.AwardedTo, SpotPurchase: r.SpotPurchase,
		Sealed: d.Sealed, Invited: answers, NotInvited: d.NotInvited, Timeline: d.Timeline, Ranking: d.Ranking,
	}
}

func writeDetail(w io.Writer, d service.Detail) error {
	r := d.Request
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("%s  %s  %s/%s  %s\n", r.ID, strings.ToUpper(r.Status.String()), r.Framework, r.Lot, r.Council)
	p("case %s, initials %s, born %s (not shown to providers)\n", matching.Inert(r.CaseRef), r.Initials, matching.ShowDate(r.DOB))
	p("\nAs providers see it:\n")
	pr := d.Profile
	p("  age %d, %s, start %s, deadline %s\n", pr.Age, matching.Inert(string(pr.Urgency)), pr.Start, matching.ShowTime(pr.Deadline))
	if pr.Hours > 0 {
		p("  hours a week: %s\n", strconv.FormatFloat(pr.Hours, 'f', -1, 64))
	}
	p("  needs: %s\n", orNone(pr.Needs))
	p("  risks: %s\n", orNone(pr.Risks))
	if pr.Locality != "" {
		p("  locality: %s\n", matching.Inert(pr.Locality))
	}
	if pr.Summary != "" {
		p("  summary: %s\n", matching.Inert(pr.Summary))
	}
	p("  weights %s (quality/price/age cover), %s\n", pr.Weights, matching.CapWords(pr.PriceCap))
	if r.Status == matching.StatusDraft {
		p("\nDraft: not yet sent. Preview with: placematch request preview %s\n", r.ID)
	} else {
		p("\nInvited (%d of %d answered):\n", d.AnsweredCount(), len(d.Answers))
		for _, a := range d.Answers {
			state := "no answer yet"
			if a.Answered {
				state = "answered " + matching.ShowTime(a.Received)
				if a.Late {
					state += " (late)"
				}
			}
			if a.Response != nil {
				switch rp := a.Response; {
				case rp.Declined:
					state += ": declined, " + matching.Inert(rp.DeclineReason)
				case rp.Withdrawn():
					state += ": " + rp.Weekly.String() + " a week, withdrawn"
				default:
					state += ": " + rp.Weekly.String() + " a week"
				}
			}
			p("  %-8s %-40s %s\n", matching.Inert(a.ProviderID), matching.Inert(a.ProviderName), state)
		}
		if d.Sealed && len(d.Answers) > 0 {
			p("  (offers are sealed until they are opened after the deadline)\n")
		}
		if len(d.NotInvited) > 0 {
			p("\nNot invited (%d):\n", len(d.NotInvited))
			for _, n := range d.NotInvited {
				p("  %-8s %-40s %s\n", matching.Inert(n.ProviderID), matching.Inert(n.ProviderName), reasonText(n.Reasons, r.Council))
			}
		}
	}
	switch r.Status {
	case matching.StatusAwarded:
		p("\nAwarded to %s", matching.Inert(r.AwardedTo))
		if r.EndReason != "" {
			p(": %s", matching.Inert(r.EndReason))
		}
		p("\n")
	case matching.StatusNoAward:
		p("\nNo award: %s\n", matching.Inert(r.EndReason))
		if r.SpotPurchase != "" {
			p("Spot purchase: %s\n", matching.Inert(r.SpotPurchase))
		}
	case matching.StatusCancelled:
		p("\nCancelled: %s\n", matching.Inert(r.EndReason))
	}
	p("\nTimeline:\n")
	for _, e := range d.Timeline {
		p("  %s  %-14s %s\n", matching.ShowTime(e.At), matching.Inert(e.Actor), matching.Inert(d.TimelineEvent(e)))
	}
	return nil
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none given"
	}
	return matching.Inert(strings.Join(xs, ", "))
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

func (c *cli) requestRespond(ctx context.Context, args []string) error {
	fs := newFlags("request respond")
	var in matching.ResponseInput
	fs.StringVar(&in.ProviderID, "provider", "", "provider id")
	fs.StringVar(&in.Weekly, "weekly", "", "weekly price")
	fs.StringVar(&in.Hourly, "hourly", "", "hourly rate")
	fs.StringVar(&in.Decline, "decline", "", "decline reason")
	fs.StringVar(&in.CoverUntil, "cover-until", "", "cover until age")
	fs.StringVar(&in.Start, "start", "", "start date")
	fs.StringVar(&in.Received, "received", "", "received time")
	fs.StringVar(&in.Note, "note", "", "note")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "provider"); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["decline"] {
		in.Declined = true
	}
	if !set["weekly"] && !set["hourly"] && !set["decline"] {
		return usagef("request respond needs --weekly POUNDS or --decline REASON")
	}
	resp, err := c.svc.Respond(ctx, c.g.user, pos[0], in)
	if err != nil {
		return err
	}
	what := "offer of " + resp.Weekly.String() + " a week"
	if resp.Declined {
		what = "decline"
	}
	fmt.Fprintf(c.out(), "logged %s from %s on %s, received %s\n", what, matching.Inert(in.ProviderID), matching.Inert(pos[0]), matching.ShowTime(resp.Received))
	return nil
}

func (c *cli) requestWithdraw(ctx context.Context, args []string) error {
	fs := newFlags("request withdraw")
	pid := fs.String("provider", "", "provider id")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "provider"); err != nil {
		return err
	}
	if err := c.svc.Withdraw(ctx, c.g.user, pos[0], *pid); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s withdrew its offer on %s\n", matching.Inert(*pid), matching.Inert(pos[0]))
	return nil
}

func (c *cli) requestExtend(ctx context.Context, args []string) error {
	fs := newFlags("request extend")
	dl := fs.String("deadline", "", "new deadline")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "deadline"); err != nil {
		return err
	}
	t, err := matching.ParseTime(*dl)
	if err != nil {
		return err
	}
	if err := c.svc.Extend(ctx, c.g.user, pos[0], t); err != nil {
		return err
	}
	defer c.deliver(ctx) // the providers are told
	fmt.Fprintf(c.out(), "the deadline of %s is now %s\n", pos[0], matching.ShowTime(t))
	return nil
}

func (c *cli) reasonCommand(name string, do func(ctx context.Context, id, reason string) error, done string) handler {
	return func(ctx context.Context, args []string) error {
		fs := newFlags(name)
		reason := fs.String("reason", "", "reason")
		pos, err := parse(fs, args, 1, "ID")
		if err != nil {
			return err
		}
		if err := required(fs, "reason"); err != nil {
			return err
		}
		if err := do(ctx, pos[0], *reason); err != nil {
			return err
		}
		fmt.Fprintf(c.out(), "%s %s\n", matching.Inert(pos[0]), done)
		return nil
	}
}

func (c *cli) requestCancel(ctx context.Context, args []string) error {
	return c.reasonCommand("request cancel", func(ctx context.Context, id, reason string) error {
		if err := c.svc.Cancel(ctx, c.g.user, id, reason); err != nil {
			return err
		}
		c.deliver(ctx)
		return nil
	}, "cancelled")(ctx, args)
}

func (c *cli) requestClose(ctx context.Context, args []string) error {
	return c.reasonCommand("request close", func(ctx context.Context, id, reason string) error {
		return c.svc.Close(ctx, c.g.user, id, reason)
	}, "closed: the offers stay sealed until the first ranking opens them")(ctx, args)
}

// rankJSON is request rank --json, the shape the README's Commands section shows.
type rankJSON struct {
	RequestID  string                 `json:"request_id"`
	Status     string                 `json:"status"`
	Age        int                    `json:"age"`
	Weights    matching.Weights       `json:"weights"`
	Ranked     []matching.Scored      `json:"ranked"`
	Excluded   []matching.Excluded    `json:"excluded"`
	NoResponse []matching.ProviderRef `json:"no_response"`
	AwardedTo  string                 `json:"awarded_to,omitempty"`
}

func (c *cli) requestRank(ctx context.Context, args []string) error {
	fs := newFlags("request rank")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	res, err := c.svc.Rank(ctx, c.g.user, pos[0])
	if err != nil {
		return err
	}
	rk := res.Ranking
	if *asJSON {
		return printJSON(c.out(), rankJSON{RequestID: res.Request.ID, Status: res.Request.Status.String(), Age: rk.Age,
			Weights: rk.Weights, Ranked: rk.Ranked, Excluded: rk.Excluded, NoResponse: rk.NoResponse, AwardedTo: res.Request.AwardedTo})
	}
	w := c.out()
	if res.JustOpened {
		fmt.Fprintf(w, "Offers of %s opened now; the set is frozen.\n", res.Request.ID)
	}
	fmt.Fprintf(w, "%s (%s), age %d, weights %s: %s\n", res.Request.ID, matching.StatusWords(res.Request.Status), rk.Age,
		rk.Weights, matching.Formula(rk.Weights))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tPROVIDER\tWEEKLY\tCOVER\tQUALITY Q\tPRICE P\tAGE COVER A\tTOTAL")
	for _, s := range rk.Ranked {
		fmt.Fprintf(tw, "%d\t%s %s\t%s\t%d\t%s\t%s\t%s\t%s\n", s.Rank, matching.Inert(s.ProviderID), matching.Inert(s.ProviderName), s.WeeklyPence,
			s.CoverUntil, matching.Format2(s.Quality), matching.Format2(s.PriceScore), matching.Format2(s.AgeCoverScore), s.Rounded)
	}
	tw.Flush()
	if len(rk.Ranked) == 0 {
		fmt.Fprintln(w, "No compliant offer: end it with request no-award --reason ... (and record any spot purchase).")
	}
	if len(rk.Excluded) > 0 {
		fmt.Fprintln(w, "Not ranked:")
		for _, ex := range rk.Excluded {
			detail := ""
			if ex.Detail != "" {
				detail = " (" + matching.Inert(ex.Detail) + ")"
			}
			why := ex.Reason
			if words := matching.ExclusionWords(ex.Reason); words != why {
				why += ", " + words
			}
			fmt.Fprintf(w, "  %s %s: %s%s\n", matching.Inert(ex.ProviderID), matching.Inert(ex.ProviderName), why, detail)
		}
	}
	if len(rk.NoResponse) > 0 {
		fmt.Fprintln(w, "No response:")
		for _, nr := range rk.NoResponse {
			fmt.Fprintf(w, "  %s %s\n", matching.Inert(nr.ProviderID), matching.Inert(nr.ProviderName))
		}
	}
	if res.Request.AwardedTo != "" {
		fmt.Fprintf(w, "Awarded to %s.\n", matching.Inert(res.Request.AwardedTo))
	}
	return nil
}

func (c *cli) requestAward(ctx context.Context, args []string) error {
	fs := newFlags("request award")
	pid := fs.String("provider", "", "provider id")
	reason := fs.String("reason", "", "reason")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "provider"); err != nil {
		return err
	}
	if err := c.svc.Award(ctx, c.g.user, pos[0], *pid, *reason); err != nil {
		return err
	}
	defer c.deliver(ctx)
	fmt.Fprintf(c.out(), "%s awarded to %s\n", matching.Inert(pos[0]), matching.Inert(*pid))
	return nil
}

func (c *cli) requestNoAward(ctx context.Context, args []string) error {
	fs := newFlags("request no-award")
	reason := fs.String("reason", "", "reason")
	spot := fs.String("spot-purchase", "", "the spot purchase made instead, with its justification")
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, "reason"); err != nil {
		return err
	}
	if err := c.svc.NoAward(ctx, c.g.user, pos[0], *reason, *spot); err != nil {
		return err
	}
	defer c.deliver(ctx)
	fmt.Fprintf(c.out(), "%s ended without award\n", pos[0])
	return nil
}

func (c *cli) auditList(ctx context.Context, args []string) error {
	fs := newFlags("audit list")
	req := fs.String("request", "", "request id")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	// A region's trail runs to hundreds of thousands of events: each is
	// written as it is read, never held.
	if *asJSON {
		l := newJSONList(c.out())
		if err := c.svc.AuditEach(ctx, *req, func(e matching.Event) error { return l.add(e) }); err != nil {
			return err
		}
		return l.close()
	}
	return c.svc.AuditEach(ctx, *req, func(e matching.Event) error {
		fmt.Fprintf(c.out(), "%6d  %s  %-12s %-12s %s", e.Seq, matching.ShowTime(e.At), matching.Inert(e.Actor), matching.Inert(e.RequestID), matching.Inert(e.Action))
		if e.Detail != "" {
			fmt.Fprintf(c.out(), ": %s", matching.Inert(e.Detail))
		}
		_, err := fmt.Fprintln(c.out())
		return err
	})
}

func (c *cli) auditVerify(ctx context.Context, args []string) error {
	fs := newFlags("audit verify")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	res, err := c.svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(c.out(), res); err != nil {
			return err
		}
		if res.Break != nil {
			return exitError{1}
		}
		return nil
	}
	if res.Break != nil {
		fmt.Fprintf(c.e.stderr, "placematch: the audit trail is broken: %s. Restore the store from a backup and report it.\n", res.Break.Error())
		return exitError{1}
	}
	fmt.Fprintf(c.out(), "audit trail verified: %d events, hash chain intact\n", res.Events)
	return nil
}

// plural counts a noun in English: 1 row, 2 rows, 1 vacancy, 3 vacancies.
func plural(n int, noun string) string {
	many := noun + "s"
	if strings.HasSuffix(noun, "y") {
		many = strings.TrimSuffix(noun, "y") + "ies"
	}
	return matching.Plural(n, noun, many)
}
