package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestHashEventEncoding(t *testing.T) {
	t.Parallel()
	e := Event{
		Seq: 7, At: time.Date(2026, 11, 20, 10, 0, 0, 500, time.UTC), Actor: "officer",
		RequestID: "R-1", Action: "broadcast", Detail: "invited: 3", PrevHash: GenesisHash,
	}
	// The canonical encoding: each field as length:value and a newline.
	canon := "1:7\n" + "28:2026-11-20T10:00:00.0000005Z\n" + "7:officer\n" + "3:R-1\n" +
		"9:broadcast\n" + "10:invited: 3\n" + "64:" + GenesisHash + "\n"
	sum := sha256.Sum256([]byte(canon))
	want := hex.EncodeToString(sum[:])
	if got := HashEvent(e); got != want {
		t.Errorf("HashEvent = %s, want %s: the stored chains would no longer verify", got, want)
	}
	// The same instant in another zone hashes alike.
	e2 := e
	e2.At = e.At.In(time.FixedZone("UTC+5", 5*3600))
	if HashEvent(e2) != want {
		t.Error("HashEvent depends on the time zone of At")
	}
	// The stored Hash field is not part of the hash.
	e3 := e
	e3.Hash = "anything"
	if HashEvent(e3) != want {
		t.Error("HashEvent depends on the Hash field")
	}
}

func TestHashEventCoversEveryField(t *testing.T) {
	t.Parallel()
	base := Event{Seq: 1, At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Actor: "a", RequestID: "R", Action: "x", Detail: "d", PrevHash: GenesisHash}
	h := HashEvent(base)
	tests := []struct {
		name string
		mod  func(*Event)
	}{
		{"seq", func(e *Event) { e.Seq = 2 }},
		{"at", func(e *Event) { e.At = e.At.Add(time.Nanosecond) }},
		{"actor", func(e *Event) { e.Actor = "b" }},
		{"request", func(e *Event) { e.RequestID = "R2" }},
		{"action", func(e *Event) { e.Action = "y" }},
		{"detail", func(e *Event) { e.Detail = "d " }},
		{"prev hash", func(e *Event) { e.PrevHash = strings.Repeat("1", 64) }},
		// Moving text between fields must change the hash too.
		{"actor/request boundary", func(e *Event) { e.Actor, e.RequestID = "aR", "" }},
		{"action/detail boundary", func(e *Event) { e.Action, e.Detail = "xd", "" }},
		{"newline smuggled into a field", func(e *Event) { e.Actor, e.RequestID = "a\n1:R", "" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := base
			tc.mod(&e)
			if HashEvent(e) == h {
				t.Errorf("changing %s left the hash unchanged", tc.name)
			}
		})
	}
}

