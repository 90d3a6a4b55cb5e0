package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"placematch/matching"
)

// newInput is a one-line text field as the app uses them: no prompt, a
// steady cursor (a blinking one would only add redraws), and a limit.
func newInput(placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.Cursor.SetMode(cursor.CursorStatic)
	return ti
}

// option is one choice in a picker.
type option struct {
	value  string
	label  string
	detail string
}

// matchingOptions are the indexes of the options matching q, appended to
// into[:0].
func matchingOptions(opts []option, q string, into []int) []int {
	into = into[:0]
	for i, o := range opts {
		if o.matches(q) {
			into = append(into, i)
		}
	}
	return into
}

func (o option) matches(q string) bool {
	if q == "" {
		return true
	}
	if c, ok := matching.TagAlias(q); ok && o.value == c {
		return true // "ASD" finds autism
	}
	q = strings.ToLower(q)
	return strings.Contains(strings.ToLower(o.value), q) || strings.Contains(strings.ToLower(o.label), q)
}

type dialogResult int

const (
	dialogOpen dialogResult = iota
	dialogSubmit
	dialogCancel
)

func (r dialogResult) String() string {
	switch r {
	case dialogOpen:
		return "open"
	case dialogSubmit:
		return "submit"
	case dialogCancel:
		return "cancel"
	}
	return "unknown"
}

// dialog is a modal question: a confirmation, or a short form such as a
// reason. The screen that opened it acts on the answer; a failed action
// leaves it open with the error, so nothing typed is lost.
type dialog struct {
	action string // what the owner does on submit
	data   string // what it acts on (a provider id)
	title  string
	body   []string
	danger bool
	// yOnly: only y says yes, not enter, where yes throws work away.
	yOnly  bool
	hint   string // the keys, inside the box, for a projector
	fields []promptField
	focus  int
	err    string
	busy   bool
}

// actionDone is the result of an action taken from a dialog.
type actionDone struct {
	token int
	info  string
	err   error
}

// start marks the dialog busy and runs its action off the event loop; the
// result comes back as an actionDone carrying tok.
func (d *dialog) start(tok int, run func() (string, error)) tea.Cmd {
	d.busy, d.err = true, ""
	return func() tea.Msg {
		info, err := run()
		return actionDone{token: tok, info: info, err: err}
	}
}

// finish takes an action's result: true when it is the open dialog's and
// it succeeded. A failure is shown in the dialog, which stays open with
// what was typed.
func (d *dialog) finish(tok int, msg actionDone) bool {
	if d == nil || msg.token != tok {
		return false
	}
	d.busy = false
	if msg.err != nil {
		d.err = dialogError(msg.err)
		return false
	}
	return true
}

