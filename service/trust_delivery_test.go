package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// countingSender records every message it is given, slowly, as a mail
// relay would take it.
type countingSender struct {
	mu    sync.Mutex
	sent  map[string]int
	fail  bool
	delay time.Duration
}

func (c *countingSender) Send(m service.Message) error {
	time.Sleep(c.delay)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("relay refused")
	}
	if c.sent == nil {
		c.sent = map[string]int{}
	}
	c.sent[m.ID]++
	return nil
}

func (c *countingSender) Via() string { return "test" }

// deliveryStore opens one store file twice, as two processes would, with a
// request broadcast to n providers that all have an email address.
func deliveryStore(t *testing.T, kind string, n int) (a, b *service.Service, dbA *store.DB, now *time.Time) {
	t.Helper()
	dsn := storetest.DSN(t, kind)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA = open()
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	now = &clock
	clk := service.WithClock(func() time.Time { return *now })
	a, b = service.New(dbA, clk), service.New(open(), clk)
	var reg strings.Builder
	reg.WriteString("provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&reg, "P%03d,Provider %d,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,1,Bootle,p%d@example.org\n", i, i, i)
	}
	ctx := context.Background()
	if _, err := a.ImportProviders(ctx, "t", strings.NewReader(reg.String())); err != nil {
		t.Fatal(err)
	}
	r, err := a.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
		DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Summary: "Loves trains."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Broadcast(ctx, "t", r.ID); err != nil {
		t.Fatal(err)
	}
	return a, b, dbA, now
}

// TestTrustTwoDeliveryRunsSendEachMessageOnce: two processes delivering at
// the same moment (two officers broadcasting at once) must not send any
// message twice, nor leave any unsent.
func TestTrustTwoDeliveryRunsSendEachMessageOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		const n = 30
		a, b, _, _ := deliveryStore(t, kind, n)
		sender := &countingSender{delay: 2 * time.Millisecond}
		var wg sync.WaitGroup
		reports := make([]service.DeliveryReport, 2)
		for i, svc := range []*service.Service{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rep, err := svc.Deliver(context.Background(), sender, service.Envelope{From: "placematch@example.org"})
				if err != nil {
					t.Errorf("delivery run %d: %v", i, err)
				}
				reports[i] = rep
			}()
		}
		wg.Wait()
		if len(sender.sent) != n {
			t.Errorf("%d messages sent, want %d", len(sender.sent), n)
		}
		for id, k := range sender.sent {
			if k != 1 {
				t.Errorf("message %s sent %d times", id, k)
			}
		}
		if got := reports[0].Sent + reports[1].Sent; got != n {
			t.Errorf("the runs report %d and %d sent, want %d in all", reports[0].Sent, reports[1].Sent, n)
		}
		ds, err := a.Deliveries(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Status != "sent" || d.Attempts != 1 {
				t.Errorf("delivery %d: %s after %d attempts", d.ID, d.Status, d.Attempts)
			}
		}
	})
}

