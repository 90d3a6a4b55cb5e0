package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store/storetest"
)

// TestInsightAndExports: insight prints what the data shows and its JSON
// carries the fields CLI.md names; export ocds refuses without an OCID
// prefix and then writes a package; export csv writes each table, to a
// new file only; bad input is one clear message and exit 2 or 1.
func TestInsightAndExports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("init")
		h.ok("providers", "import", "testdata/register.csv")
		id := newRequest(h)
		h.ok("request", "broadcast", id)
		h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000", "--cover-until", "25")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "900")
		h.ok("request", "close", id, "--reason", "enough offers")
		h.ok("request", "rank", id)
		h.ok("request", "award", id, "--provider", "P001", "--reason", "the better quality")

		out := h.ok("insight", "--council", "manchester")
		for _, want := range []string{"What the data shows: Manchester", "1 request · 1 award", "Awards to rank 1:", "P001"} {
			if !strings.Contains(out, want) {
				t.Errorf("insight does not say %q:\n%s", want, out)
			}
		}
		var in map[string]any
		if err := json.Unmarshal([]byte(h.ok("insight", "--json")), &in); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"awards", "awards_to_rank_1", "awards_to_lowest_price", "no_awards", "spot_purchases", "time_to_award_hours", "providers"} {
			if _, ok := in[key]; !ok {
				t.Errorf("insight --json lacks %q", key)
			}
		}
		if in["awards"] != 1.0 {
			t.Errorf("insight --json: %v", in)
		}
		h.fails(1, "not a date", "insight", "--from", "March")
		h.fails(1, "no council", "insight", "--council", "atlantis")

		h.fails(1, "--ocid-prefix", "export", "ocds")
		h.ok("settings", "set", "--ocid-prefix", "ocds-abc123")
		pkg := h.ok("export", "ocds", "--council", "manchester")
		if !strings.Contains(pkg, `"ocid":"ocds-abc123-`+id+`"`) || strings.Contains(pkg, "MC-77123") {
			t.Errorf("export ocds:\n%.400s", pkg)
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "requests.csv")
		if out := h.ok("export", "csv", "requests", "--output", file); !strings.Contains(out, file) {
			t.Errorf("export csv said %q", out)
		}
		if b, _ := os.ReadFile(file); !strings.HasPrefix(string(b), "id,council,") || !strings.Contains(string(b), id) {
			t.Errorf("the CSV file:\n%s", b)
		}
		h.fails(1, "not overwritten", "export", "csv", "requests", "--output", file)
		h.fails(1, "no table", "export", "csv", "invoices")
		h.fails(2, "", "export", "csv")
		if _, err := os.Stat(filepath.Join(dir, "bad.json")); err == nil {
			t.Error("a file was left")
		}
		h.fails(1, "no council", "export", "ocds", "--council", "atlantis", "--output", filepath.Join(dir, "bad.json"))
		if _, err := os.Stat(filepath.Join(dir, "bad.json")); err == nil {
			t.Error("a failed export left its file")
		}
	})
}
