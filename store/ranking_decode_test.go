package store

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

// sampleRankings are rankings as the store writes them, with what the
// fast reader must get right: names and reasons with escapes and text
// beyond ASCII, every kind of number json.Marshal writes, the fields left
// out when empty, empty lists.
func sampleRankings() []matching.Ranking {
	at := time.Date(2025, 3, 4, 10, 26, 43, 0, time.UTC)
	return []matching.Ranking{
		{Ranked: []matching.Scored{}, Excluded: []matching.Excluded{}, NoResponse: []matching.ProviderRef{}},
		{Age: 12, Weights: matching.Weights{Quality: 50, Price: 35, AgeCover: 15},
			Ranked: []matching.Scored{
				{Rank: 1, ProviderID: "P06337", ProviderName: "Next Chapter House Support Services Ltd", WeeklyPence: 107321, CoverUntil: 25,
					Quality: 92.34, PriceScore: 89.98984355345179, AgeCoverScore: 100, Total: 92.66644524370813, Rounded: "92.67", Received: at},
				{Rank: 2, ProviderID: "P03506", ProviderName: "Skylark Lettings & Support <Whitehaven> \"quoted\" \\ é ✓", WeeklyPence: 0,
					CoverUntil: -1, Quality: 0, PriceScore: 1e-9, AgeCoverScore: 1e21, Total: -0.5, Rounded: "0.00", Received: at.Add(time.Nanosecond)},
				{Rank: 3, ProviderID: "P&<>", ProviderName: "", WeeklyPence: matching.MaxPence, CoverUntil: 0, Quality: 1e-7,
					PriceScore: math.MaxFloat64, AgeCoverScore: math.SmallestNonzeroFloat64, Total: 77, Rounded: "é\u2028\t", Received: time.Time{}},
			},
			Excluded: []matching.Excluded{
				{ProviderID: "P1", ProviderName: "A & B", Reason: "over the cap"},
				{ProviderID: "P2", ProviderName: "C", Reason: "price over £2,000 & \"more\"", WeeklyPence: 250000, Detail: "line\nbreak"},
				{ProviderID: "P3", ProviderName: "D", Reason: "", Detail: "only detail"},
				{ProviderID: "P4", ProviderName: "E", Reason: "pence only", WeeklyPence: -3},
			},
			NoResponse: []matching.ProviderRef{{ProviderID: "P9", ProviderName: "Nine"}, {ProviderID: "", ProviderName: "\u0000"}}},
		{Age: 17, Ranked: []matching.Scored{{Rank: 1, ProviderID: "X", Quality: 100, Rounded: "100.00"}}, Excluded: []matching.Excluded{},
			NoResponse: []matching.ProviderRef{}},
	}
}

// agree fails unless the fast reader, when it reads b at all, reads what
// encoding/json reads, and unless decodeLeanRanking always does.
func agree(t *testing.T, b []byte) (fastRead bool) {
	t.Helper()
	slow, slowErr := slowLeanRanking(b)
	fast, ok := fastLeanRanking(b)
	if ok {
		if slowErr != nil {
			t.Fatalf("the fast reader read %q, which encoding/json refuses: %v", b, slowErr)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("the two readers differ on %q:\nfast %+v\nslow %+v", b, fast, slow)
		}
	}
	got, err := decodeLeanRanking(b)
	if (err == nil) != (slowErr == nil) || (err != nil && err.Error() != slowErr.Error()) {
		t.Fatalf("decodeLeanRanking(%q) errs %v, encoding/json %v", b, err, slowErr)
	}
	if err == nil && !reflect.DeepEqual(got, slow) {
		t.Fatalf("decodeLeanRanking(%q) = %+v, encoding/json %+v", b, got, slow)
	}
	return ok
}

func TestFastRankingReadsWhatTheStoreWrites(t *testing.T) {
	t.Parallel()
	for _, rk := range sampleRankings() {
		b, err := json.Marshal(rk)
		if err != nil {
			t.Fatal(err)
		}
		if !agree(t, b) {
			t.Errorf("the fast reader declined what the store writes: %s", b)
		}
	}
}

