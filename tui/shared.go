package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// shared is what every screen is handed: the size of its room, the styles
// and keys, the service, the clock and the session's options. It is owned
// by the root model and changed only in Update.
type shared struct {
	ctx    context.Context
	svc    *service.Service
	opts   Options
	styles Styles
	keys   KeyMap

	width, height int // the terminal
	bodyW, bodyH  int // the room a screen has, below the header

	// notified is signalled when the store changed (Options.Changes).
	notified <-chan struct{}

	// council is the council the user is working for now; "" is all.
	council string

	// lastRequest is the request last opened or saved, for the list to
	// come back to; showRequest asks the list to clear filters that would
	// hide it (a draft just saved).
	lastRequest string
	showRequest bool

	status    string
	statusErr bool

	seq int

	// tick schedules a message after d; tests replace it so that they do
	// not wait on timers.
	tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd

	// Earliest open deadline each screen knows of, so a countdown reaching
	// zero turns into "closed" without waiting for the 30 s sweep.
	dueList, dueDetail time.Time

	// providerName is the acting provider's name once known (provider mode).
	providerName string
}

// now is the service's clock, so the screens and the rules agree on time.
func (c *shared) now() time.Time { return c.svc.Now() }

// token names one request for data; a reply carrying an older token is
// for something the user has left and is dropped.
func (c *shared) token() int {
	c.seq++
	return c.seq
}

func (c *shared) info(msg string) { c.status, c.statusErr = msg, false }

func (c *shared) fail(err error) {
	if err == nil {
		return
	}
	c.status, c.statusErr = err.Error(), true
}

// refuse says on the status line, as an error, why the user's action was
// not taken.
func (c *shared) refuse(msg string) { c.status, c.statusErr = msg, true }

func (c *shared) clearStatus() { c.status, c.statusErr = "", false }

func (c *shared) user() string {
	if c.opts.User == "" {
		return "unknown"
	}
	return c.opts.User
}

// screenID names a screen.
type screenID int

const (
	screenRequests screenID = iota
	screenForm
	screenPreview
	screenDetail
	screenOffer
	screenRanking
	screenProviders
	screenWhatIf
	screenInvites
	screenInvitation
	screenLive
	screenAudit
	screenPlacements
	screenSpend
	screenAttention
	screenTerm
	screenSettings
	screenReport
	screenInsight
	numScreens
)

func (s screenID) String() string {
	switch s {
	case screenRequests:
		return "Requests"
	case screenForm:
		return "New request"
	case screenPreview:
		return "Broadcast preview"
	case screenDetail:
		return "Request"
	case screenOffer:
		return "Log an answer"
	case screenRanking:
		return "Ranking"
	case screenProviders:
		return "Provider register"
	case screenWhatIf:
		return "How an offer is scored"
	case screenInvites:
		return "Invitations"
	case screenInvitation:
		return "Invitation"
	case screenLive:
		return "Live demo"
	case screenAudit:
		return "Audit trail"
	case screenPlacements:
		return "Placements"
	case screenSpend:
		return "Spend against budget"
	case screenAttention:
		return "What needs attention"
	case screenTerm:
		return "Framework terms"
	case screenSettings:
		return "Council settings"
	case screenReport:
		return "Award report"
	case screenInsight:
		return "What the data shows"
	case numScreens:
	}
	return "unknown"
}

// navArg is what a screen is opened with.
type navArg struct {
	requestID string
	status    matching.Status
	detail    *service.Detail
	copyFrom  *matching.Request
	// edit is the draft the form edits, in place of a new request.
	edit *matching.Request
	// fromPreview: the edit begins on the draft's preview.
	fromPreview bool
	// urgent opens the form for a request needed today.
	urgent bool
	// providerID is the offer to explain first on the what-if screen.
	providerID string
	// framework is the framework the terms screen opens on.
	framework string
	// placementID is the placement the placements screen opens on.
	placementID string
}

// navMsg asks the root to show a screen. replace drops the current screen
// from the way back (a saved form is not returned to).
type navMsg struct {
	to      screenID
	arg     navArg
	replace bool
}

// backMsg asks the root to go back one screen.
type backMsg struct{}

// refreshMsg tells screens the data may have changed under them.
type refreshMsg struct{}

// clockMsg redraws countdowns once a second.
type clockMsg struct{}

// sendNowMsg asks for a sweep at once (after an action that writes to
// providers, so that its messages do not wait for the timer).
type sendNowMsg struct{}

func sendNow() tea.Msg { return sendNowMsg{} }

// sweepMsg is the 30 s timer that closes requests whose deadline passed.
type sweepMsg struct{}

// sweptMsg is the result of CloseDue and of sending queued messages.
type sweptMsg struct {
	closed     int
	err        error
	sent       int
	unsent     int
	deliverErr string
}

func navTo(to screenID, arg navArg, replace bool) tea.Cmd {
	return func() tea.Msg { return navMsg{to: to, arg: arg, replace: replace} }
}

func goBack() tea.Msg { return backMsg{} }

// screen is one page of the app. Keys go to the active screen only; every
// other message goes to all screens, which drop replies that are not theirs.
type screen interface {
	// open shows the screen afresh; resume shows it again on the way back.
	open(arg navArg) tea.Cmd
	resume() tea.Cmd
	update(msg tea.Msg) tea.Cmd
	view(w, h int) string
	// typing reports whether keys are going into a text field, where q
	// and ? are characters.
	typing() bool
	// modal reports whether a dialog or picker is open over the screen:
	// it has the keys, so q and ? are not read as the app's.
	modal() bool
	// bindings are the keys that work now, grouped for the full help; the
	// first group is also the short help.
	bindings() [][]key.Binding
	title() string
}
