package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// AwardReport is the ranking and decision of a request whose offers are
// opened, in Markdown, for the case file (the regulation 84 record): the
// criteria, the formula, each ranked offer with its scores, each answer not
// ranked and why, who never answered, the decision with its reason, and
// who did what and when, from the trail. It is the council's record: it
// names the case reference (never initials or date of birth), so it is not
// for providers. A sealed request has no report: its offers are not opened.
func (s *Service) AwardReport(ctx context.Context, actor, id string) (string, error) {
	if err := s.allowRequest(ctx, OpRequestReport, id); err != nil {
		return "", err
	}
	d, err := s.Show(ctx, actor, id)
	if err != nil {
		return "", err
	}
	if d.Sealed || d.Ranking == nil {
		switch d.Request.Status {
		case matching.StatusDraft:
			return "", matching.Sealedf("%s is a draft, not yet sent to providers, so there is nothing to report: broadcast it first (request broadcast %s)", id, id)
		case matching.StatusOpen:
			return "", matching.Sealedf("%s is open until %s and its offers are sealed until then, so there is no ranking or decision to report yet: wait for the deadline, or close it early (request close %s --reason TEXT), then open the ranking (request rank %s)",
				id, matching.ShowTime(d.Request.Deadline), id, id)
		case matching.StatusCancelled:
			return "", matching.Sealedf("%s was cancelled before its offers were opened, so there is no ranking or decision to report: request show %s gives its timeline", id, id)
		}
		return "", matching.Sealedf("the offers of %s are not opened yet, so there is no ranking or decision to report: open the ranking first (request rank %s)", id, id)
	}
	return reportText(d, s.now()), nil
}

// cell is a value as one cell of a Markdown table: inert, with no pipe to
// break the row.
func cell(s string) string { return strings.ReplaceAll(matching.Inert(s), "|", "\\|") }

// reportTitle names a report by what it reports: an award, an end
// without award, or a ranking still waiting for its decision.
func reportTitle(st matching.Status) string {
	switch st {
	case matching.StatusAwarded:
		return "Award report"
	case matching.StatusNoAward:
		return "Decision report: no award"
	}
	return "Ranking report, no decision yet"
}

