package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// watchEvery is how often the app asks whether another process (a command,
// another officer's app) has written to the store. The question is one
// number (Service.Changed); only when it has moved does the screen in front
// reload, so the lists never go stale while others write and a quiet store
// costs next to nothing.
const watchEvery = 1500 * time.Millisecond

// watchMsg is the timer's: time to ask again.
type watchMsg struct{}

// watchedMsg is the store's answer.
type watchedMsg struct {
	version int64
	err     error
}

// watcher remembers the store's change number last seen.
type watcher struct {
	version int64
	known   bool
}

func (c *shared) watchLater() tea.Cmd {
	return c.tick(watchEvery, func(time.Time) tea.Msg { return watchMsg{} })
}

func (c *shared) watch() tea.Cmd {
	ctx, svc := c.ctx, c.svc
	return func() tea.Msg {
		v, err := svc.Changed(ctx)
		return watchedMsg{version: v, err: err}
	}
}

// watched takes the store's answer: it reports whether the store changed
// since it last asked. The first answer is where it starts; an error (the
// store busy, or gone, which the next action will say) changes nothing.
func (w *watcher) watched(msg watchedMsg) bool {
	if msg.err != nil {
		return false
	}
	moved := w.known && msg.version != w.version
	w.version, w.known = msg.version, true
	return moved
}

// notifiedMsg is a signal from the server that the store changed.
type notifiedMsg struct{}

// notifyGap is the least time between two reloads for signals: a change
// is shown at once, but a burst of them (an award is several writes, and a
// region's officers make many) is one more reload at most this much later,
// not one each, so that a server's sessions keep up with their keys.
const notifyGap = time.Second

// waitNotified waits for the next signal that the store changed (nil when
// the app has no such signals), after pause.
func (c *shared) waitNotified(pause time.Duration) tea.Cmd {
	if c.notified == nil {
		return nil
	}
	ch, ctx := c.notified, c.ctx
	return func() tea.Msg {
		if pause > 0 {
			select {
			case <-time.After(pause):
			case <-ctx.Done():
				return nil
			}
		}
		select {
		case <-ch:
			return notifiedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}
