package tui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// maxAnswersLoaded is how many open invitations the list looks up the
// provider's own answer for; beyond it the list says "open".
const maxAnswersLoaded = 200

// invitations are a provider's invitations as the list reads them: its
// name, the requests, and its own answer to each open one; or, for an id
// not on the register, the id it may have meant.
type invitations struct {
	unknown bool
	suggest string
	name    string
	rows    []service.RequestSummary
	own     map[string]*service.Invitation
}

// invitesScreen is a provider's home: the requests it was invited to, what
// each needs from it next, and nothing else. It is built from
// svc.ProviderInvitations and svc.ProviderShow only, which hold no case
// reference, initials or date of birth, no other provider's answer and no
// ranking.
type invitesScreen struct {
	c       *shared
	keys    InvitesKeys
	list    loader[invitations]
	loaded  bool
	unknown bool
	suggest string
	rows    []service.RequestSummary
	own     map[string]*service.Invitation
	nav     listNav
}

func newInvitesScreen(c *shared) *invitesScreen {
	return &invitesScreen{c: c, keys: c.keys.Invites}
}

func (s *invitesScreen) title() string { return "Invitations" }

func (s *invitesScreen) typing() bool { return false }

func (s *invitesScreen) modal() bool { return false }

func (s *invitesScreen) open(navArg) tea.Cmd { return s.load() }

func (s *invitesScreen) resume() tea.Cmd { return s.load() }

func (s *invitesScreen) load() tea.Cmd {
	svc, pid := s.c.svc, s.c.opts.Provider
	return s.list.start(s.c, func(ctx context.Context) (invitations, error) { return readInvitations(ctx, svc, pid) })
}

// readInvitations reads a provider's invitations, with its own answer to
// each open one (up to maxAnswersLoaded).
func readInvitations(ctx context.Context, svc *service.Service, pid string) (invitations, error) {
	lots, err := svc.Providers(ctx, service.ProviderFilter{ProviderID: pid})
	if err != nil {
		return invitations{}, err
	}
	if len(lots) == 0 {
		// Ids are written in capitals on registers: say so when that
		// is the slip.
		if up := strings.ToUpper(strings.TrimSpace(pid)); up != pid {
			if alt, err := svc.Providers(ctx, service.ProviderFilter{ProviderID: up}); err == nil && len(alt) > 0 {
				return invitations{unknown: true, suggest: up}, nil
			}
		}
		return invitations{unknown: true}, nil
	}
	rows, err := svc.ProviderInvitations(ctx, pid)
	if err != nil {
		return invitations{}, err
	}
	own := map[string]*service.Invitation{}
	for _, r := range rows {
		if r.Status != matching.StatusOpen || len(own) >= maxAnswersLoaded {
			continue
		}
		inv, err := svc.ProviderShow(ctx, pid, r.ID)
		if err != nil {
			return invitations{}, err
		}
		own[r.ID] = &inv
	}
	return invitations{name: lots[0].ProviderName, rows: rows, own: own}, nil
}

func (s *invitesScreen) listHeight() int { return max(1, s.c.bodyH-2) }

func (s *invitesScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[invitations]:
		got, ok := s.list.take(s.c, msg)
		if !ok {
			return nil
		}
		s.loaded, s.unknown, s.suggest = true, got.unknown, got.suggest
		if got.unknown {
			s.rows, s.own = nil, nil
			return nil
		}
		keep := ""
		if r := s.selected(); r != nil {
			keep = r.ID
		}
		if s.c.lastRequest != "" {
			keep, s.c.lastRequest = s.c.lastRequest, ""
		}
		s.c.providerName = got.name
		s.rows, s.own = got.rows, got.own
		var due time.Time
		s.nav.cursor = 0
		for i, r := range s.rows {
			if r.Status == matching.StatusOpen && (due.IsZero() || r.Deadline.Before(due)) {
				due = r.Deadline
			}
			if r.ID == keep {
				s.nav.cursor = i
			}
		}
		s.c.dueList = due
		s.nav.setLen(len(s.rows), s.listHeight())
		return nil
	case refreshMsg:
		return s.load()
	case tea.WindowSizeMsg:
		s.nav.clamp(s.listHeight())
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *invitesScreen) selected() *service.RequestSummary {
	if len(s.rows) == 0 || s.nav.cursor >= len(s.rows) {
		return nil
	}
	return &s.rows[s.nav.cursor]
}

