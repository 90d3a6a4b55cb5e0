package service

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// The wording of the audit trail, in one place: the service's actions and
// the region generator both record their events through these, so a
// generated history reads exactly as a real one.

func draftCreatedEvent(r matching.Request) (action, detail string) {
	return "draft created", matching.Describe(
		"council", r.Council, "lot", r.Lot, "age", strconv.Itoa(r.Age()), "urgency", string(r.Urgency),
		"start", matching.ShowDate(r.Start), "deadline", matching.ShowTime(r.Deadline),
		"weights", r.Weights.String(), "price cap", capText(r.PriceCap))
}

func defaultsSetEvent(council, lot string, d matching.Defaults) (action, detail string) {
	return "council defaults set", matching.Describe(
		"council", council, "lot", lot, "weights", d.Weights.String(), "guide price", d.GuidePrice.String())
}

// answerEvent records an answer with its content; the trail is sealed for
// readers until the offers are opened (sealEvent).
func answerEvent(resp matching.Response, replaced bool, deadline time.Time) (action, detail string) {
	action = "offer logged"
	what := "weekly " + resp.Weekly.String()
	if resp.Declined {
		action, what = "decline logged", "declined: "+resp.DeclineReason
	}
	if replaced {
		action += " (replaces earlier answer)"
	}
	late := ""
	if resp.Late(deadline) {
		late = "yes"
	}
	cover := ""
	if resp.CoverUntil > 0 {
		cover = strconv.Itoa(resp.CoverUntil)
	}
	return action, matching.Describe(
		"provider", resp.ProviderID, "answer", what, "cover until", cover, "received", matching.ShowTime(resp.Received),
		"late", late, "note", resp.Note)
}

func withdrawnEvent(providerID string) (action, detail string) {
	return "offer withdrawn", matching.Describe("provider", providerID)
}

func extendedEvent(from, to time.Time) (action, detail string) {
	return "deadline extended", matching.Describe("from", matching.ShowTime(from), "to", matching.ShowTime(to))
}

func closedEvent(at time.Time, why string) (action, detail string) {
	return "closed", matching.Describe("closed at", matching.ShowTime(at), "why", why)
}

func cancelledEvent(reason string) (action, detail string) {
	return "cancelled", matching.Describe("reason", reason)
}

func openedEvent(r matching.Request, rk matching.Ranking) (action, detail string) {
	var parts []string
	for _, sc := range rk.Ranked {
		parts = append(parts, fmt.Sprintf("%d. %s %s", sc.Rank, sc.ProviderID, sc.Rounded))
	}
	for _, ex := range rk.Excluded {
		parts = append(parts, ex.ProviderID+" "+ex.Reason)
	}
	for _, nr := range rk.NoResponse {
		parts = append(parts, nr.ProviderID+" no response")
	}
	return "offers opened", matching.Describe(
		"weights", r.Weights.String(), "age", strconv.Itoa(rk.Age), "result", strings.Join(parts, "; "))
}

func awardedEvent(providerID string, rank int, reason string) (action, detail string) {
	return "awarded", matching.Describe("provider", providerID, "rank", strconv.Itoa(rank), "reason", reason)
}

func noAwardEvent(reason, spot string) (action, detail string) {
	return "no award", matching.Describe("reason", reason, "spot purchase", spot)
}
