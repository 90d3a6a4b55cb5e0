package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

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
	Notes         []service.Note        `json:"notes"` // for the record only
}

func showJSON(d service.Detail) requestJSON {
	r := d.Request
	answers := d.Answers
	if answers == nil {
		answers = []service.Answer{}
	}
	notes := d.Notes
	if notes == nil {
		notes = []service.Note{}
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
		Notes: notes,
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
	if missing := r.Missing(); r.Status == matching.StatusDraft && len(missing) > 0 {
		p("\nDraft, unfinished: it still needs the %s before it can be broadcast: placematch request edit %s\n", matching.JoinWords(missing, "and"), r.ID)
	} else if r.Status == matching.StatusDraft {
		p("\nDraft: not yet sent. Preview with: placematch request preview %s\n", r.ID)
	} else {
		p("\nInvited (%d of %d answered):\n", d.AnsweredCount(), len(d.Answers))
		for _, a := range d.AnswersToRead() {
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
			p("  %-8s %s\n", "", matching.Inert(matching.ProviderContactWords(a.Email, a.Phone)))
		}
		if d.Sealed && len(d.Answers) > 0 {
			p("  (offers are sealed until they are opened after the deadline)\n")
		}
		if d.AllAnswered() {
			p("\n%s: placematch request close %s --reason TEXT closes it now;\n%s.\n", upperFirst(matching.AllAnsweredWords(len(d.Answers))),
				matching.Inert(r.ID), matching.StaysOpenWords(r.Deadline))
		}
		if c := d.ClosedWords(); c != "" {
			p("\n%s.\n", matching.Inert(upperFirst(c)))
		}
		if len(d.NotInvited) > 0 {
			p("\nNot invited (%d):\n", len(d.NotInvited))
			for _, n := range d.NotInvited {
				p("  %-8s %-40s %s\n", matching.Inert(n.ProviderID), matching.Inert(n.ProviderName), reasonText(n, r.Council))
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
	if len(d.Notes) > 0 {
		p("\nNotes for the record (never shown to providers):\n")
		for _, n := range d.Notes {
			p("  %s  %-14s %s\n", matching.ShowTime(n.At), matching.Inert(n.Actor), matching.Inert(n.Text))
		}
	}
	p("\nTimeline:\n")
	for _, e := range d.Timeline {
		p("  %s  %-14s %s\n", matching.ShowTime(e.At), matching.Inert(e.Actor), matching.Inert(d.TimelineEvent(e)))
	}
	return nil
}

// upperFirst starts a sentence with a capital letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none given"
	}
	return matching.Inert(strings.Join(xs, ", "))
}
