package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

// dialogPage is what the screens that are one scrolled page, with dialogs
// over it, share: a request, an invitation, the ranking and how an offer
// is scored. It has the page's scroll, the dialog open and the action that
// dialog started; the screen embeds it and keeps its own lines and keys.
type dialogPage struct {
	c *shared
	// id is the request the page is about.
	id     string
	scroll scroller
	dlg    *dialog
	// atoken names the action the dialog started.
	atoken int
}

// openOn starts the page on request id with no dialog open. It reports
// whether id is another request than the one shown: the page then starts
// from the top, and the screen drops what it showed.
func (p *dialogPage) openOn(id string) (another bool) {
	another = id != p.id
	if another {
		p.scroll = scroller{}
	}
	p.id, p.dlg = id, nil
	return another
}

// typing: the open dialog has fields, where q and ? are characters.
func (p *dialogPage) typing() bool { return p.dlg != nil && p.dlg.typing() }

func (p *dialogPage) modal() bool { return p.dlg != nil }

// routeKey gives a key to the open dialog, if there is one (see
// routeDialog): submit is called on its answer.
func (p *dialogPage) routeKey(msg tea.KeyMsg, submit func() tea.Cmd) (tea.Cmd, bool) {
	return routeDialog(&p.dlg, msg, p.c, submit)
}

// act runs the open dialog's action off the event loop.
func (p *dialogPage) act(run func() (string, error)) tea.Cmd {
	p.atoken = p.c.token()
	return p.dlg.start(p.atoken, run)
}

// acted takes an action's result: true when it is the open dialog's and
// it succeeded, and then the dialog closes and the result is on the
// status line. A failure stays in the dialog, with what was typed.
func (p *dialogPage) acted(msg actionDone) bool {
	if !p.dlg.finish(p.atoken, msg) {
		return false
	}
	p.dlg = nil
	p.c.info(msg.info)
	return true
}

// bindings are the open dialog's keys, or else the page's own.
func (p *dialogPage) bindings(own func() [][]key.Binding) [][]key.Binding {
	if p.dlg != nil {
		return p.dlg.bindings(p.c.keys)
	}
	return own()
}

// draw shows lines scrolled into w×h, with the open dialog over them.
func (p *dialogPage) draw(lines []string, w, h int) string {
	return withDialog(p.c.styles, p.dlg, p.scroll.page(p.c.styles, lines, w, h), w, h)
}

// withDialog draws a screen's open dialog, if any, over what it shows.
func withDialog(st Styles, d *dialog, base string, w, h int) string {
	if d == nil {
		return base
	}
	return overlay(base, d.view(st, w, h), w, h)
}

// formPage is what the two form screens share, the new request and the
// answer logged: the form, whether it holds typing not saved yet, the
// dialog that asks before that is lost, and how the rules' objections to
// a save are shown. The screen embeds it and keeps its fields and rules.
type formPage struct {
	c     *shared
	form  *form
	dirty bool
	dlg   *dialog
	// headLines are the screen's lines above the form.
	headLines int
	// problemsLead begins the status line that names the fields needing
	// attention; "" reads "Not saved: ".
	problemsLead string
}

// typing: keys go into the form's fields, or the dialog's.
func (p *formPage) typing() bool { return p.dlg == nil || p.dlg.typing() }

func (p *formPage) modal() bool { return p.dlg != nil }

// routeKey gives a key to the open dialog, the question whether to leave
// without saving, if it is open.
func (p *formPage) routeKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	return routeDialog(&p.dlg, msg, p.c, p.leaveUnsaved)
}

// leave goes back, asking first when what was typed would be lost.
func (p *formPage) leave(title, what string) tea.Cmd {
	if !p.dirty {
		return goBack
	}
	p.dlg = confirmDialog("discard", title, what)
	p.dlg.danger = true
	return nil
}

// leaveUnsaved is the "leave without saving" dialog's yes: the typing is
// dropped and the screen goes back.
func (p *formPage) leaveUnsaved() tea.Cmd {
	p.dlg = nil
	p.dirty = false
	return goBack
}

// height is the room the form has.
func (p *formPage) height() int { return max(1, p.c.bodyH-p.headLines) }

// scroll keeps the focused field in sight.
func (p *formPage) scroll() { p.form.scroll(p.c.styles, p.c.bodyW, p.height()) }

// recheck puts fe's problems beside the fields already left once.
func (p *formPage) recheck(fe matching.FieldErrors) {
	for _, f := range p.form.fields {
		if f.touched {
			f.err = fe.Get(f.key)
		}
	}
}

// refused shows why a save did not go through: the rules' objections
// beside their fields, anything else on the status line.
func (p *formPage) refused(err error) tea.Cmd {
	var fe matching.FieldErrors
	if errors.As(err, &fe) {
		return p.showProblems(fe)
	}
	p.c.fail(err)
	return nil
}

// showProblems marks every field shown with its problem, says on the
// status line which need attention, and puts the focus on the first.
func (p *formPage) showProblems(fe matching.FieldErrors) tea.Cmd {
	first := ""
	var names []string
	for _, f := range p.form.fields {
		if f.hidden {
			continue
		}
		f.touched = true
		f.err = fe.Get(f.key)
		if f.err != "" {
			names = append(names, strings.ToLower(f.label))
			if first == "" {
				first = f.key
			}
		}
	}
	if len(names) == 0 {
		p.c.fail(fe)
		return nil
	}
	lead := p.problemsLead
	if lead == "" {
		lead = "Not saved: "
	}
	p.c.fail(errors.New(lead + matching.Plural(len(names), "field needs", "fields need") + " attention: " + strings.Join(names, ", ")))
	cmd := p.form.focusKey(first)
	p.scroll()
	return cmd
}

// draw shows the screen's head lines and the form below them, w×h, with
// the open dialog over them.
func (p *formPage) draw(head []string, w, h int) string {
	st := p.c.styles
	lines := append(head, p.form.view(st, w, max(1, h-len(head)))...)
	return withDialog(st, p.dlg, fixLines(lines, w, h), w, h)
}
