package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
)

// loaded is the reply to a call a screen made to the service: what came
// back, or the error that stopped it, with the token of the call.
type loaded[T any] struct {
	token int
	val   T
	err   error
}

// loader is one kind of call a screen makes to the service, a load or a
// save, and the reply it waits for. Every screen sees every reply (they go
// to all screens), and a reply can come after the user has moved on: each
// start takes a new token, so only the reply to the latest start is
// fresh, and the rest are dropped. Tokens are unique across screens, so
// two screens loading the same kind of thing never take each other's.
type loader[T any] struct {
	token int
	// loading: a call is under way.
	loading bool
	// err is the error of the last fresh reply, nil when it succeeded: a
	// screen with nothing else to show shows it.
	err error
}

// start calls fetch in a command, off the event loop, under a new token:
// a reply to any earlier start is stale from now on.
func (l *loader[T]) start(c *shared, fetch func(ctx context.Context) (T, error)) tea.Cmd {
	l.token = c.token()
	return l.more(c, fetch)
}

// more calls fetch again under the current token: the rest of what the
// last reply began (a list's first page, then the whole list). A later
// start drops its reply too.
func (l *loader[T]) more(c *shared, fetch func(ctx context.Context) (T, error)) tea.Cmd {
	l.loading = true
	tok, ctx := l.token, c.ctx
	return func() tea.Msg {
		v, err := fetch(ctx)
		return loaded[T]{token: tok, val: v, err: err}
	}
}

// reset forgets the call: the reply under way, if any, is dropped (none
// is fresh until the next start), and so is the last error.
func (l *loader[T]) reset() {
	l.token, l.loading, l.err = 0, false, nil
}

// fresh reports whether msg is the reply to the latest start, and takes
// it: the call is over and its error is kept. A stale reply changes
// nothing.
func (l *loader[T]) fresh(msg loaded[T]) bool {
	if l.token == 0 || msg.token != l.token {
		return false
	}
	l.loading, l.err = false, msg.err
	return true
}

// take is a fresh reply's value: ok is false for a stale reply, which is
// dropped, and for an error, which goes to the status line.
func (l *loader[T]) take(c *shared, msg loaded[T]) (v T, ok bool) {
	if !l.fresh(msg) {
		return v, false
	}
	if msg.err != nil {
		c.fail(msg.err)
		return v, false
	}
	return msg.val, true
}
