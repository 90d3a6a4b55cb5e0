package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// frameClock is a session's output, noting when each frame arrives.
type frameClock struct {
	frames chan time.Time
	bytes  atomic.Int64
}

func (f *frameClock) Write(p []byte) (int, error) {
	f.bytes.Add(int64(len(p)))
	select {
	case f.frames <- time.Now():
	default:
	}
	return len(p), nil
}

// loadSession is one light client: an SSH session with a terminal, typing.
type loadSession struct {
	client *ssh.Client
	sess   *ssh.Session
	in     io.Writer
	out    *frameClock
}

func openLoadSession(t *testing.T, addr string, k testKey) *loadSession {
	t.Helper()
	c, err := dialSSH(addr, ssh.PublicKeys(k.signer))
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	ls := &loadSession{client: c, sess: sess, out: &frameClock{frames: make(chan time.Time, 1)}}
	sess.Stdout, sess.Stderr = ls.out, ls.out
	if ls.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close(); c.Close() })
	return ls
}

// drain forgets the frames so far.
func (ls *loadSession) drain() {
	for {
		select {
		case <-ls.out.frames:
		default:
			return
		}
	}
}

// keyToFrame presses a key and times it to the next frame drawn (or
// reports false after a second).
func (ls *loadSession) keyToFrame(key string) (time.Duration, bool) {
	ls.drain()
	start := time.Now()
	if _, err := io.WriteString(ls.in, key); err != nil {
		return 0, false
	}
	select {
	case at := <-ls.out.frames:
		return at.Sub(start), true
	case <-time.After(time.Second):
		return 0, false
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestServeLoad is the load test of placematch serve (run it with
// PLACEMATCH_LOAD=1; PLACEMATCH_LOAD_SESSIONS, default 50, and
// PLACEMATCH_LOAD_SECONDS, default 20): that many provider sessions each
// pressing a key every 200 ms (down, up, in turn) on their invitations
// while 4 officer sessions move through their list and the officers'
// requests are broadcast, closed early and awarded in the background as
// they would be from those sessions; it reports the p50, p99 and worst
// time from a key to the frame redrawn for it, keys with no frame, and the
// server's memory per idle session.
func TestServeLoad(t *testing.T) {
	if os.Getenv("PLACEMATCH_LOAD") == "" {
		t.Skip("the load test runs with PLACEMATCH_LOAD=1")
	}
	n := envInt("PLACEMATCH_LOAD_SESSIONS", 50)
	secs := envInt("PLACEMATCH_LOAD_SECONDS", 20)
	h := newHarnessOn(t, storetest.SQLite)
	h.ok("providers", "import", "testdata/register.csv")
	for range 3 {
		h.ok("request", "broadcast", newRequest(h))
	}
	providers := []string{"P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008"} // each invited to the three
	keys := make([]testKey, n)
	for i := range keys {
		keys[i] = newTestKey(t)
		h.ok("people", "add", fmt.Sprintf("Provider person %d", i), "--key", keys[i].pub, "--provider", providers[i%len(providers)])
	}
	officers := make([]testKey, 4)
	for i := range officers {
		officers[i] = newTestKey(t)
		h.ok("people", "add", fmt.Sprintf("Officer %d", i), "--key", officers[i].pub, "--officer", "manchester")
	}
	addr := startServe(t, h, "--max-sessions", strconv.Itoa(n+10))

	// Memory per idle session: the heap with the sessions open and drawn,
	// less the heap before, over their number. The clients live in this
	// process too, so this is an upper bound on the server's share.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sessions := make([]*loadSession, n)
	for i := range sessions {
		sessions[i] = openLoadSession(t, addr, keys[i])
	}
	offs := make([]*loadSession, len(officers))
	for i := range offs {
		offs[i] = openLoadSession(t, addr, officers[i])
	}
	time.Sleep(3 * time.Second) // every first screen drawn
	runtime.GC()
	runtime.ReadMemStats(&after)
	perSession := float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / float64(n+len(offs)) / (1 << 20)

	// The officers act meanwhile, as their sessions would: a request made
	// and broadcast, closed early, ranked and awarded, over and over.
	svc, closeFn, err := openExistingService(context.Background(), h.db, env{getenv: func(string) string { return "" }, now: func() time.Time { return h.now }})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	octx := service.WithPerson(context.Background(), matching.Person{Name: "Officer 0", Role: matching.RoleOfficer, Scope: "manchester"})
	stop := make(chan struct{})
	var acted, actErrs atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(500 * time.Millisecond):
			}
			r, err := svc.NewRequest(octx, "Officer 0", matching.RequestInput{Council: "manchester", Lot: "group-living", CaseRef: "MC-1", Initials: "AB",
				DOB: "2010-06-01", Start: "2026-12-01", Deadline: "2026-11-26 17:00", Needs: "independence-skills"})
			if err == nil {
				_, err = svc.Broadcast(octx, "Officer 0", r.ID)
			}
			if err == nil {
				_, err = svc.Respond(octx, "Officer 0", r.ID, matching.ResponseInput{ProviderID: "P001", Weekly: "1000"})
			}
			if err == nil {
				err = svc.Close(octx, "Officer 0", r.ID, "enough offers")
			}
			if err == nil {
				_, err = svc.Rank(octx, "Officer 0", r.ID)
			}
			if err == nil {
				err = svc.Award(octx, "Officer 0", r.ID, "P001", "the best offer")
			}
			if err != nil {
				actErrs.Add(1)
				t.Logf("acting: %v", err)
				continue
			}
			acted.Add(1)
		}
	}()

	var mu sync.Mutex
	var lat []time.Duration
	var lost atomic.Int64
	deadline := time.Now().Add(time.Duration(secs) * time.Second)
	for i, s := range append(sessions, offs...) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%20) * 10 * time.Millisecond) // not all in step
			keys := []string{"\x1b[B", "\x1b[A"}
			for k := 0; time.Now().Before(deadline); k++ {
				d, ok := s.keyToFrame(keys[k%2])
				if !ok {
					lost.Add(1)
				} else {
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
				time.Sleep(200*time.Millisecond - d)
			}
		}()
	}
	time.Sleep(time.Until(deadline))
	close(stop)
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	t.Logf("%d provider sessions + %d officer sessions, %ds, GOMAXPROCS %d: %d keys, p50 %v, p99 %v, worst %v, %d keys with no frame within 1s; officers' rounds %d (errors %d); heap per idle session %.2f MB",
		n, len(offs), secs, runtime.GOMAXPROCS(0), len(lat), pct(0.5), pct(0.99), pct(1), lost.Load(), acted.Load(), actErrs.Load(), perSession)
	if actErrs.Load() > 0 || lost.Load() > 0 {
		t.Errorf("errors or keys with no frame: %d, %d", actErrs.Load(), lost.Load())
	}
}
