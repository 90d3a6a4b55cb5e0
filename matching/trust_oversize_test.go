package matching_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

// within runs fn and fails the test if it has not returned in d: a refusal
// must come quickly, never a hang.
func within(t *testing.T, d time.Duration, what string, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("%s: no answer after %v", what, d)
		return nil
	}
}

// TestTrustOversizedInputIsRefusedQuickly feeds every parser input far
// larger than any real one and wants a short, clear refusal in seconds.
func TestTrustOversizedInputIsRefusedQuickly(t *testing.T) {
	t.Parallel()
	// A guard against a parser that hangs or crawls on a huge input, not a
	// speed target (those are benchmarks): generous, so that a busy
	// machine or the race detector does not trip it.
	const limit = 60 * time.Second
	huge := strings.Repeat("9", 10<<20)
	longText := strings.Repeat("calm home near college ", 100_000/23+1)[:100_000]

	cases := []struct {
		name string
		want string // a fragment of the refusal
		fn   func() error
	}{
		{"money of 10 MB", "not an amount of money", func() error { _, err := matching.ParseMoney(huge); return err }},
		{"date of 10 MB", "not a date", func() error { _, err := matching.ParseDate(huge); return err }},
		{"time of 10 MB", "not a time", func() error { _, err := matching.ParseTime(huge); return err }},
		{"weights of 10 MB", "weight", func() error { _, err := matching.ParseWeights(huge + ",0,0"); return err }},
		{"weights of 10 MB of commas", "three whole numbers", func() error {
			_, err := matching.ParseWeights(strings.Repeat(",", 10<<20))
			return err
		}},
		{"a 100,000-character summary", "summary is 100000 characters long", func() error {
			in := baseRequestInput()
			in.Summary = longText
			_, err := matching.BuildRequest(in, matching.Defaults{}, requestNow)
			return err
		}},
		{"a 10 MB locality and case reference", "locality", func() error {
			in := baseRequestInput()
			in.Locality, in.CaseRef = huge, huge
			_, err := matching.BuildRequest(in, matching.Defaults{}, requestNow)
			return err
		}},
		{"a 10 MB note on an answer", "note is", func() error {
			r := matching.Request{ID: "SEF-2026-0001", Status: matching.StatusOpen, Deadline: requestNow.Add(time.Hour)}
			_, err := matching.BuildResponse(r, matching.ResponseInput{ProviderID: "P001", Weekly: "950", Note: huge}, true, requestNow)
			return err
		}},
		{"a register with one 10 MB line", "a line is longer than 64 KB", func() error {
			data := registerHeader + "P001," + huge + ",company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,,,,,\n"
			_, err := matching.ParseRegister(strings.NewReader(data))
			return err
		}},
		{"a register with a 10 MB header", "a line is longer than 64 KB", func() error {
			_, err := matching.ParseRegister(strings.NewReader(huge))
			return err
		}},
		{"a register with a 10 MB quoted field of short lines", "provider_name must be one line", func() error {
			field := strings.Repeat(strings.Repeat("x", 1000)+"\n", 10<<10)
			data := registerHeader + "P001,\"" + field + "\",company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,,,,,\n"
			_, err := matching.ParseRegister(strings.NewReader(data))
			return err
		}},
		{"a register of 65 MB", "larger than 64 MB", func() error {
			// Rows long enough that the size limit comes before the row limit.
			row := "P001," + strings.Repeat("A", 190) + ",company,leaving-care,group-living,admitted,2024-02-01,80,*,16,25,,,," + strings.Repeat("B", 190) + ",\n"
			r := io.MultiReader(strings.NewReader(registerHeader), &repeatReader{s: row, left: 65 << 20})
			_, err := matching.ParseRegister(r)
			return err
		}},
		{"a register of 10 MB of binary", "not UTF-8", func() error {
			b := bytes.Repeat([]byte{0xff, 0x00, 0x9b, '\n'}, (10<<20)/4)
			_, err := matching.ParseRegister(bytes.NewReader(b))
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			err := within(t, limit, tc.name, tc.fn)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, matching.ErrInvalid) {
				t.Fatalf("refused with %v (%T), not ErrInvalid", err, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("refusal %q does not say %q", clipForLog(msg), tc.want)
			}
			// The refusal is for a person: short, not an echo of the input.
			if len(msg) > 2000 {
				t.Fatalf("refusal is %d bytes long: %q", len(msg), clipForLog(msg))
			}
			t.Logf("refused in %v: %s", time.Since(start).Round(time.Millisecond), clipForLog(msg))
		})
	}
}

// repeatReader yields s over and over, left bytes in all.
type repeatReader struct {
	s    string
	off  int
	left int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.left > 0 {
		c := copy(p[n:], r.s[r.off:])
		if c > r.left {
			c = r.left
		}
		n += c
		r.left -= c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

func clipForLog(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
