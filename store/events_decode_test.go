package store

import (
	"reflect"
	"testing"

	"placematch/matching"
)

// slowFields and slowOpenings are the reading by encoding/json alone,
// which the fast readers must agree with wherever they accept.
var slowFields, slowOpenings = jsonFields, jsonOpenings

var decodeSeeds = []string{
	`[]`,
	`[["provider","P01216"],["weekly","£1,025.00"]]`,
	`[["a","line\nbreak"],["b","quote \" and \\ back"]]`,
	`[["a","\u0085 C1"],["b","` + "\u2028" + `"]]`,
	`[ ["a","b"] ]`,
	`[["a","b","c"]]`,
	`[["a"]]`,
	`[["a",null]]`,
	`[["a","b"],]`,
	"[[\"a\",\"\xff\"]]",
	"[[\"a\",\"\x01\"]]",
	`{"answer":{"salt":"5cd6","values":[["declined",""],["weekly","£980.00"]]}}`,
	`{"answer":{"salt":"5cd6","values":[]},"personal":{"salt":"aa","values":[["case","X"]]}}`,
	`{"answer":{"salt":"1","values":[]},"answer":{"salt":"2","values":[]}}`,
	`{"answer":{"Salt":"1","values":[]}}`,
	`{"answer":{"values":[],"salt":"1"}}`,
	`{}`,
	`{"a":{"salt":"1","values":[["x","y"]]}} `,
}

// TestFastDecodeAgrees holds the fast readers to encoding/json: wherever
// they accept, they read what it reads.
func TestFastDecodeAgrees(t *testing.T) {
	t.Parallel()
	accepted := 0
	for _, s := range decodeSeeds {
		if fs, ok := fastPairs([]byte(s)); ok {
			accepted++
			want, err := slowFields([]byte(s))
			if err != nil || !reflect.DeepEqual(fs, want) {
				t.Errorf("fields %q: fast %#v, encoding/json %#v (%v)", s, fs, want, err)
			}
		}
		if os, ok := fastOpenings([]byte(s)); ok {
			accepted++
			want, err := slowOpenings([]byte(s))
			if err != nil || !reflect.DeepEqual(os, want) {
				t.Errorf("openings %q: fast %#v, encoding/json %#v (%v)", s, os, want, err)
			}
		}
	}
	if accepted < 5 {
		t.Fatalf("the fast readers accepted only %d of the seeds: they are not being used", accepted)
	}
	// What the store writes, the fast readers take, and read back whole.
	fs := matching.Fields{{Name: "weekly", Value: "£1,200.50"}, {Name: "note", Value: "plain"}, {Name: "tab", Value: "a\tb"}}
	if got, ok := fastPairs([]byte(encodeFieldsForTest(fs[:2]))); !ok || !reflect.DeepEqual(got, fs[:2]) {
		t.Errorf("fastPairs(encodeFields) = %#v, %v", got, ok)
	}
	got, err := decodeFields([]byte(encodeFieldsForTest(fs)))
	if err != nil || !reflect.DeepEqual(got, fs) {
		t.Errorf("an escaped value reads back as %#v, %v", got, err)
	}
	os := map[string]matching.Opening{"answer": {Salt: "s", Values: fs[:2]}, "personal": {Salt: "t", Values: matching.Fields{}}}
	if got, ok := fastOpenings([]byte(encodeOpenings(os))); !ok || !reflect.DeepEqual(got, os) {
		t.Errorf("fastOpenings(encodeOpenings) = %#v, %v", got, ok)
	}
}

// FuzzFastDecode: for any input the fast readers accept, encoding/json
// reads the same.
func FuzzFastDecode(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fs, ok := fastPairs([]byte(s)); ok {
			want, err := slowFields([]byte(s))
			if err != nil || !reflect.DeepEqual(fs, want) {
				t.Fatalf("fields %q: fast %#v, encoding/json %#v (%v)", s, fs, want, err)
			}
		}
		if os, ok := fastOpenings([]byte(s)); ok {
			want, err := slowOpenings([]byte(s))
			if err != nil || !reflect.DeepEqual(os, want) {
				t.Fatalf("openings %q: fast %#v, encoding/json %#v (%v)", s, os, want, err)
			}
		}
	})
}

// encodeFieldsForTest is the store's encoding of fields, as it writes them.
func encodeFieldsForTest(fs matching.Fields) string {
	var buf []byte
	return fieldsText(&buf, fs)
}
