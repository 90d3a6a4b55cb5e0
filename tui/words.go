package tui

import (
	"slices"
	"strconv"
	"strings"

	"placematch/matching"
)

// Words for codes, as an officer would say them. The codes themselves come
// from matching; these only name them on screen.

func councilName(slug string) string {
	if slug == "" {
		return "All councils"
	}
	if c, ok := matching.CouncilBySlug(slug); ok {
		return c.Name
	}
	return clean(slug)
}

func lotName(code string) string {
	if _, l, ok := matching.FindLot(code); ok {
		return l.Name
	}
	return clean(code)
}

func capText(p matching.Pence) string {
	if p == 0 {
		return "no cap"
	}
	return p.String() + " a week"
}

func itoa(n int) string { return strconv.Itoa(n) }

// tagsText is a list of needs, risks or capabilities as people write
// them (BSL, ESOL in capitals).
func tagsText(xs []string) string {
	c := make([]string, len(xs))
	for i, x := range xs {
		c[i] = clean(matching.TagWords(x))
	}
	return joinOr(c, ", ", "none")
}

// qualityText is a quality score as the register shows it: two decimals,
// whatever was entered.
func qualityText(q float64) string { return matching.QualityWords(q) }

func hoursText(h float64) string {
	if h == 0 {
		return "not given"
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + " a week"
}

// notInvitedOrder is a not-invited list as an officer reads it: first the
// providers that serve the council but fail another rule (the near misses
// worth a look), then those that do not serve it, each group in its stored
// order. The list given is left as it is (it is the record).
func notInvitedOrder(list []matching.NotInvited) []matching.NotInvited {
	out := make([]matching.NotInvited, 0, len(list))
	for _, i := range notInvitedOrderOf(list) {
		out = append(out, list[i])
	}
	return out
}

// notInvitedOrderOf is notInvitedOrder as positions in the list: a
// region's request leaves thousands out, too many to copy each time its
// page opens.
func notInvitedOrderOf(list []matching.NotInvited) []int32 {
	out := make([]int32, 0, len(list))
	area := make([]bool, len(list))
	for i, ni := range list {
		if area[i] = slices.Contains(ni.Reasons, matching.ReasonArea); !area[i] {
			out = append(out, int32(i))
		}
	}
	for i := range list {
		if area[i] {
			out = append(out, int32(i))
		}
	}
	return out
}

// notInvitedCounts counts a long not-invited list by reason ("" for a short
// one, read at a glance).
func notInvitedCounts(list []matching.NotInvited, council string) string {
	if len(list) < 10 {
		return ""
	}
	count := matching.ReasonCounts(list)
	var parts []string
	for _, code := range matching.Reasons() {
		if n := count[code]; n > 0 {
			parts = append(parts, matching.NotInvitedWords(code, councilName(council))+": "+matching.Thousands(n))
		}
	}
	return "By reason (one can fail several): " + strings.Join(parts, " · ")
}

// upperFirst starts a sentence with a capital letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
