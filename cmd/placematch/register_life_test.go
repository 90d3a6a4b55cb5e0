package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"placematch/store/storetest"
)

// TestTheRegistersLifeByCommand takes an application from applied to
// admitted and a provider through suspension, reinstatement, removal and
// leaving, by the commands and their JSON shapes; refused changes say why
// and change nothing, and audit verify stays green.
func TestTheRegistersLifeByCommand(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind) // 2026-11-25 09:00
		h.ok("init")
		h.ok("providers", "import", "testdata/register.csv")
		out := h.ok("providers", "apply", "--provider", "N100", "--name", "Newfield Homes", "--kind", "charity", "--lot", "group-living",
			"--ofsted-urn", "2799001", "--email", "hello@newfield.example.org", "--town", "Oldham")
		if !strings.Contains(out, "decision is due by 2026-12-09") {
			t.Fatalf("apply said %q", out)
		}
		h.fails(2, "--kind", "providers", "apply", "--provider", "N101", "--name", "X", "--lot", "group-living")
		h.fails(1, "kind", "providers", "apply", "--provider", "N101", "--name", "X", "--kind", "shop", "--lot", "group-living")
		h.fails(1, "already applied", "providers", "apply", "--provider", "N100", "--name", "Newfield Homes", "--kind", "charity", "--lot", "group-living")

		var apps []map[string]any
		if err := json.Unmarshal([]byte(h.ok("providers", "applications", "--framework", "leaving-care", "--json")), &apps); err != nil {
			t.Fatal(err)
		}
		// P013 came in applied with the register file, on the same day.
		if len(apps) != 2 || apps[1]["provider_id"] != "P013" || apps[0]["provider_id"] != "N100" || apps[0]["provider_name"] != "Newfield Homes" || apps[0]["framework"] != "leaving-care" ||
			apps[0]["lot"] != "group-living" || apps[0]["applied_on"] != "2026-11-25" || apps[0]["decision_due"] != "2026-12-09" {
			t.Fatalf("applications = %v", apps)
		}
		h.now = time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
		if table := h.ok("providers", "applications"); !strings.Contains(table, "2026-12-09 OVERDUE") {
			t.Fatalf("an overdue application:\n%s", table)
		}
		h.fails(1, "no quality assessment", "providers", "admit", "N100", "--lot", "group-living")
		h.fails(1, "over 100", "providers", "assess", "N100", "--lot", "group-living", "--quality", "120")
		h.ok("providers", "assess", "N100", "--lot", "group-living", "--quality", "81.5", "--note", "Good move-on planning.")
		var admitted map[string]string
		if err := json.Unmarshal([]byte(h.ok("providers", "admit", "N100", "--lot", "group-living", "--json")), &admitted); err != nil {
			t.Fatal(err)
		}
		if admitted["admitted_on"] != "2027-02-01" || len(admitted) != 1 {
			t.Fatalf("admit --json = %v", admitted)
		}
		h.fails(1, "only an application (status applied) can be admitted", "providers", "admit", "N100", "--lot", "group-living")

		h.fails(2, "--reason", "providers", "suspend", "P001", "--lot", "group-living")
		h.fails(1, "not a date", "providers", "suspend", "P001", "--lot", "group-living", "--reason", "x", "--until", "soon")
		h.ok("providers", "suspend", "P001", "--lot", "group-living", "--reason", "Inspection follow-up", "--until", "2027-01-04")
		h.ok("providers", "reinstate", "P001", "--lot", "group-living")
		h.ok("providers", "suspend", "P002", "--lot", "group-living", "--reason", "Staffing")
		h.ok("providers", "remove", "P002", "--lot", "group-living", "--reason", "Did not restore staffing")
		h.fails(1, "cannot be admitted", "providers", "admit", "P002", "--lot", "group-living")
		h.fails(1, "cannot be reinstated", "providers", "reinstate", "P002", "--lot", "group-living")
		h.ok("providers", "leave", "P004", "--lot", "group-living", "--reason", "Closing the home")
		h.fails(1, "not on lot", "providers", "refuse", "P004", "--lot", "packages", "--reason", "x")
		h.fails(1, "not a lot", "providers", "refuse", "P004", "--lot", "nowhere", "--reason", "x")

		show := h.ok("providers", "show", "N100")
		if !strings.Contains(show, "admitted from 2027-02-01") || !strings.Contains(show, "81.5 (assessed 2026-12-10)") ||
			!strings.Contains(show, "quality note: Good move-on planning.") {
			t.Fatalf("providers show:\n%s", show)
		}
		var hist struct {
			Lots []map[string]any `json:"lots"`
		}
		if err := json.Unmarshal([]byte(h.ok("providers", "show", "P002", "--json")), &hist); err != nil {
			t.Fatal(err)
		}
		if hist.Lots[0]["status"] != "removed" || hist.Lots[0]["reason"] != "Did not restore staffing" {
			t.Fatalf("providers show --json lots = %v", hist.Lots)
		}
		if out := h.ok("outbox", "list", "--json"); !strings.Contains(out, `"subject": "Admitted: Semi-independent / group living from 2027-02-01"`) ||
			!strings.Contains(out, `"kind": "register"`) {
			t.Fatalf("outbox list:\n%s", out)
		}
		// The letters go as others do (those with no address stay for a phone call).
		if r := h.run("", "outbox", "send"); r.code != 0 || !strings.Contains(r.out, "sent 5, failed 0") {
			t.Fatalf("outbox send: %d %q %q", r.code, r.out, r.err)
		}
		if out := h.ok("audit", "verify"); !strings.Contains(out, "hash chain intact") {
			t.Fatalf("audit verify said %q", out)
		}
	})
}
