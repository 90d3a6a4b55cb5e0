package service_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"placematch/service"
	"placematch/store/storetest"
)

// TestShowPageIsShowWithoutTheRanking: the request's page reads what Show
// reads but the ranking, at every stage and as every person: the same
// refusals, the same redaction of personal data for a commissioner, the
// same answers, providers left out (P3, suspended) and timeline in words.
func TestShowPageIsShowWithoutTheRanking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, stage := range []int{atDraft, atOpen, atRanked} {
			f, id := accessFixture(t, kind, stage)
			ctxs := map[string]context.Context{"the store's owner": context.Background()}
			for _, p := range accessPeople {
				ctxs[p.Name] = service.WithPerson(context.Background(), p)
			}
			for who, ctx := range ctxs {
				full, ferr := f.svc.Show(ctx, "t", id)
				page, perr := f.svc.ShowPage(ctx, "t", id)
				if fmt.Sprint(ferr) != fmt.Sprint(perr) {
					t.Errorf("stage %d, %s: Show errs %v, ShowPage %v", stage, who, ferr, perr)
					continue
				}
				if ferr != nil {
					continue
				}
				if page.Ranking != nil || page.Opened() != (stage == atRanked) || (full.Ranking != nil) != (stage == atRanked) {
					t.Errorf("stage %d, %s: the page's ranking %v, opened %v; Show's ranking %v", stage, who, page.Ranking, page.Opened(), full.Ranking)
				}
				if !reflect.DeepEqual(page.Request, full.Request) || !reflect.DeepEqual(page.Profile, full.Profile) ||
					!reflect.DeepEqual(page.Answers, full.Answers) || !reflect.DeepEqual(page.NotInvited, full.NotInvited) ||
					!reflect.DeepEqual(page.Timeline, full.Timeline) || !reflect.DeepEqual(page.Notes, full.Notes) || page.Sealed != full.Sealed {
					t.Errorf("stage %d, %s: the page reads\n%+v\nShow\n%+v", stage, who, page, full)
				}
				if stage != atDraft && len(page.NotInvited) != 1 {
					t.Errorf("stage %d, %s: %d left out, want P3", stage, who, len(page.NotInvited))
				}
				for i, e := range full.Timeline {
					if a, b := page.TimelineEvent(page.Timeline[i]), full.TimelineEvent(e); a != b {
						t.Errorf("stage %d, %s: the page's timeline reads %q, Show's %q", stage, who, a, b)
					}
				}
			}
		}
	})
}
