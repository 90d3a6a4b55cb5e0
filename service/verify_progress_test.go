package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"placematch/service"
	"placematch/store/storetest"
)

// TestVerifyReportsProgressAndTimes: on both stores, audit verify tells
// its progress stage by stage, in order, the events checked growing to the
// trail's length; it reports each check's time, in --json's fields too; and
// a forged store still fails with progress asked for.
func TestVerifyReportsProgressAndTimes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		f := newForgeryStore(t, kind)
		f.award(t)
		var seen []service.VerifyProgress
		res, err := f.svc.VerifyAuditWith(context.Background(), service.VerifyOptions{Progress: func(p service.VerifyProgress) { seen = append(seen, p) }})
		if err != nil || !res.OK() {
			t.Fatalf("verify: %v %+v", err, res)
		}
		if len(seen) < 3 || seen[0].Stage != service.VerifyFile || seen[1].Stage != service.VerifyChain || seen[len(seen)-1].Stage != service.VerifyState {
			t.Fatalf("the stages came as %+v", seen)
		}
		last := seen[len(seen)-1]
		if last.Done != res.Events || last.Total != res.Events || seen[1].Total != res.Events || last.Fraction() != 1 {
			t.Errorf("the check ended at %+v, of %d events", last, res.Events)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i].Done < seen[i-1].Done {
				t.Errorf("progress went back: %+v then %+v", seen[i-1], seen[i])
			}
		}
		if res.Took.Total <= 0 || res.Took.Chain <= 0 || res.Took.State <= 0 || res.Took.File+res.Took.Chain+res.Took.State > res.Took.Total {
			t.Errorf("the times do not add up: %+v", res.Took)
		}
		b, _ := json.Marshal(res)
		for _, k := range []string{`"took":{"file_ms":`, `"chain_ms":`, `"state_ms":`, `"total_ms":`, `"events":`, `"head":`} {
			if !strings.Contains(string(b), k) {
				t.Errorf("the JSON has no %s: %s", k, b)
			}
		}
		if w := strings.Join(service.VerifyWords(res), "\n"); !strings.Contains(w, "Took ") || !strings.Contains(w, "the state against the trail") {
			t.Errorf("the words do not say how long the checks took:\n%s", w)
		}
		f.exec(t, "UPDATE requests SET awarded_to = 'P001' WHERE id = ?", f.id)
		res, err = f.svc.VerifyAuditWith(context.Background(), service.VerifyOptions{Progress: func(service.VerifyProgress) {}})
		if err != nil || res.OK() {
			t.Fatalf("a forged award passed with progress asked for: %v %+v", err, res)
		}
	})
}
