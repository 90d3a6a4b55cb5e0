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

func ptr[T any](v T) *T { return &v }

// TestCouncilSettingsAllOrNothing: a council's defaults and contact change
// together or not at all, each change on the record; the contact then
// signs its invitations.
func TestCouncilSettingsAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		events := func() int {
			evs, err := f.svc.Audit(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		before := events()
		// A good lot change with a bad phone: nothing changes.
		err := f.svc.SetCouncil(ctx, "t", "sefton", service.CouncilChange{Lot: "packages", GuidePrice: ptr(matching.Pence(150000)),
			Contact: service.ContactChange{Name: ptr("Placements team"), Phone: ptr("151 934 4000")}})
		if err == nil || !strings.Contains(err.Error(), "contact-phone") {
			t.Fatalf("a bad phone: %v", err)
		}
		v, err := f.svc.Council(ctx, "sefton")
		if err != nil {
			t.Fatal(err)
		}
		if !v.Contact.Empty() || v.Lots[0].GuidePence != 0 || events() != before {
			t.Fatalf("a refused change left %+v and %d new events", v, events()-before)
		}
		// Both at once.
		err = f.svc.SetCouncil(ctx, "t", "Sefton ", service.CouncilChange{Lot: "packages", GuidePrice: ptr(matching.Pence(150000)),
			Contact: service.ContactChange{Name: ptr("Placements team"), Email: ptr("placements@sefton.example.gov.uk"), Phone: ptr("0151 934 4000")}})
		if err != nil {
			t.Fatal(err)
		}
		// Then the email alone: the rest of the contact and the lot's weights stay.
		if err := f.svc.SetCouncil(ctx, "t", "sefton", service.CouncilChange{Contact: service.ContactChange{Email: ptr("team@sefton.example.gov.uk")}}); err != nil {
			t.Fatal(err)
		}
		v, _ = f.svc.Council(ctx, "sefton")
		want := matching.Contact{Name: "Placements team", Email: "team@sefton.example.gov.uk", Phone: "0151 934 4000"}
		var packages service.CouncilLot
		for _, l := range v.Lots {
			if l.Lot == "packages" {
				packages = l
			}
		}
		if v.Contact != want || packages.GuidePence != 150000 || packages.Weights != "50/35/15" || events() != before+3 {
			t.Errorf("council %+v, packages %+v, %d events", v.Contact, packages, events()-before)
		}
		// Its invitations name it.
		id := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		ds, err := f.svc.Deliveries(ctx, id)
		if err != nil || len(ds) == 0 {
			t.Fatalf("%d messages, %v", len(ds), err)
		}
		for _, w := range []string{"The council's contact: Placements team, Sefton Council", "Email: team@sefton.example.gov.uk", "Phone: 0151 934 4000"} {
			if !strings.Contains(ds[0].Body, w) {
				t.Errorf("the invitation lacks %q:\n%s", w, ds[0].Body)
			}
		}
		// Unknown councils and empty changes are refused.
		if err := f.svc.SetCouncil(ctx, "t", "atlantis", service.CouncilChange{Contact: service.ContactChange{Name: ptr("x")}}); !errors.Is(err, matching.ErrNotFound) {
			t.Errorf("an unknown council: %v", err)
		}
		if err := f.svc.SetCouncil(ctx, "t", "sefton", service.CouncilChange{}); err == nil || !strings.Contains(err.Error(), "nothing to change") {
			t.Errorf("no change: %v", err)
		}
		if err := f.svc.SetCouncil(ctx, "t", "sefton", service.CouncilChange{Weights: &matching.Weights{Quality: 50, Price: 50}}); err == nil || !strings.Contains(err.Error(), "--lot") {
			t.Errorf("weights without a lot: %v", err)
		}
	})
}

// TestServerSettingsKept: the server's settings are kept, read back and
// on the record, and a bad value changes none of them; the server's address
// then tells providers how to answer in the app.
func TestServerSettingsKept(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		if _, err := f.svc.SetSettings(ctx, "admin", map[string]string{"mail-from": "pm@region.example.gov.uk", "server-address": "pm.region.example.gov.uk:23234"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetSettings(ctx, "admin", map[string]string{"mail-domain": "region.example.gov.uk", "ocid-prefix": "nope"}); err == nil {
			t.Fatal("a bad prefix was taken")
		}
		got, err := f.svc.Settings(ctx)
		want := matching.Settings{MailFrom: "pm@region.example.gov.uk", ServerAddress: "pm.region.example.gov.uk:23234"}
		if err != nil || got != want {
			t.Fatalf("settings %+v, %v; want %+v", got, err, want)
		}
		evs, _ := f.svc.Audit(ctx, "")
		if last := evs[len(evs)-1]; last.Action != matching.ActionSettingsSet || last.Actor != "admin" || last.Fields.Get("mail-from") != "pm@region.example.gov.uk" {
			t.Errorf("last event %+v", last)
		}
		id := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		ds, _ := f.svc.Deliveries(ctx, id)
		if len(ds) == 0 || !strings.Contains(ds[0].Body, "ssh -p 23234 pm.region.example.gov.uk") {
			t.Errorf("the invitation does not say how to answer in the app:\n%v", ds)
		}
	})
}
