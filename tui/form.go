package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
)

type fieldKind int

const (
	fieldText   fieldKind = iota // one line typed
	fieldArea                    // several lines typed
	fieldChoice                  // one of a list, found by typing part of it
	fieldTags                    // any of a list, found by typing part of it
)

func (k fieldKind) String() string {
	switch k {
	case fieldText:
		return "text"
	case fieldArea:
		return "area"
	case fieldChoice:
		return "choice"
	case fieldTags:
		return "tags"
	}
	return "unknown"
}

// choiceRows is how many options a focused picker field shows.
const choiceRows = 6

// field is one field of a form. Its key is the name matching uses for the
// field's problems (FieldErrors), so the reason shown beside it is the
// rule's own words.
type field struct {
	key         string
	label       string
	kind        fieldKind
	required    bool
	input       textinput.Model // the text, or the filter of a choice or tags field
	area        textarea.Model
	opts        []option
	matches     []int
	nav         listNav
	value       string          // a choice's value
	picked      map[string]bool // a tags field's values
	touched     bool            // left at least once: its problems are shown
	err         string
	note        string // live information beside it: the age, a sum
	placeholder string
	hidden      bool
	// suggested marks a value the app filled in (a default, a copy): the
	// first character typed replaces it, as in a spreadsheet.
	suggested bool
}

func textField(key, label, placeholder string, limit int) *field {
	return &field{key: key, label: label, kind: fieldText, input: newInput(placeholder, limit), placeholder: placeholder}
}

func areaField(key, label, placeholder string, limit int) *field {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.Placeholder = placeholder
	ta.CharLimit = limit
	ta.SetHeight(4)
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.FocusedStyle.CursorLine = ta.FocusedStyle.Base
	return &field{key: key, label: label, kind: fieldArea, area: ta, placeholder: placeholder}
}

func choiceField(key, label string, opts []option, value string) *field {
	f := &field{key: key, label: label, kind: fieldChoice, input: newInput("", 40), opts: opts, value: value}
	f.refilter()
	return f
}

func tagsField(key, label string, opts []option) *field {
	f := &field{key: key, label: label, kind: fieldTags, input: newInput("type to filter, space picks", 40), opts: opts, picked: map[string]bool{}}
	f.refilter()
	return f
}

// text is the field's value as the rules read it.
func (f *field) text() string {
	switch f.kind {
	case fieldArea:
		return f.area.Value()
	case fieldChoice:
		return f.value
	case fieldTags:
		var out []string
		for _, o := range f.opts {
			if f.picked[o.value] {
				out = append(out, o.value)
			}
		}
		return strings.Join(out, ";")
	case fieldText:
	}
	return f.input.Value()
}

func (f *field) setText(v string) {
	switch f.kind {
	case fieldArea:
		f.area.SetValue(v)
	case fieldChoice:
		f.value = v
		f.refilter()
	case fieldTags:
		f.picked = map[string]bool{}
		for _, t := range strings.Split(v, ";") {
			if t = strings.TrimSpace(t); t != "" {
				f.picked[t] = true
			}
		}
	case fieldText:
		f.input.SetValue(v)
		f.input.CursorEnd()
		f.suggested = v != ""
	}
}

// typeOver applies a key to a text input whose value was suggested: text,
// typed or pasted, replaces the suggestion; any other key keeps it for
// editing.
func typeOver(in *textinput.Model, suggested *bool, msg tea.KeyMsg) {
	if *suggested && (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace) {
		in.SetValue("")
	}
	*suggested = false
}

func (f *field) pickedList() []string {
	var out []string
	for _, o := range f.opts {
		if f.picked[o.value] {
			out = append(out, o.value)
		}
	}
	return out
}

func (f *field) refilter() {
	q := strings.TrimSpace(f.input.Value())
	f.matches = matchingOptions(f.opts, q, f.matches)
	f.nav.cursor = 0
	if q == "" && f.kind == fieldChoice {
		for i, m := range f.matches {
			if f.opts[m].value == f.value {
				f.nav.cursor = i
			}
		}
	}
	f.nav.setLen(len(f.matches), choiceRows)
	if q != "" && f.kind == fieldChoice && len(f.matches) > 0 {
		f.value = f.opts[f.matches[f.nav.cursor]].value
	}
}

