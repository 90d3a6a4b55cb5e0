package tui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
)

// componentKeys are the keys a focused text component handles itself.
func componentKeys(km any, skip ...string) []key.Binding {
	var out []key.Binding
	v := reflect.ValueOf(km)
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		skipped := false
		for _, s := range skip {
			skipped = skipped || s == name
		}
		if b, ok := v.Field(i).Interface().(key.Binding); ok && !skipped {
			out = append(out, b)
		}
	}
	return out
}

// scopeOf is every enabled binding the user can reach in the app's
// current state, including those of a focused text field.
func scopeOf(h *harness) []key.Binding {
	var out []key.Binding
	for _, g := range h.m.scope() {
		out = append(out, g...)
	}
	if h.m.active().typing() {
		area := false
		switch s := h.m.active().(type) {
		case *formScreen:
			area = s.dlg == nil && s.form.cur().kind == fieldArea
		case *offerScreen:
			area = s.dlg == nil && s.form.cur().kind == fieldArea
		}
		if area {
			out = append(out, componentKeys(textarea.DefaultKeyMap)...)
		} else {
			// Suggestions are never switched on.
			out = append(out, componentKeys(textinput.DefaultKeyMap, "AcceptSuggestion", "NextSuggestion", "PrevSuggestion")...)
		}
	}
	var enabled []key.Binding
	for _, b := range out {
		if b.Enabled() {
			enabled = append(enabled, b)
		}
	}
	return enabled
}

// TestNoKeyConflicts checks, in every state of every screen, that no two
// enabled bindings answer to the same key: otherwise one of them could
// never be reached and the help would lie.
func TestNoKeyConflicts(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	for _, st := range states() {
		t.Run(st.name, func(t *testing.T) {
			h := newHarness(t, svc, Options{User: "officer", Council: "sefton", Demo: true}, 100, 30)
			st.setup(h, wd)
			checkScope(t, h, st.name)
			// Every field of a form is its own scope.
			if f, ok := h.m.active().(*formScreen); ok && f.dlg == nil {
				for i := range f.form.fields {
					f.form.focusAt(i)
					checkScope(t, h, st.name+"/"+f.form.fields[i].key)
				}
			}
			if f, ok := h.m.active().(*offerScreen); ok && f.dlg == nil {
				for i := range f.form.fields {
					f.form.focusAt(i)
					checkScope(t, h, st.name+"/"+f.form.fields[i].key)
				}
			}
		})
	}
}

// TestNoKeyConflictsModes is the same check on the provider's screens and
// the live demonstration's, dialogs included.
func TestNoKeyConflictsModes(t *testing.T) {
	t.Parallel()
	for _, st := range modeStates() {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			h := st.start(t, 100, 30)
			checkScope(t, h, st.name)
		})
	}
}

func checkScope(t *testing.T, h *harness, where string) {
	t.Helper()
	for _, p := range conflicts(h) {
		t.Errorf("%s: %s", where, p)
	}
}

func conflicts(h *harness) []string {
	var out []string
	seen := map[string]string{}
	for _, b := range scopeOf(h) {
		for _, k := range b.Keys() {
			if prev, dup := seen[k]; dup {
				out = append(out, "key "+k+" is bound to both "+prev+" and "+b.Help().Desc)
			}
			seen[k] = b.Help().Desc
		}
	}
	if len(seen) == 0 {
		out = append(out, "no key works")
	}
	return out
}

// TestKeyConflictCheckCanFail makes sure the check above is not vacuous:
// binding "new from this" to b, which broadcasts a draft, is caught.
func TestKeyConflictCheckCanFail(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.openRequest(wd.draft)
	if c := conflicts(h); len(c) != 0 {
		t.Fatalf("unexpected: %v", c)
	}
	h.detail().keys.Copy = bind([]string{"b"}, "b", "new from this")
	if c := conflicts(h); len(c) == 0 {
		t.Fatal("two bindings on b were not seen")
	}
}

// TestDemoHeaderNamesNoOne: a demo may be on a projector, so its header
// never shows who is signed in; the app on a real store does.
func TestDemoHeaderNamesNoOne(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	for _, demo := range []bool{false, true} {
		h := newHarness(t, svc, Options{User: "j.bloggs", Council: "sefton", Demo: demo}, 100, 30)
		header := strings.SplitN(h.view(), "\n", 2)[0]
		if strings.Contains(header, "j.bloggs") == demo {
			t.Errorf("demo %v: header %q", demo, header)
		}
	}
}
