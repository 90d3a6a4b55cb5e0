package matching

import (
	"math"
	"math/big"
	"slices"
	"strconv"
	"time"
)

// Response is a provider's answer to an invitation: an offer or a decline.
// A later answer from the same provider replaces its earlier one.
type Response struct {
	ProviderID    string
	Declined      bool
	DeclineReason string
	Weekly        Pence
	CoverUntil    int // 0: the provider's own cover on the register
	Start         time.Time
	Received      time.Time
	Note          string
	WithdrawnAt   time.Time
	RecordedAt    time.Time
	RecordedBy    string
}

// Withdrawn reports whether the provider took its offer back.
func (r Response) Withdrawn() bool { return !r.WithdrawnAt.IsZero() }

// Late reports whether the answer arrived after the deadline.
func (r Response) Late(deadline time.Time) bool { return r.Received.After(deadline) }

// Exclusion reasons for offers that are not ranked.
const (
	ExclDeclined      = "declined"
	ExclWithdrawn     = "withdrawn"
	ExclLate          = "late"
	ExclAbovePriceCap = "above_price_cap"
	ExclAgeNotCovered = "age_not_covered"
	ExclNotAdmitted   = "provider_not_admitted"
)

// Entrant is an invited provider as it stood at close, which is what its
// offer is judged on: whether it was still admitted and its quality score.
type Entrant struct {
	ProviderID   string
	ProviderName string
	Quality      float64
	CoverUntil   int // the provider's cover on the register
	Admitted     bool
}

// Scored is a compliant offer with every part of its score. The parts are
// exact to float64 precision; Total is the unrounded total and Rounded the
// total that ranks.
type Scored struct {
	Rank          int       `json:"rank"`
	ProviderID    string    `json:"provider_id"`
	ProviderName  string    `json:"provider_name"`
	WeeklyPence   Pence     `json:"weekly_price_pence"`
	CoverUntil    int       `json:"cover_until"`
	Quality       float64   `json:"quality"`
	PriceScore    float64   `json:"price_score"`
	AgeCoverScore float64   `json:"age_cover_score"`
	Total         float64   `json:"total"`
	Rounded       string    `json:"total_rounded"`
	Received      time.Time `json:"received_at"`
}

// Excluded is an answer that is not ranked, with the reason.
type Excluded struct {
	ProviderID   string `json:"provider_id"`
	ProviderName string `json:"provider_name"`
	Reason       string `json:"reason"`
	WeeklyPence  Pence  `json:"weekly_price_pence,omitempty"`
	Detail       string `json:"detail,omitempty"`
}

// ProviderRef names a provider.
type ProviderRef struct {
	ProviderID   string `json:"provider_id"`
	ProviderName string `json:"provider_name"`
}

// Ranking is the result of evaluating a request's answers.
type Ranking struct {
	Age        int           `json:"age"`
	Weights    Weights       `json:"weights"`
	Ranked     []Scored      `json:"ranked"`
	Excluded   []Excluded    `json:"excluded"`
	NoResponse []ProviderRef `json:"no_response"`
}

