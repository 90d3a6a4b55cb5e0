package demo_test

import (
	"testing"
	"time"

	"placematch/service/demo"
)

// TestShowClock: the show's time runs at its speed, stands still while
// paused, waits at a hold, jumps when set, and never jumps when any of
// these change; the time played leaves out the pauses.
func TestShowClock(t *testing.T) {
	t.Parallel()
	real := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	start := real
	c := demo.NewShowClock(func() time.Time { return real }, 1)
	tick := func(d time.Duration) { real = real.Add(d) }
	at := func(want time.Duration, what string) {
		t.Helper()
		if got := c.Now().Sub(start); got != want {
			t.Fatalf("%s: the show is %s in, want %s", what, got, want)
		}
	}
	tick(10 * time.Second)
	at(10*time.Second, "at speed 1")
	c.SetSpeed(3)
	at(10*time.Second, "a change of speed")
	tick(2 * time.Second)
	at(16*time.Second, "at speed 3")
	c.SetPaused(true)
	tick(time.Hour)
	at(16*time.Second, "paused")
	if p := c.Played(); p != 12*time.Second {
		t.Fatalf("played %s, want 12s (the pause left out)", p)
	}
	c.SetPaused(false)
	tick(time.Second)
	at(19*time.Second, "resumed")
	c.Hold(start.Add(20 * time.Second))
	tick(time.Minute)
	at(20*time.Second, "held")
	c.Hold(start.Add(time.Hour))
	at(20*time.Second, "released: no jump")
	tick(time.Second)
	at(23*time.Second, "released")
	c.Set(start.Add(5 * time.Second))
	at(5*time.Second, "set back")
	if demo.FasterSpeed(3) != 5 || demo.FasterSpeed(5) != 5 || demo.SlowerSpeed(1) != 0.5 || demo.SlowerSpeed(0.5) != 0.5 {
		t.Error("the presenter's speeds")
	}
	a, b := demo.ShowSalts(), demo.ShowSalts()
	if x, y := a(), b(); x != y || len(x) != 32 || a() == x {
		t.Errorf("show salts %q %q", x, y)
	}
}
