package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// SettingsKeys are the council settings screen's.
type SettingsKeys struct {
	Up      key.Binding
	Down    key.Binding
	Lot     key.Binding // the chosen lot's weights and guide price
	Contact key.Binding // the placements team's contact
	Council key.Binding // another council
	Back    key.Binding
}

func settingsKeys() SettingsKeys {
	return SettingsKeys{
		Up:      bind([]string{"up", "k"}, "↑/k", "lot above"),
		Down:    bind([]string{"down", "j"}, "↓/j", "lot below"),
		Lot:     bind([]string{"e", "enter"}, "e/enter", "weights and guide price"),
		Contact: bind([]string{"c"}, "c", "placements contact"),
		Council: bind([]string{"o"}, "o", "other council"),
		Back:    bind([]string{"esc"}, "esc", "back"),
	}
}

// settingsScreen is a council's settings: its placements team's contact
// (named in every letter to providers), and its weights and weekly guide
// price on each lot it buys on (the defaults of its requests). It changes
// them through the same service operation as placematch council set.
type settingsScreen struct {
	dialogPage
	keys    SettingsKeys
	load    loader[service.CouncilView]
	v       *service.CouncilView
	council string
	lot     int
	picker  *picker
}

func newSettingsScreen(c *shared) *settingsScreen {
	return &settingsScreen{dialogPage: dialogPage{c: c}, keys: c.keys.Settings}
}

func (s *settingsScreen) title() string {
	if s.v != nil {
		return "Settings of " + s.v.Name
	}
	return "Council settings"
}

func (s *settingsScreen) modal() bool { return s.dlg != nil || s.picker != nil }

func (s *settingsScreen) typing() bool { return s.dialogPage.typing() || s.picker != nil }

func (s *settingsScreen) open(navArg) tea.Cmd {
	s.openOn("")
	s.council, s.v, s.lot = s.c.council, nil, 0
	if s.council == "" {
		s.picker = newPicker("council", "Settings of", councilOptions(false), "")
		return nil
	}
	return s.fetch()
}

func (s *settingsScreen) resume() tea.Cmd { return s.fetch() }

func (s *settingsScreen) fetch() tea.Cmd {
	if s.council == "" {
		return nil
	}
	svc, council := s.c.svc, s.council
	return s.load.start(s.c, func(ctx context.Context) (service.CouncilView, error) { return svc.Council(ctx, council) })
}

func (s *settingsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[service.CouncilView]:
		v, ok := s.load.take(s.c, msg)
		if !ok {
			return nil
		}
		s.v = &v
		s.lot = min(s.lot, max(0, len(v.Lots)-1))
		return nil
	case actionDone:
		if s.acted(msg) {
			return s.fetch()
		}
		return nil
	case refreshMsg:
		return s.fetch()
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *settingsScreen) selected() *service.CouncilLot {
	if s.v == nil || s.lot < 0 || s.lot >= len(s.v.Lots) {
		return nil
	}
	return &s.v.Lots[s.lot]
}

func (s *settingsScreen) key(msg tea.KeyMsg) tea.Cmd {
	if s.picker != nil {
		done, chosen, cmd := s.picker.update(msg, s.c.keys.Picker, s.c.bodyW, s.c.bodyH)
		if !done {
			return cmd
		}
		s.picker = nil
		if chosen == nil {
			if s.council == "" {
				return goBack
			}
			return nil
		}
		s.council, s.v, s.lot = chosen.value, nil, 0
		return s.fetch()
	}
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Up):
		s.lot = max(0, s.lot-1)
	case key.Matches(msg, k.Down):
		if s.v != nil {
			s.lot = min(len(s.v.Lots)-1, s.lot+1)
		}
	case key.Matches(msg, k.Council):
		s.picker = newPicker("council", "Settings of", councilOptions(false), s.council)
	case key.Matches(msg, k.Lot):
		if l := s.selected(); l != nil {
			guide := ""
			if l.GuidePence > 0 {
				guide = strings.TrimPrefix(l.GuidePence.String(), "£")
			}
			s.dlg = promptDialog("lot", "Defaults of "+s.v.Name+" on "+l.Lot,
				[]string{"Each new request on " + lotName(l.Lot) + " starts with these: weights for quality, price and age cover adding up to 100, and the weekly guide price as its price cap (0: none)."},
				field1("Weights Q,P,A", "50,35,15", strings.ReplaceAll(l.Weights, "/", ","), 12), field1("Guide price", "e.g. 1200 (empty or 0: none)", guide, 14))
		}
	case key.Matches(msg, k.Contact):
		if s.v != nil {
			c := s.v.Contact
			s.dlg = promptDialog("contact", "Placements contact of "+s.v.Name,
				[]string{"Named in every letter to providers, and the address their replies go to. An empty field clears it."},
				field1("Name", "e.g. Placements team", c.Name, matching.MaxShort), field1("Email", "placements@council.gov.uk", c.Email, matching.MaxShort),
				field1("Phone", "e.g. 0151 934 4000", c.Phone, 40))
		}
	}
	return nil
}

