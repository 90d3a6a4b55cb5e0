package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"placematch/service"
)

// The smallest terminal the app draws in; below it, it says so.
const (
	minWidth  = 60
	minHeight = 18
)

// How often countdowns redraw and due requests are closed.
const (
	clockEvery = time.Second
	sweepEvery = 30 * time.Second
)

// model is the root: it owns the shared context, the screens and the way
// back, and routes messages to them.
type model struct {
	c        *shared
	screens  [numScreens]screen
	stack    []screenID
	help     help.Model
	showHelp bool
	sweeping bool
	// sweepAgain: a sweep was asked for while one ran.
	sweepAgain bool
	// changes follows other processes' writes to the store.
	changes    watcher
	shortHelps map[string]string // the short help lines laid out, by their keys and width (see shortHelp)
}

func newModel(ctx context.Context, svc *service.Service, opts Options, st Styles) *model {
	c := &shared{
		ctx:     ctx,
		svc:     svc,
		opts:    opts,
		styles:  st,
		keys:    DefaultKeyMap(),
		council: opts.Council,
		tick: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return tea.Tick(d, fn)
		},
	}
	h := help.New()
	h.Styles = st.Help
	m := &model{c: c, help: h}
	// A session has the screens of its mode and no others: a provider's
	// app has no screen that could show the commissioning side, and no key
	// can reach one.
	if opts.Provider != "" {
		m.stack = []screenID{screenInvites}
		m.screens[screenInvites] = newInvitesScreen(c)
		m.screens[screenInvitation] = newInvitationScreen(c)
		return m
	}
	m.stack = []screenID{screenRequests}
	m.screens[screenRequests] = newRequestsScreen(c)
	m.screens[screenForm] = newFormScreen(c)
	m.screens[screenPreview] = newPreviewScreen(c)
	m.screens[screenDetail] = newDetailScreen(c)
	m.screens[screenOffer] = newOfferScreen(c)
	m.screens[screenRanking] = newRankingScreen(c)
	m.screens[screenProviders] = newProvidersScreen(c)
	m.screens[screenWhatIf] = newWhatIfScreen(c)
	m.screens[screenAudit] = newAuditScreen(c)
	m.screens[screenPlacements] = newPlacementsScreen(c)
	m.screens[screenSpend] = newSpendScreen(c)
	m.screens[screenAttention] = newAttentionScreen(c)
	m.screens[screenTerm] = newTermScreen(c)
	m.screens[screenSettings] = newSettingsScreen(c)
	if opts.Attention {
		// The first screen: what is waiting on the officer; esc goes on
		// to the requests list beneath it.
		m.stack = append(m.stack, screenAttention)
	}
	m.screens[screenReport] = newReportScreen(c)
	m.screens[screenInsight] = newInsightScreen(c)
	if opts.Live {
		m.stack = []screenID{screenLive}
		m.screens[screenLive] = newLiveScreen(c)
	}
	return m
}

// Init closes what is due, loads the first screen and starts the timers.
func (m *model) Init() tea.Cmd {
	m.sweeping = true
	first := m.screens[m.stack[0]]
	if m.c.opts.Attention && m.screens[screenAttention] != nil {
		// The list beneath loads when esc goes on to it: the first
		// screen reads what needs attention only.
		first = m.screens[screenAttention]
	}
	return tea.Batch(
		sweep(m.c),
		first.open(navArg{}),
		m.c.tick(clockEvery, func(time.Time) tea.Msg { return clockMsg{} }),
		m.c.tick(sweepEvery, func(time.Time) tea.Msg { return sweepMsg{} }),
		m.c.watch(),
		m.c.waitNotified(0),
	)
}

