package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"placematch/matching"
	"placematch/service"
	"placematch/store"
)

// testNow is the fixed clock of every test: a Wednesday afternoon in
// London.
var testNow = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// newService opens a real store on a temp file with the fixed clock.
func newService(t testing.TB) *service.Service {
	svc, _ := newClockedService(t)
	return svc
}

// newClockedService is newService with a clock the test moves by hand.
func newClockedService(t testing.TB) (*service.Service, *clock) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{now: testNow}
	return service.New(st, service.WithClock(func() time.Time { return clk.now })), clk
}

// importRegister loads testdata/register.csv.
func importRegister(t testing.TB, svc *service.Service) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "register.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := svc.ImportProviders(context.Background(), "test", f); err != nil {
		t.Fatal(err)
	}
}

// harness drives the root model the way Bubble Tea would, but
// synchronously: every command runs at once and its message goes back
// into Update. Timers never fire.
type harness struct {
	t    testing.TB
	m    *model
	svc  *service.Service
	quit bool
}

func newHarness(t testing.TB, svc *service.Service, opts Options, w, h int) *harness {
	t.Helper()
	m := newModel(context.Background(), svc, opts, stylesFor(lipgloss.DefaultRenderer(), opts))
	m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs := &harness{t: t, m: m, svc: svc}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 10000 {
			h.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			h.quit = true
		default:
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// keyMsg turns a key name as Bubble Tea writes it into a key message.
func keyMsg(k string) tea.KeyMsg {
	names := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "esc": tea.KeyEsc,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"backspace": tea.KeyBackspace, "ctrl+s": tea.KeyCtrlS, "ctrl+c": tea.KeyCtrlC, "ctrl+r": tea.KeyCtrlR,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd, "f1": tea.KeyF1,
		" ": tea.KeySpace, "space": tea.KeySpace, "ctrl+u": tea.KeyCtrlU,
	}
	if t, ok := names[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// keys presses keys one after another.
func (h *harness) keys(ks ...string) {
	h.t.Helper()
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

// typeText types text character by character, as a person would.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			continue
		}
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (h *harness) screen() screenID { return h.m.activeID() }

func (h *harness) view() string { return h.m.View() }

func (h *harness) mustSee(s string) {
	h.t.Helper()
	if v := h.view(); !strings.Contains(v, s) {
		h.t.Fatalf("expected %q on screen %s; got:\n%s\nstatus: %s", s, h.screen(), v, h.m.c.status)
	}
}

// newDraft makes a draft through the service, as a command would.
func newDraft(t testing.TB, svc *service.Service, in matching.RequestInput) matching.Request {
	t.Helper()
	r, err := svc.NewRequest(context.Background(), "test", in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func groupLiving(council string) matching.RequestInput {
	return matching.RequestInput{
		Council: council, Lot: "group-living", CaseRef: "LC-1", Initials: "AB", DOB: "2009-03-14",
		Start: "2026-11-25", Deadline: "2026-11-25 18:00", Urgency: "today", Needs: "mental-health",
		Locality: "Bootle", Summary: "Needs a room tonight.",
	}
}

// openRequest goes to a request's detail the way a user would: filter the
// list by its id and open it.
func (h *harness) openRequest(id string) {
	h.t.Helper()
	for h.screen() != screenRequests {
		h.keys("esc")
	}
	h.keys("/", "ctrl+u")
	h.typeText(id)
	h.keys("enter", "enter")
	if h.screen() != screenDetail {
		h.t.Fatalf("expected the detail of %s, on %s", id, h.screen())
	}
}

func lipglossDefault() *lipgloss.Renderer { return lipgloss.DefaultRenderer() }