// Rank evaluates the answers of a request's entrants by the rules under
// Scoring in the package documentation (doc.go). deadline is the effective deadline (the close time when closed
// early). Answers from providers that are not entrants are ignored.
func Rank(r Request, deadline time.Time, entrants []Entrant, responses []Response) Ranking {
	age := r.Age()
	out := Ranking{Age: age, Weights: r.Weights, Ranked: []Scored{}, Excluded: []Excluded{}, NoResponse: []ProviderRef{}}
	byID := map[string]Response{}
	for _, resp := range responses {
		byID[resp.ProviderID] = resp
	}
	type cand struct {
		e     Entrant
		resp  Response
		cover int
	}
	var comp []cand
	for _, e := range entrants {
		resp, ok := byID[e.ProviderID]
		if !ok {
			out.NoResponse = append(out.NoResponse, ProviderRef{e.ProviderID, e.ProviderName})
			continue
		}
		cover := e.CoverUntil
		if resp.CoverUntil > 0 {
			cover = resp.CoverUntil
		}
		ex := Excluded{ProviderID: e.ProviderID, ProviderName: e.ProviderName, WeeklyPence: resp.Weekly}
		switch {
		case resp.Declined:
			ex.Reason, ex.Detail, ex.WeeklyPence = ExclDeclined, resp.DeclineReason, 0
		case resp.Withdrawn():
			ex.Reason = ExclWithdrawn
		case resp.Late(deadline):
			ex.Reason = ExclLate
			ex.Detail = ReceivedWords(resp.Received, deadline)
		case resp.Weekly <= 0 || r.AbovePriceCap(resp.Weekly):
			ex.Reason = ExclAbovePriceCap
			ex.Detail = resp.Weekly.String() + " a week, cap " + r.PriceCap.String()
		case cover <= age:
			ex.Reason = ExclAgeNotCovered
			ex.Detail = "cover until " + strconv.Itoa(cover) + ", age " + strconv.Itoa(age)
		case !e.Admitted:
			ex.Reason = ExclNotAdmitted
		default:
			comp = append(comp, cand{e, resp, cover})
			continue
		}
		out.Excluded = append(out.Excluded, ex)
	}
	if len(comp) == 0 {
		return out
	}
	minPrice := comp[0].resp.Weekly
	for _, c := range comp[1:] {
		minPrice = min(minPrice, c.resp.Weekly)
	}
	rows := make([]scoredRow, 0, len(comp))
	for _, c := range comp {
		s := Scored{
			ProviderID:   c.e.ProviderID,
			ProviderName: c.e.ProviderName,
			WeeklyPence:  c.resp.Weekly,
			CoverUntil:   c.cover,
			Received:     c.resp.Received,
		}
		cents, ok := scoreExact(&s, r.Weights, c.e.Quality, minPrice, c.resp.Weekly, c.cover, age)
		if !ok {
			cents = scoreRat(&s, r.Weights, c.e.Quality, minPrice, c.resp.Weekly, c.cover, age)
		}
		rows = append(rows, scoredRow{s, cents})
	}
	// Equal rounded totals are ties, broken by quality (higher; the order of
	// the scores as floats is the order of the decimals they were written
	// as), then weekly price (lower), received (earlier) and provider id.
	slices.SortFunc(rows, func(x, y scoredRow) int {
		if x.cents != y.cents {
			if x.cents > y.cents {
				return -1
			}
			return 1
		}
		if x.s.Quality != y.s.Quality {
			if x.s.Quality > y.s.Quality {
				return -1
			}
			return 1
		}
		if x.s.WeeklyPence != y.s.WeeklyPence {
			if x.s.WeeklyPence < y.s.WeeklyPence {
				return -1
			}
			return 1
		}
		if c := x.s.Received.Compare(y.s.Received); c != 0 {
			return c
		}
		return compareStrings(x.s.ProviderID, y.s.ProviderID)
	})
	out.Ranked = make([]Scored, 0, len(rows))
	for i, row := range rows {
		row.s.Rank = i + 1
		out.Ranked = append(out.Ranked, row.s)
	}
	return out
}

// scoredRow is a compliant offer's score with its total rounded to two
// decimals, in hundredths.
type scoredRow struct {
	s     Scored
	cents int64
}

// scoreRat scores an offer exactly with rationals and returns its rounded
// total in hundredths.
func scoreRat(s *Scored, w Weights, quality float64, minPrice, weekly Pence, cover, age int) int64 {
	hundred := big.NewRat(100, 1)
	q := decimalRat(quality)
	p := new(big.Rat).Mul(hundred, big.NewRat(int64(minPrice), int64(weekly)))
	a := ageCoverScore(cover, age)
	total := new(big.Rat).Mul(big.NewRat(int64(w.Quality), 1), q)
	total.Add(total, new(big.Rat).Mul(big.NewRat(int64(w.Price), 1), p))
	total.Add(total, new(big.Rat).Mul(big.NewRat(int64(w.AgeCover), 1), a))
	total.Quo(total, hundred)
	cents := roundScaled(total, 2)
	s.Quality, s.PriceScore, s.AgeCoverScore, s.Total = ratFloat(q), ratFloat(p), ratFloat(a), ratFloat(total)
	s.Rounded = new(big.Rat).SetFrac(cents, big.NewInt(100)).FloatString(2)
	return cents.Int64()
}