func (s *settingsScreen) submit() tea.Cmd {
	d := s.dlg
	ctx, svc, user, council := s.c.ctx, s.c.svc, s.c.user(), s.council
	var ch service.CouncilChange
	switch d.action {
	case "lot":
		l := s.selected()
		if l == nil {
			s.dlg = nil
			return nil
		}
		w, err := matching.ParseWeights(d.value(0))
		if err != nil {
			d.err = err.Error()
			return nil
		}
		guide := strings.TrimSpace(d.value(1))
		if guide == "" {
			guide = "0" // none, as the dialog says
		}
		p, err := matching.ParseMoney(guide)
		if err != nil {
			d.err = err.Error()
			return nil
		}
		ch.Lot, ch.Weights, ch.GuidePrice = l.Lot, &w, &p
	case "contact":
		name, email, phone := d.value(0), d.value(1), d.value(2)
		ch.Contact = service.ContactChange{Name: &name, Email: &email, Phone: &phone}
	default:
		s.dlg = nil
		return nil
	}
	return s.act(func() (string, error) {
		return "Settings of " + councilName(council) + " saved; new requests start from them.", svc.SetCouncil(ctx, user, council, ch)
	})
}

func (s *settingsScreen) bindings() [][]key.Binding {
	if s.picker != nil {
		return s.picker.bindings(s.c.keys.Picker)
	}
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.keys
		k.Lot.SetEnabled(s.selected() != nil)
		k.Contact.SetEnabled(s.v != nil)
		return [][]key.Binding{{k.Lot, k.Contact, k.Council, k.Back}, {k.Up, k.Down}}
	})
}

func (s *settingsScreen) lines(w int) []string {
	st := s.c.styles
	if s.v == nil {
		if s.load.err != nil {
			return wrap(clean(s.load.err.Error()), w)
		}
		return []string{st.Muted.Render("Reading the council's settings…")}
	}
	v := s.v
	out := []string{st.Strong.Render(trunc(clean(v.Name)+" ("+v.Slug+"), requests "+v.Code+"-YYYY-NNNN", w)), ""}
	out = append(out, section(st, "Placements contact", w))
	if v.Contact.Empty() {
		out = append(out, indentLines(wrap("None set: letters to providers name no contact. Press c to set it.", w-2), "  ", w)...)
	} else {
		out = append(out, indentLines(wrap(clean(v.Contact.Line()), w-2), "  ", w)...)
	}
	out = append(out, "", section(st, "Defaults of its requests, by lot", w))
	lotW := min(30, max(12, w/3))
	out = append(out, st.Label.Render(trunc("  "+fit("Lot", lotW)+" "+fit("Weights Q/P/A", 14)+" Guide price", w)))
	for i, l := range v.Lots {
		guide := "none"
		if l.GuidePence > 0 {
			guide = matching.WeeklyWords(l.GuidePence)
		}
		row := "  " + fit(l.Lot, lotW) + " " + fit(l.Weights, 14) + " " + guide
		if i == s.lot {
			out = append(out, st.Selected.Render(fit(trunc(row, w), w)))
		} else {
			out = append(out, trunc(row, w))
		}
	}
	return out
}

func (s *settingsScreen) view(w, h int) string {
	body := s.draw(s.lines(w), w, h)
	if s.picker != nil {
		return overlay(body, s.picker.view(s.c.styles, w, h), w, h)
	}
	return body
}