func TestFastRankingDeclinesOtherShapes(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(sampleRankings()[1])
	if err != nil {
		t.Fatal(err)
	}
	canon := string(b)
	for _, c := range []struct {
		name, from, to string
		// fastOK is whether the fast reader reads the changed text.
		fastOK bool
	}{
		{"a space", `"rank":1`, `"rank": 1`, false},
		{"trailing space", `]}`, `]} `, false},
		{"trailing text", `]}`, `]}x`, false},
		{"a key in other case", `"provider_id":"P06337"`, `"Provider_ID":"P06337"`, false},
		{"a null list", `"no_response":[{"provider_id":"P9","provider_name":"Nine"},{"provider_id":"","provider_name":"\u0000"}]`, `"no_response":null`, false},
		{"a fraction in an integer", `"rank":1,`, `"rank":1.0,`, false},
		{"an exponent in an integer", `"rank":1,`, `"rank":1e0,`, false},
		{"an integer too large", `"weekly_price_pence":107321`, `"weekly_price_pence":99999999999999999999`, false},
		{"a float too large", `"quality":92.34`, `"quality":1e400`, false},
		{"a leading zero", `"rank":1,`, `"rank":01,`, false},
		{"a plus sign", `"rank":1,`, `"rank":+1,`, false},
		{"a string for a number", `"rank":1,`, `"rank":"1",`, false},
		{"a bad escape in a name", `"provider_name":"Next`, `"provider_name":"\x Next`, false},
		{"a short unicode escape", `"provider_name":"Next`, `"provider_name":"\u12 Next`, false},
		{"a control character", `"provider_name":"Next`, "\"provider_name\":\"\x01Next", false},
		{"an escape in an id", `"provider_id":"P06337"`, `"provider_id":"P\u00306337"`, true},
		{"invalid UTF-8 in an id", `"provider_id":"P06337"`, "\"provider_id\":\"P\xff06337\"", true},
		{"invalid UTF-8 in a name", `"provider_name":"Next`, "\"provider_name\":\"\xffNext", true},
		{"a negative zero", `"cover_until":25`, `"cover_until":-0`, true},
		{"a capital exponent", `"quality":92.34`, `"quality":9234E-2`, true},
		{"an extra field", `"rank":1,`, `"rank":1,"extra":1,`, false},
		{"a missing field", `"rank":1,`, ``, false},
		{"cut short", canon, canon[:len(canon)/2], false},
		{"not JSON", canon, "", false},
	} {
		if !strings.Contains(canon, c.from) {
			t.Fatalf("%s: %q is not in the sample", c.name, c.from)
		}
		b := []byte(strings.Replace(canon, c.from, c.to, 1))
		if got := agree(t, b); got != c.fastOK {
			t.Errorf("%s: the fast reader read it %v, want %v", c.name, got, c.fastOK)
		}
	}
}

// TestFastRankingAgreesUnderDamage damages the stored shape a byte at a
// time, as a disk or a hand might: whatever the fast reader reads, it reads
// as encoding/json does.
func TestFastRankingAgreesUnderDamage(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(18, 18))
	alphabet := []byte("{}[],:\"\\0123456789-+.eEnulltrueafsx \x00\x1f\xff\xc3\xa9u")
	for _, rk := range sampleRankings() {
		canon, err := json.Marshal(rk)
		if err != nil {
			t.Fatal(err)
		}
		read := 0
		for range 3000 {
			b := append([]byte(nil), canon...)
			for range 1 + r.IntN(3) {
				i := r.IntN(len(b))
				switch r.IntN(3) {
				case 0:
					b[i] = alphabet[r.IntN(len(alphabet))]
				case 1:
					b = append(b[:i], b[i+1:]...)
				default:
					b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
				}
				if len(b) == 0 {
					break
				}
			}
			if agree(t, b) {
				read++
			}
		}
		if read == 0 {
			t.Errorf("no damaged copy of %s was read fast: the test tests nothing", canon)
		}
	}
}

// BenchmarkLeanRanking reads a ranking of a region's size (about 9 KB: 30
// ranked, 10 excluded, 10 that did not answer) the fast way and with
// encoding/json alone.
func BenchmarkLeanRanking(b *testing.B) {
	s := sampleRankings()[1]
	rk := matching.Ranking{Age: s.Age, Weights: s.Weights}
	for i := range 30 {
		sc := s.Ranked[0]
		sc.Rank, sc.ProviderID = i+1, fmt.Sprintf("P%05d", i)
		rk.Ranked = append(rk.Ranked, sc)
	}
	for i := range 10 {
		rk.Excluded = append(rk.Excluded, matching.Excluded{ProviderID: fmt.Sprintf("X%05d", i), ProviderName: "Hearth Lettings & Support (Wigan)",
			Reason: "the price is over the cap", WeeklyPence: 250000})
		rk.NoResponse = append(rk.NoResponse, matching.ProviderRef{ProviderID: fmt.Sprintf("N%05d", i), ProviderName: "Open Door Support (Bury)"})
	}
	js, err := json.Marshal(rk)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		read func([]byte) (matching.Ranking, error)
	}{{"fast", decodeLeanRanking}, {"encoding-json", slowLeanRanking}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(js)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.read(js); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
