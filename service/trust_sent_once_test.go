package service_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"placematch/delivery"
	"placematch/delivery/relaytest"
	"placematch/service"
	"placematch/store/storetest"
)

// dyingStore is a store in a process that dies: once dead, it writes
// nothing more, as a killed process writes nothing more. It can be made to
// die at the write that would record more than sentAfter messages sent.
type dyingStore struct {
	service.Store
	dead      atomic.Bool
	sentAfter int // die at the mark that records more than this many sent (0: never)
	mu        sync.Mutex
	marked    int
}

var errKilled = errors.New("the process was killed")

func (s *dyingStore) Update(ctx context.Context, fn func(service.Tx) error) error {
	if s.dead.Load() {
		return errKilled
	}
	return s.Store.Update(ctx, func(tx service.Tx) error { return fn(dyingTx{tx, s}) })
}

type dyingTx struct {
	service.Tx
	s *dyingStore
}

func (t dyingTx) MarkDeliveries(rs []service.DeliveryResult) error {
	sent := 0
	for _, r := range rs {
		if r.Status == "sent" {
			sent++
		}
	}
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.sentAfter > 0 && t.s.marked+sent > t.s.sentAfter {
		t.s.dead.Store(true)
	}
	if t.s.dead.Load() {
		return errKilled
	}
	t.s.marked += sent
	return t.Tx.MarkDeliveries(rs)
}

// sentIDs are the Message-IDs (without the domain) of the messages the
// store records as sent.
func sentIDs(t *testing.T, svc *service.Service) map[string]bool {
	t.Helper()
	ds, err := svc.Deliveries(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range ds {
		if d.Status == "sent" {
			out[service.MessageID(d)] = true
		}
	}
	return out
}

// TestTrustRelayKillRepeatsNothing is the reported fault in the test's own
// process: a run sending to a relay dies (its store takes no more writes,
// its context is cancelled) once the relay has accepted k messages. Each
// accepted message must be recorded sent by then, and a later run, once the
// dead run's claims have lapsed, sends only the rest: every message exactly
// once.
func TestTrustRelayKillRepeatsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		const n, k = 45, 7
		a, _, dbA, now := deliveryStore(t, kind, n)
		relay := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain})
		sender := delivery.SMTP{Addr: relay.Addr, TLS: delivery.TLSNone, Timeout: 10 * time.Second}
		env := service.Envelope{From: "placematch@example.org"}

		dying := &dyingStore{Store: dbA}
		run1 := service.New(dying, service.WithClock(func() time.Time { return *now }))
		held, release := relay.HoldAfter(k)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-held // the relay has accepted k messages and holds the next
			dying.dead.Store(true)
			cancel()
			release()
		}()
		_, err := run1.Deliver(ctx, sender, env)
		cancel()
		if err == nil {
			t.Fatal("the dying run reported no error")
		}
		accepted := relay.Got()
		if len(accepted) != k {
			t.Fatalf("the relay accepted %d messages before the run died, want %d", len(accepted), k)
		}
		recorded := sentIDs(t, a)
		for id := range accepted {
			if !recorded[strings.TrimSuffix(id, "@placematch.invalid")] {
				t.Errorf("%s was accepted by the relay but is not recorded sent", id)
			}
		}
		if len(recorded) != k {
			t.Errorf("%d messages recorded sent, want the %d accepted", len(recorded), k)
		}

		// The dead run's claims lapse; a new run sends the rest.
		*now = now.Add(6 * time.Minute)
		rep, err := a.Deliver(context.Background(), sender, env)
		if err != nil || rep.Sent != n-k || rep.Failed != 0 {
			t.Fatalf("the second run: %+v, %v; want %d sent", rep, err, n-k)
		}
		got := relay.Got()
		if len(got) != n {
			t.Errorf("the relay has %d messages in all, want %d", len(got), n)
		}
		for id, c := range got {
			if c != 1 {
				t.Errorf("%s accepted %d times", id, c)
			}
		}
	})
}

