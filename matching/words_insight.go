package matching

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// InsightScopeWords says what an insight covers: the council, the
// framework and the period.
func InsightScopeWords(in Insight) string {
	who := "every council"
	if in.Council != "" {
		who = CouncilWords(in.Council)
	}
	fw := "every framework"
	if in.Framework != "" {
		fw = in.Framework
	}
	when := "all time"
	switch {
	case in.From != "" && in.To != "":
		when = in.From + " to " + in.To
	case in.From != "":
		when = "from " + in.From
	case in.To != "":
		when = "up to " + in.To
	}
	return who + " · " + fw + " · requests created " + when
}

// HoursWords is a duration in hours as the insight shows it.
func HoursWords(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) + " h" }

// MedianWords and P90Words are a time to award's median and 90th
// percentile, or "no award" when nothing was awarded (0.0 h would read as
// awarded at once).
func (q Quantiles) MedianWords() string { return q.words(q.Median) }

// P90Words: see MedianWords.
func (q Quantiles) P90Words() string { return q.words(q.P90) }

func (q Quantiles) words(h float64) string {
	if q.Count == 0 {
		return "no award"
	}
	return HoursWords(h)
}

// ShareWords is "n of m (p%)".
func ShareWords(part, whole int) string {
	return fmt.Sprintf("%s of %s (%d%%)", Thousands(part), Thousands(whole), Share(part, whole))
}

// InsightSummary are the headline lines of an insight.
func InsightSummary(in Insight) []string {
	spot := ""
	if in.SpotPurchases > 0 {
		spot = " (" + Plural(in.SpotPurchases, "spot purchase", "spot purchases") + ")"
	}
	return []string{
		fmt.Sprintf("%s · %s · no award %s%s · cancelled %s", Plural(in.Requests, "request", "requests"), Plural(in.Awards, "award", "awards"),
			Thousands(in.NoAwards), spot, Thousands(in.Cancelled)),
		"Awards to rank 1: " + ShareWords(in.AwardsToRank1, in.Awards) + " · to the lowest compliant price: " + ShareWords(in.AwardsToLowestPrice, in.Awards),
		"Creation to award: median " + in.TimeToAwardHours.MedianWords() + ", 90th percentile " + in.TimeToAwardHours.P90Words(),
	}
}

// InsightText is an insight for the terminal: the headlines, the
// urgencies, each provider (the first limit, most invited first; 0 for
// all) and who never answered.
func InsightText(in Insight, limit int) string {
	var b strings.Builder
	b.WriteString("What the data shows: " + Inert(InsightScopeWords(in)) + "\n")
	for _, l := range InsightSummary(in) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "URGENCY\tREQUESTS\tAWARDS\tMEDIAN\t90TH PERCENTILE")
	for _, u := range in.Urgencies {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Urgency, Thousands(u.Requests), Thousands(u.Awards), u.TimeToAwardHours.MedianWords(), u.TimeToAwardHours.P90Words())
	}
	tw.Flush()
	b.WriteString("\n")
	ps := ProvidersByInvited(in.Providers)
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tINVITED\tANSWERED\tRATE\tDECLINED\tAWARDED\tMOST GIVEN DECLINE REASON")
	for _, p := range ps {
		reason := ""
		if len(p.DeclineReasons) > 0 {
			reason = fmt.Sprintf("%s (%d)", p.DeclineReasons[0].Reason, p.DeclineReasons[0].Count)
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%d%%\t%s\t%s\t%s\n", Inert(p.ProviderID), Inert(clip(p.ProviderName, 30)), Thousands(p.Invited), Thousands(p.Answered),
			p.ResponseRate, Thousands(p.Declined), Thousands(p.Awarded), Inert(clip(reason, 40)))
	}
	tw.Flush()
	if len(in.Providers) > len(ps) {
		b.WriteString("… and " + Plural(len(in.Providers)-len(ps), "more provider", "more providers") + " (--json lists all)\n")
	}
	b.WriteString("\n")
	if len(in.NeverAnswered) == 0 {
		b.WriteString("Every provider invited answered at least once.\n")
	} else {
		names := make([]string, 0, 20)
		for _, n := range in.NeverAnswered[:min(20, len(in.NeverAnswered))] {
			names = append(names, Inert(n.ProviderID)+" "+Inert(n.ProviderName))
		}
		more := ""
		if len(in.NeverAnswered) > 20 {
			more = ", …"
		}
		b.WriteString("Invited but never answered: " + Plural(len(in.NeverAnswered), "provider", "providers") + ": " + strings.Join(names, ", ") + more + "\n")
	}
	return b.String()
}

// ProvidersByInvited are the providers most invited first (then by id).
func ProvidersByInvited(ps []ProviderInsight) []ProviderInsight {
	out := make([]ProviderInsight, len(ps))
	copy(out, ps)
	sortProviders(out)
	return out
}