// dialogError is an error as one line of a dialog: a form's problems by
// field, in the user's words.
func dialogError(err error) string {
	var fe matching.FieldErrors
	if errors.As(err, &fe) {
		parts := make([]string, len(fe))
		for i, f := range fe {
			parts[i] = f.Msg
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

type promptField struct {
	label     string
	input     textinput.Model
	suggested bool
}

func confirmDialog(action, title string, body ...string) *dialog {
	return &dialog{action: action, title: title, body: body, hint: "y or enter: yes · n or esc: no"}
}

func promptDialog(action, title string, body []string, fields ...promptField) *dialog {
	d := &dialog{action: action, title: title, body: body, fields: fields, hint: "enter: done · esc: cancel"}
	if len(fields) > 1 {
		d.hint = "tab: next field · enter on the last: done · esc: cancel"
	}
	if len(d.fields) > 0 {
		d.fields[0].input.Focus()
	}
	return d
}

func field1(label, placeholder, value string, limit int) promptField {
	in := newInput(placeholder, limit)
	in.SetValue(value)
	in.CursorEnd()
	return promptField{label: label, input: in, suggested: value != ""}
}

func (d *dialog) typing() bool { return len(d.fields) > 0 }

func (d *dialog) value(i int) string {
	if i < len(d.fields) {
		return d.fields[i].input.Value()
	}
	return ""
}

func (d *dialog) setFocus(i int) {
	if len(d.fields) == 0 {
		return
	}
	i = (i + len(d.fields)) % len(d.fields)
	d.fields[d.focus].input.Blur()
	d.focus = i
	d.fields[i].input.Focus()
}

// dialogInner is the text width inside a dialog drawn in w columns.
func dialogInner(w int) int { return min(w-2, 76) - 4 }

func (d *dialog) labelWidth(inner int) int {
	labelW := 0
	for _, f := range d.fields {
		labelW = max(labelW, width(f.label))
	}
	return min(labelW, inner/3)
}

func (d *dialog) inputWidth(w int) int {
	inner := dialogInner(w)
	return max(4, inner-2-d.labelWidth(inner)-2-1)
}

// update handles a key in a dialog drawn w columns wide.
func (d *dialog) update(msg tea.KeyMsg, k KeyMap, w int) (dialogResult, tea.Cmd) {
	for i := range d.fields {
		d.fields[i].input.Width = d.inputWidth(w)
	}
	if d.busy {
		return dialogOpen, nil
	}
	if len(d.fields) == 0 {
		switch {
		case d.yOnly && msg.Type == tea.KeyEnter:
			return dialogOpen, nil
		case key.Matches(msg, k.Confirm.Yes):
			return dialogSubmit, nil
		case key.Matches(msg, k.Confirm.No):
			return dialogCancel, nil
		}
		return dialogOpen, nil
	}
	switch {
	case key.Matches(msg, k.Prompt.Cancel):
		return dialogCancel, nil
	case key.Matches(msg, k.Prompt.Next):
		d.setFocus(d.focus + 1)
		return dialogOpen, nil
	case key.Matches(msg, k.Prompt.Prev):
		d.setFocus(d.focus - 1)
		return dialogOpen, nil
	case key.Matches(msg, k.Prompt.Submit):
		if d.focus < len(d.fields)-1 {
			d.setFocus(d.focus + 1)
			return dialogOpen, nil
		}
		return dialogSubmit, nil
	}
	d.err = ""
	var cmd tea.Cmd
	f := &d.fields[d.focus]
	typeOver(&f.input, &f.suggested, msg)
	f.input, cmd = f.input.Update(msg)
	return dialogOpen, cmd
}

func (d *dialog) bindings(k KeyMap) [][]key.Binding {
	if len(d.fields) == 0 {
		yes := k.Confirm.Yes
		if d.yOnly {
			yes = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes"))
		}
		return [][]key.Binding{{yes, k.Confirm.No}}
	}
	p := k.Prompt
	p.Next.SetEnabled(len(d.fields) > 1)
	p.Prev.SetEnabled(len(d.fields) > 1)
	return [][]key.Binding{{p.Submit, p.Next, p.Prev, p.Cancel}}
}

func (d *dialog) view(st Styles, w, h int) string {
	bw := min(w-2, 76)
	inner := dialogInner(w)
	var lines []string
	lines = append(lines, st.Strong.Render(trunc(clean(d.title), inner)), "")
	for _, b := range d.body {
		lines = append(lines, wrap(b, inner)...)
	}
	labelW := d.labelWidth(inner)
	for i, f := range d.fields {
		in := st.sessionInput(f.input)
		in.Width = d.inputWidth(w)
		mark := "  "
		lab := st.Label.Render(fit(f.label, labelW))
		if i == d.focus {
			mark = st.FocusLabel.Render("› ")
			lab = st.FocusLabel.Render(fit(f.label, labelW))
		}
		lines = append(lines, "", trunc(mark+lab+"  "+in.View(), inner))
	}
	if d.hint != "" && !d.busy {
		lines = append(lines, "", st.Muted.Render(trunc(d.hint, inner)))
	}
	if d.err != "" {
		lines = append(lines, "")
		for _, l := range wrap("✗ "+clean(d.err), inner) {
			lines = append(lines, st.Bad.Render(l))
		}
	}
	if d.busy {
		lines = append(lines, "", st.Muted.Render("working…"))
	}
	maxLines := max(1, h-2)
	if len(lines) > maxLines {
		lines = lines[len(lines)-maxLines:]
	}
	box := st.Box
	if d.danger {
		box = st.DangerBox
	}
	return box.Width(bw).Render(strings.Join(lines, "\n"))
}

// overlay draws a box over the middle of a screen, which stays in sight
// around it for context.
func overlay(bg, box string, w, h int) string {
	lines := strings.Split(bg, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	lines = lines[:h]
	bl := strings.Split(box, "\n")
	if len(bl) > h {
		bl = bl[len(bl)-h:]
	}
	bw := 0
	for _, l := range bl {
		bw = max(bw, width(l))
	}
	bw = min(bw, w)
	x0 := (w - bw) / 2
	y0 := (h - len(bl)) / 2
	// A blank column either side keeps the box clear of the text behind.
	mx0, mx1 := max(0, x0-1), min(w, x0+bw+1)
	for i, l := range bl {
		row := lines[y0+i]
		left := ansi.Truncate(row, mx0, "")
		if n := width(left); n < mx0 {
			left += strings.Repeat(" ", mx0-n)
		}
		right := ""
		if rest := w - mx1; rest > 0 {
			right = fit(ansi.TruncateLeft(row, mx1, ""), rest)
		}
		if strings.Contains(left, "\x1b") {
			left += ansiReset
		}
		lines[y0+i] = left + strings.Repeat(" ", x0-mx0) + fit(l, bw) + strings.Repeat(" ", mx1-x0-bw) + right
	}
	return strings.Join(lines, "\n")
}

// ansiReset ends any style a cut line left open.
const ansiReset = "\x1b[m"

// picker chooses one of many options by typing part of it.
type picker struct {
	purpose string
	title   string
	opts    []option
	input   textinput.Model
	matches []int
	nav     listNav
	rows    int
}

func newPicker(purpose, title string, opts []option, current string) *picker {
	p := &picker{purpose: purpose, title: title, opts: opts, input: newInput("type to filter", 60), rows: 8}
	p.input.Focus()
	p.refilter()
	for i, m := range p.matches {
		if p.opts[m].value == current {
			p.nav.cursor = i
		}
	}
	p.nav.clamp(p.rows)
	return p
}

func (p *picker) refilter() {
	p.matches = matchingOptions(p.opts, strings.TrimSpace(p.input.Value()), p.matches)
	p.nav.cursor = 0
	p.nav.setLen(len(p.matches), p.rows)
}

// update returns the chosen option when the user picks one, or done with
// nil when they cancel.
func (p *picker) update(msg tea.KeyMsg, k PickerKeys, w, h int) (done bool, chosen *option, cmd tea.Cmd) {
	p.input.Width = pickerInputWidth(w)
	p.rows = pickerRows(h)
	h = p.rows
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil, nil
	case key.Matches(msg, k.Choose):
		if len(p.matches) == 0 {
			return false, nil, nil
		}
		o := p.opts[p.matches[p.nav.cursor]]
		return true, &o, nil
	case key.Matches(msg, k.Up):
		p.nav.cursor--
		p.nav.clamp(h)
		return false, nil, nil
	case key.Matches(msg, k.Down):
		p.nav.cursor++
		p.nav.clamp(h)
		return false, nil, nil
	}
	before := p.input.Value()
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.refilter()
	}
	return false, nil, cmd
}

func pickerInputWidth(w int) int { return max(4, min(w-2, 64)-4-10) }

// pickerRows is how many options fit in a picker drawn in h lines.
func pickerRows(h int) int { return max(1, min(12, h-8)) }

func (p *picker) view(st Styles, w, h int) string {
	bw := min(w-2, 64)
	inner := bw - 4
	rows := pickerRows(h)
	in := st.sessionInput(p.input)
	in.Width = pickerInputWidth(w)
	lines := []string{st.Strong.Render(trunc(p.title, inner)), "", trunc(st.FocusLabel.Render("Filter ")+in.View(), inner), ""}
	start, end := p.nav.window(rows)
	if len(p.matches) == 0 {
		lines = append(lines, st.Muted.Render("no match"))
	}
	for i := start; i < end; i++ {
		o := p.opts[p.matches[i]]
		text := clean(o.label)
		if o.detail != "" {
			text += "  " + st.Muted.Render(clean(o.detail))
		}
		if i == p.nav.cursor {
			lines = append(lines, st.Selected.Render(fit("› "+clean(o.label), inner)))
		} else {
			lines = append(lines, trunc("  "+text, inner))
		}
	}
	for i := end - start; i < rows; i++ {
		lines = append(lines, "")
	}
	if len(p.matches) > rows {
		lines = append(lines, st.Muted.Render(trunc(itoa(len(p.matches))+" matches", inner)))
	}
	return st.Box.Width(bw).Render(strings.Join(lines, "\n"))
}

func (p *picker) bindings(k PickerKeys) [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Cancel}}
}

// routeDialog gives a key to a screen's open dialog, if it has one: cancel
// closes it, submit calls onSubmit. It reports whether the dialog took the
// key, so a screen's own keys never act behind a dialog.
func routeDialog(d **dialog, msg tea.KeyMsg, c *shared, onSubmit func() tea.Cmd) (tea.Cmd, bool) {
	if *d == nil {
		return nil, false
	}
	res, cmd := (*d).update(msg, c.keys, c.bodyW)
	switch res {
	case dialogCancel:
		*d = nil
	case dialogSubmit:
		return onSubmit(), true
	case dialogOpen:
	}
	return cmd, true
}
