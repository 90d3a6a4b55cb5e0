package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// filterBar is a list's / filter: the text typed, whether it is being
// typed, its keys and its line above the list. It owns the typing; the
// list owns the matching, and filters again when the bar says the text
// changed (the requests list with its index, the register with a plain
// search).
type filterBar struct {
	input   textinput.Model
	editing bool
}

func newFilterBar(placeholder string) filterBar {
	return filterBar{input: newInput(placeholder, 60)}
}

// value is the text the list is filtered by.
func (f *filterBar) value() string { return f.input.Value() }

// shown reports whether the bar has a line: while typing, and while a
// filter is kept.
func (f *filterBar) shown() bool { return f.editing || f.input.Value() != "" }

// height is the lines the bar takes above the list.
func (f *filterBar) height() int {
	if f.shown() {
		return 1
	}
	return 0
}

// edit starts typing in the bar.
func (f *filterBar) edit() tea.Cmd {
	f.editing = true
	return f.input.Focus()
}

// clear drops the filter; it reports whether there was one.
func (f *filterBar) clear() bool {
	had := f.input.Value() != ""
	f.input.SetValue("")
	return had
}

// inputWidth is the room the text has in a line w wide, after the label.
func inputWidth(w int) int { return max(4, w-12) }

// update takes a key while the bar is being typed in, in a body w wide:
// apply keeps the filter and stops typing, clear drops it, any other key
// edits the text. changed reports that the text is different, and the
// list must be filtered again.
func (f *filterBar) update(msg tea.KeyMsg, k FilterKeys, w int) (changed bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, k.Apply):
		f.editing = false
		f.input.Blur()
		return false, nil
	case key.Matches(msg, k.Clear):
		f.editing = false
		f.input.Blur()
		return f.clear(), nil
	}
	before := f.input.Value()
	f.input.Width = inputWidth(w)
	f.input, cmd = f.input.Update(msg)
	return f.input.Value() != before, cmd
}

// bindings are the keys while typing.
func (f *filterBar) bindings(k FilterKeys) [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.Clear}}
}

// clearKey is the key that drops a kept filter, enabled when there is one.
func (f *filterBar) clearKey(k FilterKeys) key.Binding {
	b := k.Clear
	b.SetEnabled(f.input.Value() != "")
	return b
}

// view is the bar's line, or none when it is not shown.
func (f *filterBar) view(st Styles, w int) []string {
	if !f.shown() {
		return nil
	}
	in := st.sessionInput(f.input)
	in.Width = inputWidth(w)
	return []string{trunc(st.FocusLabel.Render("Filter / ")+in.View(), w)}
}