func sweep(c *shared) tea.Cmd {
	ctx, svc, deliver := c.ctx, c.svc, c.opts.Deliver
	return func() tea.Msg {
		n, err := svc.CloseDue(ctx)
		msg := sweptMsg{closed: n, err: err}
		if err == nil && deliver != nil {
			rep, err := deliver(ctx)
			msg.sent, msg.unsent = rep.Sent, rep.Failed
			if err != nil {
				msg.unsent, msg.deliverErr = msg.unsent+1, err.Error()
			} else if len(rep.Errors) > 0 {
				msg.deliverErr = rep.Errors[0]
			}
		}
		return msg
	}
}

func (m *model) active() screen { return m.screens[m.stack[len(m.stack)-1]] }

func (m *model) activeID() screenID { return m.stack[len(m.stack)-1] }

func (m *model) tooSmall() bool { return m.c.width < minWidth || m.c.height < minHeight }

// Update routes a message and only changes state; all I/O is in the
// commands it returns.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.route(msg)
	m.relayout()
	return m, cmd
}

func (m *model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.relayout()
		return m.toAll(msg)
	case tea.KeyMsg:
		return m.key(msg)
	case navMsg:
		return m.nav(msg)
	case backMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
			m.showHelp = false
			return m.active().resume()
		}
		return nil
	case clockMsg:
		cmds := []tea.Cmd{m.c.tick(clockEvery, func(time.Time) tea.Msg { return clockMsg{} })}
		now := m.c.now()
		for _, due := range []time.Time{m.c.dueList, m.c.dueDetail} {
			if !due.IsZero() && !now.Before(due) && !m.sweeping {
				m.sweeping = true
				m.c.dueList, m.c.dueDetail = time.Time{}, time.Time{}
				cmds = append(cmds, sweep(m.c))
			}
		}
		return tea.Batch(cmds...)
	case sweepMsg:
		cmds := []tea.Cmd{m.c.tick(sweepEvery, func(time.Time) tea.Msg { return sweepMsg{} })}
		if !m.sweeping {
			m.sweeping = true
			cmds = append(cmds, sweep(m.c))
		}
		return tea.Batch(cmds...)
	case watchMsg:
		return m.c.watch()
	case notifiedMsg:
		// Another session of this server acted: the screen in front
		// reloads now, and the next look at the store only notes where
		// it stands (it would see this same change).
		m.changes.known = false
		return tea.Batch(m.active().update(refreshMsg{}), m.c.waitNotified(notifyGap))
	case watchedMsg:
		// Asked again only once answered: a slow store is never asked
		// twice at once.
		if m.changes.watched(msg) {
			return tea.Batch(m.c.watchLater(), m.active().update(refreshMsg{}))
		}
		return m.c.watchLater()
	case sendNowMsg:
		if m.sweeping {
			m.sweepAgain = true // the sweep under way may have looked already
			return nil
		}
		m.sweeping = true
		return sweep(m.c)
	case sweptMsg:
		m.sweeping = false
		var again tea.Cmd
		if m.sweepAgain {
			m.sweepAgain, m.sweeping = false, true
			again = sweep(m.c)
		}
		return tea.Batch(again, m.swept(msg))
	}
	return m.toAll(msg)
}

// swept reports what a sweep did.
func (m *model) swept(msg sweptMsg) tea.Cmd {
	if msg.err != nil {
		m.c.fail(msg.err)
		return nil
	}
	if msg.unsent > 0 {
		m.c.fail(fmt.Errorf("%d message(s) to providers not sent yet (%s); they stay queued and are retried every 30 seconds", msg.unsent, msg.deliverErr))
	}
	if msg.closed > 0 {
		return m.toAll(refreshMsg{})
	}
	return nil
}

