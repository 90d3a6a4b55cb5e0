package matching

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMoneyAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Pence
	}{
		{"950", 95000},
		{"950.5", 95050},
		{"950.50", 95050},
		{"950.05", 95005},
		{"£1,200.50", 120050},
		{"1,200.50", 120050},
		{"£950", 95000},
		{"0.01", 1},
		{"0", 0},
		{"1200", 120000},
		{" 1,500 ", 150000},
		{"1,000,000", 100000000},
		{"10,000,000", MaxPence},  // exactly the maximum
		{"10000000.00", MaxPence}, // the maximum without separators
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseMoney(tc.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q) error: %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseMoneyRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantMsg string // a fragment of the message
	}{
		{"-5", "not an amount"},
		{"-0.01", "not an amount"},
		{"1.234", "not an amount"},
		{"1,20", "not an amount"},
		{"1,2345", "not an amount"},
		{"12,34,567", "not an amount"},
		{",100", "not an amount"},
		{"100,", "not an amount"},
		{"abc", "not an amount"},
		{"", "not an amount"},
		{"   ", "not an amount"},
		{"£", "not an amount"},
		{"950.", "not an amount"},
		{".50", "not an amount"},
		{"£ 950", "not an amount"},
		{"$950", "not an amount"},
		{"9 50", "not an amount"},
		{"1e3", "not an amount"},
		{"950p", "not an amount"},
		{" 12,000,000 ", "too large"},
		{"10,000,000.01", "too large"},
		{"999999999999999999999", "not an amount"}, // over 20 characters
		{"9999999999999999999", "too large"},       // overflows int64 pounds
		{"100000000", "too large"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseMoney(tc.in)
			if err == nil {
				t.Fatalf("ParseMoney(%q) = %d, want an error", tc.in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseMoney(%q) error %v is not ErrInvalid", tc.in, err)
			}
			if got != 0 {
				t.Errorf("ParseMoney(%q) returned %d with its error, want 0", tc.in, got)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("ParseMoney(%q) error %q does not contain %q", tc.in, err, tc.wantMsg)
			}
		})
	}
}

func TestParseMoneyClipsHugeInput(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("9", 100000)
	_, err := ParseMoney(huge)
	if err == nil {
		t.Fatal("ParseMoney of 100,000 digits succeeded")
	}
	if n := len(err.Error()); n > 300 {
		t.Errorf("error message is %d bytes long: the input was not clipped", n)
	}
}

func TestPenceString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   Pence
		want string
	}{
		{0, "£0.00"},
		{1, "£0.01"},
		{10, "£0.10"},
		{99, "£0.99"},
		{100, "£1.00"},
		{95050, "£950.50"},
		{99999, "£999.99"},
		{100000, "£1,000.00"},
		{120050, "£1,200.50"},
		{12345678, "£123,456.78"},
		{100000000, "£1,000,000.00"},
		{MaxPence, "£10,000,000.00"},
		{-5, "-£0.05"},
		{-120050, "-£1,200.50"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.in.String(); got != tc.want {
				t.Errorf("Pence(%d).String() = %q, want %q", int64(tc.in), got, tc.want)
			}
		})
	}
}

// Every amount written by String reads back to itself.
func TestPenceStringRoundTrip(t *testing.T) {
	t.Parallel()
	for _, p := range []Pence{0, 1, 5, 50, 95050, 100000, 120050, 99999999, MaxPence} {
		got, err := ParseMoney(p.String())
		if err != nil {
			t.Errorf("ParseMoney(%q): %v", p.String(), err)
			continue
		}
		if got != p {
			t.Errorf("ParseMoney(%q) = %d, want %d", p.String(), got, p)
		}
	}
}
