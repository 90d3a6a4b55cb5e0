package tui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// reload sends the list a reload and reports whether the reply it took
// was only the requests changed since its mark.
func (h *harness) reloadList() (changes bool) {
	h.t.Helper()
	_, cmd := h.m.Update(refreshMsg{})
	var msgs []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case loaded[requestsPage]:
			changes = msg.val.changes
			msgs = append(msgs, msg)
		default:
			msgs = append(msgs, msg)
		}
	}
	for _, msg := range msgs {
		h.send(msg)
	}
	return changes
}

// sameList fails unless two lists hold the same rows and show the same.
func sameList(t *testing.T, got, want *harness) {
	t.Helper()
	g := got.m.screens[screenRequests].(*requestsScreen)
	w := want.m.screens[screenRequests].(*requestsScreen)
	if !reflect.DeepEqual(g.rows, w.rows) {
		t.Fatalf("the list put in place holds %d rows, read whole %d, and they differ", len(g.rows), len(w.rows))
	}
	if !reflect.DeepEqual(g.visible, w.visible) || g.nUrgent != w.nUrgent || !g.c.dueList.Equal(w.c.dueList) {
		t.Fatalf("shown %v (%d urgent, due %v), read whole %v (%d urgent, due %v)", g.visible, g.nUrgent, g.c.dueList, w.visible, w.nUrgent, w.c.dueList)
	}
	// The search index too: every word finds the same rows.
	for _, q := range []string{"sefton", "autism", "draft", "open", "closed", "cancelled", "group living", "2026 00", "wirral packages"} {
		if a, b := g.search.find(q, func(int) bool { return true }), w.search.find(q, func(int) bool { return true }); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q finds %v in the list put in place, %v in the list read whole", q, a, b)
		}
	}
	// The list read whole with its cursor on the same request.
	w.refilter(g.selectedID())
	if gv, wv := got.view(), want.view(); gv != wv {
		t.Fatalf("the list put in place shows\n%s\nread whole\n%s", gv, wv)
	}
}

// A reload after others' changes reads only those and puts them in place:
// the list then holds, shows and finds what a list read whole does, with
// the filter, status view, order and cursor kept.
func TestListReloadPutsChangesInPlace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, clk := demoService(t)
	opts := Options{User: "test", Demo: true}
	h := newHarness(t, svc, opts, 200, 50)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	if rs.mark.Seq == 0 || len(rs.rows) < 5 {
		t.Fatalf("the list of %d rows was read without a mark (%+v)", len(rs.rows), rs.mark)
	}
	if h.reloadList() != true {
		t.Fatal("a reload with nothing changed read the whole list")
	}

	// Sorted by deadline, the active ones, the cursor on an open request.
	h.keys("o", "s")
	var open, draft string
	for _, r := range rs.rows {
		if r.Status == matching.StatusOpen && open == "" {
			open = r.ID
		}
		if r.Status == matching.StatusDraft && !r.Incomplete && draft == "" {
			draft = r.ID
		}
	}
	if open == "" || draft == "" {
		t.Fatal("the demo has no open request or no complete draft")
	}
	for rs.selectedID() != open {
		before := rs.nav.cursor
		h.keys("down")
		if rs.nav.cursor == before {
			t.Fatalf("%s is not among the active requests", open)
		}
	}

	// Others write: a new draft, a cancellation, a note, a draft edited
	// (no event), and a deadline passed and swept (closed by time).
	newDraft(t, svc, groupLiving("wirral"))
	var cancelled string
	for _, r := range rs.rows {
		if r.Status == matching.StatusOpen && r.ID != open {
			cancelled = r.ID
			break
		}
	}
	if cancelled != "" {
		must(t, svc.Cancel(ctx, "someone", cancelled, "placed in-house"))
	}
	must(t, svc.Note(ctx, "someone", open, "rang the family"))
	_, err := svc.EditDraft(ctx, "someone", draft, func(in *matching.RequestInput) { in.Locality = "Crosby" })
	must(t, err)
	if !h.reloadList() {
		t.Fatal("the reload read the whole list")
	}
	if rs.selectedID() != open {
		t.Fatalf("the cursor moved from %s to %s", open, rs.selectedID())
	}
	sameList(t, h, newHarness(t, svc, opts, 200, 50).keysThen("o", "s"))

	var latest time.Time
	for _, r := range rs.rows {
		if r.Status == matching.StatusOpen && r.Deadline.After(latest) {
			latest = r.Deadline
		}
	}
	clk.now = latest.Add(time.Minute)
	n, err := svc.CloseDue(ctx)
	must(t, err)
	if n == 0 {
		t.Fatal("no request fell due")
	}
	if !h.reloadList() {
		t.Fatal("the reload after closing by time read the whole list")
	}
	sameList(t, h, newHarness(t, svc, opts, 200, 50).keysThen("o", "s"))
	for _, r := range rs.rows {
		if r.Status == matching.StatusOpen {
			t.Fatalf("%s is still open after its deadline", r.ID)
		}
	}
}

// keysThen presses keys and gives the harness back.
func (h *harness) keysThen(ks ...string) *harness {
	h.keys(ks...)
	return h
}

// After a provider is renamed the list is read whole: an awarded row that
// did not change shows the provider's name.
func TestListReloadReadsWholeAfterRename(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	importRegister(t, svc)
	newDraft(t, svc, groupLiving("sefton"))
	opts := Options{User: "test"}
	h := newHarness(t, svc, opts, 120, 30)
	rs := h.m.screens[screenRequests].(*requestsScreen)
	mark := rs.mark
	reg, err := os.ReadFile(filepath.Join("testdata", "register.csv"))
	must(t, err)
	renamed := strings.ReplaceAll(string(reg), "Alder House Living", "Alder House Living Group")
	_, err = svc.ImportProviders(context.Background(), "test", strings.NewReader(renamed))
	must(t, err)
	if h.reloadList() {
		t.Fatal("a reload after a provider was renamed read only the changes")
	}
	if rs.mark == mark || rs.mark.Seq == 0 {
		t.Fatalf("the mark is %+v, was %+v", rs.mark, mark)
	}
	sameList(t, h, newHarness(t, svc, opts, 120, 30))
}
