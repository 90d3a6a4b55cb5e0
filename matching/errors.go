package matching

import (
	"errors"
	"fmt"
)

// Kind sorts errors by what the user can do about them, so that the command
// line and the screens can choose an exit code or a colour without parsing
// messages.
type Kind int

const (
	// KindInvalid is input that breaks a rule: fix the input and retry.
	KindInvalid Kind = iota + 1
	// KindNotFound is a reference to something that does not exist.
	KindNotFound
	// KindConflict is an action the current state does not allow.
	KindConflict
	// KindSealed is an attempt to see offers before they are opened.
	KindSealed
)

// Error is a domain error with a message written for the person at the
// keyboard: what is wrong and what to do about it.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Is lets errors.Is match on the kind alone, via the sentinel values below.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Msg == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is.
var (
	ErrInvalid  = &Error{Kind: KindInvalid}
	ErrNotFound = &Error{Kind: KindNotFound}
	ErrConflict = &Error{Kind: KindConflict}
	ErrSealed   = &Error{Kind: KindSealed}
)

// Invalidf builds a KindInvalid error.
func Invalidf(format string, a ...any) error {
	return &Error{Kind: KindInvalid, Msg: fmt.Sprintf(format, a...)}
}

// NotFoundf builds a KindNotFound error.
func NotFoundf(format string, a ...any) error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, a...)}
}

// Conflictf builds a KindConflict error.
func Conflictf(format string, a ...any) error {
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf(format, a...)}
}

// Sealedf builds a KindSealed error.
func Sealedf(format string, a ...any) error {
	return &Error{Kind: KindSealed, Msg: fmt.Sprintf(format, a...)}
}

// KindOf reports the kind of a domain error, or 0 for anything else.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
