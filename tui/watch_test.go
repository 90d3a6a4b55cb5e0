package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/service"
	"placematch/store"
)

// TestListsFollowAnotherProcessWrites: while the app shows the requests,
// another process (a command, another officer's app: here a second opening
// of the same store file) makes a request; on the app's next look at the
// store, the list shows it, without ctrl+r. A look that finds nothing new
// reloads nothing.
func TestListsFollowAnotherProcessWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	open := func() *service.Service {
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return service.New(st, service.WithClock(func() time.Time { return testNow }))
	}
	app, other := open(), open()
	importRegister(t, app)
	h := newHarness(t, app, Options{User: "officer"}, 120, 40)
	h.mustSee("Requests")

	r := newDraft(t, other, groupLiving("sefton"))
	if strings.Contains(h.view(), r.ID) {
		t.Fatalf("the list shows %s before it looked again", r.ID)
	}
	h.send(watchMsg{})
	h.mustSee(r.ID)

	// Nothing new: the look costs one number and reloads nothing.
	_, cmd := h.m.Update(watchMsg{})
	msg := cmd()
	if _, ok := msg.(watchedMsg); !ok {
		t.Fatalf("a look at the store gave %T", msg)
	}
	if _, next := h.m.Update(msg); next != nil {
		if m := next(); m != nil {
			t.Errorf("a look that found nothing new asked for %T", m)
		}
	}

	// The register screen follows too.
	h.keys("p")
	if h.screen() != screenProviders {
		t.Skipf("p did not open the register (on %s)", h.screen())
	}
	h.mustSee("Alder House Living")
	if _, err := other.ImportProviders(ctx, "other", strings.NewReader(
		"provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town\n"+
			"Z900,Zinnia New Homes,company,leaving-care,group-living,admitted,2024-01-01,70,*,16,25,,,1,Wigan\n")); err != nil {
		t.Fatal(err)
	}
	h.keys("G")
	if strings.Contains(h.view(), "Zinnia New Homes") {
		t.Fatal("the register shows the new provider before it looked again")
	}
	h.send(watchMsg{})
	h.keys("G")
	h.mustSee("Zinnia New Homes")
}

func TestWatcherReportsOnlyAMove(t *testing.T) {
	t.Parallel()
	var w watcher
	for i, tc := range []struct {
		msg  watchedMsg
		want bool
	}{
		{watchedMsg{version: 7}, false}, // the first answer is where it starts
		{watchedMsg{version: 7}, false},
		{watchedMsg{version: 8}, true},
		{watchedMsg{version: 8}, false},
		{watchedMsg{err: context.Canceled}, false},
		{watchedMsg{version: 8}, false},
		{watchedMsg{version: 2}, true}, // a store reopened counts again from its own start
	} {
		if got := w.watched(tc.msg); got != tc.want {
			t.Errorf("answer %d (%+v): moved %v, want %v", i, tc.msg, got, tc.want)
		}
	}
}
