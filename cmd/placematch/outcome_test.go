package main

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
)

// scoreKeys are the keys of a provider's JSON that carry numbers.
var scoreKeys = map[string]bool{"quality": true, "quality_points": true, "price_score": true, "price_points": true,
	"age_cover_score": true, "age_cover_points": true, "total": true, "cover_until": true, "age": true,
	"compliant_offers": true, "price": true, "age_cover": true}

var numberText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// walkProviderJSON fails if a provider's JSON holds a rank, a number
// written as text, a score that is not a number, or pence that are not
// whole.
func walkProviderJSON(t *testing.T, where, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := path + "." + k
			if strings.Contains(k, "rank") {
				t.Errorf("%s: %s: a provider is shown a rank", where, p)
			}
			if scoreKeys[k] {
				if _, ok := x.(float64); !ok {
					t.Errorf("%s: %s is %T (%v), want a number", where, p, x, x)
				}
			}
			if strings.HasSuffix(k, "_pence") {
				if f, ok := x.(float64); !ok || f != math.Trunc(f) {
					t.Errorf("%s: %s is %T (%v), want whole pence", where, p, x, x)
				}
			}
			walkProviderJSON(t, where, p, x)
		}
	case []any:
		for _, x := range v {
			walkProviderJSON(t, where, path+"[]", x)
		}
	case string:
		if numberText.MatchString(v) {
			t.Errorf("%s: %s is the number %q written as text", where, path, v)
		}
	}
}

// TestProviderJSONIsConsistent: what a provider reads in --json carries
// numbers as numbers (its own total and the winner's alike), whole pence,
// no rank anywhere, and nothing of the young person, for every way its
// answer can end and for a request cancelled or ended without award.
func TestProviderJSONIsConsistent(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.now = h.now.Add(time.Hour)
	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "1000", "--cover-until", "25")
	h.ok("--provider", "P002", "request", "respond", id, "--weekly", "1200", "--cover-until", "21")
	h.ok("--provider", "P003", "request", "respond", id, "--weekly", "900")
	h.ok("--provider", "P004", "request", "respond", id, "--weekly", "2000")
	h.ok("--provider", "P005", "request", "respond", id, "--decline", "full")
	h.ok("--provider", "P006", "request", "respond", id, "--weekly", "950")
	h.ok("--provider", "P006", "request", "withdraw", id)
	h.ok("request", "close", id, "--reason", "move needed")
	h.ok("request", "rank", id)
	h.ok("request", "award", id, "--provider", "P002", "--reason", "closest to college")

	cancelled := newRequest(h)
	h.ok("request", "broadcast", cancelled)
	h.ok("--provider", "P001", "request", "respond", cancelled, "--weekly", "1000")
	h.ok("request", "cancel", cancelled, "--reason", "no longer needed")

	noAward := newRequest(h)
	h.ok("request", "broadcast", noAward)
	h.ok("--provider", "P001", "request", "respond", noAward, "--weekly", "1000")
	h.ok("request", "close", noAward, "--reason", "urgent")
	h.ok("request", "rank", noAward)
	h.ok("request", "no-award", noAward, "--reason", "none suitable")

	own := map[string]string{ // the sentence each provider must read of its own answer
		"P001": "The council chose the winning offer although yours scored higher, for this recorded reason: closest to college.",
		"P002": "Your offer was awarded.",
		"P003": "The winning offer's total was",
		"P004": "Your offer was not scored because it was above the price cap: £2,000.00 a week against a cap of £1,500.00 a week.",
		"P005": "You declined this request, so you made no offer to score.",
		"P006": "You withdrew your offer, so it was not scored.",
		"P007": "You did not answer this request.",
	}
	for pid, words := range own {
		raw := h.ok("--provider", pid, "request", "show", id, "--json")
		assertNoPersonal(t, pid+" request show --json", raw)
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: %v\n%s", pid, err, raw)
		}
		walkProviderJSON(t, pid, "", v)
		o, _ := v["outcome"].(map[string]any)
		if o == nil {
			t.Fatalf("%s has no outcome:\n%s", pid, raw)
		}
		if !strings.Contains(strings.Join(strings.Fields(raw), " "), words) {
			t.Errorf("%s's outcome does not say %q:\n%s", pid, words, raw)
		}
		winner, _ := o["winner"].(map[string]any)
		switch pid {
		case "P002":
			if winner != nil || o["won"] != true {
				t.Errorf("the winner is given its own score twice or not told it won:\n%s", raw)
			}
		default:
			if winner == nil {
				t.Fatalf("%s is not given the winning offer's score:\n%s", pid, raw)
			}
			if _, named := winner["provider_name"]; named || strings.Contains(raw, "Birchwood") || strings.Contains(raw, "£1,200") || winner["weekly_price_pence"] != nil {
				t.Errorf("%s is given the winner's name or price:\n%s", pid, raw)
			}
		}
		if pid == "P001" || pid == "P003" {
			ownScore, _ := o["own"].(map[string]any)
			if ownScore == nil || ownScore["weekly_price_pence"] == nil || ownScore["total_rounded"] != nil {
				t.Errorf("%s's own score: %v", pid, ownScore)
			}
		}
	}
	for _, c := range []struct{ id, pid, words string }{
		{cancelled, "P001", "The council cancelled this request before the offers were opened, for this reason: no longer needed."},
		{noAward, "P001", "The council made no award, for this reason: none suitable."},
		{noAward, "P002", "You did not answer this request."},
	} {
		raw := h.ok("--provider", c.pid, "request", "show", c.id, "--json")
		assertNoPersonal(t, c.pid+" request show --json", raw)
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		walkProviderJSON(t, c.pid+" on "+c.id, "", v)
		if !strings.Contains(raw, c.words) {
			t.Errorf("%s on %s does not say %q:\n%s", c.pid, c.id, c.words, raw)
		}
	}
	var list []any
	raw := h.ok("--provider", "P001", "request", "list", "--json")
	if err := json.Unmarshal([]byte(raw), &list); err != nil || len(list) != 3 {
		t.Fatalf("request list --json: %v\n%s", err, raw)
	}
	walkProviderJSON(t, "request list --json", "", list)
	assertNoPersonal(t, "request list --json", raw)
}
