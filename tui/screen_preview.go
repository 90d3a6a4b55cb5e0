package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// previewed is a draft and who it would reach; det is there even when
// the preview failed, so that e can edit the draft.
type previewed struct {
	res service.BroadcastResult
	det service.Detail
}

// previewScreen shows who a draft will reach before it is sent: every
// provider invited, with the signals an officer weighs, and every provider
// left out, with the rules it failed. Sending is the confirmation.
type previewScreen struct {
	c       *shared
	keys    PreviewKeys
	id      string
	preview loader[previewed]
	// send broadcasts the draft; a preview under way is dropped.
	send   loader[service.BroadcastResult]
	res    *service.BroadcastResult
	det    *service.Detail
	scroll scroller
}

func newPreviewScreen(c *shared) *previewScreen {
	return &previewScreen{c: c, keys: c.keys.Preview}
}

func (s *previewScreen) title() string { return "Broadcast " + s.id }

func (s *previewScreen) typing() bool { return false }

func (s *previewScreen) modal() bool { return false }

func (s *previewScreen) open(arg navArg) tea.Cmd {
	s.id, s.res, s.det, s.scroll = arg.requestID, nil, nil, scroller{}
	s.preview.reset()
	s.send.reset()
	return s.load()
}

// resume works out again who the draft reaches, from the top: it comes
// back here from its edit.
func (s *previewScreen) resume() tea.Cmd {
	s.scroll = scroller{}
	return s.load()
}

func (s *previewScreen) load() tea.Cmd {
	svc, id, user := s.c.svc, s.id, s.c.user()
	return s.preview.start(s.c, func(ctx context.Context) (previewed, error) {
		det, err := svc.Show(ctx, user, id)
		if err != nil {
			return previewed{}, err
		}
		// The draft is kept even when it cannot go out, so e can edit it.
		res, err := svc.PreviewBroadcast(ctx, id)
		return previewed{res: res, det: det}, err
	})
}

// sending: the draft is being broadcast; keys wait for it.
func (s *previewScreen) sending() bool { return s.send.loading }

func (s *previewScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[previewed]:
		if !s.preview.fresh(msg) {
			return nil
		}
		s.res, s.det = nil, nil
		if msg.val.det.Request.ID != "" {
			s.det = &msg.val.det
		}
		if msg.err == nil {
			s.res = &msg.val.res
		}
		return nil
	case loaded[service.BroadcastResult]:
		res, ok := s.send.take(s.c, msg)
		if !ok {
			return nil
		}
		n := len(res.Invited)
		if n == 0 {
			s.c.info(s.id + " was broadcast, but no provider was eligible: it closed at once.")
		} else {
			text := "Invited " + matching.Plural(n, "provider", "providers") + "; the criteria are now fixed."
			switch noEmail := noEmail(res.Invited); {
			case noEmail == 1:
				text = "Invited " + matching.Plural(n, "provider", "providers") + "; phone the one with no email on the register (\"to phone\" below)."
			case noEmail > 1:
				text = "Invited " + matching.Plural(n, "provider", "providers") + "; phone the " + matching.Thousands(noEmail) + " with no email on the register (\"to phone\" below)."
			}
			s.c.info(text)
		}
		// The invitations go now, not at the next half-minute sweep.
		return tea.Batch(navTo(screenDetail, navArg{requestID: s.id}, true), sendNow)
	case tea.KeyMsg:
		if s.sending() {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.Back):
			return goBack
		case key.Matches(msg, s.keys.Edit) && s.editable():
			r := s.det.Request
			return navTo(screenForm, navArg{requestID: r.ID, edit: &r, fromPreview: true}, false)
		case key.Matches(msg, s.keys.Send) && s.res != nil:
			s.preview.reset()
			svc, id, user := s.c.svc, s.id, s.c.user()
			return s.send.start(s.c, func(ctx context.Context) (service.BroadcastResult, error) { return svc.Broadcast(ctx, user, id) })
		}
		s.scroll.move(msg, s.keys.ScrollKeys, len(s.lines(s.c.bodyW)), s.c.bodyH)
	}
	return nil
}

// editable reports whether the request shown is a draft, which e edits.
func (s *previewScreen) editable() bool {
	return s.det != nil && s.det.Request.Status.Allows(matching.StepEdit) && !s.sending()
}

func (s *previewScreen) bindings() [][]key.Binding {
	k := s.keys
	k.Send.SetEnabled(s.res != nil && !s.sending())
	k.Edit.SetEnabled(s.editable())
	return [][]key.Binding{{k.Send, k.Edit, k.Back, k.Up, k.Down, k.PageUp, k.PageDown}, {k.Top, k.Bottom}}
}

