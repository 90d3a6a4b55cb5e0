package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// The register's life in the app: the applications waiting for a
// decision, with their due dates and the overdue marked, and the
// commissioner's actions on a provider's row (assess, admit, refuse,
// suspend, reinstate, remove), each in a dialog that names what it does.
// The service does the work; a refusal stays in the dialog with what was
// typed.

// registerLife is the providers screen's applications view and its
// dialogs.
type registerLife struct {
	c    *shared
	on   bool                   // the applications view is shown
	apps []matching.Application // loaded with the register's rows
	nav  listNav
	dlg  *dialog
	tok  int
}

// registerLoad is what the providers screen loads at once: the register's
// rows as filtered, and every application waiting.
type registerLoad struct {
	rows []matching.ProviderLot
	apps []matching.Application
}

func (m *registerLife) open() bool   { return m.dlg != nil }
func (m *registerLife) typing() bool { return m.dlg != nil && m.dlg.typing() }

// selected is the application under the cursor, if any.
func (m *registerLife) selected() (matching.Application, bool) {
	if len(m.apps) == 0 || m.nav.cursor >= len(m.apps) {
		return matching.Application{}, false
	}
	return m.apps[m.nav.cursor], true
}

// lifeKeys enables the actions a row in status st allows.
func lifeKeys(k ProvidersKeys, st matching.ProviderStatus, any bool) ProvidersKeys {
	k.Assess.SetEnabled(any && st.AllowsLot(matching.LotAssess))
	k.Admit.SetEnabled(any && st.AllowsLot(matching.LotAdmit))
	k.Refuse.SetEnabled(any && st.AllowsLot(matching.LotRefuse))
	k.Suspend.SetEnabled(any && st.AllowsLot(matching.LotSuspend))
	k.Reinstate.SetEnabled(any && st.AllowsLot(matching.LotReinstate))
	k.Remove.SetEnabled(any && st.AllowsLot(matching.LotRemove))
	return k
}

// action opens the dialog of the action key on the row p, or says it
// does nothing.
func (m *registerLife) action(msg tea.KeyMsg, k ProvidersKeys, p matching.ProviderLot) bool {
	who := clean(p.ProviderName) + " (" + clean(p.ProviderID) + ") on " + lotName(p.Lot)
	reason := func() promptField { return field1("Reason", "the provider reads it", "", matching.MaxReason) }
	var d *dialog
	switch {
	case key.Matches(msg, k.Assess) && k.Assess.Enabled():
		q := ""
		if !p.AssessedOn.IsZero() || p.Status != matching.ProviderApplied {
			q = qualityText(p.Quality)
		}
		d = promptDialog("assess", "Quality assessment",
			[]string{who + ". The score (0 to 100) counts from today; requests already closed keep the score they were judged on. The provider is told, with the note."},
			field1("Quality", "0 to 100", q, 8), field1("Note", "what the assessment found", p.QualityNote, matching.MaxReason))
	case key.Matches(msg, k.Admit) && k.Admit.Enabled():
		fw, _ := matching.FrameworkByCode(p.Framework)
		on := fw.NextAdmission(matching.Today(m.c.svc.Now()))
		d = confirmDialog("admit", "Admit "+clean(p.ProviderID)+"?", who+".",
			"Admitted from the framework's next admission date, "+matching.ShowDate(on)+" (it admits on "+fw.AdmissionDays()+"); invited to requests from then on. The provider is told by email.")
	case key.Matches(msg, k.Refuse) && k.Refuse.Enabled():
		d = promptDialog("refuse", "Refuse the application", []string{who + ". The provider is told, with the reason; it may apply again."}, reason())
	case key.Matches(msg, k.Suspend) && k.Suspend.Enabled():
		d = promptDialog("suspend", "Suspend "+clean(p.ProviderID), []string{who + ". Not invited while suspended; an offer is not scored at close. With an end date it is reinstated on that date by itself."},
			reason(), field1("Until", "YYYY-MM-DD, or empty until reinstated", "", 10))
	case key.Matches(msg, k.Reinstate) && k.Reinstate.Enabled():
		d = confirmDialog("reinstate", "Reinstate "+clean(p.ProviderID)+"?", who+": "+clean(matching.LotStatusWords(p))+".", "Admitted again from now; the provider is told.")
	case key.Matches(msg, k.Remove) && k.Remove.Enabled():
		d = promptDialog("remove", "Remove "+clean(p.ProviderID)+" from the lot", []string{who + ". Removed providers are not invited again unless they apply and are admitted anew. The provider is told, with the reason."}, reason())
		d.danger = true
	default:
		return false
	}
	d.data = p.ProviderID + "|" + p.Lot
	m.dlg = d
	return true
}

// key gives a key to the open dialog.
func (m *registerLife) key(msg tea.KeyMsg) tea.Cmd {
	cmd, _ := routeDialog(&m.dlg, msg, m.c, m.submit)
	return cmd
}

