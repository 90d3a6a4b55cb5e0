package store

import (
	"bytes"
	"unicode/utf8"
	"unsafe"

	"placematch/matching"
)

// The audit trail's fields and openings are read back a million at a time
// (audit verify, the trail's exports), and encoding/json spent most of that
// walk on them. What the store writes has one exact shape (appendPairs,
// encodeOpenings): no spaces, and strings that need no escape but for the
// few that have one. fastPairs and fastOpenings read that shape directly;
// anything else (an escape, a space, another shape, text that is not
// UTF-8) they decline, and encoding/json reads it as before, so that what
// is read never depends on which way it was read.

// jsonScan reads the canonical JSON the store writes, declining anything
// else.
type jsonScan struct {
	b []byte
	i int
	// shared is set when b is the bytes of a Go string, which never
	// change: the strings read are then parts of it, not copies.
	shared bool
	// arena, when set, is where the fields read are cut from, so that a
	// batch of events makes a few allocations for all their fields.
	arena *matching.Fields
}

func (s *jsonScan) byte(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string with no escape in it, of valid UTF-8 with no control
// character: what encoding/json would read it as, byte for byte.
func (s *jsonScan) str() (string, bool) {
	if !s.byte('"') {
		return "", false
	}
	start := s.i
	ascii := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			if !ascii && !utf8.Valid(raw) {
				return "", false
			}
			if s.shared && len(raw) > 0 {
				return unsafe.String(&raw[0], len(raw)), true
			}
			return string(raw), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
		s.i++
	}
	return "", false
}

// lit reads the exact bytes of lit.
func (s *jsonScan) lit(lit string) bool {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}

// pairs reads [["name","value"],...].
func (s *jsonScan) pairs() (matching.Fields, bool) {
	if !s.byte('[') {
		return nil, false
	}
	// Count the pairs first, so the fields are one allocation.
	n := bytes.Count(s.b[s.i:], []byte{'['})
	var fs matching.Fields
	if a := s.arena; a != nil {
		if cap(*a)-len(*a) < n {
			*a = make(matching.Fields, 0, max(fieldArena, n))
		}
		// Capped at n, so that appending to the fields never reaches
		// the next event's.
		fs = (*a)[len(*a) : len(*a) : len(*a)+n]
		*a = (*a)[:len(*a)+n]
	} else {
		fs = make(matching.Fields, 0, n)
	}
	if s.byte(']') {
		return fs, true
	}
	for {
		if !s.byte('[') {
			return nil, false
		}
		name, ok := s.str()
		if !ok || !s.byte(',') {
			return nil, false
		}
		value, ok := s.str()
		if !ok || !s.byte(']') {
			return nil, false
		}
		fs = append(fs, matching.Field{Name: name, Value: value})
		if s.byte(']') {
			return fs, true
		}
		if !s.byte(',') {
			return nil, false
		}
	}
}

// fastPairs reads fields as appendPairs wrote them; ok is false for
// anything else.
func fastPairs(b []byte) (matching.Fields, bool) {
	return fastPairsOf(jsonScan{b: b})
}

func fastPairsOf(s jsonScan) (matching.Fields, bool) {
	b := s.b
	fs, ok := s.pairs()
	if !ok || s.i != len(b) {
		return nil, false
	}
	return fs, true
}

// fastOpenings reads openings as encodeOpenings wrote them; ok is false for
// anything else (a name twice, too).
func fastOpenings(b []byte) (map[string]matching.Opening, bool) {
	return fastOpeningsOf(jsonScan{b: b})
}

func fastOpeningsOf(s jsonScan) (map[string]matching.Opening, bool) {
	b := s.b
	if !s.byte('{') {
		return nil, false
	}
	out := make(map[string]matching.Opening, 1)
	if s.byte('}') {
		return out, s.i == len(b)
	}
	for {
		name, ok := s.str()
		if !ok || !s.lit(`:{"salt":`) {
			return nil, false
		}
		salt, ok := s.str()
		if !ok || !s.lit(`,"values":`) {
			return nil, false
		}
		values, ok := s.pairs()
		if !ok || !s.byte('}') {
			return nil, false
		}
		if _, twice := out[name]; twice {
			return nil, false
		}
		out[name] = matching.Opening{Salt: salt, Values: values}
		if s.byte('}') {
			return out, s.i == len(b)
		}
		if !s.byte(',') {
			return nil, false
		}
	}
}

// fieldArena is how many fields an arena's slab holds.
const fieldArena = 4096

// decodeFieldsShared is decodeFields of a string's bytes, the strings read
// being parts of it (the walk of the trail reads each event's columns as
// strings the driver made for it alone).
func decodeFieldsShared(str string, arena *matching.Fields) (matching.Fields, error) {
	if str == "" {
		return nil, nil
	}
	if fs, ok := fastPairsOf(jsonScan{b: readOnlyBytes(str), shared: true, arena: arena}); ok {
		return fs, nil
	}
	return decodeFields(readOnlyBytes(str))
}

// decodeOpeningsShared is decodeOpenings as decodeFieldsShared is
// decodeFields.
func decodeOpeningsShared(str string, arena *matching.Fields) (map[string]matching.Opening, error) {
	if str == "" {
		return nil, nil
	}
	if os, ok := fastOpeningsOf(jsonScan{b: readOnlyBytes(str), shared: true, arena: arena}); ok {
		return os, nil
	}
	return decodeOpenings(readOnlyBytes(str))
}
