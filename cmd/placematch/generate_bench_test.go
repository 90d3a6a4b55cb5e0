package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDemoGenerate: demo generate fills an empty store with a region whose
// trail verifies, says what it made, and refuses a store with data.
func TestDemoGenerate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out := h.ok("demo", "generate", "--providers", "80", "--requests", "60", "--seed", "3")
	for _, want := range []string{"generated a region (seed 3) in ", "80 provider-lot rows", "requests:    60", "offers", "audit trail:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if v := h.ok("audit", "verify"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("audit verify: %s", v)
	}
	if n := h.count("requests"); n != 60 {
		t.Errorf("%d requests in the store, want 60", n)
	}
	h.fails(1, "already has", "demo", "generate", "--providers", "10", "--requests", "10")
	if n := h.count("requests"); n != 60 {
		t.Errorf("a refused generation changed the store: %d requests", n)
	}

	h2 := newHarness(t)
	var res struct {
		ProviderLots int            `json:"provider_lots"`
		Requests     int            `json:"requests"`
		ByStatus     map[string]int `json:"by_status"`
		Seed         uint64         `json:"seed"`
		Seconds      float64        `json:"seconds"`
	}
	if err := json.Unmarshal([]byte(h2.ok("demo", "generate", "--providers", "50", "--requests", "30", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.ProviderLots != 50 || res.Requests != 30 || res.Seed != 1 || len(res.ByStatus) == 0 || res.Seconds <= 0 {
		t.Errorf("JSON result %+v", res)
	}

	h3 := newHarness(t)
	h3.fails(2, "needs --requests", "demo", "generate", "--providers", "10")
	h3.fails(2, "needs --providers, --requests", "demo", "generate")
	h3.fails(1, "--providers must be", "demo", "generate", "--providers", "0", "--requests", "5")
	h3.fails(2, "invalid value", "demo", "generate", "--providers", "ten", "--requests", "5")
}