func reportText(d Detail, now time.Time) string {
	r, rk := d.Request, *d.Ranking
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	broadcast, opened := firstEvent(d.Timeline, matching.ActionBroadcast), firstEvent(d.Timeline, matching.ActionOffersOpened)
	w("# %s: %s", reportTitle(r.Status), matching.Inert(r.ID))
	w("")
	w("%s · %s / %s · %s", councilName(r.Council), r.Framework, lotName(r.Lot), matching.StatusWords(r.Status))
	w("")
	w("For the council's case file: it names the case reference, so it is never sent to providers.")
	w("")
	w("## The request")
	w("")
	w("- Contracting authority: %s", councilName(r.Council))
	w("- Framework: %s; lot: %s (%s)", frameworkName(r.Framework), lotName(r.Lot), r.Lot)
	w("- Subject: %s", subjectWords(r, rk.Age))
	w("- Case reference: %s", matching.Inert(r.CaseRef))
	w("- Young person's age on the start date: %d", rk.Age)
	w("- Start date: %s · urgency: %s", matching.ShowDate(r.Start), r.Urgency)
	if r.Hours > 0 {
		w("- Hours a week: %s", strconv.FormatFloat(r.Hours, 'f', -1, 64))
	}
	if len(r.Needs) > 0 {
		w("- Needs: %s", strings.Join(r.Needs, ", "))
	}
	if len(r.Risks) > 0 {
		w("- Risks: %s", strings.Join(r.Risks, ", "))
	}
	if r.Locality != "" {
		w("- Locality: %s", cell(r.Locality))
	}
	w("- %s", upperFirst(matching.CapWords(r.PriceCap)))
	w("- Created on %s by %s", matching.ShowTime(r.CreatedAt), matching.Inert(r.CreatedBy))
	w("- Sent to %s on %s; %s", matching.Plural(len(d.Answers), "invited provider", "invited providers"), matching.ShowTime(r.BroadcastAt), d.ClosedWords())
	w("")
	w("## Criteria as broadcast")
	w("")
	if broadcast != nil {
		fs := broadcast.Fields
		w("Fixed by %s when the request was broadcast on %s, as the trail records them (event %d):", matching.Inert(broadcast.Actor), matching.ShowTime(broadcast.At), broadcast.Seq)
		w("")
		for _, f := range []struct{ name, label string }{{"weights", "Weights (quality/price/age cover)"}, {"price cap", "Price cap"},
			{"deadline", "Deadline"}, {"start", "Start date"}, {"hours", "Hours a week"}, {"needs", "Needs"}} {
			if v := fs.Get(f.name); v != "" {
				if f.name == "deadline" {
					if t, err := time.Parse(time.RFC3339, v); err == nil {
						v = matching.ShowTime(t) + " (London time)"
					}
				}
				w("- %s: %s", f.label, cell(v))
			}
		}
		w("")
	}
	w("Weights: %s.", matching.WeightsWords(rk.Weights))
	w("")
	w("    %s", matching.Formula(rk.Weights))
	for _, t := range matching.FormulaTerms() {
		w("    %s", t)
	}
	w("")
	w("Ranked by the total rounded to two decimals; equal totals by quality, then the lower price, then the earlier answer.")
	w("")
	w("## Invited and answers")
	w("")
	if len(d.Answers) == 0 {
		w("No provider was invited.")
	} else {
		w("| Provider | Id | Received (London time) | Answer |")
		w("|---|---|---|---|")
		for _, a := range d.AnswersToRead() {
			received, answer := "", "no answer"
			if a.Answered {
				received = matching.ShowTime(a.Received)
				answer = answerWords(a)
			}
			w("| %s | %s | %s | %s |", cell(a.ProviderName), cell(a.ProviderID), received, cell(answer))
		}
	}
	w("")
	w("## Not invited")
	w("")
	if len(d.NotInvited) == 0 {
		w("Every provider on the lot was invited.")
	} else {
		w("| Provider | Id | Why not |")
		w("|---|---|---|")
		for _, n := range d.NotInvited {
			w("| %s | %s | %s |", cell(n.ProviderName), cell(n.ProviderID), cell(strings.Join(n.ReasonsWords(councilName(r.Council)), "; ")))
		}
	}
	w("")
	w("## The opening")
	w("")
	if opened != nil {
		w("The offers were opened on %s by %s, after the request closed: %s ranked, %s not ranked, %s with no response.",
			matching.ShowTime(opened.At), matching.Inert(opened.Actor), strconv.Itoa(len(rk.Ranked)), strconv.Itoa(len(rk.Excluded)), strconv.Itoa(len(rk.NoResponse)))
	} else {
		w("The offers were opened on %s.", matching.ShowTime(r.OpenedAt))
	}
	w("")
	w("## Ranking")
	w("")
	if len(rk.Ranked) == 0 {
		w("No compliant offer.")
	} else {
		w("| Rank | Provider | Id | Weekly price | Cover until | Q | P | A | Total |")
		w("|---:|---|---|---:|---:|---:|---:|---:|---:|")
		for _, sc := range rk.Ranked {
			w("| %d | %s | %s | %s | %d | %s | %s | %s | %s |", sc.Rank, cell(sc.ProviderName), cell(sc.ProviderID), sc.WeeklyPence,
				sc.CoverUntil, matching.Format2(sc.Quality), matching.Format2(sc.PriceScore), matching.Format2(sc.AgeCoverScore), sc.Rounded)
		}
		w("")
		w("Q, P and A are the quality, price and age-cover scores out of 100; the total weighs them as above.")
	}
	if len(rk.Excluded) > 0 {
		w("")
		w("Not ranked:")
		w("")
		for _, ex := range rk.Excluded {
			why := matching.ExclusionWords(ex.Reason)
			if ex.Detail != "" {
				why += " (" + matching.Inert(ex.Detail) + ")"
			}
			w("- %s (%s): %s", matching.Inert(ex.ProviderName), matching.Inert(ex.ProviderID), why)
		}
	}
	if len(rk.NoResponse) > 0 {
		w("")
		names := make([]string, len(rk.NoResponse))
		for i, n := range rk.NoResponse {
			names[i] = matching.Inert(n.ProviderName) + " (" + matching.Inert(n.ProviderID) + ")"
		}
		w("No response: %s.", strings.Join(names, ", "))
	}
	w("")
	w("## Decision")
	w("")
	by, at := decidedBy(d)
	switch r.Status {
	case matching.StatusAwarded:
		name, rank := r.AwardedTo, 0
		for _, sc := range rk.Ranked {
			if sc.ProviderID == r.AwardedTo {
				name, rank = sc.ProviderName+" ("+sc.ProviderID+")", sc.Rank
				w("Awarded to %s, rank %d, at %s.", matching.Inert(name), rank, matching.WeeklyWords(sc.WeeklyPence))
			}
		}
		if rank == 0 {
			w("Awarded to %s.", matching.Inert(name))
		}
		reason := r.EndReason
		if reason == "" {
			reason = "rank 1: the highest total"
		}
		w("")
		w("Reason: %s", matching.Inert(reason))
	case matching.StatusNoAward:
		w("No award.")
		w("")
		w("Reason: %s", matching.Inert(r.EndReason))
		if r.SpotPurchase != "" {
			w("")
			w("Spot purchase recorded: %s", matching.Inert(r.SpotPurchase))
		}
	default:
		w("Not decided yet: the offers were opened on %s.", matching.ShowTime(r.OpenedAt))
	}
	if by != "" {
		w("")
		w("Decided by %s on %s (London time).", matching.Inert(by), at)
	}
	w("")
	w("## Officers who acted")
	w("")
	for _, o := range officersOf(d.Timeline) {
		w("- %s: %s", matching.Inert(o.name), strings.Join(o.did, ", "))
	}
	w("")
	w("## The audit trail of this request")
	w("")
	w("Each event with its number in the trail and the chain's hash after it. The hash covers the event and every event before it, so the extract can be checked against the store: `placematch audit verify --anchor N:HASH` with any line's number and hash checks the whole chain and that event N still has that hash; `placematch audit list --request %s --json` shows the same events with their fields.", matching.Inert(r.ID))
	w("")
	for _, e := range d.Timeline {
		line := fmt.Sprintf("- %d · %s · %s · %s", e.Seq, matching.ShowTime(e.At), matching.Inert(e.Actor), e.Action)
		if words := d.TimelineEvent(e); words != e.Action && e.Action != matching.ActionBroadcast && e.Action != matching.ActionOffersOpened {
			line += strings.TrimPrefix(matching.Inert(words), e.Action)
		}
		w("%s · hash `%s`", line, e.Hash)
	}
	if len(d.Notes) > 0 {
		w("")
		w("## Notes for the record")
		w("")
		for _, n := range d.Notes {
			w("- %s · %s: %s", matching.ShowTime(n.At), matching.Inert(n.Actor), matching.Inert(n.Text))
		}
	}
	w("")
	w("Made by placematch on %s (London time). Every entry above is in the audit trail: placematch audit verify checks it.", matching.ShowTime(now))
	return b.String()
}

