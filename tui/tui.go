// Package tui is the interactive app of placematch: a whole mini-competition
// from the keyboard, from a new request to an award. Every action goes
// through the same *service.Service the commands use; this package holds
// screens and components only, never rules or SQL.
package tui

import (
	"context"
	"errors"

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
	// LiveSpeed plays the live demonstration faster (tests, rehearsals);
	// 0 or 1 is real time.
	LiveSpeed float64
	// Deliver sends the messages to providers that actions queued
	// (invitations, outcomes); the app calls it with each sweep, so a
	// failed send is retried. nil: messages wait for placematch outbox send.
	Deliver func(ctx context.Context) (service.DeliveryReport, error)
}

// Run starts the app and blocks until the user quits.
func Run(ctx context.Context, svc *service.Service, opts Options) error {
	// Resolve the terminal's background before Bubble Tea owns the input, so
	// the adaptive colours are chosen once and the query does not race the
	// program's reader (lipgloss#73). NO_COLOR is honoured by the default
	// renderer's colour profile.
	r := lipgloss.DefaultRenderer()
	r.HasDarkBackground()
	m := newModel(ctx, svc, opts, stylesFor(r, opts))
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx))
	_, err := p.Run()
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		// Stopped from outside (a signal): not a failure of the app.
		return nil
	}
	return err
}
