package demo_test

import (
	"context"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestTheDemoShowsTheRegistersLife: applications waiting (one overdue),
// one admitted from a date still to come, one refused, a suspension with
// an end date, a removal; on days around the admission dates too, and the
// trail verifies.
func TestTheDemoShowsTheRegistersLife(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{
		time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC),  // an admission date of leaving-care
		time.Date(2027, 2, 2, 12, 0, 0, 0, time.UTC),  // the day after it
		time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), // an ordinary day
	} {
		svc := openDemoStore(t, storetest.SQLite, now)
		loadDemo(t, svc)
		ctx := context.Background()
		apps, err := svc.Applications(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		waiting, overdue := 0, 0
		for _, a := range apps {
			waiting++
			if a.Overdue {
				overdue++
			}
		}
		if waiting < 2 || overdue < 1 || overdue == waiting {
			t.Errorf("%s: applications %+v: want some waiting in time and one overdue", now, apps)
		}
		rows, _ := svc.Providers(ctx, service.ProviderFilter{})
		var future, refused, suspendedUntil, removed bool
		for _, p := range rows {
			switch {
			case p.Status == matching.ProviderAdmitted && p.AdmittedOn.After(matching.Today(now)):
				future = true
			case p.Status == matching.ProviderRefused && p.StatusReason != "":
				refused = true
			case p.Status == matching.ProviderSuspended && p.SuspendedUntil.After(matching.Today(now)):
				suspendedUntil = true
			case p.Status == matching.ProviderRemoved:
				removed = true
			}
		}
		if !future || !refused || !suspendedUntil || !removed {
			t.Errorf("%s: admitted later %v, refused %v, suspended until a date %v, removed %v", now, future, refused, suspendedUntil, removed)
		}
		if v, err := svc.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Errorf("%s: audit verify: %+v, %v", now, v, err)
		}
	}
}
