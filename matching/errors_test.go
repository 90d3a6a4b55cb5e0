package matching

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		kind     Kind
		sentinel error
	}{
		{"invalid", Invalidf("bad %d", 1), KindInvalid, ErrInvalid},
		{"not found", NotFoundf("no %s", "x"), KindNotFound, ErrNotFound},
		{"conflict", Conflictf("state"), KindConflict, ErrConflict},
		{"sealed", Sealedf("sealed"), KindSealed, ErrSealed},
		{"wrapped sealed", fmt.Errorf("ranking: %w", Sealedf("sealed")), KindSealed, ErrSealed},
		{"field errors", FieldErrors{{"lot", "bad"}}, 0, ErrInvalid},
	}
	sentinels := []error{ErrInvalid, ErrNotFound, ErrConflict, ErrSealed}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := KindOf(tc.err); got != tc.kind {
				t.Errorf("KindOf = %d, want %d", got, tc.kind)
			}
			for _, s := range sentinels {
				if got, want := errors.Is(tc.err, s), s == tc.sentinel; got != want {
					t.Errorf("errors.Is(%v, kind %d) = %v, want %v", tc.err, s.(*Error).Kind, got, want)
				}
			}
		})
	}
	if KindOf(errors.New("plain")) != 0 || KindOf(nil) != 0 {
		t.Error("KindOf of a non-domain error must be 0")
	}
	// Two messages of the same kind are not "the same error".
	if errors.Is(Invalidf("a"), Invalidf("a")) {
		t.Error("errors.Is matched two non-sentinel errors")
	}
	if got := Invalidf("weights %s", "x").Error(); got != "weights x" {
		t.Errorf("message %q", got)
	}
}
