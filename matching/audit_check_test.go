package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCheckEventAgreesWithHashEventAndCommit: the check of an event (its
// hash and its openings worked out without making their hex) finds what
// HashEvent and Commit say, for a structured event whose bytes fit the
// check's buffers and for one whose bytes do not; and a structured
// event's encoding is the documented one.
func TestCheckEventAgreesWithHashEventAndCommit(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 10, 0, 0, 500, time.UTC)
	for _, size := range []int{10, 3000} {
		values := Fields{{Name: "weekly", Value: "£900.00"}, {Name: "note", Value: strings.Repeat("n", size)}}
		salt := strings.Repeat("5a", 16)
		e := Event{Seq: 12, At: at, Actor: "officer", RequestID: "R-1", Action: "answer logged", Version: EventVersion,
			Fields:   Fields{{Name: "provider", Value: "P00001"}, {Name: "answer", Value: Commit(salt, values)}, {Name: "long", Value: strings.Repeat("x", size)}},
			Openings: map[string]Opening{"answer": {Salt: salt, Values: values}}, PrevHash: GenesisHash}
		canon := "2:v2\n" + "2:12\n" + "28:2026-11-20T10:00:00.0000005Z\n" + "7:officer\n" + "3:R-1\n" + "13:answer logged\n" + "1:3\n" +
			"8:provider\n" + "6:P00001\n" + "6:answer\n" + "71:" + e.Fields[1].Value + "\n" + "4:long\n" +
			strconv.Itoa(size) + ":" + strings.Repeat("x", size) + "\n" + "64:" + GenesisHash + "\n"
		sum := sha256.Sum256([]byte(canon))
		if got, want := HashEvent(e), hex.EncodeToString(sum[:]); got != want {
			t.Fatalf("fields of %d bytes: HashEvent = %s, want %s", size, got, want)
		}
		e.Hash = HashEvent(e)
		if c := CheckEvent(e); !c.HashOK || c.BadOpening != "" {
			t.Errorf("fields of %d bytes: the intact event checks as %+v", size, c)
		}
		for _, bad := range []string{strings.ToUpper(e.Hash), e.Hash[:63], e.Hash + "0", ""} {
			e2 := e
			e2.Hash = bad
			if CheckEvent(e2).HashOK {
				t.Errorf("fields of %d bytes: the hash %q checks as the event's", size, bad)
			}
		}
		for _, commitment := range []string{"", "sha256:", strings.TrimPrefix(e.Fields[1].Value, "sha256:"), strings.ToUpper(e.Fields[1].Value),
			"sha512:" + strings.TrimPrefix(e.Fields[1].Value, "sha256:"), e.Fields[1].Value[:70]} {
			e2 := e
			e2.Fields = append(Fields{}, e.Fields...)
			e2.Fields[1].Value = commitment
			if e2.Opens("answer", e.Openings["answer"]) {
				t.Errorf("fields of %d bytes: the opening opens the commitment %q", size, commitment)
			}
		}
		altered := Opening{Salt: salt, Values: Fields{{Name: "weekly", Value: "£901.00"}, values[1]}}
		if !e.Opens("answer", e.Openings["answer"]) || e.Opens("answer", altered) {
			t.Errorf("fields of %d bytes: Opens does not tell the opening from an altered one", size)
		}
	}
}
