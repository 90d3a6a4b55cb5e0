package service_test

import (
	"context"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestChangesAreSignalled: a write committed through a notifying store
// signals every subscriber at once (many as one while it is busy); a
// refused write, a read, or an ended subscription signals nothing.
func TestChangesAreSignalled(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, storetest.SQLite)
	changes := service.NewChanges()
	svc := service.New(service.Notifying(db, changes), service.WithClock(func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }))
	ctx := context.Background()
	a, stopA := changes.Subscribe()
	b, stopB := changes.Subscribe()
	defer stopA()
	signalled := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	in := matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1"}
	for range 3 {
		if _, err := svc.NewDraft(ctx, "t", in); err != nil {
			t.Fatal(err)
		}
	}
	if !signalled(a) || !signalled(b) || signalled(a) {
		t.Fatal("three writes are not one signal to each subscriber")
	}
	stopB()
	if _, err := svc.NewDraft(ctx, "t", matching.RequestInput{Council: "nowhere"}); err == nil {
		t.Fatal("a draft for no council was made")
	}
	if _, err := svc.Requests(ctx, service.RequestFilter{}); err != nil {
		t.Fatal(err)
	}
	if signalled(a) {
		t.Fatal("a refused write or a read signalled a change")
	}
	if _, err := svc.NewDraft(ctx, "t", in); err != nil {
		t.Fatal(err)
	}
	if !signalled(a) || signalled(b) {
		t.Fatal("after a write: the subscriber not told, or the ended one told")
	}
	if v, err := svc.Changed(ctx); err != nil || v == 0 {
		t.Fatalf("the notifying store hides the store's change counter: %d, %v", v, err)
	}
}