func (f *field) focus() tea.Cmd {
	switch f.kind {
	case fieldArea:
		return f.area.Focus()
	case fieldChoice, fieldTags:
		f.input.SetValue("")
		f.refilter()
	case fieldText:
	}
	return f.input.Focus()
}

func (f *field) blur() {
	f.input.Blur()
	f.area.Blur()
	if f.kind == fieldChoice || f.kind == fieldTags {
		f.input.SetValue("")
		f.refilter()
	}
}

func (f *field) optionLabel(v string) string {
	for _, o := range f.opts {
		if o.value == v {
			if o.detail != "" {
				return o.label + " — " + o.detail
			}
			return o.label
		}
	}
	return v
}

// form is a column of fields with one focused; it scrolls to keep the
// focused field, with its reason, in sight.
type form struct {
	fields []*field
	focus  int
	off    int
}

func (f *form) cur() *field { return f.fields[f.focus] }

func (f *form) byKey(k string) *field {
	for _, x := range f.fields {
		if x.key == k {
			return x
		}
	}
	return nil
}

func (f *form) focusKey(k string) tea.Cmd {
	for i, x := range f.fields {
		if x.key == k {
			return f.focusAt(i)
		}
	}
	return nil
}

func (f *form) focusAt(i int) tea.Cmd {
	if i < 0 || i >= len(f.fields) {
		return nil
	}
	f.fields[f.focus].blur()
	f.focus = i
	return f.fields[i].focus()
}

// step moves the focus by d over visible fields and returns the field left.
func (f *form) step(d int) (*field, tea.Cmd) {
	left := f.cur()
	i := f.focus
	for {
		i += d
		if i < 0 || i >= len(f.fields) {
			return nil, nil
		}
		if !f.fields[i].hidden {
			break
		}
	}
	return left, f.focusAt(i)
}

// keys are the form's bindings, enabled for the kind of field in focus.
func (f *form) keys(k FormKeys) FormKeys {
	kind := f.cur().kind
	k.Enter.SetEnabled(kind != fieldArea)
	k.FieldUp.SetEnabled(kind == fieldText)
	k.FieldDn.SetEnabled(kind == fieldText)
	k.ChoiceUp.SetEnabled(kind == fieldChoice || kind == fieldTags)
	k.ChoiceDn.SetEnabled(kind == fieldChoice || kind == fieldTags)
	k.Toggle.SetEnabled(kind == fieldTags)
	return k
}

// size gives the fields their widths for a form w columns wide, so that
// long text scrolls inside its field.
func (f *form) size(w int) {
	inputW, _, _ := formLayout(w)
	for _, fd := range f.fields {
		fd.input.Width = inputW - 1
		if fd.kind == fieldArea && fd.area.Width() != inputW {
			fd.area.SetWidth(inputW)
		}
	}
}

// handle applies a key to a form w columns wide. It returns the field the
// focus left (to be checked) and the field whose value changed, if any.
func (f *form) handle(msg tea.KeyMsg, base FormKeys, w int) (left, changed *field, cmd tea.Cmd) {
	f.size(w)
	left, ch, cmd := f.handle1(msg, base)
	if ch {
		changed = f.fields[f.focus]
		if left != nil {
			changed = left
		}
	}
	return left, changed, cmd
}

