package tui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/delivery"
	"placematch/matching"
	"placematch/service"
)

// failingSender refuses every message, as a relay that is down would.
type failingSender struct{}

func (failingSender) Send(service.Message) error { return errors.New("relay down") }
func (failingSender) Via() string                { return "smtp test" }

// TestSweepDeliversQueuedMessages: what a broadcast queues goes out with the
// app's sweep; a failed send is one line in the status bar and stays queued.
func TestSweepDeliversQueuedMessages(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	ctx := context.Background()
	r, err := svc.NewRequest(ctx, "u", matching.RequestInput{Council: "sefton", Lot: "group-living", CaseRef: "C1", Initials: "AB",
		DOB: "2009-01-01", Start: "2026-11-27", Deadline: "2026-11-26 17:00"})
	must(t, err)
	_, err = svc.Broadcast(ctx, "u", r.ID)
	must(t, err)

	var sender service.Sender = failingSender{}
	opts := Options{User: "u", Deliver: func(ctx context.Context) (service.DeliveryReport, error) {
		return svc.Deliver(ctx, sender, service.Envelope{From: "dps@council.example.org"})
	}}
	h := newHarness(t, svc, opts, 100, 30)
	if !strings.Contains(h.view(), "not sent yet") || !strings.Contains(h.view(), "relay down") {
		t.Fatalf("a failed delivery is not on the status line:\n%s", h.view())
	}
	dir := filepath.Join(t.TempDir(), "outbox")
	sender = delivery.Dir{Path: dir}
	h.run(sweep(h.m.c))
	files, _ := os.ReadDir(dir)
	ds, err := svc.Deliveries(ctx, r.ID)
	must(t, err)
	withAddress := 0
	for _, d := range ds {
		if d.To != "" {
			withAddress++
			if d.Status != "sent" {
				t.Errorf("delivery %d is %s after a working sweep", d.ID, d.Status)
			}
		}
	}
	if withAddress == 0 || len(files) != withAddress {
		t.Fatalf("outbox holds %d files for %d addressed messages", len(files), withAddress)
	}
}

// TestMailAgainFromTheDetail: m on a broadcast request queues again what a
// provider says never came (every message of that provider, sent or not)
// and says how many wait; an id that was not invited is refused in words,
// queuing nothing.
func TestMailAgainFromTheDetail(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	ctx := context.Background()
	_, err := svc.Deliver(ctx, delivery.Dir{Path: filepath.Join(t.TempDir(), "outbox")}, service.Envelope{})
	must(t, err)
	pending := func(pid string) (n, all int) {
		ds, err := svc.Deliveries(ctx, wd.open)
		must(t, err)
		for _, d := range ds {
			if d.ProviderID == pid {
				all++
				if d.Status == "pending" {
					n++
				}
			}
		}
		return n, all
	}
	d, err := svc.Show(ctx, "test", wd.open)
	must(t, err)
	pid := d.Answers[0].ProviderID
	if n, all := pending(pid); n != 0 || all == 0 {
		t.Fatalf("before: %d of %d of %s's messages pending", n, all, pid)
	}
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 200, 50)
	h.openRequest(wd.open)
	h.mustSee("m mail again")
	h.keys("m")
	h.mustSee("Mail " + wd.open + " again")
	h.typeText("P999")
	h.keys("enter")
	if v := flat(h.view()); !strings.Contains(v, `has the id or a name with "P999"`) {
		t.Fatalf("an id not invited was not refused in words:\n%s", h.view())
	}
	if n, _ := pending(pid); n != 0 {
		t.Fatalf("a refused resend queued %d messages", n)
	}
	// A part of its name, in any case, is enough when only it has it.
	var name string
	for _, a := range d.Answers {
		if a.ProviderID == pid {
			name = a.ProviderName
		}
	}
	h.keys("ctrl+u")
	h.typeText(strings.ToLower(name[:len(name)-2]))
	h.keys("enter")
	n, all := pending(pid)
	if n == 0 || all != 2*n {
		t.Fatalf("after: %d pending of %d messages for %s, want a new copy of each sent one", n, all, pid)
	}
	h.mustSee(matching.Plural(n, "message", "messages") + " waiting to be sent")
}