// TestTrustDeliveryClaimsExpire: a failed send can be retried at once; a run
// that died mid-send leaves its message to a later run once its claim is
// stale, so nothing is lost.
func TestTrustDeliveryClaimsExpire(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, _, _, _ := deliveryStore(t, kind, 3)
		failing := &countingSender{fail: true}
		if rep, err := a.Deliver(ctx, failing, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Failed != 3 {
			t.Fatalf("failing run: %+v, %v", rep, err)
		}
		ok := &countingSender{}
		if rep, err := a.Deliver(ctx, ok, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Sent != 3 {
			t.Fatalf("retry straight after a failure: %+v, %v", rep, err)
		}

		// A run that claims a message and dies before sending it.
		a2, _, db2, now2 := deliveryStore(t, kind, 1)
		ds, _ := a2.Deliveries(ctx, "")
		if err := db2.Update(ctx, func(tx service.Tx) error {
			mine, err := tx.ClaimDeliveries([]int64{ds[0].ID}, *now2, now2.Add(-5*time.Minute))
			if err == nil && len(mine) != 1 {
				err = errors.New("could not claim a pending message")
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		later := &countingSender{}
		*now2 = now2.Add(time.Minute)
		if rep, _ := a2.Deliver(ctx, later, service.Envelope{From: "placematch@example.org"}); rep.Sent != 0 {
			t.Fatalf("a message another run is sending was sent again: %+v", rep)
		}
		*now2 = now2.Add(10 * time.Minute)
		if rep, err := a2.Deliver(ctx, later, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Sent != 1 {
			t.Fatalf("a message left by a dead run was not sent: %+v, %v", rep, err)
		}
	})
}

// batchSender takes messages a batch at a time and refuses those to one
// address, as a relay or a disk might refuse part of a batch.
type batchSender struct {
	refuse  string
	batches []int
	sent    map[string]string // message id -> body
}

func (s *batchSender) Send(m service.Message) error {
	return s.SendBatch(context.Background(), []service.Message{m}, func(int) error { return nil })[0]
}
func (s *batchSender) Via() string    { return "batch" }
func (s *batchSender) BatchSize() int { return 50 }
func (s *batchSender) SendBatch(_ context.Context, ms []service.Message, taken func(int) error) []error {
	s.batches = append(s.batches, len(ms))
	errs := make([]error, len(ms))
	for i, m := range ms {
		if m.To == s.refuse {
			errs[i] = errors.New("mailbox unavailable")
			continue
		}
		if s.sent == nil {
			s.sent = map[string]string{}
		}
		s.sent[m.ID] = m.Body
		if err := taken(i); err != nil {
			panic(err)
		}
	}
	return errs
}

// TestDeliveryInBatches: a broadcast's messages go in batches; one refused
// message is recorded failed with its reason while the rest are sent, each
// greeting its own provider, and the next run sends only the refused one.
func TestDeliveryInBatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		const n = 120
		ctx := context.Background()
		a, _, _, _ := deliveryStore(t, kind, n)
		s := &batchSender{refuse: "p7@example.org"}
		rep, err := a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Sent != n-1 || rep.Failed != 1 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "P007: mailbox unavailable") {
			t.Fatalf("report %+v", rep)
		}
		if len(s.batches) < 2 || len(s.batches) >= n {
			t.Errorf("%d messages went in batches of %v", n, s.batches)
		}
		ds, err := a.Deliveries(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			want := "sent"
			if d.ProviderID == "P007" {
				want = "failed"
				if !strings.Contains(d.LastError, "mailbox unavailable") {
					t.Errorf("the refusal was recorded as %q", d.LastError)
				}
			}
			if d.Status != want || d.Attempts != 1 {
				t.Errorf("%s: %s after %d attempts, want %s", d.ProviderID, d.Status, d.Attempts, want)
			}
			if d.Status == "sent" && !strings.HasPrefix(d.Body, "Dear Provider "+strings.TrimLeft(d.ProviderID[1:], "0")+",\n") {
				t.Errorf("%s's message begins %q", d.ProviderID, d.Body[:min(40, len(d.Body))])
			}
		}
		s.refuse = ""
		rep, err = a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != 1 || rep.Failed != 0 {
			t.Fatalf("retry: %+v, %v", rep, err)
		}
		if len(s.sent) != n {
			t.Errorf("%d of %d messages sent in the end", len(s.sent), n)
		}
	})
}

// claimWatcher is a sender that sends one by one and, at each message,
// counts the messages claimed but not yet recorded.
type claimWatcher struct {
	svc     *service.Service
	t       *testing.T
	maxHeld int
	n       int
}

func (c *claimWatcher) Via() string { return "watch" }
func (c *claimWatcher) Send(service.Message) error {
	ds, err := c.svc.Deliveries(context.Background(), "")
	if err != nil {
		c.t.Fatal(err)
	}
	held := 0
	for _, d := range ds {
		if d.Status == "pending" && !d.SentAt.IsZero() {
			held++
		}
	}
	c.maxHeld = max(c.maxHeld, held)
	c.n++
	return nil
}

// TestOneByOneClaimsOneAtATime: a sender that sends one by one (slow at
// times) holds one claim at a time, so no claim outlives its lease while the
// others wait behind it and another run sends them too.
func TestOneByOneClaimsOneAtATime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		a, _, _, _ := deliveryStore(t, kind, 12)
		w := &claimWatcher{svc: a, t: t}
		rep, err := a.Deliver(context.Background(), w, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != 12 || w.n != 12 {
			t.Fatalf("sent %d of 12 (%d), %v", rep.Sent, w.n, err)
		}
		if w.maxHeld != 1 {
			t.Errorf("up to %d messages were claimed at once by a relay that sends one by one", w.maxHeld)
		}
	})
}

// leaseWatcher is a relay that takes a batch at once: it records the size
// of each batch and the time it was given for it.
type leaseWatcher struct {
	batches []int
	left    []time.Duration
	sent    int
}

func (w *leaseWatcher) Send(m service.Message) error {
	return w.SendBatch(context.Background(), []service.Message{m}, func(int) error { return nil })[0]
}
func (w *leaseWatcher) Via() string    { return "lease" }
func (w *leaseWatcher) BatchSize() int { return 20 }
func (w *leaseWatcher) SendBatch(ctx context.Context, ms []service.Message, taken func(int) error) []error {
	w.batches = append(w.batches, len(ms))
	left := time.Duration(-1)
	if d, ok := ctx.Deadline(); ok {
		left = time.Until(d)
	}
	w.left = append(w.left, left)
	w.sent += len(ms)
	for i := range ms {
		if err := taken(i); err != nil {
			panic(err)
		}
	}
	return make([]error, len(ms))
}

