package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one entry of the audit trail: who did what, when, to which
// request, with the facts the change set. Events form a hash chain: each
// event's hash covers its own content and the previous event's hash, so an
// edited, deleted, inserted or reordered event breaks the chain.
//
// An event of version 2 (every event written now) records its facts as
// named Fields, so that the state can be checked against the trail. What
// must stay hidden is carried in a field as a commitment, a salted hash
// (see Commit): a sealed offer's contents until the offers are opened, and
// the young person's personal data. The Openings that open those
// commitments (the salt and the values) are kept beside the event but
// outside its hash, so that a copy of the trail without them still
// verifies, and a stored value that no longer matches its commitment is
// seen. An event of version 1, written before fields existed, carries a
// free-text Detail instead, and keeps verifying as it was written.
type Event struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	RequestID string    `json:"request_id,omitempty"`
	Action    string    `json:"action"`
	// Version is the encoding of the event: 0 or 1 for the free-text
	// events of old stores, EventVersion for structured ones.
	Version int    `json:"version"`
	Fields  Fields `json:"fields,omitempty"`
	// Detail is the event in words: as written, for version 1; made from
	// the fields (see Words) when read, for version 2. Not hashed then.
	Detail string `json:"detail"`
	// Openings open the event's commitments, by the name of the field that
	// holds each. Not hashed.
	Openings map[string]Opening `json:"openings,omitempty"`
	PrevHash string             `json:"prev_hash"`
	Hash     string             `json:"hash"`
}

// EventVersion is the version of the events written now.
const EventVersion = 2

// Structured reports whether the event records its facts as fields.
func (e Event) Structured() bool { return e.Version >= 2 }

// Field is one named fact of an event, in its canonical text: times in
// RFC 3339 (UTC), dates as YYYY-MM-DD, money as £1,200.50, lists joined by
// spaces or "; ".
type Field struct {
	Name  string
	Value string
}

// Fields are an event's facts in the order they were recorded.
type Fields []Field

// Get is the value of the named field, or "".
func (fs Fields) Get(name string) string {
	for _, f := range fs {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// MarshalJSON writes the fields as one object, in their order.
func (fs Fields) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, f.Name)
		b = append(b, ':')
		b = AppendJSONString(b, f.Value)
	}
	return append(b, '}'), nil
}

// pairsOf pairs names with values, leaving out those with no value.
func pairsOf(pairs ...string) Fields {
	out := make(Fields, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, Field{pairs[i], pairs[i+1]})
		}
	}
	return out
}

// Opening is what opens a commitment: its salt and the values committed to.
type Opening struct {
	Salt   string `json:"salt"`
	Values Fields `json:"values"`
}

