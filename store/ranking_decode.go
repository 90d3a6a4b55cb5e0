package store

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"placematch/matching"
)

// The check against the trail reads every stored ranking (about 9 KB each,
// 48,000 in a region), and encoding/json spent most of the state check on
// them. What the store writes is json.Marshal of a matching.Ranking: one
// exact shape, fields in order, no spaces. fastLeanRanking reads that shape
// directly, keeping what leanRanking keeps; anything else (a space, another
// order, a null, a number that is not what the field holds) it declines,
// and encoding/json reads it as before, so that what is read never depends
// on which way it was read. A kept string with an escape in it is read by
// encoding/json alone.

// decodeLeanRanking is what of a stored ranking the check against the
// trail reads: the ranked (without names and the scores' parts), the
// excluded (the reason) and those that did not answer.
func decodeLeanRanking(b []byte) (matching.Ranking, error) {
	if rk, ok := fastLeanRanking(b); ok {
		return rk, nil
	}
	return slowLeanRanking(b)
}

// slowLeanRanking reads a stored ranking with encoding/json.
func slowLeanRanking(b []byte) (matching.Ranking, error) {
	var lean leanRanking
	if err := json.Unmarshal(b, &lean); err != nil {
		return matching.Ranking{}, err
	}
	rk := matching.Ranking{Ranked: make([]matching.Scored, len(lean.Ranked)), Excluded: make([]matching.Excluded, len(lean.Excluded)),
		NoResponse: make([]matching.ProviderRef, len(lean.NoResponse))}
	for i, s := range lean.Ranked {
		rk.Ranked[i] = matching.Scored{Rank: s.Rank, ProviderID: s.ProviderID, WeeklyPence: s.WeeklyPence, CoverUntil: s.CoverUntil,
			Quality: s.Quality, Rounded: s.Rounded}
	}
	for i, x := range lean.Excluded {
		rk.Excluded[i] = matching.Excluded{ProviderID: x.ProviderID, Reason: x.Reason}
	}
	for i, n := range lean.NoResponse {
		rk.NoResponse[i] = matching.ProviderRef{ProviderID: n.ProviderID}
	}
	return rk, nil
}

// fastLeanRanking reads the shape json.Marshal gives a matching.Ranking,
// declining anything else.
func fastLeanRanking(b []byte) (matching.Ranking, bool) {
	s := jsonScan{b: b}
	var rk matching.Ranking
	if !s.lit(`{"age":`) || !s.number() ||
		!s.lit(`,"weights":{"quality":`) || !s.number() || !s.lit(`,"price":`) || !s.number() ||
		!s.lit(`,"age_cover":`) || !s.number() || !s.lit(`},"ranked":[`) {
		return rk, false
	}
	rk.Ranked = []matching.Scored{}
	if !s.byte(']') {
		for {
			var sc matching.Scored
			var ok bool
			if !s.lit(`{"rank":`) {
				return rk, false
			}
			var n int64
			if n, ok = s.intOf(strconv.IntSize); !ok || !s.lit(`,"provider_id":`) {
				return rk, false
			}
			sc.Rank = int(n)
			if sc.ProviderID, ok = s.keptStr(); !ok || !s.lit(`,"provider_name":`) || !s.skipStr() || !s.lit(`,"weekly_price_pence":`) {
				return rk, false
			}
			if n, ok = s.intOf(64); !ok || !s.lit(`,"cover_until":`) {
				return rk, false
			}
			sc.WeeklyPence = matching.Pence(n)
			if n, ok = s.intOf(strconv.IntSize); !ok || !s.lit(`,"quality":`) {
				return rk, false
			}
			sc.CoverUntil = int(n)
			if sc.Quality, ok = s.float(); !ok ||
				!s.lit(`,"price_score":`) || !s.number() || !s.lit(`,"age_cover_score":`) || !s.number() ||
				!s.lit(`,"total":`) || !s.number() || !s.lit(`,"total_rounded":`) {
				return rk, false
			}
			if sc.Rounded, ok = s.keptStr(); !ok || !s.lit(`,"received_at":`) || !s.skipStr() || !s.byte('}') {
				return rk, false
			}
			rk.Ranked = append(rk.Ranked, sc)
			if s.byte(']') {
				break
			}
			if !s.byte(',') {
				return rk, false
			}
		}
	}
	if !s.lit(`,"excluded":[`) {
		return rk, false
	}
	rk.Excluded = []matching.Excluded{}
	if !s.byte(']') {
		for {
			var x matching.Excluded
			var ok bool
			if !s.lit(`{"provider_id":`) {
				return rk, false
			}
			if x.ProviderID, ok = s.keptStr(); !ok || !s.lit(`,"provider_name":`) || !s.skipStr() || !s.lit(`,"reason":`) {
				return rk, false
			}
			if x.Reason, ok = s.keptStr(); !ok {
				return rk, false
			}
			// weekly_price_pence and detail are left out when empty, and
			// not kept.
			if s.lit(`,"weekly_price_pence":`) && !s.number() {
				return rk, false
			}
			if s.lit(`,"detail":`) && !s.skipStr() {
				return rk, false
			}
			if !s.byte('}') {
				return rk, false
			}
			rk.Excluded = append(rk.Excluded, x)
			if s.byte(']') {
				break
			}
			if !s.byte(',') {
				return rk, false
			}
		}
	}
	if !s.lit(`,"no_response":[`) {
		return rk, false
	}
	rk.NoResponse = []matching.ProviderRef{}
	if !s.byte(']') {
		for {
			var n matching.ProviderRef
			var ok bool
			if !s.lit(`{"provider_id":`) {
				return rk, false
			}
			if n.ProviderID, ok = s.keptStr(); !ok || !s.lit(`,"provider_name":`) || !s.skipStr() || !s.byte('}') {
				return rk, false
			}
			rk.NoResponse = append(rk.NoResponse, n)
			if s.byte(']') {
				break
			}
			if !s.byte(',') {
				return rk, false
			}
		}
	}
	if !s.byte('}') || s.i != len(s.b) {
		return rk, false
	}
	return rk, true
}