// TestRelayBatchEndsWithinTheLease: a relay takes its batch of 20 at once,
// and is given a deadline well inside the claim's lease of 5 minutes, so it
// stops beginning messages before another run may take them.
func TestRelayBatchEndsWithinTheLease(t *testing.T) {
	t.Parallel()
	a, _, _, _ := deliveryStore(t, storetest.SQLite, 45)
	w := &leaseWatcher{}
	rep, err := a.Deliver(context.Background(), w, service.Envelope{From: "placematch@example.org"})
	if err != nil || rep.Sent != 45 || w.sent != 45 {
		t.Fatalf("sent %d (%d), %v", rep.Sent, w.sent, err)
	}
	if !slices.Equal(w.batches, []int{20, 20, 5}) {
		t.Errorf("batches %v, want 20, 20, 5", w.batches)
	}
	for _, left := range w.left {
		if left <= 0 || left > 3*time.Minute {
			t.Errorf("a batch was given %v (negative: no deadline), want at most half the lease", left)
		}
	}
}

// TestDeliveryEnvelope: each message carries the envelope's sender and
// Message-ID domain, and the Reply-To of its request's council.
func TestDeliveryEnvelope(t *testing.T) {
	t.Parallel()
	a, _, _, _ := deliveryStore(t, storetest.SQLite, 2)
	var got []service.Message
	s := &recorder{got: &got}
	asked := map[string]int{}
	env := service.Envelope{From: "DPS <dps@sefton.example.org>", Domain: "sefton.example.org",
		ReplyTo: func(council string) string { asked[council]++; return "placements@" + council + ".example.org" }}
	if rep, err := a.Deliver(context.Background(), s, env); err != nil || rep.Sent != 2 {
		t.Fatalf("%+v, %v", rep, err)
	}
	for _, m := range got {
		if m.From != env.From || m.Domain != "sefton.example.org" || m.ReplyTo != "placements@sefton.example.org" ||
			m.MessageIDAddr() != m.ID+"@sefton.example.org" {
			t.Errorf("message %+v", m)
		}
	}
	if asked["sefton"] == 0 || len(asked) != 1 {
		t.Errorf("Reply-To asked for %v", asked)
	}
	if id := (service.Message{ID: "x"}).MessageIDAddr(); id != "x@placematch.invalid" {
		t.Errorf("without a domain the Message-ID is %s", id)
	}
}

// recorder keeps every message it is given.
type recorder struct{ got *[]service.Message }

func (r *recorder) Send(m service.Message) error { *r.got = append(*r.got, m); return nil }
func (r *recorder) Via() string                  { return "recorder" }

// TestExtendTellsEveryInvitedProvider: moving a deadline queues one
// message to each invited provider, greeting it, giving the old and new
// times and nothing that identifies the young person; a refused extension
// queues nothing.
func TestExtendTellsEveryInvitedProvider(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, _, _, _ := deliveryStore(t, kind, 3)
		reqs, err := a.Requests(ctx, service.RequestFilter{})
		if err != nil || len(reqs) != 1 {
			t.Fatal(len(reqs), err)
		}
		id := reqs[0].ID
		updates := func() []service.Delivery {
			ds, err := a.Deliveries(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []service.Delivery
			for _, d := range ds {
				if d.Kind == "update" {
					out = append(out, d)
				}
			}
			return out
		}
		if err := a.Extend(ctx, "t", id, time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC)); err == nil {
			t.Fatal("a deadline after the start date was accepted")
		}
		if n := len(updates()); n != 0 {
			t.Fatalf("a refused extension queued %d messages", n)
		}
		if err := a.Extend(ctx, "t", id, time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got := updates()
		if len(got) != 3 {
			t.Fatalf("%d messages for 3 invited providers", len(got))
		}
		for i, d := range got {
			name := fmt.Sprintf("Provider %d", i+1)
			if !strings.HasPrefix(d.Body, "Dear "+name+",\n") || d.To != fmt.Sprintf("p%d@example.org", i+1) || d.Status != "pending" {
				t.Errorf("message %d: to %s, %s, begins %q", i, d.To, d.Status, d.Body[:min(30, len(d.Body))])
			}
			text := d.Subject + "\n" + d.Body
			for _, want := range []string{"2026-11-27 12:00", "2026-11-28 12:00", id, fmt.Sprintf("give your provider id: P%03d.", i+1)} {
				if !strings.Contains(text, want) {
					t.Errorf("message %d does not say %q:\n%s", i, want, text)
				}
			}
			for _, private := range []string{"S-1", "KM", "2014-05-05"} {
				if strings.Contains(text, private) {
					t.Errorf("message %d carries %q:\n%s", i, private, text)
				}
			}
		}
	})
}
