package main

import (
	"encoding/json"
	"strings"
	"testing"

	"placematch/store/storetest"
)

// The placements commands end to end: a legacy package added, its price
// changed and its end recorded, a budget set, the list and spend as JSON,
// each bad input refused with one line and nothing changed, and the store
// verifying against its trail.
func TestPlacementsCommands(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("init")
		id := strings.TrimSpace(h.ok("placements", "add", "--council", "sefton", "--lot", "packages", "--kind", "legacy",
			"--provider-name", "Oak House", "--weekly", "700", "--start", "2026-04-01", "--case", "SF-12", "--dob", "2009-02-01"))
		if id != "PL-SEF-0001" {
			t.Fatalf("placements add printed %q, want the id alone", id)
		}
		h.fails(2, "needs --case", "placements", "add", "--council", "sefton", "--lot", "packages", "--kind", "legacy",
			"--provider-name", "Oak", "--weekly", "700", "--start", "2026-04-01")
		h.fails(1, "not after the start", "placements", "end", id, "--date", "2026-03-01", "--reason", "moved")
		h.fails(1, "before the placement", "placements", "change", id, "--weekly", "750", "--from", "2026-01-01", "--reason", "uplift")
		h.fails(1, "not an amount", "placements", "change", id, "--weekly", "-750", "--from", "2026-06-01", "--reason", "uplift")
		if n := h.count("placement_prices"); n != 0 {
			t.Fatalf("refused changes left %d prices", n)
		}
		if out := h.ok("placements", "change", id, "--weekly", "770", "--from", "2026-10-01", "--reason", "annual uplift"); !strings.Contains(out, "£770.00 a week from 2026-10-01") {
			t.Fatalf("change said %q", out)
		}
		if out := h.ok("placements", "end", id, "--date", "2026-11-01", "--reason", "planned move"); !strings.Contains(out, "ends on 2026-11-01") {
			t.Fatalf("end said %q", out)
		}
		h.ok("council", "budget", "sefton", "--framework", "care-support", "--year", "2026", "--amount", "484,400")
		h.fails(1, "not a financial year", "council", "budget", "sefton", "--framework", "care-support", "--year", "26", "--amount", "1")
		if out := h.ok("council", "show", "sefton"); !strings.Contains(out, "2026/27") || !strings.Contains(out, "£484,400.00") {
			t.Fatalf("council show without its budget: %q", out)
		}

		var rows []map[string]any
		if err := json.Unmarshal([]byte(h.ok("placements", "list", "--council", "sefton", "--json")), &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0]["id"] != id || rows[0]["weekly_price_pence"] != float64(77000) || rows[0]["end"] != "2026-11-01" ||
			rows[0]["status"] != "ended" || rows[0]["kind"] != "legacy" || rows[0]["provider_id"] != "" {
			t.Fatalf("placements list --json = %v", rows)
		}
		for _, k := range []string{"case", "case_ref", "dob"} {
			if _, ok := rows[0][k]; ok {
				t.Fatalf("placements list --json carries %s", k)
			}
		}
		if out := h.ok("placements", "list", "--active", "--json"); strings.TrimSpace(out) != "[]" {
			t.Fatalf("active placements: %q", out)
		}

		var spend []struct {
			Council   string `json:"council"`
			Framework string `json:"framework"`
			Year      int    `json:"year"`
			Budget    int64  `json:"budget_pence"`
			Actual    int64  `json:"actual_pence"`
			Forecast  int64  `json:"forecast_pence"`
			Committed int64  `json:"committed_pence"`
			Remaining int64  `json:"remaining_pence"`
			Months    []struct {
				Month string `json:"month"`
				Pence int64  `json:"pence"`
			} `json:"months"`
		}
		if err := json.Unmarshal([]byte(h.ok("spend", "--council", "sefton", "--year", "2026", "--json")), &spend); err != nil {
			t.Fatal(err)
		}
		// 183 days at £700 (1 April to 30 September), 31 at £770 (October):
		// (183×70000 + 31×77000)/7 = 15197000/7 = 2171000.
		if len(spend) != 1 || spend[0].Committed != 2171000 || spend[0].Actual != 2171000 || spend[0].Forecast != 0 ||
			spend[0].Budget != 48440000 || spend[0].Remaining != 48440000-2171000 || len(spend[0].Months) != 12 ||
			spend[0].Months[6].Month != "2026-10" || spend[0].Months[6].Pence != 341000 {
			t.Fatalf("spend --json = %+v", spend)
		}
		if out := h.ok("spend", "--council", "sefton", "--year", "2026"); !strings.Contains(out, "£21,710.00") || !strings.Contains(out, "2026/27") {
			t.Fatalf("spend said %q", out)
		}
		// Placements are the council's: a provider's session has none.
		h.ok("providers", "apply", "--provider", "P001", "--name", "Alder House", "--kind", "company", "--lot", "packages", "--serves", "*")
		h.fails(1, "for council officers", "--provider", "P001", "placements", "list")
		h.fails(1, "for council officers", "--provider", "P001", "spend")
		h.fails(1, "is not known", "spend", "--council", "narnia")
		if out := h.ok("audit", "verify"); !strings.Contains(out, "placements: 1 match the trail") {
			t.Fatalf("audit verify: %q", out)
		}
	})
}
