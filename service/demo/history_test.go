package demo_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store/storetest"
)

// TestGeneratedHistoryIsTheServices: the generator applies the matching
// transitions the service operations apply and writes them through the same
// service.Record. Played through the service's own operations at the same
// times, with the same salts, its trace makes the same trail: every event's
// fields, openings and hash alike.
func TestGeneratedHistoryIsTheServices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gen := openGenStore(t, storetest.SQLite)
	var trace []demo.Traced
	res, err := demo.Generate(ctx, gen, "tester", demo.GenerateOptions{ProviderLots: 120, Requests: 300, Seed: 6,
		Trace: func(s demo.Traced) { trace = append(trace, s) }})
	if err != nil {
		t.Fatal(err)
	}
	want, err := rawTrail(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != res.Events {
		t.Fatalf("the generator wrote %d events, and says %d", len(want), res.Events)
	}
	// Played on each kind of store: the trail is the same whatever the
	// database, too.
	storetest.Each(t, func(t *testing.T, kind string) {
		var step demo.Traced
		svc := service.New(storetest.Open(t, kind), service.WithClock(func() time.Time { return step.At }),
			service.WithSalts(func() string {
				if step.Salt == "" {
					t.Fatalf("the %s at %s asked for a salt the generator did not draw", step.Op, step.At)
				}
				return step.Salt
			}))
		ops := map[string]int{}
		for _, step = range trace {
			ops[step.Op]++
			if err := play(ctx, svc, step); err != nil {
				t.Fatalf("playing %s of %s at %s: %v", step.Op, step.RequestID, step.At, err)
			}
		}
		for _, op := range []string{"import", "defaults", "term", "purchaser", "create", "broadcast", "respond", "withdraw", "extend", "close-early",
			"close-due", "cancel", "open", "award", "no-award", "placement-change", "placement-end", "budget"} {
			if ops[op] == 0 {
				t.Errorf("the generated history has no %s to compare", op)
			}
		}
		got, err := rawTrail(ctx, svc)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("the generator wrote %d events, the service %d", len(want), len(got))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("event %d differs:\ngenerator: %+v\nservice:   %+v", want[i].Seq, want[i], got[i])
			}
		}
	})
}

// play makes one traced change through the service operation it names.
func play(ctx context.Context, svc *service.Service, s demo.Traced) error {
	var err error
	switch s.Op {
	case "import":
		_, err = svc.ImportProviders(ctx, s.Actor, strings.NewReader(s.Register))
	case "defaults":
		err = svc.SetDefaults(ctx, s.Actor, s.Council, s.Lot, s.Defaults)
	case "term":
		_, err = svc.SetTerm(ctx, s.Actor, s.Framework, s.Start, s.Years)
	case "purchaser":
		_, err = svc.AddPurchaser(ctx, s.Actor, s.Council, s.Name, s.Framework, s.GSS)
	case "create":
		_, err = svc.NewRequest(ctx, s.Actor, s.Request)
	case "broadcast":
		_, err = svc.Broadcast(ctx, s.Actor, s.RequestID)
	case "respond":
		_, err = svc.Respond(ctx, s.Actor, s.RequestID, s.Response)
	case "withdraw":
		err = svc.Withdraw(ctx, s.Actor, s.RequestID, s.Provider)
	case "extend":
		err = svc.Extend(ctx, s.Actor, s.RequestID, s.Deadline)
	case "close-early":
		err = svc.Close(ctx, s.Actor, s.RequestID, s.Reason)
	case "close-due":
		// Any operation on a request closes it first when its deadline
		// has passed; looking at it is one.
		_, err = svc.Show(ctx, s.Actor, s.RequestID)
	case "cancel":
		err = svc.Cancel(ctx, s.Actor, s.RequestID, s.Reason)
	case "open":
		_, err = svc.Rank(ctx, s.Actor, s.RequestID)
	case "award":
		err = svc.Award(ctx, s.Actor, s.RequestID, s.Provider, s.Reason)
	case "no-award":
		err = svc.NoAwardSpot(ctx, s.Actor, s.RequestID, s.Reason, s.Spot, s.SpotPlacement)
	case "placement-change":
		_, err = svc.ChangePlacementPrice(ctx, s.Actor, s.Placement, s.Weekly, s.Date, s.Reason)
	case "placement-end":
		_, err = svc.EndPlacement(ctx, s.Actor, s.Placement, s.Date, s.Reason)
	case "budget":
		_, err = svc.SetBudget(ctx, s.Actor, s.Council, s.Framework, s.Date, s.Amount)
	default:
		err = errUnknownOp(s.Op)
	}
	return err
}

type errUnknownOp string

func (e errUnknownOp) Error() string { return "unknown operation " + string(e) }

// rawTrail is the whole trail as stored, openings included.
func rawTrail(ctx context.Context, svc *service.Service) ([]matching.Event, error) {
	var out []matching.Event
	err := svc.Store().View(ctx, func(tx service.Tx) error {
		return tx.EachEvent(func(e matching.Event) error { out = append(out, e); return nil })
	})
	return out, err
}