func (m *registerLife) submit() tea.Cmd {
	d := m.dlg
	ctx, svc, user := m.c.ctx, m.c.svc, m.c.user()
	id, lot, _ := strings.Cut(d.data, "|")
	m.tok = m.c.token()
	v0, v1 := d.value(0), d.value(1)
	said := func(p matching.ProviderLot, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return clean(p.ProviderID) + " on " + p.Lot + ": " + clean(matching.LotStatusWords(p)) + ". The provider is told by email.", nil
	}
	switch d.action {
	case "assess":
		return d.start(m.tok, func() (string, error) {
			p, err := svc.Assess(ctx, user, id, lot, v0, v1)
			if err != nil {
				return "", err
			}
			return clean(p.ProviderID) + " on " + p.Lot + ": quality " + qualityText(p.Quality) + " from " + matching.ShowDate(p.AssessedOn) + ". The provider is told by email.", nil
		})
	case "admit":
		return d.start(m.tok, func() (string, error) { return said(svc.Admit(ctx, user, id, lot)) })
	case "refuse":
		return d.start(m.tok, func() (string, error) { return said(svc.Refuse(ctx, user, id, lot, v0)) })
	case "suspend":
		return d.start(m.tok, func() (string, error) {
			var until time.Time
			if strings.TrimSpace(v1) != "" {
				var err error
				if until, err = matching.ParseDate(v1); err != nil {
					return "", err
				}
			}
			return said(svc.Suspend(ctx, user, id, lot, v0, until))
		})
	case "reinstate":
		return d.start(m.tok, func() (string, error) { return said(svc.Reinstate(ctx, user, id, lot)) })
	case "remove":
		return d.start(m.tok, func() (string, error) { return said(svc.Remove(ctx, user, id, lot, v0)) })
	}
	m.dlg = nil
	return nil
}

// done takes an action's answer: true when the register changed.
func (m *registerLife) done(msg actionDone) bool {
	if !m.dlg.finish(m.tok, msg) {
		return false
	}
	m.dlg = nil
	m.c.info(msg.info)
	return true
}

func (m *registerLife) bindings() [][]key.Binding { return m.dlg.bindings(m.c.keys) }

// summary is the applications waiting in a few words, for the register's
// first line: "3 applications waiting, 1 overdue".
func applicationsSummary(apps []matching.Application) string {
	overdue := 0
	for _, a := range apps {
		if a.Overdue {
			overdue++
		}
	}
	s := matching.Plural(len(apps), "application", "applications") + " waiting"
	if overdue > 0 {
		s += ", " + itoa(overdue) + " overdue"
	}
	return s
}

// view draws the applications waiting: oldest first, each with its
// decision date, the overdue marked.
func (m *registerLife) view(st Styles, w, h int) string {
	lines := []string{st.Strong.Render(trunc("Applications · "+applicationsSummary(m.apps)+" · a decision is due within 10 working days", w))}
	if len(m.apps) == 0 {
		return fixLines(append(lines, "", st.Muted.Render(trunc("  No application is waiting. a or esc goes back to the register.", w))), w, h)
	}
	lotW := 14
	if w >= 110 {
		lotW = 27
	}
	// The due date matters more than the day of application: a narrow
	// screen leaves the latter out.
	appliedW := 0
	if w >= 100 {
		appliedW = 11
	}
	fixed := 2 + 7 + lotW + 1 + appliedW + 20 + 8
	nameW := max(8, min(40, w-fixed))
	hdr := "  " + fit("Provider", nameW) + " " + fit("ID", 6) + " " + fit("Lot", lotW) + " "
	if appliedW > 0 {
		hdr += fit("Applied", 10) + " "
	}
	hdr += fit("Decision due", 19) + " " + fit("Quality", 7)
	lines = append(lines, st.Muted.Render(trunc(hdr, w)))
	start, end := m.nav.window(h - len(lines))
	for i := start; i < end; i++ {
		a := m.apps[i]
		mark := "  "
		if i == m.nav.cursor {
			mark = "› "
		}
		q := "none"
		if a.Assessed {
			q = qualityText(a.Quality)
		}
		due := fit(matching.ApplicationDueWords(a), 19)
		row := mark + fit(clean(a.ProviderName), nameW) + " " + fit(clean(a.ProviderID), 6) + " " + fit(a.Lot, lotW) + " "
		if appliedW > 0 {
			row += fit(matching.ShowDate(a.AppliedOn), 10) + " "
		}
		tail := " " + fitRight(q, 7)
		switch {
		case i == m.nav.cursor:
			lines = append(lines, st.Selected.Render(fit(row+due+tail, w)))
		case a.Overdue:
			lines = append(lines, trunc(row+st.Warn.Render(due)+tail, w))
		default:
			lines = append(lines, fit(row+due+tail, w))
		}
	}
	return fixLines(lines, w, h)
}

// rowOf is the register row of an application, as far as the list knows
// it (the dialogs need its id, name, lot, status and quality).
func rowOf(a matching.Application) matching.ProviderLot {
	return matching.ProviderLot{ProviderID: a.ProviderID, ProviderName: a.ProviderName, Framework: a.Framework, Lot: a.Lot,
		Status: matching.ProviderApplied, Quality: a.Quality, AppliedOn: a.AppliedOn, AssessedOn: assessedMark(a)}
}

// assessedMark stands for an assessment's date where only whether there
// was one is known.
func assessedMark(a matching.Application) time.Time {
	if a.Assessed {
		return a.AppliedOn
	}
	return time.Time{}
}
