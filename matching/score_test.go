package matching

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestScoreExactIsScoreRat: the integer scoring gives exactly what the
// rational scoring gives, part for part, on random offers and on the edges.
func TestScoreExactIsScoreRat(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(4, 5))
	type offer struct {
		w               Weights
		quality         float64
		minPrice, price Pence
		cover, age      int
	}
	offers := []offer{
		{Weights{50, 35, 15}, 100, MaxPence, MaxPence, 30, 0},
		{Weights{100, 0, 0}, 100, 1, MaxPence, 25, 24},
		{Weights{0, 100, 0}, 0, 1, MaxPence, 1, 0},
		{Weights{0, 0, 100}, 99.9999, 1, 1, 25, 24},
		{Weights{34, 33, 33}, 0.0001, 99999, 100000, 16, 17},
		{Weights{50, 35, 15}, 82.125, 95000, 95000, 21, 16},
	}
	for range 20000 {
		wq := rng.IntN(101)
		wp := rng.IntN(101 - wq)
		var q float64
		switch rng.IntN(3) {
		case 0:
			q = float64(rng.IntN(101))
		case 1:
			q, _ = strconv.ParseFloat(strconv.Itoa(rng.IntN(100))+"."+strconv.Itoa(rng.IntN(10000)), 64)
		default:
			q = float64(rng.IntN(1000001)) / 1e4
		}
		m := Pence(1 + rng.Int64N(int64(MaxPence)))
		if rng.IntN(2) == 0 {
			m = Pence(1 + rng.Int64N(300000))
		}
		p := m + Pence(rng.Int64N(int64(MaxPence-m)+1))
		if rng.IntN(2) == 0 {
			p = m + Pence(rng.Int64N(200000))
		}
		offers = append(offers, offer{Weights{wq, wp, 100 - wq - wp}, q, m, min(p, MaxPence), 1 + rng.IntN(30), rng.IntN(25)})
	}
	for _, o := range offers {
		var exact, rat Scored
		ce, ok := scoreExact(&exact, o.w, o.quality, o.minPrice, o.price, o.cover, o.age)
		if !ok {
			t.Fatalf("scoreExact refused %+v", o)
		}
		cr := scoreRat(&rat, o.w, o.quality, o.minPrice, o.price, o.cover, o.age)
		if ce != cr || exact != rat {
			t.Fatalf("%+v:\n exact %d %+v\n   rat %d %+v", o, ce, exact, cr, rat)
		}
	}
	// What the integers cannot hold goes to the rationals.
	var s Scored
	for _, o := range []offer{
		{Weights{50, 35, 15}, 82.12345, 1000, 1000, 25, 16},
		{Weights{50, 35, 15}, 101, 1000, 1000, 25, 16},
		{Weights{50, 35, 15}, 80, 1000, MaxPence + 1, 25, 16},
		{Weights{50, 35, 15}, 80, 1000, 1000, 25, 25},
	} {
		if _, ok := scoreExact(&s, o.w, o.quality, o.minPrice, o.price, o.cover, o.age); ok {
			t.Errorf("scoreExact took %+v", o)
		}
	}
}
