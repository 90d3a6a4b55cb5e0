package tui

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// TermKeys are the framework terms screen's.
type TermKeys struct {
	ScrollKeys
	Next    key.Binding // the other framework
	Extend  key.Binding // record an extension decision
	SetTerm key.Binding // record the term
	Back    key.Binding
}

func termKeys() TermKeys {
	return TermKeys{
		ScrollKeys: scrollKeys(),
		Next:       bind([]string{"tab"}, "tab", "next framework"),
		Extend:     bind([]string{"x"}, "x", "record an extension"),
		SetTerm:    bind([]string{"e"}, "e", "record the term"),
		Back:       bind([]string{"esc"}, "esc", "back"),
	}
}

// termScreen is a framework's term: its start and shape, the current and
// last possible ends, what is due, each extension decided, and its
// purchasers beside its councils; x records an extension decision, e the
// term itself.
type termScreen struct {
	dialogPage
	keys  TermKeys
	load  loader[[]service.FrameworkView]
	views []service.FrameworkView
	at    int // the framework shown
	want  string
}

func newTermScreen(c *shared) *termScreen {
	return &termScreen{dialogPage: dialogPage{c: c}, keys: c.keys.Term}
}

func (s *termScreen) title() string {
	if v := s.shown(); v != nil {
		return "Framework " + v.Code
	}
	return "Framework terms"
}

func (s *termScreen) open(arg navArg) tea.Cmd {
	s.openOn("")
	s.want = arg.framework
	return s.fetch()
}

func (s *termScreen) resume() tea.Cmd { return s.fetch() }

func (s *termScreen) fetch() tea.Cmd {
	svc := s.c.svc
	return s.load.start(s.c, func(ctx context.Context) ([]service.FrameworkView, error) { return svc.Frameworks(ctx) })
}

func (s *termScreen) shown() *service.FrameworkView {
	if s.at < 0 || s.at >= len(s.views) {
		return nil
	}
	return &s.views[s.at]
}

func (s *termScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[[]service.FrameworkView]:
		vs, ok := s.load.take(s.c, msg)
		if !ok {
			return nil
		}
		s.views = vs
		if s.want != "" {
			for i, v := range vs {
				if v.Code == s.want {
					s.at = i
				}
			}
			s.want = ""
		}
		s.at = min(s.at, max(0, len(vs)-1))
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

func (s *termScreen) actionKeys() TermKeys {
	k := s.keys
	v := s.shown()
	k.Next.SetEnabled(len(s.views) > 1)
	may := service.MayDo(s.c.ctx, service.OpFrameworkTerm)
	k.Extend.SetEnabled(may && v != nil && v.Term.Recorded() && v.Term.ExtensionsLeft() > 0)
	k.SetTerm.SetEnabled(may && v != nil && (len(v.Term.Decisions) == 0 || v.Term.Ended(s.c.now())))
	return k
}

func (s *termScreen) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := s.routeKey(msg, s.submit); ok {
		return cmd
	}
	k := s.actionKeys()
	v := s.shown()
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Next):
		s.at, s.scroll = (s.at+1)%len(s.views), scroller{}
		return nil
	case key.Matches(msg, k.Extend):
		t := v.Term
		years := t.Extensions[len(t.Decisions)]
		s.dlg = promptDialog("extend", "Extend "+v.Code+" by "+matching.Plural(years, "year", "years"),
			[]string{"The term runs to " + matching.LongDate(t.CurrentEnd()) + "; this extension takes it to " +
				matching.LongDate(t.CurrentEnd().AddDate(years, 0, 0)) + ". The decision and its reason go on the record."},
			field1("Reason", "e.g. value for money; providers steady; re-procurement under way", "", matching.MaxReason))
		return nil
	case key.Matches(msg, k.SetTerm):
		start, years := "", "2+1+1"
		if v.Term.Recorded() && !v.Term.Ended(s.c.now()) {
			start, years = matching.ShowDate(v.Term.Start), v.Term.YearsText()
		}
		s.dlg = promptDialog("term", "The term of "+v.Code,
			[]string{"Its first day, and its years: the initial years, then each extension's (2+1+1: two years, then up to two one-year extensions). After the last possible end no new request is made on it."},
			field1("Start", "YYYY-MM-DD", start, 10), field1("Years", "2+1+1", years, 20))
		return nil
	}
	s.scroll.move(msg, k.ScrollKeys, len(s.lines(s.c.bodyW)), s.c.bodyH)
	return nil
}

