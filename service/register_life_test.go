package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestTheRegistersLifeOnBothStores takes applications through every action,
// a suspension ending by itself and a broadcast before an admission date,
// and audit verify holds every row against the trail.
func TestTheRegistersLifeOnBothStores(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind) // 2026-11-25 09:00
		ctx := context.Background()
		apply := func(id, name string) {
			t.Helper()
			if _, err := f.svc.Apply(ctx, "ann", matching.ApplyInput{ProviderID: id, Name: name, Kind: "company", Lot: "packages",
				Email: strings.ToLower(id) + "@example.org"}); err != nil {
				t.Fatal(err)
			}
		}
		apply("N1", "New One")
		apply("N2", "New Two")
		apps, err := f.svc.Applications(ctx, "care-support")
		if err != nil || len(apps) != 2 || matching.ShowDate(apps[0].DecisionDue) != "2026-12-09" || apps[0].Overdue {
			t.Fatalf("applications = %+v, %v", apps, err)
		}
		f.now = time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
		if apps, _ = f.svc.Applications(ctx, ""); !apps[0].Overdue || !apps[1].Overdue {
			t.Fatalf("past the due date, not overdue: %+v", apps)
		}
		if _, err := f.svc.Assess(ctx, "ann", "N1", "packages", "85", "Strong references."); err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.Admit(ctx, "ann", "N1", "packages")
		if err != nil || matching.ShowDate(p.AdmittedOn) != "2027-03-07" {
			t.Fatalf("admitted %+v, %v", p, err)
		}
		if _, err := f.svc.Refuse(ctx, "ann", "N2", "packages", "No registered manager."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Suspend(ctx, "ann", "P1", "packages", "Safeguarding review", time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Remove(ctx, "ann", "P2", "packages", "Lost its registration."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Leave(ctx, "ann", "P3", "packages", "Closing the service."); err != nil {
			t.Fatal(err)
		}
		// A refused change: admitting a removed provider changes nothing.
		before, _ := f.svc.VerifyAudit(ctx)
		if _, err := f.svc.Admit(ctx, "ann", "P2", "packages"); !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "removed") {
			t.Fatalf("admitting a removed provider: %v", err)
		}
		if _, err := f.svc.Reinstate(ctx, "ann", "NOPE", "packages"); !errors.Is(err, matching.ErrNotFound) {
			t.Fatalf("an unknown provider: %v", err)
		}
		if after, _ := f.svc.VerifyAudit(ctx); after.Events != before.Events {
			t.Fatalf("a refused change wrote events: %d then %d", before.Events, after.Events)
		}
		// The broadcast of 10 December: N1 is admitted from 7 March, so left out with the date.
		id := f.draft(t, func(in *matching.RequestInput) { in.Start, in.Deadline = "2026-12-20", "2026-12-16 12:00" })
		res, err := f.svc.Broadcast(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		var n1 *matching.NotInvited
		for i, n := range res.NotInvited {
			if n.ProviderID == "N1" {
				n1 = &res.NotInvited[i]
			}
		}
		if n1 == nil || n1.AdmittedOn != "2027-03-07" || n1.Reasons[0] != matching.ReasonNotAdmitted || len(res.Invited) != 0 {
			t.Fatalf("broadcast: invited %+v, N1 %+v", res.Invited, n1)
		}
		// The suspension ends by itself on 15 December, by the system.
		f.now = time.Date(2026, 12, 15, 0, 10, 0, 0, time.UTC)
		if _, err := f.svc.CloseDue(ctx); err != nil {
			t.Fatal(err)
		}
		rows, _ := f.svc.Providers(ctx, service.ProviderFilter{ProviderID: "P1"})
		if rows[0].Status != matching.ProviderAdmitted || !rows[0].SuspendedUntil.IsZero() {
			t.Fatalf("P1 after its suspension's end: %+v", rows[0])
		}
		page, err := f.svc.AuditPage(ctx, service.AuditQuery{NewestFirst: true, Limit: 1})
		if err != nil || (len(page.Events) != 1 || page.Events[0].Action != matching.ActionProviderReinstated || page.Events[0].Actor != "system") {
			t.Fatalf("the last event = %+v", page.Events)
		}
		// Each change told to its provider.
		ds, err := f.svc.Deliveries(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		subjects := map[string]string{}
		for _, d := range ds {
			if d.Kind == "register" {
				subjects[d.ProviderID+" "+d.Subject] = d.Status
			}
		}
		for _, want := range []string{"N1 Application received: Care and support packages", "N1 Quality assessment: Care and support packages",
			"N1 Admitted: Care and support packages from 2027-03-07", "N2 Application refused: Care and support packages",
			"P1 Suspended: Care and support packages", "P1 Reinstated: Care and support packages", "P2 Removed: Care and support packages",
			"P3 Left: Care and support packages"} {
			if _, ok := subjects[want]; !ok {
				t.Errorf("no letter %q among %v", want, subjects)
			}
		}
		v, err := f.svc.VerifyAudit(ctx)
		if err != nil || !v.OK() {
			t.Fatalf("audit verify after every action: %+v, %v", v, err)
		}
	})
}

// TestReassessmentKeepsTheScoreAClosedRequestWasJudgedOn: the quality at
// close is what an offer is scored on; a re-assessment after it counts
// from its date only.
func TestReassessmentKeepsTheScoreAClosedRequestWasJudgedOn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		id := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "900"}); err != nil {
			t.Fatal(err)
		}
		f.now = time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC) // past the deadline
		if _, err := f.svc.CloseDue(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Assess(ctx, "ann", "P1", "packages", "20", "Re-inspected."); err != nil {
			t.Fatal(err)
		}
		rk, err := f.svc.Rank(ctx, "t", id)
		if err != nil || len(rk.Ranking.Ranked) != 1 || rk.Ranking.Ranked[0].Quality != 80 {
			t.Fatalf("ranking after the re-assessment: %+v, %v", rk.Ranking.Ranked, err)
		}
		rows, _ := f.svc.Providers(ctx, service.ProviderFilter{ProviderID: "P1"})
		if rows[0].Quality != 20 || rows[0].QualityNote != "Re-inspected." {
			t.Fatalf("the register after it: %+v", rows[0])
		}
		if v, err := f.svc.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Fatalf("audit verify: %+v, %v", v, err)
		}
	})
}

// TestImportKeepsStatusesAndRecordsTheChange: a file's status stands, a
// suspension's end goes with the suspension, and an application imported
// waits from the day of the import.
func TestImportKeepsStatusesAndRecordsTheChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := context.Background()
	if _, err := f.svc.Suspend(ctx, "ann", "P1", "packages", "Review", time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	file := strings.Replace(register, "P1,One,company,care-support,packages,admitted", "P1,One,company,care-support,packages,admitted", 1) +
		"N9,Nine,company,care-support,packages,applied,,0,*,0,25,,,,Leeds\n"
	if _, err := f.svc.ImportProviders(ctx, "ann", strings.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	rows, _ := f.svc.Providers(ctx, service.ProviderFilter{})
	for _, p := range rows {
		switch p.ProviderID {
		case "P1":
			if p.Status != matching.ProviderAdmitted || !p.SuspendedUntil.IsZero() || p.StatusReason != "" {
				t.Errorf("P1 after the file admits it: %+v", p)
			}
		case "N9":
			if p.Status != matching.ProviderApplied || matching.ShowDate(p.AppliedOn) != "2026-11-25" {
				t.Errorf("an application imported: %+v", p)
			}
		}
	}
	if v, err := f.svc.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Fatalf("audit verify: %+v, %v", v, err)
	}
}