func (s *previewScreen) lines(w int) []string {
	st := s.c.styles
	if err := s.preview.err; err != nil {
		out := append([]string{st.Bad.Render("This draft cannot be broadcast:")}, indentLines(wrap(clean(err.Error()), w-2), "  ", w)...)
		if !s.editable() {
			return out
		}
		hint := "Press e to edit the draft and put this right, then b to broadcast it."
		return append(append(out, ""), indentLines(wrap(hint, w-2), "  ", w)...)
	}
	if s.res == nil {
		return []string{st.Muted.Render("Working out who this request reaches…")}
	}
	r := s.det.Request
	var out []string
	n := len(s.res.Invited)
	head := "Send " + r.ID + " to " + matching.Plural(n, "provider", "providers") + " on " + r.Lot + "?"
	if n == 0 && len(s.res.NotInvited) == 0 {
		head = r.ID + " would reach nobody: no provider is on " + r.Lot + "."
	}
	out = append(out, st.Strong.Render(trunc(head, w)))
	dl := "Deadline " + matching.ShowTime(r.Deadline)
	if d := r.Deadline.Sub(s.c.now()); d > 0 {
		dl += " (in " + countdown(d) + ")"
	}
	out = append(out, wrap(dl+" · weights "+r.Weights.String()+" · "+matching.CapWords(r.PriceCap), w)...)
	// emptyLot: nobody is on the lot at all, eligible or not.
	emptyLot := n == 0 && len(s.res.NotInvited) == 0
	warn := "Once sent, the weights, price cap and needs are locked; the deadline and the start date can only move later. Press b to broadcast now, or esc to keep it as a draft."
	switch {
	case emptyLot:
		warn = matching.EmptyLotWords(lotName(r.Lot)) + " Broadcasting now would close the request at once with no offers. Press esc to keep it as a draft until providers are admitted, or b to broadcast anyway."
	case n == 0:
		warn = "No provider on this lot is eligible, so broadcasting will close the request at once with no offers. Press b to broadcast anyway, or esc to keep it as a draft."
	}
	for _, l := range wrap(warn, w-2) {
		out = append(out, st.Warn.Render(trunc("  "+l, w)))
	}
	if emptyLot {
		// Who would be invited, and who not, says nothing on an empty lot.
		return out
	}
	out = append(out, "")
	out = append(out, section(st, "Will be invited ("+itoa(n)+")", w))
	if n == 0 {
		out = append(out, st.Muted.Render("  nobody"))
	}
	nameW := min(34, max(12, w/3))
	for _, inv := range s.res.Invited {
		var sig []string
		var vac string
		switch {
		case inv.Vacancies == nil:
			vac = "vacancies unknown"
		case *inv.Vacancies == 0:
			vac = "no vacancies"
		default:
			vac = matching.Plural(*inv.Vacancies, "vacancy", "vacancies")
		}
		sig = append(sig, vac)
		style := st.Good.Render
		if len(inv.MissingNeeds) == 0 {
			sig = append(sig, "meets every need")
		} else {
			sig = append(sig, "does not list "+tagsText(inv.MissingNeeds))
			style = st.Warn.Render
		}
		if inv.Vacancies != nil && *inv.Vacancies == 0 {
			style = st.Warn.Render
		}
		row := "  " + fit(clean(inv.ProviderName), nameW) + " " + fit(clean(inv.ProviderID), 8) + " "
		out = append(out, hanging(row, strings.Join(sig, " · "), w, style)...)
	}
	out = append(out, "")
	out = append(out, section(st, "Will not be invited ("+matching.Thousands(len(s.res.NotInvited))+")", w))
	if len(s.res.NotInvited) == 0 {
		out = append(out, st.Muted.Render("  nobody: every provider on the lot is eligible"))
	}
	if c := notInvitedCounts(s.res.NotInvited, r.Council); c != "" {
		out = append(out, indentLines(wrap(c, w-2), "  ", w)...)
	}
	for _, ni := range notInvitedOrder(s.res.NotInvited) {
		rs := ni.ReasonsWords(councilName(r.Council))
		row := "  " + fit(clean(ni.ProviderName), nameW) + " " + fit(clean(ni.ProviderID), 8) + " "
		out = append(out, hanging(row, strings.Join(rs, "; "), w, st.Muted.Render)...)
	}
	out = append(out, "", st.Muted.Render(trunc("  Needs-fit and vacancies are signals for you, never a filter: every eligible provider is invited.", w)))
	return out
}

func (s *previewScreen) view(w, h int) string {
	lines := s.lines(w)
	if s.sending() {
		lines = append([]string{s.c.styles.Muted.Render("Broadcasting…")}, lines...)
	}
	return s.scroll.page(s.c.styles, lines, w, h)
}

// noEmail counts the invited providers the register gives no email for:
// their invitation cannot be sent, and someone has to phone them.
func noEmail(invs []matching.Invitation) int {
	n := 0
	for _, inv := range invs {
		if inv.Email == "" {
			n++
		}
	}
	return n
}