// scoreExact scores an offer exactly as scoreRat does, in integers: with the
// quality score written to at most four decimals (as the register allows),
// prices up to MaxPence, weights up to 100 and ages 0 to 24, the total over
// a common denominator fits in 64 bits. It reports false for anything else,
// which scoreRat then scores. Ranking a thousand offers with rationals
// alone takes milliseconds.
func scoreExact(s *Scored, w Weights, quality float64, minPrice, weekly Pence, cover, age int) (int64, bool) {
	if !(quality >= 0 && quality <= 100) || minPrice <= 0 || weekly < minPrice || weekly > MaxPence ||
		age < 0 || age >= 25 || w.Quality < 0 || w.Price < 0 || w.AgeCover < 0 || w.Quality > 100 || w.Price > 100 || w.AgeCover > 100 {
		return 0, false
	}
	q := math.Round(quality * 1e4)
	if q/1e4 != quality {
		return 0, false // more than four decimals
	}
	// Q = q/10⁴, P = 100·m/p, A = 100·c/d; 100 × total = N/D with
	// D = 10⁴·p·d. Every term is at most 2.5×10¹⁸.
	qi, m, p := uint64(q), uint64(minPrice), uint64(weekly)
	d := uint64(25 - age)
	c := uint64(max(min(cover, 25)-age, 0))
	n := uint64(w.Quality)*qi*p*d + uint64(w.Price)*100*m*1e4*d + uint64(w.AgeCover)*100*c*1e4*p
	den := 1e4 * p * d
	cents := (2*n + den) / (2 * den) // halves away from zero; everything is positive
	s.Quality = quality
	s.PriceScore = float64(100*m) / float64(p) // exact operands: the quotient is correctly rounded
	s.AgeCoverScore = float64(100*c) / float64(d)
	if n <= 1<<53 && 100*den <= 1<<53 {
		s.Total = float64(n) / float64(100*den) // both exact: the quotient is correctly rounded
	} else {
		s.Total, _ = new(big.Rat).SetFrac(new(big.Int).SetUint64(n), new(big.Int).SetUint64(100*den)).Float64()
	}
	s.Rounded = strconv.FormatUint(cents/100, 10) + "." + strconv.FormatUint(cents/10%10, 10) + strconv.FormatUint(cents%10, 10)
	return int64(cents), true
}

// ageCoverScore is 100 × (min(cover, 25) − age) / (25 − age), clamped to
// 0–100. Ages are 0–24, so the divisor is never zero.
func ageCoverScore(cover, age int) *big.Rat {
	if age >= 25 {
		return new(big.Rat)
	}
	v := big.NewRat(int64(100*(min(cover, 25)-age)), int64(25-age))
	if v.Sign() < 0 {
		return new(big.Rat)
	}
	if v.Cmp(big.NewRat(100, 1)) > 0 {
		return big.NewRat(100, 1)
	}
	return v
}

// decimalRat turns a quality score back into the decimal it was written as
// (the shortest form that round-trips), so 82.1 scores as exactly 82.1.
func decimalRat(f float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// RoundHalfAway rounds x to d decimals, halves away from zero, exactly.
func RoundHalfAway(x *big.Rat, d int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	return new(big.Rat).SetFrac(roundScaled(x, d), scale)
}

// roundScaled is x × 10^d rounded to a whole number, halves away from zero.
func roundScaled(x *big.Rat, d int) *big.Int {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	scaled := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	num := new(big.Int).Abs(scaled.Num())
	den := scaled.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	// Round up when the remainder is at least half the denominator.
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if scaled.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// Format2 shows a score to two decimals, rounding halves away from zero.
func Format2(f float64) string {
	return RoundHalfAway(decimalRat(f), 2).FloatString(2)
}

// AbovePriceCap says whether a weekly price is above the request's price
// cap, which leaves it out of the ranking.
func (r Request) AbovePriceCap(weekly Pence) bool { return r.PriceCap > 0 && weekly > r.PriceCap }
