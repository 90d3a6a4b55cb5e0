package matching

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// day parses a YYYY-MM-DD date or fails the test.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// at parses an RFC 3339 instant or fails the test.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", s, err)
	}
	return v.UTC()
}

// fieldsOf returns the sorted, de-duplicated field names of a FieldErrors
// error, failing the test if err is anything else.
func fieldsOf(t testing.TB, err error) []string {
	t.Helper()
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not FieldErrors", err, err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false, want true", err)
	}
	var out []string
	for _, f := range fe {
		if f.Msg == "" {
			t.Errorf("field %q has an empty message", f.Field)
		}
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// wantKind checks that err is a domain error of the kind wanted.
func wantKind(t testing.TB, err error, want Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %d", want)
	}
	if got := KindOf(err); got != want {
		t.Fatalf("KindOf(%v) = %d, want %d", err, got, want)
	}
	if err.Error() == "" {
		t.Errorf("error of kind %d has an empty message", want)
	}
}
