package demo_test

import (
	"context"
	"testing"
	"time"

	"placematch/service"
	"placematch/store/storetest"
)

// TestDemoHasATermDecisionDueAndAPurchaser: the demo's leaving-care term,
// at any time it is loaded, has one extension decided and a decision due
// on the next, refuses nothing, and its ICB buys on care-support with its
// own settings; the generated region has a decision due too. Both verify.
func TestDemoHasATermDecisionDueAndAPurchaser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), time.Date(2027, 1, 31, 23, 59, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC),
	} {
		svc := openDemoStore(t, storetest.SQLite, at)
		loadDemo(t, svc)
		v, err := svc.Framework(ctx, "leaving-care")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Term.Decisions) != 1 || !v.Term.ReminderDue(at) || v.Term.Ended(at) || v.Term.ExtensionsLeft() != 1 {
			t.Errorf("at %s the demo's term is %+v (reminder due %v)", at, v.Term, v.Term.ReminderDue(at))
		}
		if end := v.Term.CurrentEnd(); end.Before(at) || end.Sub(at) > 190*24*time.Hour {
			t.Errorf("at %s the current end %s is not a few months ahead", at, end)
		}
		l, err := svc.Attention(ctx, service.AttentionScope{})
		if err != nil || l.Counts[service.AttentionExtension] != 1 {
			t.Errorf("at %s the demo's attention list: %+v %v", at, l.Counts, err)
		}
		cv, err := svc.Council(ctx, "nhs-cheshire-merseyside")
		if err != nil || len(cv.Lots) != 1 || cv.Lots[0].GuidePence != 180000 || cv.Contact.Empty() {
			t.Errorf("the demo's ICB: %+v %v", cv, err)
		}
		if res, err := svc.VerifyAudit(ctx); err != nil || !res.OK() {
			t.Errorf("audit verify of the demo: %v %v", res.Differences, err)
		}
	}
	gen := openGenStore(t, storetest.SQLite)
	generate(t, gen, 7)
	v, err := gen.Framework(ctx, "leaving-care")
	if err != nil || !v.Term.ReminderDue(gen.Now()) || len(v.Purchasers) != 0 {
		t.Errorf("the generated leaving-care term: %+v %v", v, err)
	}
	cs, _ := gen.Framework(ctx, "care-support")
	if len(cs.Purchasers) != 1 {
		t.Errorf("the generated region's purchasers on care-support: %+v", cs.Purchasers)
	}
	if res, err := gen.VerifyAudit(ctx); err != nil || !res.OK() {
		t.Errorf("audit verify of the generated region: %v %v", res.Differences, err)
	}
}