// chain builds n linked events.
func chain(n int) []Event {
	var out []Event
	prev := GenesisHash
	start := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		e := Event{
			Seq: int64(i), At: start.Add(time.Duration(i) * time.Minute), Actor: "officer",
			RequestID: "R-1", Action: "step", Detail: "detail " + string(rune('a'+i)), PrevHash: prev,
		}
		e.Hash = HashEvent(e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

// verify runs a verifier over events and returns the first break and how
// many events were checked.
func verify(events []Event) (*ChainBreak, int) {
	v := NewChainVerifier()
	for _, e := range events {
		if b := v.Next(e); b != nil {
			return b, v.Count()
		}
	}
	return nil, v.Count()
}

func TestChainVerifier(t *testing.T) {
	t.Parallel()
	rehash := func(e Event) Event { e.Hash = HashEvent(e); return e }
	tests := []struct {
		name       string
		tamper     func([]Event) []Event
		wantSeq    int64 // 0: the chain verifies
		wantReason string
	}{
		{"intact", func(es []Event) []Event { return es }, 0, ""},
		{"empty", func(es []Event) []Event { return nil }, 0, ""},
		{
			"edited detail", func(es []Event) []Event { es[2].Detail = "awarded to B"; return es },
			3, "altered",
		},
		{
			"edited actor", func(es []Event) []Event { es[0].Actor = "someone else"; return es },
			1, "altered",
		},
		{
			"edited time", func(es []Event) []Event { es[4].At = es[4].At.Add(-time.Hour); return es },
			5, "altered",
		},
		{
			"edited and rehashed", func(es []Event) []Event { es[2].Detail = "x"; es[2] = rehash(es[2]); return es },
			4, "does not follow",
		},
		{
			"deleted from the middle", func(es []Event) []Event { return append(es[:2:2], es[3:]...) },
			4, "out of sequence",
		},
		{
			"deleted first", func(es []Event) []Event { return es[1:] },
			2, "out of sequence",
		},
		{
			"deleted and the rest renumbered", func(es []Event) []Event {
				es = append(es[:2:2], es[3:]...)
				for i := 2; i < len(es); i++ {
					es[i].Seq = int64(i + 1)
					es[i] = rehash(es[i])
				}
				return es
			},
			3, "does not follow",
		},
		{
			"inserted a forged event that links to its predecessor", func(es []Event) []Event {
				forged := Event{Seq: 3, At: es[1].At.Add(time.Second), Actor: "intruder", Action: "award", PrevHash: es[1].Hash}
				forged = rehash(forged)
				return append(es[:2:2], append([]Event{forged}, es[2:]...)...)
			},
			3, "out of sequence",
		},
		{
			"inserted a copy of an event", func(es []Event) []Event {
				return append(es[:3:3], append([]Event{es[2]}, es[3:]...)...)
			},
			3, "out of sequence",
		},
		{
			"two events swapped", func(es []Event) []Event { es[1], es[2] = es[2], es[1]; return es },
			3, "out of sequence",
		},
		{
			"two events swapped and their numbers kept in place", func(es []Event) []Event {
				es[1], es[2] = es[2], es[1]
				es[1].Seq, es[2].Seq = 2, 3
				return es
			},
			2, "does not follow",
		},
		{
			"first event does not start from genesis", func(es []Event) []Event {
				es[0].PrevHash = strings.Repeat("f", 64)
				es[0] = rehash(es[0])
				return es
			},
			1, "does not follow",
		},
		{
			"hash field replaced", func(es []Event) []Event { es[3].Hash = strings.Repeat("0", 64); return es },
			4, "altered",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			events := tc.tamper(chain(5))
			b, n := verify(events)
			if tc.wantSeq == 0 {
				if b != nil {
					t.Fatalf("break %v in an intact chain", b)
				}
				if n != len(events) {
					t.Errorf("Count = %d, want %d", n, len(events))
				}
				return
			}
			if b == nil {
				t.Fatal("the tampering was not detected")
			}
			if b.Seq != tc.wantSeq || !strings.Contains(b.Reason, tc.wantReason) {
				t.Errorf("break at %d %q, want at %d %q", b.Seq, b.Reason, tc.wantSeq, tc.wantReason)
			}
			if !strings.HasPrefix(b.Error(), "audit event ") || !strings.Contains(b.Error(), b.Reason) {
				t.Errorf("Error() = %q", b.Error())
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pairs []string
		want  string
	}{
		{nil, ""},
		{[]string{"price", "£950.00"}, "price: £950.00"},
		{[]string{"price", "£950.00", "reason", "", "cover", "21"}, "price: £950.00; cover: 21"},
		{[]string{"a", "", "b", ""}, ""},
		{[]string{"odd"}, ""},
		{[]string{"a", "1", "dangling"}, "a: 1"},
	}
	for _, tc := range tests {
		if got := describe(pairsOf(tc.pairs...)); got != tc.want {
			t.Errorf("describe(pairsOf(%q)) = %q, want %q", tc.pairs, got, tc.want)
		}
	}
}
