package tui

import (
	"context"
	"errors"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// reply runs a loader's command, as Bubble Tea would, and returns its
// message.
func reply[T any](t *testing.T, cmd tea.Cmd) loaded[T] {
	t.Helper()
	msg, ok := cmd().(loaded[T])
	if !ok {
		t.Fatalf("the command returned %T", cmd())
	}
	return msg
}

func value[T any](v T, err error) func(context.Context) (T, error) {
	return func(context.Context) (T, error) { return v, err }
}

func TestLoaderTakesOnlyTheLatestReply(t *testing.T) {
	t.Parallel()
	c := &shared{ctx: context.Background()}
	var l loader[string]
	first := reply[string](t, l.start(c, value("first", nil)))
	second := reply[string](t, l.start(c, value("second", nil)))
	if _, ok := l.take(c, first); ok {
		t.Fatal("the reply to an earlier start was taken")
	}
	if !l.loading {
		t.Fatal("a stale reply ended the load under way")
	}
	if v, ok := l.take(c, second); !ok || v != "second" {
		t.Fatalf("the latest reply: %q, %v", v, ok)
	}
	if l.loading {
		t.Fatal("still loading after the reply")
	}
	// Another loader's reply of the same kind is not this one's: tokens
	// are the app's, not the loader's.
	var other loader[string]
	if _, ok := other.take(c, second); ok {
		t.Fatal("a loader took a reply it never asked for")
	}
}

func TestLoaderErrorGoesToTheStatusLine(t *testing.T) {
	t.Parallel()
	c := &shared{ctx: context.Background()}
	var l loader[int]
	msg := reply[int](t, l.start(c, value(0, errors.New("the store is unreadable"))))
	if _, ok := l.take(c, msg); ok {
		t.Fatal("an error was taken as a value")
	}
	if !c.statusErr || c.status != "the store is unreadable" || l.err == nil {
		t.Fatalf("status %q (error %v), loader error %v", c.status, c.statusErr, l.err)
	}
	// The next success forgets the error.
	if v, ok := l.take(c, reply[int](t, l.start(c, value(7, nil)))); !ok || v != 7 || l.err != nil {
		t.Fatalf("after a success: %d, %v, error %v", v, ok, l.err)
	}
}

func TestLoaderResetDropsTheReplyUnderWay(t *testing.T) {
	t.Parallel()
	c := &shared{ctx: context.Background()}
	var l loader[int]
	cmd := l.start(c, value(1, nil))
	l.reset()
	if l.loading {
		t.Fatal("loading after a reset")
	}
	if l.fresh(reply[int](t, cmd)) {
		t.Fatal("a reply to a call before the reset was fresh")
	}
	// A loader never started takes nothing, not even a zero token.
	var never loader[int]
	if never.fresh(loaded[int]{}) {
		t.Fatal("a loader never started took a reply")
	}
}

func TestLoaderMoreKeepsTheToken(t *testing.T) {
	t.Parallel()
	c := &shared{ctx: context.Background()}
	var l loader[int]
	page := reply[int](t, l.start(c, value(1, nil)))
	if !l.fresh(page) {
		t.Fatal("the first page was not fresh")
	}
	rest := l.more(c, value(2, nil))
	if !l.loading {
		t.Fatal("not loading while the rest is read")
	}
	if v, ok := l.take(c, reply[int](t, rest)); !ok || v != 2 {
		t.Fatalf("the rest: %d, %v", v, ok)
	}
	// A start after more drops the rest still under way.
	rest = l.more(c, value(3, nil))
	l.start(c, value(4, nil))
	if l.fresh(reply[int](t, rest)) {
		t.Fatal("the rest of an earlier load was taken after a new start")
	}
}

// TestRepliesForAScreenLeftAreDropped asks for data on one request, leaves
// for another, and only then lets the first reply arrive: every screen
// that loads must keep showing what the user is looking at.
func TestRepliesForAScreenLeftAreDropped(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 100, 30)

	// The detail: a refresh of one request answered after another is open.
	h.openRequest(w.awarded)
	_, late := h.m.Update(keyMsg("ctrl+r"))
	h.openRequest(w.open)
	h.run(late)
	if d := h.detail().d; d == nil || d.Request.ID != w.open {
		t.Fatalf("the detail of %s was replaced by a late reply", w.open)
	}
	h.mustSee("Request " + w.open)

	// The ranking: opened on one request, then another.
	h.openRequest(w.awarded)
	late = h.openHolding("r")
	h.keys("esc")
	h.openRequest(w.noAward)
	h.keys("r")
	h.run(late)
	if res := h.ranking().res; res == nil || res.Request.ID != w.noAward {
		t.Fatalf("the ranking of %s was replaced by a late reply", w.noAward)
	}

	// How an offer is scored: the scenario of the request left behind.
	h.keys("esc")
	h.openRequest(w.awarded)
	h.keys("r")
	late = h.openHolding("w")
	h.keys("esc", "esc")
	h.openRequest(w.noAward)
	h.keys("r", "w")
	h.run(late)
	if sc := h.whatIf().sc; sc == nil || sc.Request.ID != w.noAward {
		t.Fatalf("how %s is scored was replaced by a late reply", w.noAward)
	}
}

// openHolding presses a key that opens a screen and opens it, but holds
// back what the screen asked the service for: its command is returned, to
// run when the test chooses.
func (h *harness) openHolding(k string) tea.Cmd {
	h.t.Helper()
	_, cmd := h.m.Update(keyMsg(k))
	if cmd == nil {
		h.t.Fatalf("%s opened nothing", k)
	}
	nav, ok := cmd().(navMsg)
	if !ok {
		h.t.Fatalf("%s did not open a screen", k)
	}
	_, load := h.m.Update(nav)
	return load
}
