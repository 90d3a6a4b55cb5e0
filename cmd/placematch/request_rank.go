package main

import (
	"context"
	"fmt"

	"placematch/matching"
)

// rankJSON is the shape CLI.md gives for request rank --json.
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
	tw := newTable(w, "RANK", "PROVIDER", "WEEKLY", "COVER", "QUALITY Q", "PRICE P", "AGE COVER A", "TOTAL")
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