func (s *invitesScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.nav.move(msg, k.ScrollKeys, s.listHeight()) {
		// The row the person moved to is the one a reload keeps, not the
		// request they opened last.
		s.c.lastRequest, s.c.showRequest = "", false
		return nil
	}
	switch {
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Open):
		if r := s.selected(); r != nil {
			return navTo(screenInvitation, navArg{requestID: r.ID, status: r.Status}, false)
		}
	}
	return nil
}

func (s *invitesScreen) bindings() [][]key.Binding {
	k := s.keys
	has := len(s.rows) > 0
	k.Open.SetEnabled(has)
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has)
	}
	return [][]key.Binding{
		{k.Open, k.Up, k.Down, k.Refresh},
		{k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}

// waiting reports whether an invitation still needs the provider's answer.
func (s *invitesScreen) waiting(r service.RequestSummary) bool {
	inv := s.own[r.ID]
	return r.Status == matching.StatusOpen && inv != nil && inv.Answer == nil
}

// providerNext says where an invitation stands for its provider, longest
// form first.
func providerNext(r service.RequestSummary, inv *service.Invitation, pid string, now time.Time) []string {
	switch r.Status {
	case matching.StatusOpen:
		if !now.Before(r.Deadline) {
			return []string{"closing…"}
		}
		left := countdown(r.Deadline.Sub(now))
		if inv == nil {
			return []string{"open: closes in " + left, left + " left"}
		}
		switch a := inv.Answer; {
		case a == nil:
			return []string{"not answered: answer within " + left, "answer within " + left, left + " to answer"}
		case a.Declined:
			return []string{"you declined · " + left + " to change it", "declined · " + left}
		case a.Withdrawn:
			return []string{"you withdrew · " + left + " to offer again", "withdrawn · " + left}
		default:
			return []string{"you offered " + a.WeeklyPence.String() + " · " + left + " to revise", "offered · " + left}
		}
	case matching.StatusClosed:
		return []string{"closed: the council will open the offers", "closed: offers to be opened", "closed"}
	case matching.StatusOpened:
		return []string{"offers opened: awaiting the decision", "awaiting decision"}
	case matching.StatusAwarded:
		if r.AwardedTo == pid {
			return []string{"awarded to you: see the outcome", "awarded to you"}
		}
		return []string{"awarded to another provider: see why", "not awarded to you"}
	case matching.StatusNoAward:
		return []string{"ended without award: see why", "no award"}
	case matching.StatusCancelled:
		return []string{"cancelled by the council", "cancelled"}
	case matching.StatusDraft:
	}
	return []string{matching.StatusWords(r.Status)}
}

func (s *invitesScreen) view(w, h int) string {
	st := s.c.styles
	pid := s.c.opts.Provider
	if !s.loaded {
		if s.list.loading {
			return fixLines([]string{st.Muted.Render("Loading the invitations of " + clean(pid) + "…")}, w, h)
		}
		return fixLines(nil, w, h)
	}
	if s.unknown {
		return fixLines(unknownProviderLines(st, pid, s.suggest, w), w, h)
	}
	now := s.c.now()
	nOpen, nWaiting := 0, 0
	for _, r := range s.rows {
		if r.Status == matching.StatusOpen {
			nOpen++
		}
		if s.waiting(r) {
			nWaiting++
		}
	}
	summary := clean(s.c.providerName) + " (" + clean(pid) + ") · " + matching.Plural(len(s.rows), "invitation", "invitations") + " · " + itoa(nOpen) + " open"
	line := st.Strong.Render(trunc(summary, w))
	if nWaiting > 0 && width(summary)+28 < w {
		line += "  " + st.Urgent.Render("! "+itoa(nWaiting)+" waiting for your answer")
	}
	lines := []string{line}
	if len(s.rows) == 0 {
		text := []string{
			"No invitations yet.",
			"",
			"When a council sends out a request on a DPS lot you are admitted to, and you are eligible for it (the area, the age, the registration the law asks for), it appears here with its deadline.",
		}
		for _, t := range text {
			lines = append(lines, indentLines(wrap(t, w-2), "  ", w)...)
		}
		return fixLines(lines, w, h)
	}
	idW, councilW, lotW, ageW := 11, 10, 12, 3
	for _, r := range s.rows {
		idW = max(idW, min(16, width(clean(r.ID))))
	}
	if w >= 100 {
		councilW, lotW = 14, 16
	}
	if w >= 120 {
		lotW = 27
	}
	deadlineW := 0
	if w >= 140 {
		deadlineW = 16
	}
	nextW := w - 3 - (idW + 1) - (councilW + 1) - (lotW + 1) - (ageW + 1)
	if deadlineW > 0 {
		nextW -= deadlineW + 1
	}
	nextW = max(1, nextW)
	hdr := "   " + fit("Request", idW) + " " + fit("Council", councilW) + " " + fit("Lot", lotW) + " " + fitRight("Age", ageW) + " "
	if deadlineW > 0 {
		hdr += fit("Deadline", deadlineW) + " "
	}
	lines = append(lines, st.Muted.Render(trunc(hdr+"Where it stands", w)))
	start, end := s.nav.window(h - len(lines))
	for i := start; i < end; i++ {
		r := s.rows[i]
		cur := i == s.nav.cursor
		mark, flag := " ", " "
		if cur {
			mark = "›"
		}
		wait := s.waiting(r)
		if wait {
			flag = "!"
		}
		next := providerNext(r, s.own[r.ID], pid, now)
		nextText := next[len(next)-1]
		for _, f := range next {
			if width(f) <= nextW {
				nextText = f
				break
			}
		}
		lot := clean(r.Lot)
		if width(lotName(r.Lot)) <= lotW {
			lot = lotName(r.Lot)
		}
		row := mark + flag + " " + fit(clean(r.ID), idW) + " " + fit(councilName(r.Council), councilW) + " " + fit(lot, lotW) + " " + fitRight(itoa(r.Age), ageW) + " "
		if deadlineW > 0 {
			row += fit(matching.ShowTime(r.Deadline), deadlineW) + " "
		}
		row = fit(row+fit(nextText, nextW), w)
		switch {
		case cur:
			row = st.Selected.Render(row)
		case wait:
			row = st.Urgent.Render(row)
		case r.Status.Final():
			row = st.Muted.Render(row)
		}
		lines = append(lines, row)
	}
	return fixLines(lines, w, h)
}

// unknownProviderLines is the message for a provider id not on the
// register: what is wrong and what to do.
func unknownProviderLines(st Styles, pid, suggest string, w int) []string {
	text := []string{
		clean(pid) + " is not on the provider register of this store.",
		"",
		"Check the provider id your lead council gave you when you were admitted to the DPS (it looks like P017), then start again with:",
		"",
		"    placematch --provider YOUR-ID",
		"",
		"If your organisation should be on the register, ask the commissioning officer of the lead council to add it. Press q to quit.",
	}
	if suggest != "" {
		text[2] = "Provider ids are written in capitals: did you mean " + clean(suggest) + "? Start again with:"
		text[4] = "    placematch --provider " + clean(suggest)
	}
	return message(text, st.Urgent.Render, w)
}