func (m *model) toAll(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.screens {
		if s != nil {
			cmds = append(cmds, s.update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// textBurst reports whether a key message is text rather than a key
// press: Bubble Tea v1 reads several characters typed faster than it
// reads (or pasted without bracketed paste) as one KeyRunes message, and a
// bracketed paste as one marked Paste. Either way it is text, even when it
// happens to spell a key's name: "enter", "up", "home", "q".
func textBurst(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && (len(msg.Runes) > 1 || msg.Paste)
}

// repeatable are the keys a burst of one of them repeated is read as that
// many presses of: moving (j, k), and the presenter's and what-if keys
// pressed twice quickly (++, --, QQ): none of them changes the store.
const repeatable = "jk+-QPA"

// repeatedScroll reads a burst of one repeatable key repeated (jjjj, ++)
// as that many presses of it.
func repeatedScroll(msg tea.KeyMsg) (int, tea.KeyMsg, bool) {
	r := msg.Runes[0]
	if !strings.ContainsRune(repeatable, r) {
		return 0, msg, false
	}
	for _, x := range msg.Runes {
		if x != r {
			return 0, msg, false
		}
	}
	return len(msg.Runes), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}, true
}

// key routes a key press. It is the one place text is told from keys: a
// burst of text goes to the focused field marked as a paste, whose
// String() Bubble Tea brackets ("[enter]"), so that no binding, ours or a
// text component's own (home, end, delete…), can match it; with no field
// focused, a burst is dropped rather than read as a string of commands.
func (m *model) key(msg tea.KeyMsg) tea.Cmd {
	g := m.c.keys.Global
	m.c.clearStatus()
	burst := textBurst(msg)
	pasted := msg.Paste
	if burst {
		msg.Paste = true
	}
	if key.Matches(msg, g.ForceQuit) {
		// A form's last change is saved into its draft before the app
		// ends, so ctrl+c loses nothing typed.
		if f, ok := m.active().(interface{ flush() func() }); ok {
			if save := f.flush(); save != nil {
				return func() tea.Msg {
					save()
					return tea.Quit()
				}
			}
		}
		return tea.Quit
	}
	if m.tooSmall() {
		if key.Matches(msg, g.Quit) {
			return tea.Quit
		}
		return nil
	}
	scr := m.active()
	typing := scr.typing()
	if burst && !typing {
		// A held j or k (or keys sent faster than they are read) arrives
		// as one burst of the same letter: moving is what was meant. Any
		// other burst is dropped rather than read as commands.
		if n, one, ok := repeatedScroll(msg); ok && !pasted {
			var cmds []tea.Cmd
			for range n {
				cmds = append(cmds, scr.update(one))
			}
			return tea.Batch(cmds...)
		}
		return nil
	}
	if m.showHelp && (msg.Type == tea.KeyEsc || key.Matches(msg, g.Help) || key.Matches(msg, g.HelpF1)) {
		m.showHelp = false
		return nil
	}
	// A dialog has the keys, like a text field: q does not quit from
	// behind it, and ? is f1.
	if !typing && !scr.modal() {
		switch {
		case key.Matches(msg, g.Quit):
			return tea.Quit
		case key.Matches(msg, g.Help):
			m.showHelp = true
			return nil
		}
	} else if key.Matches(msg, g.HelpF1) {
		m.showHelp = true
		return nil
	}
	return scr.update(msg)
}

func (m *model) nav(msg navMsg) tea.Cmd {
	if m.screens[msg.to] == nil {
		return nil // not a screen of this session's mode
	}
	m.showHelp = false
	if msg.replace && len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
	for i, id := range m.stack {
		if id == msg.to {
			m.stack = m.stack[:i]
			break
		}
	}
	m.stack = append(m.stack, msg.to)
	return m.screens[msg.to].open(msg.arg)
}

// globalBindings are the app-wide keys as they stand: q and ? are
// characters while typing, and not read while a dialog asks its
// question, so f1 stands in for help.
func (m *model) globalBindings() []key.Binding {
	g := m.c.keys.Global
	held := m.active().typing() || m.active().modal()
	g.Quit.SetEnabled(!held)
	g.Help.SetEnabled(!held)
	g.HelpF1.SetEnabled(held)
	return []key.Binding{g.Help, g.HelpF1, g.Quit, g.ForceQuit}
}

// scope is every binding that works now, for the help and for the test
// that no two of them share a key.
func (m *model) scope() [][]key.Binding {
	groups := m.active().bindings()
	return append(groups, m.globalBindings())
}

func (m *model) helpView(w int) string {
	m.help.Width = 0 // it would overflow when out of room; fitting is done here
	groups := m.scope()
	if m.showHelp {
		return m.fittedHelp(groups, w, max(1, m.c.height-3))
	}
	g := m.globalBindings()
	short := append([]key.Binding(nil), g[:3]...) // ctrl+c is in the full help
	if len(groups) > 1 {
		short = append(short, groups[0]...)
	}
	return m.shortHelp(short, w)
}

// shortHelp is one line of the keys that fit, then an ellipsis.
func (m *model) shortHelp(bindings []key.Binding, w int) string {
	// The line is the same from frame to frame unless the keys or the
	// width change: it is kept, and laid out again only then (drawing it
	// was a sixth of a served session's time). The lines of the last few
	// screens are kept, so that going to a screen and back lays out
	// neither again (a tenth of opening a request's detail).
	var sig strings.Builder
	sig.WriteString(strconv.Itoa(w))
	for _, b := range bindings {
		if b.Enabled() {
			h := b.Help()
			sig.WriteString("\x00" + h.Key + "\x01" + h.Desc)
		}
	}
	if out, ok := m.shortHelps[sig.String()]; ok {
		return out
	}
	if len(m.shortHelps) >= maxShortHelps || m.shortHelps == nil {
		m.shortHelps = make(map[string]string, maxShortHelps)
	}
	out := m.layShortHelp(bindings, w)
	m.shortHelps[sig.String()] = out
	return out
}

// maxShortHelps is how many short help lines are kept: a screen's keys
// change with what it shows (a sealed request, a selection), so the lines
// kept are let go all at once when there are this many.
const maxShortHelps = 32

func (m *model) layShortHelp(bindings []key.Binding, w int) string {
	var fits []key.Binding
	cut := false
	// The line is its keys' items joined by a separator, so its width is
	// theirs added up: each item is measured once, not the whole line
	// again for each key (this runs for every frame and every key).
	sepW := width(m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator))
	total := 0
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		n := width(m.help.ShortHelpView([]key.Binding{b}))
		if len(fits) > 0 {
			n += sepW
		}
		if total+n > w-2 {
			cut = true
			break
		}
		total += n
		fits = append(fits, b)
	}
	out := m.help.ShortHelpView(fits)
	if cut {
		out += " " + m.c.styles.Muted.Render("…")
	}
	return out
}

// fittedHelp is the full help in at most maxH lines: the groups as
// columns; when they would run taller than the room, every key flowed
// into columns of the room's height; and, on a terminal too small even
// for that, the lines that fit.
func (m *model) fittedHelp(groups [][]key.Binding, w, maxH int) string {
	out := m.fullHelp(groups, w)
	if lipgloss.Height(out) <= maxH {
		return out
	}
	var all []key.Binding
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				all = append(all, b)
			}
		}
	}
	var flowed [][]key.Binding
	for len(all) > 0 {
		n := min(maxH, len(all))
		flowed = append(flowed, all[:n])
		all = all[n:]
	}
	out = m.fullHelp(flowed, w)
	if lines := strings.Split(out, "\n"); len(lines) > maxH {
		out = strings.Join(lines[:maxH], "\n")
	}
	return out
}

