package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Event is one entry of the audit trail. Events form a hash chain: each
// event's hash covers its own fields and the previous event's hash, so an
// edited, deleted, inserted or reordered event breaks the chain.
type Event struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	RequestID string    `json:"request_id,omitempty"`
	Action    string    `json:"action"`
	Detail    string    `json:"detail"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

// GenesisHash is the previous hash of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// HashEvent computes an event's hash from its fields and PrevHash. The
// encoding is length-prefixed so no two different events hash alike.
func HashEvent(e Event) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(e.Actor)
	field(e.RequestID)
	field(e.Action)
	field(e.Detail)
	field(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainBreak describes the first event at which the chain fails.
type ChainBreak struct {
	Seq    int64
	Reason string
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
	v.n++
	switch {
	case e.Seq != v.lastSeq+1:
		reason := "is out of sequence: expected event " + strconv.FormatInt(v.lastSeq+1, 10) + " next (an event was deleted, inserted or reordered)"
		return &ChainBreak{Seq: e.Seq, Reason: reason}
	case e.PrevHash != v.prev:
		return &ChainBreak{Seq: e.Seq, Reason: "does not follow the event before it (an event was deleted, inserted or reordered)"}
	case HashEvent(e) != e.Hash:
		return &ChainBreak{Seq: e.Seq, Reason: "was altered: its content no longer matches its hash"}
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

// Describe renders key=value pairs for an event's detail in a stable order,
// readable by a person years later.
func Describe(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(pairs[i])
		b.WriteString(": ")
		b.WriteString(pairs[i+1])
	}
	return b.String()
}