// TestTrustOutboxKillRepeatsAtMostTheOneInFlight: a run writing to the
// outbox folder whose store write fails after k messages are recorded (as
// a killed process writes no more) has recorded each file it wrote but the
// one in hand; a pickup moves the files away, as a mail system would, and a
// later run writes only the rest, and that one again at most.
func TestTrustOutboxKillRepeatsAtMostTheOneInFlight(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		const n, k = 45, 12
		a, _, dbA, now := deliveryStore(t, kind, n)
		dir := filepath.Join(t.TempDir(), "outbox")
		sender := delivery.Dir{Path: dir}
		env := service.Envelope{From: "placematch@example.org"}
		dying := &dyingStore{Store: dbA, sentAfter: k}
		if _, err := service.New(dying, service.WithClock(func() time.Time { return *now })).Deliver(context.Background(), sender, env); err == nil {
			t.Fatal("the dying run reported no error")
		}
		picked := map[string]int{}
		pick := func() {
			es, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if strings.HasSuffix(e.Name(), ".eml") {
					picked[strings.TrimSuffix(e.Name(), ".eml")]++
					os.Remove(filepath.Join(dir, e.Name()))
				}
			}
		}
		pick()
		recorded := sentIDs(t, a)
		if len(recorded) != k {
			t.Errorf("%d messages recorded sent, want %d", len(recorded), k)
		}
		for id := range recorded {
			if picked[id] != 1 {
				t.Errorf("%s is recorded sent but was not written", id)
			}
		}
		if extra := len(picked) - len(recorded); extra > 1 {
			t.Errorf("%d messages were written but not recorded sent: more than the one in flight", extra)
		}
		*now = now.Add(6 * time.Minute)
		if rep, err := a.Deliver(context.Background(), sender, env); err != nil || rep.Failed != 0 {
			t.Fatalf("the second run: %+v, %v", rep, err)
		}
		pick()
		twice := 0
		for id, c := range picked {
			if c > 1 {
				twice++
				if recorded[id] {
					t.Errorf("%s, recorded sent, was written again", id)
				}
			}
		}
		if len(picked) != n || twice > 1 {
			t.Errorf("%d messages written in all (want %d), %d of them twice (at most the one in flight)", len(picked), n, twice)
		}
	})
}

// TestTrustDeliverSaysWhatWaitsForAnotherRun is the reported fault: a run
// that finds every message claimed by another run said "sent 0, failed 0".
// It says how many wait for that run's claim, and when the claim lapses.
func TestTrustDeliverSaysWhatWaitsForAnotherRun(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		const n = 15
		ctx := context.Background()
		a, _, dbA, now := deliveryStore(t, kind, n)
		ds, err := a.Deliveries(ctx, "")
		if err != nil || len(ds) != n {
			t.Fatal(len(ds), err)
		}
		claimedAt := now.Add(-time.Minute)
		if err := dbA.Update(ctx, func(tx service.Tx) error {
			var ids []int64
			for _, d := range ds {
				ids = append(ids, d.ID)
			}
			_, err := tx.ClaimDeliveries(ids, claimedAt, claimedAt.Add(-5*time.Minute))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		s := &countingSender{}
		rep, err := a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != 0 || rep.Failed != 0 || len(s.sent) != 0 {
			t.Fatalf("%+v, %v", rep, err)
		}
		if rep.Waiting != n || !rep.WaitUntil.Equal(claimedAt.Add(5*time.Minute)) {
			t.Errorf("waiting %d until %v, want %d until %v", rep.Waiting, rep.WaitUntil, n, claimedAt.Add(5*time.Minute))
		}
		*now = now.Add(5 * time.Minute)
		rep, err = a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != n || rep.Waiting != 0 {
			t.Errorf("once the claim lapsed: %+v, %v", rep, err)
		}
	})
}
