package demo

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// ShowClock is the live demonstration's time, which the presenter
// controls: it runs at the show's speed while playing, stands still while
// paused, jumps when the presenter steps, and waits at a step's time until
// that step has played (Hold), so every step happens at exactly its time
// in the script however the timer falls. The service the show plays on
// reads it, so the deadline passes, and the request closes, in show time:
// a paused show never closes behind the presenter's back.
//
// It is safe for concurrent use: the app reads it from its commands while
// the presenter's keys change it.
type ShowClock struct {
	mu     sync.Mutex
	real   func() time.Time
	mark   time.Time     // the real time of the last change
	at     time.Time     // the show's time at mark
	played time.Duration // real time played (not paused) before mark
	speed  float64
	paused bool
	hold   time.Time // the show waits here; zero: it does not
}

// NewShowClock starts a show clock at real's time, at speed (1 = real
// time; at most 1000).
func NewShowClock(real func() time.Time, speed float64) *ShowClock {
	now := real()
	return &ShowClock{real: real, mark: now, at: now, speed: clampSpeed(speed)}
}

func clampSpeed(v float64) float64 { return min(1000, max(0.1, v)) }

// show is the show's time at the real time r.
func (c *ShowClock) show(r time.Time) time.Time {
	if c.paused || !r.After(c.mark) {
		return c.at
	}
	t := c.at.Add(time.Duration(float64(r.Sub(c.mark)) * c.speed))
	if !c.hold.IsZero() && t.After(c.hold) {
		t = c.hold
	}
	if t.Before(c.at) {
		return c.at
	}
	return t
}

// remark starts counting afresh from the real time now, so that a change
// of speed, pause or hold never moves the show's time.
func (c *ShowClock) remark() {
	r := c.real()
	c.at = c.show(r)
	if !c.paused && r.After(c.mark) {
		c.played += r.Sub(c.mark)
	}
	c.mark = r
}

// Now is the show's time.
func (c *ShowClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.show(c.real())
}

// Played is how much real time the show has played, leaving out the time
// it was paused: what a caption's time on screen is counted in.
func (c *ShowClock) Played() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.played
	if r := c.real(); !c.paused && r.After(c.mark) {
		p += r.Sub(c.mark)
	}
	return p
}

// Paused reports whether the show stands still.
func (c *ShowClock) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// SetPaused stops or restarts the show's time where it is.
func (c *ShowClock) SetPaused(p bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remark()
	c.paused = p
}

// Speed is how many times faster than real time the show plays.
func (c *ShowClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// SetSpeed plays the show faster or slower from now on.
func (c *ShowClock) SetSpeed(v float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remark()
	c.speed = clampSpeed(v)
}

// Set moves the show's time to t (a step, back or forward).
func (c *ShowClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remark()
	c.at = t
}

// Hold makes the show wait at t until held again (zero: no wait).
func (c *ShowClock) Hold(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remark()
	c.hold = t
}

// LiveSpeeds are the speeds the presenter steps through with + and -.
var LiveSpeeds = []float64{0.5, 1, 1.5, 2, 3, 5}

// FasterSpeed is the next of LiveSpeeds above v, or v at the top.
func FasterSpeed(v float64) float64 {
	for _, s := range LiveSpeeds {
		if s > v {
			return s
		}
	}
	return v
}

// SlowerSpeed is the next of LiveSpeeds below v, or v at the bottom.
func SlowerSpeed(v float64) float64 {
	for i := len(LiveSpeeds) - 1; i >= 0; i-- {
		if LiveSpeeds[i] < v {
			return LiveSpeeds[i]
		}
	}
	return v
}

// ShowSalts is a fresh source of the salts of a live show's commitments,
// from a fixed seed: the data is fictional, and a run and every replay of
// it then record the same answers hash for hash, so a step back shows
// exactly what was played.
func ShowSalts() func() string {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(0x11fe, 0xf0a1))
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
	}
}
