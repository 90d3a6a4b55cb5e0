package service

import (
	"strconv"

	"placematch/matching"
)

// VerifyWords is audit verify's result as people read it, a line each:
// what was checked and found ("✓" or "✗" first), the head to keep outside
// the store, and what the check cannot prove.
func VerifyWords(r VerifyResult) []string {
	var out []string
	if len(r.File.Problems) > 0 {
		out = append(out, "✗ The store file is damaged: the database's own check reports "+strconv.Itoa(len(r.File.Problems))+
			" problem(s), the first: "+matching.Inert(r.File.Problems[0])+". Restore the store from a backup and report it.")
	}
	if r.Break != nil {
		out = append(out, "✗ The audit trail is broken: "+r.Break.Error()+". Restore the store from a backup and report it.")
	} else {
		out = append(out, "✓ Hash chain intact: "+matching.Plural(r.Events, "event", "events")+", each linked to the one before.")
	}
	switch {
	case len(r.File.Problems) > 0:
	case r.File.Check == "integrity_check":
		out = append(out, "✓ Store file: SQLite's integrity check passed.")
	case r.File.Check == "quick_check":
		out = append(out, "✓ Store file: SQLite's quick check passed.")
	default:
		out = append(out, "✓ Store file: checked by the database server itself (no file check here).")
	}
	if n := len(r.Differences) + r.More; n > 0 {
		out = append(out, "✗ The store differs from its audit trail in "+strconv.Itoa(n)+" place(s): it was changed outside placematch.")
		for _, d := range r.Differences {
			out = append(out, "  - "+matching.Inert(d))
		}
		if r.More > 0 {
			out = append(out, "  - and "+strconv.Itoa(r.More)+" more")
		}
	} else if r.Break == nil {
		out = append(out, "✓ State against the trail: "+matching.Plural(r.Requests, "request", "requests")+" and "+
			matching.Plural(r.Answers, "answer", "answers")+" match (status, dates, criteria, invitations, answers, rankings, awards).")
	}
	if r.AnchorProblem != "" {
		out = append(out, "✗ The trail does not hold the anchor: "+r.AnchorProblem+".")
	}
	if r.Took.Total > 0 {
		out = append(out, "Took "+VerifyTimesWords(r.Took))
	}
	out = append(out, "Head: "+r.Head.String()+" (keep it outside the store; placematch audit verify --anchor checks against it).")
	if len(r.Unproven) > 0 {
		out = append(out, "Not proven by the trail:")
		for _, u := range r.Unproven {
			out = append(out, "  - "+u)
		}
	}
	return out
}