// fullHelp lays the groups out as columns, wrapping to a new row of
// columns when the terminal is too narrow for all of them.
func (m *model) fullHelp(groups [][]key.Binding, w int) string {
	sep := "    "
	var rows []string
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, g := range groups {
		var enabled []key.Binding
		for _, b := range g {
			if b.Enabled() {
				enabled = append(enabled, b)
			}
		}
		if len(enabled) == 0 {
			continue
		}
		col := m.help.FullHelpView([][]key.Binding{enabled})
		cw := width(col)
		if len(row) > 0 && rowW+len(sep)+cw > w {
			flush()
		}
		if len(row) > 0 {
			col = lipgloss.JoinHorizontal(lipgloss.Top, sep, col)
			cw += len(sep)
		}
		row = append(row, col)
		rowW += cw
	}
	flush()
	return strings.Join(rows, "\n\n")
}

// relayout works out the room the active screen has; it is the one place
// sizes are computed.
func (m *model) relayout() {
	w, h := m.c.width, m.c.height
	if w == 0 {
		return
	}
	chrome := lipgloss.Height(m.headerView(w)) + m.statusHeight(w) + lipgloss.Height(m.helpView(w))
	m.c.bodyW, m.c.bodyH = w, max(1, h-chrome)
}

func (m *model) headerView(w int) string {
	st := m.c.styles
	left := st.Title.Render("placematch") + st.Muted.Render(" › ") + st.Crumb.Render(clean(m.active().title()))
	var right []string
	switch {
	case m.c.opts.Provider != "":
		who := clean(m.c.opts.Provider)
		if m.c.providerName != "" {
			who = clean(m.c.providerName) + " · " + who
		}
		right = append(right, st.Strong.Render(who))
	case m.c.opts.Live:
		right = append(right, st.Strong.Render("Provider forum"))
	default:
		right = append(right, councilName(m.c.council))
	}
	if m.c.opts.Demo {
		right = append(right, st.Badge.Render(" DEMO "))
	}
	if m.c.opts.Provider == "" && !m.c.opts.Live && !m.c.opts.Demo {
		// Never in a demonstration, which may be on a projector: the room
		// sees the demo, not who is signed in.
		right = append(right, st.Muted.Render(clean(m.c.user())))
	}
	r := strings.Join(right, "  ")
	gap := w - width(left) - width(r)
	if gap < 2 {
		r = trunc(r, max(0, w-width(left)-2))
		gap = w - width(left) - width(r)
	}
	if gap < 0 {
		return trunc(left, w)
	}
	return left + strings.Repeat(" ", gap) + r
}