// firstEvent is the first event of the action in a timeline, or nil.
func firstEvent(tl []matching.Event, action string) *matching.Event {
	for i := range tl {
		if tl[i].Action == action {
			return &tl[i]
		}
	}
	return nil
}

// reportOfficer is a person who acted on a request and what they did, in the
// order they first did it.
type reportOfficer struct {
	name string
	did  []string
}

// officersOf are the people who acted on a request, from its timeline:
// not the system (automatic closes) and not providers answering for
// themselves (those are in the answers).
func officersOf(tl []matching.Event) []reportOfficer {
	var out []reportOfficer
	at := map[string]int{}
	for _, e := range tl {
		if e.Actor == "system" || e.Actor == "" || strings.HasPrefix(e.Actor, "provider:") {
			continue
		}
		i, ok := at[e.Actor]
		if !ok {
			i = len(out)
			at[e.Actor] = i
			out = append(out, reportOfficer{name: e.Actor})
		}
		if !slices.Contains(out[i].did, e.Action) {
			out[i].did = append(out[i].did, e.Action)
		}
	}
	return out
}

// answerWords is an opened answer in a few words.
func answerWords(a Answer) string {
	if a.Offer == nil {
		return "answered"
	}
	o := a.Offer
	var s string
	switch {
	case o.Declined:
		s = "declined"
		if o.DeclineReason != "" {
			s += ": " + o.DeclineReason
		}
	default:
		s = matching.WeeklyWords(o.WeeklyPence)
		if o.CoverUntil > 0 {
			s += ", cover until " + strconv.Itoa(o.CoverUntil)
		}
		if o.Withdrawn {
			s += ", withdrawn"
		}
	}
	if a.Late {
		s += " (after the deadline)"
	}
	return s
}

// subjectWords is what the mini-competition buys, in a line.
func subjectWords(r matching.Request, age int) string {
	s := lotName(r.Lot) + " for a young person aged " + strconv.Itoa(age) + " from " + matching.ShowDate(r.Start)
	if r.Hours > 0 {
		s += ", " + strconv.FormatFloat(r.Hours, 'f', -1, 64) + " hours a week"
	}
	return s
}

// frameworkName is a framework's name and code.
func frameworkName(code string) string {
	for _, f := range matching.Frameworks() {
		if f.Code == code {
			return f.Name + " (" + code + ")"
		}
	}
	return code
}

// decidedBy is who made the decision of an award or no award, and when.
func decidedBy(d Detail) (string, string) {
	for i := len(d.Timeline) - 1; i >= 0; i-- {
		if e := d.Timeline[i]; e.Action == matching.ActionAwarded || e.Action == matching.ActionNoAward {
			return e.Actor, matching.ShowTime(e.At)
		}
	}
	return "", ""
}

// SaveText writes text to a new file at path, readable by its owner only
// (a report names the case reference). It never overwrites: a file already
// there is refused with a clear message, and nothing is written.
func SaveText(path, text string) error {
	if strings.TrimSpace(path) == "" {
		return matching.Invalidf("give the file to write to")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return matching.Conflictf("%s already exists: it is not overwritten; give another file name", path)
	}
	if err != nil {
		return matching.Invalidf("cannot write %s: %v", path, errors.Unwrap(err))
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// upperFirst begins a sentence or a list item with a capital.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
