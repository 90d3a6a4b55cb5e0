package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"placematch/service"
	"placematch/store"
)

// BenchmarkAttentionFirstScreen is the budget "the app's first screen
// within 150 ms of start" for the officer's first screen, what needs
// attention, on the region, all councils and one: open the store, make
// the app, run its start commands as Bubble Tea does until the list is
// drawn. The requests list beneath it is not read until esc goes to it.
func BenchmarkAttentionFirstScreen(b *testing.B) {
	for _, council := range []string{"", "manchester"} {
		name := council
		if name == "" {
			name = "all"
		}
		b.Run(name, func(b *testing.B) { benchAttention(b, council) })
	}
}

func benchAttention(b *testing.B, council string) {
	p, now := regionPath(b)
	inColour(b)
	ctx := context.Background()
	for b.Loop() {
		db, err := store.Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		svc := service.New(db, service.WithClock(func() time.Time { return now }))
		opts := Options{User: "bench", Council: council, Attention: true}
		m := newModel(ctx, svc, opts, stylesFor(lipgloss.DefaultRenderer(), opts))
		m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
		r := &asyncRun{m: m, msgs: make(chan tea.Msg, 16)}
		m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
		r.start(m.Init())
		for {
			r.next()
			if v := m.View(); strings.Contains(v, "Waiting on you") || strings.Contains(v, "Nothing is waiting") {
				break
			}
			if r.pending == 0 {
				b.Fatal("the start commands ended with nothing on screen")
			}
		}
		b.StopTimer()
		for r.pending > 0 {
			r.next()
		}
		db.Close()
		b.StartTimer()
	}
}
