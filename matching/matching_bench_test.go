package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchCompetition is a closed request with n invited providers, each of
// whom answered: mostly compliant offers, with the usual share of declines,
// withdrawals, late answers and offers above the cap, so that every branch
// of the ranking is exercised. The scores carry decimals, as real quality
// scores do.
func benchCompetition(b *testing.B, n int) (Request, time.Time, []Entrant, []Response) {
	b.Helper()
	r, deadline := competition(b)
	rng := rand.New(rand.NewPCG(1, 2))
	entrants := make([]Entrant, n)
	responses := make([]Response, n)
	for i := range n {
		id := fmt.Sprintf("P%05d", i)
		entrants[i] = Entrant{
			ProviderID: id, ProviderName: "Provider " + id,
			Quality:    float64(5000+rng.IntN(5001)) / 100, // 50.00 to 100.00
			CoverUntil: 18 + rng.IntN(8), Admitted: rng.IntN(50) != 0,
		}
		resp := Response{
			ProviderID: id, Weekly: Pence(80000 + rng.IntN(80000)),
			Received: deadline.Add(-time.Duration(1+rng.IntN(5000)) * time.Minute),
		}
		switch k := rng.IntN(40); {
		case k == 0:
			resp.Declined, resp.Weekly, resp.DeclineReason = true, 0, "no vacancy"
		case k == 1:
			resp.WithdrawnAt = resp.Received.Add(time.Hour)
		case k == 2:
			resp.Received = deadline.Add(time.Hour)
		case k < 6:
			resp.CoverUntil = 16 + rng.IntN(10)
		}
		responses[i] = resp
	}
	return r, deadline, entrants, responses
}

// BenchmarkRank1000 is the budget "ranking 1,000 offers: under 5 ms".
func BenchmarkRank1000(b *testing.B) {
	r, deadline, entrants, responses := benchCompetition(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rk := Rank(r, deadline, entrants, responses)
		if len(rk.Ranked) < 700 {
			b.Fatalf("only %d ranked", len(rk.Ranked))
		}
	}
}

// BenchmarkEligibility10k is the pure part of a broadcast to a lot of
// 10,000 rows, every one of them eligible (the store part is measured by
// service.BenchmarkBroadcast10k).
func BenchmarkEligibility10k(b *testing.B) {
	r := Request{ID: "R-1", Council: "sefton", Framework: "leaving-care", Lot: "floating-support",
		DOB: time.Date(2009, 3, 15, 0, 0, 0, 0, time.UTC), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Needs: []string{"independence-skills", "mental-health"}, Risks: []string{"self-harm"}}
	lot := make([]ProviderLot, 10000)
	for i := range lot {
		v := i % 7
		lot[i] = ProviderLot{
			ProviderID: fmt.Sprintf("P%05d", i), ProviderName: fmt.Sprintf("Provider %05d", i), Kind: "company",
			Framework: "leaving-care", Lot: "floating-support", Status: ProviderAdmitted, Quality: 70,
			Serves: []string{"*"}, MinAge: 16, CoverUntil: 25, Capabilities: []string{"independence-skills", "mental-health"},
			Vacancies: &v, Town: "Bootle",
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		inv, left := Eligibility(r, lot, testDay)
		if len(inv) != 10000 || len(left) != 0 {
			b.Fatalf("%d invited, %d left", len(inv), len(left))
		}
	}
}

// BenchmarkNotInvitedDigest is the digest of a lot's worth of providers
// left out, as a broadcast on a region's register quotes it.
func BenchmarkNotInvitedDigest(b *testing.B) {
	left := make([]NotInvited, 3000)
	for i := range left {
		left[i] = NotInvited{ProviderID: fmt.Sprintf("P%05d", i), ProviderName: fmt.Sprintf("Provider %05d Support Services Ltd", i), Reasons: []string{ReasonArea}}
	}
	b.ReportAllocs()
	for b.Loop() {
		NotInvitedDigest(left)
	}
}
