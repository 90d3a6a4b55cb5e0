package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"placematch/store/storetest"
)

// TestFrameworkTermCommands: framework term, extend and show on both
// stores, each refusal one message that changes nothing; after the last
// possible end request new is refused, on it not; audit verify passes.
func TestFrameworkTermCommands(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind) // 25 November 2026
		h.fails(2, "framework term needs --start, --years", "framework", "term", "leaving-care")
		h.fails(1, "not years joined by +", "framework", "term", "leaving-care", "--start", "2024-10-01", "--years", "two")
		h.fails(1, `framework "nowhere" is not known`, "framework", "show", "nowhere")
		h.fails(1, "no term recorded", "framework", "extend", "leaving-care", "--reason", "x")
		out := h.ok("framework", "term", "leaving-care", "--start", "2024-10-01", "--years", "2+1+1")
		if !strings.Contains(out, "runs to 30 September 2026") || !strings.Contains(out, "2 extensions left") {
			t.Fatalf("framework term printed:\n%s", out)
		}
		// Its initial end has passed: too late to extend it.
		h.fails(1, "cannot be extended", "framework", "extend", "leaving-care", "--reason", "late")
		h.ok("framework", "term", "leaving-care", "--start", "2025-04-01", "--years", "2+1+1")
		h.fails(2, "framework extend needs --reason", "framework", "extend", "leaving-care")
		h.ok("framework", "extend", "leaving-care", "--reason", "steady providers")
		h.ok("framework", "extend", "leaving-care", "--reason", "review under way")
		before := h.count("audit_events")
		h.fails(1, "no extension left", "framework", "extend", "leaving-care", "--reason", "once more")
		h.fails(1, "stays as recorded", "framework", "term", "leaving-care", "--start", "2025-04-01", "--years", "3+1")
		if h.count("audit_events") != before {
			t.Error("a refused command went on the record")
		}
		var v struct {
			Years      string `json:"years"`
			CurrentEnd string `json:"current_end"`
			LastEnd    string `json:"last_end"`
			Left       int    `json:"extensions_left"`
			Refused    bool   `json:"new_requests_refused"`
			Extensions []struct {
				N      int    `json:"extension"`
				Reason string `json:"reason"`
				Actor  string `json:"actor"`
				On     string `json:"decided_on"`
			} `json:"extensions"`
		}
		if err := json.Unmarshal([]byte(h.ok("framework", "show", "leaving-care", "--json")), &v); err != nil {
			t.Fatal(err)
		}
		if v.Years != "2+1+1" || v.CurrentEnd != "2029-03-31" || v.LastEnd != "2029-03-31" || v.Left != 0 || v.Refused ||
			len(v.Extensions) != 2 || v.Extensions[1].Reason != "review under way" || v.Extensions[0].Actor != "tester" || v.Extensions[0].On != "2026-11-25" {
			t.Fatalf("framework show --json: %+v", v)
		}
		// On the last day a request is made; the day after, refused.
		h.ok("providers", "import", "testdata/register.csv")
		h.now = time.Date(2029, 3, 31, 12, 0, 0, 0, time.UTC)
		args := []string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", "MC-1", "--initials", "JT",
			"--dob", "2012-06-01", "--start", "2029-04-20", "--deadline", "2029-04-10 17:00"}
		h.ok(args...)
		h.now = h.now.Add(24 * time.Hour)
		h.fails(1, "--lot: the leaving-care framework's term ended on 31 March 2029", args...)
		h.ok("audit", "verify")
	})
}

// TestPurchasersAddCommand: a health body added on a framework makes
// requests with its own ids and keeps its own settings; bad input is one
// message and changes nothing.
func TestPurchasersAddCommand(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		h.fails(2, "purchasers add needs --name, --framework", "purchasers", "add", "nhs-gm")
		h.fails(1, "SLUG: bolton is one of the region's councils", "purchasers", "add", "bolton", "--name", "Bolton", "--framework", "leaving-care")
		h.fails(1, "GSS code", "purchasers", "add", "nhs-gm", "--name", "NHS Greater Manchester ICB", "--framework", "leaving-care", "--gss", "X1")
		if n := h.count("purchasers"); n != 0 {
			t.Fatalf("refused adds left %d purchasers", n)
		}
		out := h.ok("purchasers", "add", "nhs-gm", "--name", "NHS Greater Manchester ICB", "--framework", "leaving-care", "--gss", "E54000057")
		if !strings.Contains(out, "GMI-YYYY-NNNN") {
			t.Fatalf("purchasers add printed %q", out)
		}
		h.fails(1, "already a purchaser on leaving-care", "purchasers", "add", "nhs-gm", "--name", "NHS Greater Manchester ICB", "--framework", "leaving-care")
		h.ok("council", "set", "nhs-gm", "--lot", "group-living", "--guide-price", "1300", "--contact-name", "ICB placements")
		id := strings.TrimSpace(h.ok("request", "new", "--org", "nhs-gm", "--lot", "group-living", "--case", "GM-1", "--initials", "JT",
			"--dob", "2009-06-01", "--start", "2026-12-10", "--deadline", "2026-12-01 17:00"))
		if !strings.HasPrefix(id, "GMI-2026-") {
			t.Fatalf("the purchaser's request id %q", id)
		}
		if out := h.ok("request", "show", id); !strings.Contains(out, "£1,300.00") {
			t.Errorf("its guide price did not cap its request:\n%s", out)
		}
		h.ok("request", "broadcast", id)
		if out := h.ok("request", "list", "--org", "nhs-gm"); !strings.Contains(out, id) {
			t.Errorf("request list --org nhs-gm does not list its request:\n%s", out)
		}
		h.fails(1, "not a member of the care-support", "request", "new", "--org", "nhs-gm", "--lot", "packages", "--case", "GM-2", "--initials", "JT",
			"--dob", "2015-06-01", "--start", "2026-12-10", "--deadline", "2026-12-01 17:00")
		if out := h.ok("framework", "show", "leaving-care"); !strings.Contains(out, "nhs-gm") {
			t.Errorf("framework show does not list the purchaser:\n%s", out)
		}
		h.ok("audit", "verify")
	})
}