// Commit is the commitment to values under a salt: "sha256:" and the hex
// SHA-256 of the salt and the values in a length-prefixed form. Without the
// salt, a commitment tells nothing of values that could be guessed (an
// initial, a price); with it, it shows whether a stored value was changed.
func Commit(salt string, values Fields) string {
	sum := commitSum(salt, values)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// commitSum is the sum Commit writes in hex, the bytes hashed made on the
// stack when they fit.
func commitSum(salt string, values Fields) [sha256.Size]byte {
	var buf [512]byte
	b := buf[:0]
	b = appendPrefixed(b, "placematch commitment 1")
	b = appendPrefixed(b, salt)
	for _, v := range values {
		b = appendPrefixed(b, v.Name)
		b = appendPrefixed(b, v.Value)
	}
	return sha256.Sum256(b)
}

// Opens reports whether an opening opens the commitment held in the named
// field of e.
func (e Event) Opens(name string, o Opening) bool {
	c := e.Fields.Get(name)
	if len(c) <= len("sha256:") || c[:len("sha256:")] != "sha256:" {
		return false
	}
	sum := commitSum(o.Salt, o.Values)
	return hexIs(c[len("sha256:"):], sum[:])
}

// commit adds a field holding the commitment to values, and its opening.
func (e *Event) commit(name, salt string, values Fields) {
	e.Fields = append(e.Fields, Field{name, Commit(salt, values)})
	if e.Openings == nil {
		e.Openings = map[string]Opening{}
	}
	e.Openings[name] = Opening{Salt: salt, Values: values}
}

// Commitment fields.
const (
	// FieldPersonal commits to the young person's case reference, initials
	// and date of birth.
	FieldPersonal = "personal"
	// FieldAnswer commits to a provider's answer: what it offered or why it
	// declined, and whether it was withdrawn.
	FieldAnswer = "answer"
)

// WithoutOpenings is the event with only the openings keep accepts (by
// field name): what a reader may see of what its commitments hide.
func (e Event) WithoutOpenings(keep func(name string) bool) Event {
	if len(e.Openings) == 0 {
		return e
	}
	kept := map[string]Opening{}
	for name, o := range e.Openings {
		if keep != nil && keep(name) {
			kept[name] = o
		}
	}
	e.Openings = nil
	if len(kept) > 0 {
		e.Openings = kept
	}
	return e
}

// GenesisHash is the previous hash of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// appendPrefixed writes a field as its length in bytes, a colon, the text
// and a newline, so that no two different sequences of fields write alike.
func appendPrefixed(b []byte, s string) []byte {
	b = appendLength(b, len(s))
	b = append(b, ':')
	b = append(b, s...)
	return append(b, '\n')
}

// HashEvent computes an event's hash from its content and PrevHash, in the
// encoding of its version. Version 1: sequence, time, actor, request,
// action, detail and previous hash. Version 2 begins with "v2" (which no
// sequence number can be) and holds the count of fields and each name and
// value in place of the detail. The Detail of a structured event and the
// openings are not hashed.
func HashEvent(e Event) string {
	sum := hashEventSum(e)
	return hex.EncodeToString(sum[:])
}

// hashEventSum is the sum HashEvent writes in hex. The bytes hashed are
// made in a buffer on the stack when they fit, so that checking a million
// events allocates nothing for it.
func hashEventSum(e Event) [sha256.Size]byte {
	n := 256 + len(e.Detail)
	for _, f := range e.Fields {
		n += len(f.Name) + len(f.Value) + 16
	}
	var buf [1024]byte
	b := buf[:0]
	if n > len(buf) {
		b = make([]byte, 0, n)
	}
	var num [64]byte
	if e.Structured() {
		b = appendPrefixedBytes(b, strconv.AppendInt(append(num[:0], 'v'), int64(e.Version), 10))
	}
	b = appendPrefixedBytes(b, strconv.AppendInt(num[:0], e.Seq, 10))
	b = appendPrefixedBytes(b, e.At.UTC().AppendFormat(num[:0], time.RFC3339Nano))
	b = appendPrefixed(b, e.Actor)
	b = appendPrefixed(b, e.RequestID)
	b = appendPrefixed(b, e.Action)
	if e.Structured() {
		b = appendPrefixed(b, strconv.Itoa(len(e.Fields)))
		for _, f := range e.Fields {
			b = appendPrefixed(b, f.Name)
			b = appendPrefixed(b, f.Value)
		}
	} else {
		b = appendPrefixed(b, e.Detail)
	}
	b = appendPrefixed(b, e.PrevHash)
	return sha256.Sum256(b)
}

// appendLength is strconv.AppendInt of a length, the lengths under 100
// (nearly every one hashed) without it: a million events' check writes
// some twenty million.
func appendLength(b []byte, n int) []byte {
	switch {
	case n >= 0 && n < 10:
		return append(b, byte('0'+n))
	case n >= 10 && n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// appendPrefixedBytes is appendPrefixed of bytes.
func appendPrefixedBytes(b, s []byte) []byte {
	b = appendLength(b, len(s))
	b = append(b, ':')
	b = append(b, s...)
	return append(b, '\n')
}

// hexIs reports whether h is sum in lower-case hex, without making the
// hex.
func hexIs(h string, sum []byte) bool {
	var buf [2 * sha256.Size]byte
	if len(h) != 2*len(sum) {
		return false
	}
	hex.Encode(buf[:], sum)
	return string(buf[:len(h)]) == h
}

// ChainBreak describes the first event at which the chain fails.
type ChainBreak struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

func (b ChainBreak) Error() string {
	return "audit event " + strconv.FormatInt(b.Seq, 10) + " " + b.Reason
}

// ChainVerifier checks events one at a time, in stored order, so a long
// trail need not be held in memory.
type ChainVerifier struct {
	prev    string
	lastSeq int64
	n       int
}

// NewChainVerifier starts a check at the beginning of the trail.
func NewChainVerifier() *ChainVerifier { return &ChainVerifier{prev: GenesisHash} }

// Next checks one event; it returns the break at that event, or nil.
func (v *ChainVerifier) Next(e Event) *ChainBreak {
	return v.NextChecked(e, CheckEvent(e))
}

// EventCheck is what an event's check finds from the event alone (see
// CheckEvent): whether its content matches its hash, and which opening, if
// any, no longer opens its commitment. It needs no other event, so a long
// trail's events can be checked on many goroutines while the chain is
// linked in order on one (ChainVerifier.NextChecked).
type EventCheck struct {
	HashOK bool
	// BadOpening names the field whose kept values no longer match the
	// commitment the event made ("" when every opening opens), the first
	// by name.
	BadOpening string
}

// CheckEvent checks what of an event needs no other: its hash and its
// openings.
func CheckEvent(e Event) EventCheck {
	sum := hashEventSum(e)
	c := EventCheck{HashOK: hexIs(e.Hash, sum[:])}
	for name, o := range e.Openings {
		if (c.BadOpening == "" || name < c.BadOpening) && !e.Opens(name, o) {
			c.BadOpening = name
		}
	}
	return c
}

// NextChecked is Next given the event's own check, worked out beforehand
// (CheckEvent): it links the event to the one before and returns the same
// break Next would.
func (v *ChainVerifier) NextChecked(e Event, c EventCheck) *ChainBreak {
	v.n++
	switch {
	case e.Seq != v.lastSeq+1:
		reason := "is out of sequence: expected event " + strconv.FormatInt(v.lastSeq+1, 10) + " next (an event was deleted, inserted or reordered)"
		return &ChainBreak{Seq: e.Seq, Reason: reason}
	case e.PrevHash != v.prev:
		return &ChainBreak{Seq: e.Seq, Reason: "does not follow the event before it (an event was deleted, inserted or reordered)"}
	case !c.HashOK:
		return &ChainBreak{Seq: e.Seq, Reason: "was altered: its content no longer matches its hash"}
	case c.BadOpening != "":
		return &ChainBreak{Seq: e.Seq, Reason: "keeps values for its " + c.BadOpening + " field that no longer match what the event committed to (they were altered)"}
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	return nil
}

// End checks, after the last event, that the trail is as long as the store
// says it grew: the newest events deleted leave no gap to see in the chain
// itself. written is the number of events the store recorded writing, 0 when
// it does not know.
func (v *ChainVerifier) End(written int64) *ChainBreak {
	if written > v.lastSeq {
		return &ChainBreak{Seq: v.lastSeq + 1, Reason: "is missing: the trail ends at event " + strconv.FormatInt(v.lastSeq, 10) +
			" but " + strconv.FormatInt(written, 10) + " events were written (the newest events were deleted)"}
	}
	return nil
}

// Count is how many events were checked.
func (v *ChainVerifier) Count() int { return v.n }

// AppendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, and DEL and the C1 controls too (which some
// terminals obey), so the text stays inert wherever it is printed.
func AppendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		// Quote, backslash, C0 controls and DEL; 0xc2 and 0xe2 begin the
		// C1 controls and the line separators, and bytes from 0x80 on may
		// not be UTF-8: all those go the careful way.
		c := s[i]
		plain = c >= 0x20 && c != '"' && c != '\\' && c < 0x7f
	}
	if plain {
		b = append(b, s...)
		return append(b, '"')
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029:
			b = append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
