package tui

import (
	"context"
	"testing"

	"placematch/matching"
	"placematch/service"
)

// world is a store with a request in every state, made through the
// service as the commands would make them.
type world struct {
	draft, open, closed, opened, awarded, noAward, cancelled, packages string
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func buildWorld(t testing.TB, svc *service.Service) world {
	t.Helper()
	ctx := context.Background()
	importRegister(t, svc)
	var w world
	mk := func(council, locality string) string {
		in := groupLiving(council)
		in.Locality = locality
		return newDraft(t, svc, in).ID
	}
	respond := func(id, pid, weekly string) {
		_, err := svc.Respond(ctx, "test", id, matching.ResponseInput{ProviderID: pid, Weekly: weekly})
		must(t, err)
	}
	decline := func(id, pid string) {
		_, err := svc.Respond(ctx, "test", id, matching.ResponseInput{ProviderID: pid, Declined: true, Decline: "no room this week"})
		must(t, err)
	}
	broadcast := func(id string) {
		_, err := svc.Broadcast(ctx, "test", id)
		must(t, err)
	}
	// Awarded: two offers and a decline, opened and awarded to rank 1.
	w.awarded = mk("sefton", "Southport")
	broadcast(w.awarded)
	respond(w.awarded, "P001", "950")
	respond(w.awarded, "P004", "1,100")
	decline(w.awarded, "P002")
	must(t, svc.Close(ctx, "test", w.awarded, "enough offers to decide"))
	_, err := svc.Rank(ctx, "test", w.awarded)
	must(t, err)
	must(t, svc.Award(ctx, "test", w.awarded, "P004", ""))
	// No award, with a spot purchase.
	w.noAward = mk("sefton", "Crosby")
	broadcast(w.noAward)
	decline(w.noAward, "P001")
	must(t, svc.Close(ctx, "test", w.noAward, "no capacity in the region"))
	_, err = svc.Rank(ctx, "test", w.noAward)
	must(t, err)
	must(t, svc.NoAward(ctx, "test", w.noAward, "no offer", "spot purchase from an unregistered home, agreed by the head of service"))
	// Cancelled.
	w.cancelled = mk("sefton", "Maghull")
	must(t, svc.Cancel(ctx, "test", w.cancelled, "the young person returned home"))
	// Opened, not yet awarded: three offers, one above the cap.
	in := groupLiving("sefton")
	in.PriceCap = "1200"
	in.Locality = "Bootle"
	w.opened = newDraft(t, svc, in).ID
	broadcast(w.opened)
	respond(w.opened, "P001", "950")
	respond(w.opened, "P004", "1,150.50")
	respond(w.opened, "P005", "1,300")
	must(t, svc.Close(ctx, "test", w.opened, "the placement is needed now"))
	_, err = svc.Rank(ctx, "test", w.opened)
	must(t, err)
	// Closed and sealed.
	w.closed = mk("sefton", "Litherland")
	broadcast(w.closed)
	respond(w.closed, "P001", "990")
	decline(w.closed, "P004")
	must(t, svc.Close(ctx, "test", w.closed, "the young person needs an answer tonight"))
	// Open with an answer.
	w.open = mk("sefton", "Netherton")
	broadcast(w.open)
	respond(w.open, "P001", "975")
	// A care package with hours, open.
	pk := matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "CWD-77", Initials: "TR", DOB: "2014-05-02",
		Start: "2026-12-07", Deadline: "2026-12-05 12:00", Urgency: "planned", Hours: "20", Needs: "personal-care;autism",
		Locality: "Formby", Summary: "Short breaks and personal care for a child with autism.\nNeeds a consistent team."}
	w.packages = newDraft(t, svc, pk).ID
	broadcast(w.packages)
	// Placements besides the award's: a legacy package whose price
	// changed, one ended, and the council's budget.
	legacy, err := svc.AddPlacement(ctx, "test", matching.PlacementInput{Council: "sefton", Lot: "group-living", Kind: "legacy",
		ProviderName: "Harbour View Homes", Weekly: "1,050", Start: "2025-10-06", CaseRef: "SF-4410", DOB: "2009-01-12"})
	must(t, err)
	_, err = svc.ChangePlacementPrice(ctx, "test", legacy.ID, "1,120", "2026-04-01", "annual uplift")
	must(t, err)
	ended, err := svc.AddPlacement(ctx, "test", matching.PlacementInput{Council: "sefton", Lot: "floating-support", Kind: "spot",
		ProviderName: "Northway Support", Weekly: "420.50", Start: "2026-05-11", CaseRef: "SF-4471"})
	must(t, err)
	_, err = svc.EndPlacement(ctx, "test", ended.ID, "2026-09-14", "planned move to supported lodgings")
	must(t, err)
	_, err = svc.SetBudget(ctx, "test", "sefton", "leaving-care", "2026", "150,000")
	must(t, err)
	// A draft, last, so it is at the top of the list.
	w.draft = mk("sefton", "Bootle")
	return w
}
