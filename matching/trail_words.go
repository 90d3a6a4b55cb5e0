package matching

import (
	"strconv"
	"strings"
	"time"
)

// The words of the check of the state against the trail (TrailCheck) and
// of anchors. Each names the request, what differs, and both sides.

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return strconv.Quote(clip(s, 120))
}

func trailNotRecorded(id string) string {
	return id + " is in the store but not in the trail: no event created it (it was added to the store directly)"
}

func trailRequestMissing(id string, seq int64) string {
	return id + " is in the trail (created by event " + strconv.FormatInt(seq, 10) + ") but not in the store: it was deleted"
}

func trailStatusDiffers(id string, stored, trail Status) string {
	return id + " is " + stored.String() + " in the store, " + trail.String() + " in the trail"
}

func trailAwardDiffers(id, stored, trail string) string {
	switch {
	case stored == "":
		return id + " is awarded to nobody in the store, to " + trail + " in the trail"
	case trail == "":
		return id + " is awarded to " + stored + " in the store, to nobody in the trail"
	}
	return id + " is awarded to " + stored + " in the store, to " + trail + " in the trail"
}

func trailFieldDiffers(id, what, stored, trail string) string {
	return id + "'s " + what + " is " + orNothing(stored) + " in the store, " + orNothing(trail) + " in the trail"
}

func trailTimeDiffers(id, what string, stored time.Time, trail string) string {
	show := func(t time.Time) string {
		if t.IsZero() {
			return "none"
		}
		return ShowTime(t)
	}
	tt, err := time.Parse(time.RFC3339Nano, trail)
	shown := show(tt)
	if err != nil && trail != "" {
		shown = strconv.Quote(clip(trail, 40))
	}
	if shown == show(stored) { // apart by less than a minute
		return id + "'s " + what + " is " + stamp(stored) + " in the store, " + trail + " in the trail"
	}
	return id + "'s " + what + " is " + show(stored) + " in the store, " + shown + " in the trail"
}

func trailPersonalDiffers(id string, seq int64) string {
	return id + "'s case reference, initials or date of birth in the store are not those event " + strconv.FormatInt(seq, 10) +
		" committed to: they were altered"
}

func trailInvitationsNotRecorded(id string) string {
	return "the store holds invitations to " + id + ", which the trail never created"
}

func trailInvitedDiffers(id string, stored, trail []string, seq int64) string {
	var onlyStore, onlyTrail []string
	in := func(xs []string, x string) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	for _, x := range stored {
		if !in(trail, x) {
			onlyStore = append(onlyStore, x)
		}
	}
	for _, x := range trail {
		if !in(stored, x) {
			onlyTrail = append(onlyTrail, x)
		}
	}
	msg := id + "'s invited providers differ from those its broadcast (event " + strconv.FormatInt(seq, 10) + ") recorded"
	if len(onlyStore) > 0 {
		msg += "; invited in the store only: " + clipList(onlyStore)
	}
	if len(onlyTrail) > 0 {
		msg += "; invited in the trail only: " + clipList(onlyTrail)
	}
	return msg
}

func clipList(xs []string) string {
	if len(xs) > 10 {
		return strings.Join(xs[:10], " ") + " and " + strconv.Itoa(len(xs)-10) + " more"
	}
	return strings.Join(xs, " ")
}

func trailAnswerNotRecorded(id, provider string) string {
	return "the store holds an answer from " + provider + " to " + id + " that the trail does not record"
}

func trailAnswerMissing(id, provider string, seq int64) string {
	return "the trail records an answer from " + provider + " to " + id + " (event " + strconv.FormatInt(seq, 10) + ") that the store does not hold: it was deleted"
}

func trailAnswerDiffers(id, provider string, seq int64) string {
	return provider + "'s answer to " + id + " in the store is not the one event " + strconv.FormatInt(seq, 10) +
		" committed to: its price, cover, dates, note or decline were altered after it was logged"
}

func trailRankingNotRecorded(id string) string {
	return "the store holds a ranking of " + id + ", whose offers the trail never opened"
}

func trailRankingMissing(id string, seq int64) string {
	return id + "'s offers were opened (event " + strconv.FormatInt(seq, 10) + ") but the store holds no ranking of them"
}

func trailRankingDiffers(id, what string, stored, trail []string, seq int64) string {
	msg := id + "'s ranking differs from the one recorded when its offers were opened (event " + strconv.FormatInt(seq, 10) + ")"
	for i := 0; i < max(len(stored), len(trail)); i++ {
		var a, b string
		if i < len(stored) {
			a = stored[i]
		}
		if i < len(trail) {
			b = trail[i]
		}
		if a != b {
			return msg + ": " + what + " has " + orNothing(a) + " in the store, " + orNothing(b) + " in the trail"
		}
	}
	return msg
}

func trailAlwaysUnproven() []string {
	return []string{
		"a trail rewritten whole, every hash recomputed, passes the chain (it has no secret): only an anchor kept outside the store (audit anchor, then audit verify --anchor) shows it",
		"council settings and contacts are recorded in the trail but not held against it; of the register, each row's status, admission date and quality are, its other columns not",
		"messages to providers (the outbox) are not in the trail",
		"an invitation's details beyond who was invited (names, addresses, standing at close) are not in the trail",
	}
}

func trailDraftsUnproven(n int) string {
	return strconv.Itoa(n) + " draft(s): a draft's details change without events until its broadcast"
}

func trailOldUnproven(n int) string {
	return strconv.Itoa(n) + " request(s) with events from before structured events (version 1): checked by the chain only"
}

func trailUnknownUnproven(action string, n int) string {
	return strconv.Itoa(n) + " request(s) with events this placematch does not replay (" + strconv.Quote(clip(action, 40)) + "): checked by the chain only"
}

func trailUnopenedUnproven(n int) string {
	return strconv.Itoa(n) + " answer(s) whose commitment's opening is not kept: their contents are checked by the chain only"
}

func anchorShorter(a Anchor, count int64) string {
	return "the trail holds " + strconv.FormatInt(count, 10) + " events, fewer than the " + strconv.FormatInt(a.Count, 10) +
		" of the anchor: the store was rolled back to an older copy, or its newest events were deleted"
}

func anchorRewritten(a Anchor) string {
	return "event " + strconv.FormatInt(a.Count, 10) + " is not the one anchored (" + a.String() +
		"): the trail was rewritten at or before it"
}