func (f *form) handle1(msg tea.KeyMsg, base FormKeys) (left *field, changed bool, cmd tea.Cmd) {
	k := f.keys(base)
	fd := f.cur()
	switch {
	case key.Matches(msg, k.Enter) && fd.kind == fieldChoice && fd.value == "" && len(fd.matches) > 0:
		// Enter picks the highlighted option, then moves on.
		fd.value = fd.opts[fd.matches[fd.nav.cursor]].value
		left, cmd = f.step(1)
		if left == nil {
			left = fd
		}
		return left, true, cmd
	case key.Matches(msg, k.Next), key.Matches(msg, k.Enter), key.Matches(msg, k.FieldDn):
		left, cmd = f.step(1)
		return left, false, cmd
	case key.Matches(msg, k.Prev), key.Matches(msg, k.FieldUp):
		left, cmd = f.step(-1)
		return left, false, cmd
	case key.Matches(msg, k.ChoiceUp), key.Matches(msg, k.ChoiceDn):
		if key.Matches(msg, k.ChoiceUp) {
			fd.nav.cursor--
		} else {
			fd.nav.cursor++
		}
		fd.nav.clamp(choiceRows)
		if fd.kind == fieldChoice && len(fd.matches) > 0 {
			before := fd.value
			fd.value = fd.opts[fd.matches[fd.nav.cursor]].value
			return nil, fd.value != before, nil
		}
		return nil, false, nil
	case key.Matches(msg, k.Toggle):
		if len(fd.matches) > 0 {
			v := fd.opts[fd.matches[fd.nav.cursor]].value
			fd.picked[v] = !fd.picked[v]
			if !fd.picked[v] {
				delete(fd.picked, v)
			} else if fd.input.Value() != "" {
				// Picked from a filter: the filter is done with, so the next
				// word typed starts a new one ("indep", space, "ment").
				fd.input.SetValue("")
				fd.refilter()
			}
			return nil, true, nil
		}
		return nil, false, nil
	}
	switch fd.kind {
	case fieldArea:
		before := fd.area.Value()
		fd.area, cmd = fd.area.Update(msg)
		return nil, fd.area.Value() != before, cmd
	case fieldChoice, fieldTags:
		before, beforeVal := fd.input.Value(), fd.value
		fd.input, cmd = fd.input.Update(msg)
		if fd.input.Value() != before {
			fd.refilter()
		}
		return nil, fd.value != beforeVal, cmd
	case fieldText:
	}
	before := fd.input.Value()
	typeOver(&fd.input, &fd.suggested, msg)
	fd.input, cmd = fd.input.Update(msg)
	return nil, fd.input.Value() != before, cmd
}

const formLabelW = 17

// layout is how wide the parts of a form row are at a width.
func formLayout(w int) (inputW, noteW int, beside bool) {
	valueW := w - 2 - formLabelW
	if valueW >= 78 {
		return 40, valueW - 42, true
	}
	return max(8, min(valueW, 56)), max(8, valueW), false
}

// lines draws the form; it reports where the focused field starts and
// ends, for scrolling.
func (f *form) lines(st Styles, w int) (out []string, focStart, focEnd int) {
	inputW, noteW, beside := formLayout(w)
	pad := strings.Repeat(" ", 2+formLabelW)
	for i, fd := range f.fields {
		if fd.hidden {
			continue
		}
		focused := i == f.focus
		if focused {
			focStart = len(out)
		}
		label := fd.label
		if fd.required {
			label += " *"
		}
		mark, lab := "  ", st.Label.Render(fit(label, formLabelW))
		if focused {
			mark, lab = st.FocusLabel.Render("› "), st.FocusLabel.Render(fit(label, formLabelW))
		}
		value := fd.valueLines(st, focused, inputW)
		notes := fd.noteLines(st, noteW)
		for j, v := range value {
			prefix := pad
			if j == 0 {
				prefix = mark + lab
			}
			row := prefix + fit(v, inputW)
			if beside && j < len(notes) {
				row += "  " + notes[j]
			}
			out = append(out, trunc(strings.TrimRight(row, " "), w))
		}
		if beside {
			for j := len(value); j < len(notes); j++ {
				out = append(out, trunc(pad+strings.Repeat(" ", inputW+2)+notes[j], w))
			}
		} else {
			for _, n := range notes {
				out = append(out, trunc(pad+n, w))
			}
		}
		if focused {
			focEnd = len(out) - 1
		}
	}
	return out, focStart, focEnd
}

