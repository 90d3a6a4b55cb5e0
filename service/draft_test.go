package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// A form's draft is kept from the moment it has a council and a lot, and
// every change after is saved with it, incomplete as it may be; the store
// holds it, the list shows it, and only a complete draft goes out.
func TestIncompleteDraftIsKeptAndRefusedAtBroadcast(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		r, err := f.svc.NewDraft(ctx, "duty", matching.RequestInput{Council: "sefton", Lot: "packages"})
		if err != nil {
			t.Fatalf("council and lot are enough for a draft: %v", err)
		}
		evs, err := f.svc.Audit(ctx, r.ID)
		if err != nil || len(evs) != 1 || evs[0].Action != matching.ActionDraftCreated {
			t.Fatalf("the draft's creation is on the record: %v %v", evs, err)
		}
		in := matching.InputOf(r)
		in.CaseRef, in.DOB, in.Summary = "S-9", "2014-05-0", "Loves trains."
		if _, err := f.svc.SaveDraft(ctx, "duty", r.ID, in); err != nil {
			t.Fatalf("saving a half-typed draft: %v", err)
		}
		d, err := f.svc.Show(ctx, "duty", r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Request.CaseRef != "S-9" || d.Request.Summary != "Loves trains." || !d.Request.DOB.IsZero() {
			t.Errorf("the store holds %+v", d.Request)
		}
		if evs, _ := f.svc.Audit(ctx, r.ID); len(evs) != 1 {
			t.Errorf("saving a draft field by field is not an event: %d events", len(evs))
		}
		rs, err := f.svc.Requests(ctx, service.RequestFilter{Council: "sefton"})
		if err != nil || len(rs) != 1 || rs[0].ID != r.ID || rs[0].Status != matching.StatusDraft {
			t.Fatalf("the list shows the draft: %+v %v", rs, err)
		}
		if _, err := f.svc.PreviewBroadcast(ctx, r.ID); err == nil || !strings.Contains(err.Error(), "no initials, date of birth, start date or deadline") {
			t.Errorf("the preview names what is missing: %v", err)
		}
		_, err = f.svc.Broadcast(ctx, "duty", r.ID)
		if !errors.Is(err, matching.ErrInvalid) || !strings.Contains(err.Error(), "initials") {
			t.Fatalf("an incomplete draft must not go out: %v", err)
		}
		if d, _ := f.svc.Show(ctx, "duty", r.ID); d.Request.Status != matching.StatusDraft {
			t.Errorf("a refused broadcast changed the draft: %v", d.Request.Status)
		}
		// Completed, it goes.
		in = matching.InputOf(d.Request)
		in.Initials, in.DOB, in.Start, in.Deadline = "KM", "2014-05-05", "2026-12-07", "2026-11-27 12:00"
		if _, err := f.svc.EditDraft(ctx, "duty", r.ID, func(p *matching.RequestInput) { *p = in }); err != nil {
			t.Fatal(err)
		}
		if res, err := f.svc.Broadcast(ctx, "duty", r.ID); err != nil || len(res.Invited) != 2 {
			t.Fatalf("the completed draft: %+v %v", res, err)
		}
	})
}

// A draft needs its council and lot, and nothing is kept (no id used up)
// without them.
func TestDraftNeedsCouncilAndLot(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		if _, err := f.svc.NewDraft(ctx, "duty", matching.RequestInput{Council: "sefton"}); !errors.Is(err, matching.ErrInvalid) {
			t.Fatalf("no lot: %v", err)
		}
		r, err := f.svc.NewDraft(ctx, "duty", matching.RequestInput{Council: "sefton", Lot: "packages"})
		if err != nil || r.ID != "SEF-2026-0001" {
			t.Fatalf("the first draft takes the first id: %v %v", r.ID, err)
		}
	})
}