// statusLines is the status message laid out w wide: one line, or two
// when it is longer, so that what comes at its end (an amount, the key
// that fixes it) is not cut; the second is cut if it must be.
func (m *model) statusLines(w int) []string {
	if m.c.status == "" {
		return nil
	}
	mark := "✓ "
	if m.c.statusErr {
		mark = "✗ "
	}
	lines := wrap(mark+clean(m.c.status), w)
	if len(lines) > 2 {
		lines = []string{lines[0], trunc(strings.Join(lines[1:], " "), w)}
	}
	return lines
}

// statusHeight is the lines the status takes: always one, two for a long
// message.
func (m *model) statusHeight(w int) int { return max(1, len(m.statusLines(w))) }

func (m *model) statusView(w int) string {
	st := m.c.styles
	lines := m.statusLines(w)
	style := st.StatusInfo
	if m.c.statusErr {
		style = st.StatusErr
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return strings.Join(lines, "\n")
}

// View draws the app; render's lines never exceed the terminal, and View
// enforces it anyway, so a layout slip can never scroll the screen.
func (m *model) View() string {
	out := m.render()
	if m.c.width == 0 {
		return out
	}
	return fixLines(strings.Split(out, "\n"), m.c.width, m.c.height)
}

func (m *model) render() string {
	w, h := m.c.width, m.c.height
	if w == 0 || h == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := []string{
			"terminal too small",
			"placematch needs at least " + itoa(minWidth) + "×" + itoa(minHeight) + "; this is " + itoa(w) + "×" + itoa(h) + ".",
			"Make the window larger, or press q to quit.",
		}
		var lines []string
		for _, l := range msg {
			lines = append(lines, wrap(l, w)...)
		}
		return fixLines(lines, w, h)
	}
	header := m.headerView(w)
	helpV := m.helpView(w)
	bodyH := h - lipgloss.Height(header) - m.statusHeight(w) - lipgloss.Height(helpV)
	body := m.active().view(w, bodyH)
	return lipgloss.JoinVertical(lipgloss.Left, header, body, m.statusView(w), helpV)
}