// valueLines are a field's value as the form shows it, inputW wide: the
// text being typed, or what was chosen; a focused choice or tags field
// lists its options under its filter.
func (fd *field) valueLines(st Styles, focused bool, inputW int) []string {
	switch fd.kind {
	case fieldText:
		in := st.sessionInput(fd.input)
		in.Width = inputW - 1
		return []string{in.View()}
	case fieldArea:
		if focused {
			st.sessionArea(&fd.area)
			ta := fd.area
			ta.SetWidth(inputW)
			return strings.Split(ta.View(), "\n")
		}
		if v := strings.TrimSpace(fd.area.Value()); v != "" {
			ls := wrap(cleanBlock(v), inputW)
			if len(ls) > 3 {
				ls = append(ls[:3], st.Muted.Render("… ("+itoa(len([]rune(v)))+" characters)"))
			}
			return ls
		}
		return []string{st.Muted.Render(trunc(fd.placeholder, inputW))}
	case fieldChoice:
		if focused {
			in := st.sessionInput(fd.input)
			in.Placeholder = fd.optionLabel(fd.value)
			if fd.value == "" {
				in.Placeholder = "type to filter, enter picks"
			}
			in.Width = inputW - 1
			return append([]string{in.View()}, fd.optionLines(st, inputW, func(o option) (string, string) {
				t := clean(o.label)
				if o.detail == "" {
					return t, t
				}
				return t + " " + st.Muted.Render(clean(o.detail)), t + " " + clean(o.detail)
			})...)
		}
		if fd.value == "" {
			return []string{st.Muted.Render("not chosen")}
		}
		return []string{trunc(clean(fd.optionLabel(fd.value)), inputW)}
	case fieldTags:
		picked := fd.pickedList()
		for i, t := range picked {
			picked[i] = matching.TagWords(t)
		}
		if !focused {
			return wrap(joinOr(picked, ", ", "none"), inputW)
		}
		in := st.sessionInput(fd.input)
		in.Width = inputW - 1
		value := append([]string{in.View()}, fd.optionLines(st, inputW, func(o option) (string, string) {
			box := "[ ] "
			if fd.picked[o.value] {
				box = "[x] "
			}
			return box + clean(o.label), box + clean(o.label)
		})...)
		for _, l := range wrap("picked: "+joinOr(picked, ", ", "none"), inputW) {
			value = append(value, st.Muted.Render(l))
		}
		return value
	}
	return nil
}

// optionLines are the options a focused choice or tags field shows under
// its filter, the one under the cursor selected. text is an option as a
// row shows it, and as the selected row shows it (unstyled: it is drawn
// on the selection's colours).
func (fd *field) optionLines(st Styles, inputW int, text func(option) (row, selected string)) []string {
	var out []string
	start, end := fd.nav.window(choiceRows)
	for j := start; j < end; j++ {
		row, sel := text(fd.opts[fd.matches[j]])
		if j == fd.nav.cursor {
			out = append(out, st.Selected.Render(fit("› "+sel, inputW)))
		} else {
			out = append(out, trunc("  "+row, inputW))
		}
	}
	if len(fd.matches) == 0 {
		out = append(out, st.Muted.Render("  no match"))
	}
	return out
}

// noteLines are what stands beside a field noteW wide: its problem, then
// its note.
func (fd *field) noteLines(st Styles, noteW int) []string {
	var notes []string
	if fd.err != "" {
		for _, l := range wrap("✗ "+clean(fd.err), noteW) {
			notes = append(notes, st.Bad.Render(l))
		}
	}
	if fd.note != "" {
		for _, l := range wrap(fd.note, noteW) {
			notes = append(notes, st.Muted.Render(l))
		}
	}
	return notes
}

// scroll keeps the focused field in sight in h lines.
func (f *form) scroll(st Styles, w, h int) {
	f.size(w)
	lines, a, b := f.lines(st, w)
	if b-f.off >= h {
		f.off = b - h + 1
	}
	if a < f.off {
		f.off = a
	}
	f.off = scrollClamp(f.off, len(lines), h)
}

func (f *form) view(st Styles, w, h int) []string {
	lines, _, _ := f.lines(st, w)
	off := scrollClamp(f.off, len(lines), h)
	end := min(len(lines), off+h)
	vis := append([]string(nil), lines[off:end]...)
	if off > 0 && len(vis) > 0 {
		vis[0] = st.Muted.Render(trunc("  ↑ more above", w))
	}
	if end < len(lines) && len(vis) > 1 {
		vis[len(vis)-1] = st.Muted.Render(trunc("  ↓ more below", w))
	}
	return vis
}
