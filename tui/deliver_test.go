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
