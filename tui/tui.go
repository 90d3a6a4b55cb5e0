// Package tui is the interactive app of placematch: a whole mini-competition
// from the keyboard, from a new request to an award. Every action goes
// through the same *service.Service the commands use; this package holds
// screens and components only, never rules or SQL.
package tui

import (
	"context"
	"errors"
	"os"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"placematch/service"
)

// Options are what the command line knows about the session.
type Options struct {
	User    string // who is acting, for the audit trail
	Council string // the council whose requests are shown first; "" = all councils
	Demo    bool   // running on demo data: show a "DEMO" badge
	// Provider opens the app as that provider: its own invitations, answers
	// and outcomes, and nothing of the commissioning side.
	Provider string
	// Live plays the provider-forum demonstration (with Demo): a request
	// goes out, providers answer, it closes, the offers are opened and
	// ranked, on a projector-friendly high-contrast style.
	Live bool
	// Attention opens the app on what needs attention (the officer's
	// first screen), over the requests list, which esc goes on to.
	Attention bool
	// LiveSpeed plays the live demonstration faster (tests, rehearsals);
	// 0 or 1 is real time. The presenter changes it with + and -.
	LiveSpeed float64
	// LiveFork makes a new store holding a copy of from: the live
	// demonstration keeps one of the store as it was at the start, and
	// replays a step back or a restart on a fresh copy of it, so every
	// state it shows is exactly the one it played. nil: the presenter can
	// pause and step forward, but not back or restart.
	LiveFork func(ctx context.Context, from service.Store) (service.Store, error)
	// Deliver sends the messages to providers that actions queued
	// (invitations, outcomes); the app calls it with each sweep, so a
	// failed send is retried. nil: messages wait for placematch outbox send.
	Deliver func(ctx context.Context) (service.DeliveryReport, error)

	// Changes, when given, signals that the store changed (another
	// session of the same server acted): the screen in front reloads at
	// once rather than at its next look at the store.
	Changes func() (<-chan struct{}, func())

	// firstPage is how many of the newest requests the list reads before
	// the rest (0: defaultFirstPage); tests make it small.
	firstPage int
	// liveQuick: the live demonstration's captions do not hold the show
	// (tests that move the clock to each step's time).
	liveQuick bool
}

// appMemoryLimit is the heap the app asks the Go runtime to keep within
// (a soft limit: it collects sooner as it nears it, and hands memory back
// to the system sooner). A region's whole list keeps about 25 MB, but each
// reading of it (at start, and after every return to the list) allocates
// about 60 MB: left to the default, the process grew past the budget of
// 100 MB after a few returns to the list (113 MB after six); with this, it
// stays near 75 MB. GOMEMLIMIT overrides it.
const appMemoryLimit = 64 << 20

// Run starts the app and blocks until the user quits.
func Run(ctx context.Context, svc *service.Service, opts Options) error {
	// Resolve the terminal's background before Bubble Tea owns the input, so
	// the adaptive colours are chosen once and the query does not race the
	// program's reader (lipgloss#73). NO_COLOR is honoured by the default
	// renderer's colour profile.
	r := lipgloss.DefaultRenderer()
	r.HasDarkBackground()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(appMemoryLimit)
	}
	m := newModel(ctx, svc, opts, stylesFor(r, opts))
	defer m.close()
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx))
	_, err := p.Run()
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		// Stopped from outside (a signal): not a failure of the app.
		return nil
	}
	return err
}

// Session is the app for one session of a server (placematch serve): the
// model to run, drawn with the session's own renderer (its colour profile
// and background), so that no style of another session or of the server's
// own terminal reaches it; and what to call when the session ends. ctx
// carries the signed-in person, whom the service holds to their role.
func Session(ctx context.Context, svc *service.Service, opts Options, r *lipgloss.Renderer) (tea.Model, func()) {
	m := newModel(ctx, svc, opts, stylesFor(r, opts))
	done := m.close
	if opts.Changes != nil {
		ch, stop := opts.Changes()
		m.c.notified = ch
		done = func() { stop(); m.close() }
	}
	return m, done
}