func (s *termScreen) submit() tea.Cmd {
	d, v := s.dlg, s.shown()
	if v == nil {
		s.dlg = nil
		return nil
	}
	ctx, svc, user, code := s.c.ctx, s.c.svc, s.c.user(), v.Code
	switch d.action {
	case "extend":
		reason := d.value(0)
		return s.act(func() (string, error) {
			nv, err := svc.ExtendTerm(ctx, user, code, reason)
			return code + " extended: it now runs to " + matching.LongDate(nv.Term.CurrentEnd()) + ".", err
		})
	case "term":
		start, err := matching.ParseDate(d.value(0))
		if err != nil {
			d.err = err.Error()
			return nil
		}
		years := d.value(1)
		return s.act(func() (string, error) {
			nv, err := svc.SetTerm(ctx, user, code, start, years)
			return code + "'s term recorded: " + matching.TermWords(nv.Term) + ".", err
		})
	}
	s.dlg = nil
	return nil
}

func (s *termScreen) bindings() [][]key.Binding {
	return s.dialogPage.bindings(func() [][]key.Binding {
		k := s.actionKeys()
		return [][]key.Binding{{k.Extend, k.SetTerm, k.Next, k.Back}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
	})
}

func (s *termScreen) lines(w int) []string {
	st := s.c.styles
	v := s.shown()
	if v == nil {
		if s.load.err != nil {
			return wrap(clean(s.load.err.Error()), w)
		}
		return []string{st.Muted.Render("Reading the frameworks' terms…")}
	}
	t := v.Term
	now := s.c.now()
	out := []string{st.Strong.Render(trunc(v.Name+" ("+v.Code+")", w)), st.Muted.Render(trunc("Led by "+councilName(v.Lead), w)), ""}
	row := func(label, value string) {
		out = append(out, hanging(fit(label, 18), value, w, st.Label.Render)...)
	}
	if !t.Recorded() {
		row("Term", "none recorded: no request is refused for its term. Press e to record it.")
	} else {
		row("Term", t.YearsText()+" years from "+matching.LongDate(t.Start))
		row("Runs to", matching.LongDate(t.CurrentEnd()))
		left := "no extension left"
		if n := t.ExtensionsLeft(); n > 0 {
			left = matching.Plural(n, "extension", "extensions") + " left"
		}
		row("At the latest", matching.LongDate(t.LastEnd())+" ("+left+")")
		row("Reminder from", matching.LongDate(t.ReminderFrom()))
	}
	style := st.Good.Render
	switch {
	case t.Ended(now):
		style = st.Bad.Render
	case t.ReminderDue(now):
		style = st.Warn.Render
	}
	for i, l := range wrap(v.State, w-18) {
		lead := fit("Today", 18)
		if i > 0 {
			lead = fit("", 18)
		}
		out = append(out, st.Label.Render(lead)+style(l))
	}
	out = append(out, "", section(st, "Extensions decided ("+strconv.Itoa(len(t.Decisions))+")", w))
	if len(t.Decisions) == 0 {
		out = append(out, st.Muted.Render("  none"))
	}
	for _, d := range v.Decisions() {
		lead := "  " + strconv.Itoa(d.N) + ". " + d.On + " +" + matching.Plural(d.Years, "year", "years") + " by " + clean(d.Actor) + ": "
		out = append(out, hanging(lead, clean(d.Reason), w, st.Muted.Render)...)
	}
	out = append(out, "", section(st, "Purchasers besides its councils ("+strconv.Itoa(len(v.Purchasers))+")", w))
	if len(v.Purchasers) == 0 {
		out = append(out, st.Muted.Render(trunc("  none (placematch purchasers add adds a health body)", w)))
	}
	for _, p := range v.Purchasers {
		out = append(out, trunc("  "+clean(p.Name)+" ("+p.Slug+") · requests "+p.Code+"-YYYY-NNNN", w))
	}
	return out
}

func (s *termScreen) view(w, h int) string { return s.draw(s.lines(w), w, h) }
