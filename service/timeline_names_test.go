package service

import (
	"strings"
	"testing"

	"placematch/matching"
)

// TestTimelineNamesOfThoseLeftOut: the providers left out are found by
// their id only when an event names them, and read exactly as they did
// when every name was put in the maps first: names, a suspended one as
// suspended, an id nobody knows as itself.
func TestTimelineNamesOfThoseLeftOut(t *testing.T) {
	t.Parallel()
	answers := []Answer{{ProviderID: "A", ProviderName: "Alder House"}, {ProviderID: "B", ProviderName: "Birch Court"}}
	left := []matching.NotInvited{
		{ProviderID: "P009", ProviderName: "Fern Lodge", Reasons: []string{matching.ReasonNotAdmitted}, Status: matching.ProviderSuspended},
		{ProviderID: "P010", ProviderName: "Oak Row", Reasons: []string{matching.ReasonArea}},
	}
	eager := matching.Names{
		Providers: map[string]string{"A": "Alder House", "B": "Birch Court", "P009": "Fern Lodge", "P010": "Oak Row"},
		Statuses:  map[string]matching.ProviderStatus{"P009": matching.ProviderSuspended},
	}
	broadcast := matching.Event{Version: matching.EventVersion, Action: matching.ActionBroadcast, Fields: matching.Fields{
		{Name: "council", Value: "sefton"}, {Name: "invited", Value: "A B"},
		{Name: "not invited", Value: "P009 not_admitted; P010 area; P404 not_admitted"},
		{Name: "weights", Value: "50/35/15"}, {Name: "price cap", Value: "none"}, {Name: "deadline", Value: "2026-11-26T17:00:00Z"},
	}}
	lazy := timelineNames(answers)
	if len(lazy.Providers) != len(answers) {
		t.Errorf("the names map holds %d providers before any is asked for, want the %d invited", len(lazy.Providers), len(answers))
	}
	d := Detail{Answers: answers, NotInvited: left, names: lazy}
	got, want := d.TimelineEvent(broadcast), broadcast.Action+": "+broadcast.NamedWords(eager)
	if got != want {
		t.Errorf("with those left out found when asked:\n%s\nwith every name in the maps:\n%s", got, want)
	}
	for _, w := range []string{"Alder House, Birch Court", "Fern Lodge (suspended on this lot)", "Oak Row (does not serve Sefton)", "P404 (not admitted on this lot)"} {
		if !strings.Contains(got, w) {
			t.Errorf("the broadcast reads without %q:\n%s", w, got)
		}
	}
}