// numberToken reads a number as JSON writes it (-?(0|[1-9][0-9]*)
// (.[0-9]+)?([eE][+-]?[0-9]+)?), saying whether it is an integer.
func (s *jsonScan) numberToken() (tok []byte, integer, ok bool) {
	start := s.i
	s.byte('-')
	switch {
	case s.byte('0'):
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return nil, false, false
	}
	integer = true
	if s.byte('.') {
		integer = false
		if !s.digits() {
			return nil, false, false
		}
	}
	if s.byte('e') || s.byte('E') {
		integer = false
		if !s.byte('+') {
			s.byte('-')
		}
		if !s.digits() {
			return nil, false, false
		}
	}
	return s.b[start:s.i], integer, true
}

// digits reads one or more digits.
func (s *jsonScan) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// number reads a number that is not kept: any encoding/json would accept.
func (s *jsonScan) number() bool {
	_, _, ok := s.numberToken()
	return ok
}

// intOf reads an integer as encoding/json reads one into an integer of
// that many bits, declining what it would refuse (a fraction, an exponent,
// too large).
func (s *jsonScan) intOf(bits int) (int64, bool) {
	tok, integer, ok := s.numberToken()
	if !ok || !integer {
		return 0, false
	}
	n, err := strconv.ParseInt(string(tok), 10, bits)
	if err != nil {
		return 0, false
	}
	return n, true
}

// float reads a number as encoding/json reads one into a float64.
func (s *jsonScan) float() (float64, bool) {
	tok, _, ok := s.numberToken()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// strToken reads a JSON string as encoding/json would accept it (escapes
// of the kinds JSON has, no control character), saying whether it needs
// more than a copy to be read: an escape, or text that is not UTF-8.
func (s *jsonScan) strToken() (raw []byte, plain, ok bool) {
	if !s.byte('"') {
		return nil, false, false
	}
	start := s.i
	plain = true
	ascii := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw = s.b[start-1 : s.i+1]
			s.i++
			if plain && !ascii && !utf8.Valid(raw) {
				plain = false
			}
			return raw, plain, true
		case c < 0x20:
			return nil, false, false
		case c == '\\':
			plain = false
			s.i++
			if s.i >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for range 4 {
					s.i++
					if s.i >= len(s.b) || !isHex(s.b[s.i]) {
						return nil, false, false
					}
				}
			default:
				return nil, false, false
			}
		case c >= 0x80:
			ascii = false
		}
		s.i++
	}
	return nil, false, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// skipStr reads a string that is not kept.
func (s *jsonScan) skipStr() bool {
	_, _, ok := s.strToken()
	return ok
}

// keptStr reads a string that is kept: a copy of its bytes when they need
// nothing more, else what encoding/json reads it as.
func (s *jsonScan) keptStr() (string, bool) {
	raw, plain, ok := s.strToken()
	if !ok {
		return "", false
	}
	if plain {
		return string(raw[1 : len(raw)-1]), true
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return "", false
	}
	return str, true
}
