package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"placematch/matching"
	"placematch/service"
)

// registerImport imports a register file from inside the app, in two
// steps: the file's path is asked for (the current folder shown, a
// relative path read from it), what the import would add and change is
// shown, and only a yes imports. The import is all or nothing: a file with
// a bad row is refused with its lines named, and nothing changes.
type registerImport struct {
	c   *shared
	dlg *dialog
	// tok names the preview or import under way; a late answer is dropped.
	tok int
}

// importPreviewed is a preview's answer.
type importPreviewed struct {
	tok  int
	path string
	p    service.ImportPreview
	err  error
}

// importDone is an import's answer.
type importDone struct {
	tok int
	res service.ImportResult
	err error
}

func (m *registerImport) open() bool { return m.dlg != nil }

func (m *registerImport) typing() bool { return m.dlg != nil && m.dlg.typing() }

// start asks for the file.
func (m *registerImport) start() {
	dir, err := os.Getwd()
	if err != nil {
		dir = "(unknown)"
	}
	m.dlg = promptDialog("import-file", "Import a provider register",
		[]string{"A register file (CSV, one row per provider and lot, with a header row). You see what it would add and change before anything is imported; a file with any bad row imports nothing.",
			"The current folder: " + clean(dir)},
		field1("File", "e.g. register.csv, or a full path", "", 1024))
}

// key gives a key to the open dialog.
func (m *registerImport) key(msg tea.KeyMsg) tea.Cmd {
	cmd, _ := routeDialog(&m.dlg, msg, m.c, m.submit)
	return cmd
}

func (m *registerImport) submit() tea.Cmd {
	d := m.dlg
	ctx, svc, user := m.c.ctx, m.c.svc, m.c.user()
	m.tok = m.c.token()
	tok := m.tok
	d.busy, d.err = true, ""
	switch d.action {
	case "import-file":
		path := strings.TrimSpace(d.value(0))
		if path == "" {
			d.busy, d.err = false, "give the register file's name, or its full path"
			return nil
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return func() tea.Msg {
			var p service.ImportPreview
			err := readFile(path, func(f *os.File) error {
				var err error
				p, err = svc.PreviewImport(ctx, user, f)
				return err
			})
			return importPreviewed{tok: tok, path: path, p: p, err: err}
		}
	case "import":
		path := d.data
		return func() tea.Msg {
			var res service.ImportResult
			err := readFile(path, func(f *os.File) error {
				var err error
				res, err = svc.ImportProviders(ctx, user, f)
				return err
			})
			return importDone{tok: tok, res: res, err: err}
		}
	}
	m.dlg = nil
	return nil
}

// readFile opens path for fn, saying plainly when it cannot.
func readFile(path string, fn func(*os.File) error) error {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return matching.Invalidf("cannot read %s: %v", path, err)
	}
	defer f.Close()
	return fn(f)
}

// update takes a preview's or an import's answer; it reports whether the
// register changed.
func (m *registerImport) update(msg tea.Msg) (changed bool) {
	switch msg := msg.(type) {
	case importPreviewed:
		if m.dlg == nil || msg.tok != m.tok {
			return false
		}
		m.dlg.busy = false
		if msg.err != nil {
			m.dlg.err = oneLine(msg.err)
			return false
		}
		m.dlg = previewDialog(msg.path, msg.p, m.c.bodyW, m.c.bodyH)
	case importDone:
		if m.dlg == nil || msg.tok != m.tok {
			return false
		}
		m.dlg.busy = false
		if msg.err != nil {
			m.dlg.err = oneLine(msg.err)
			return false
		}
		m.dlg = nil
		r := msg.res
		m.c.info(fmt.Sprintf("Imported %s: %d added, %d updated, %d unchanged, on the record.",
			matching.Plural(r.Rows, "row", "rows"), r.Added, r.Updated, r.Unchanged))
		return true
	}
	return false
}

// oneLine is an error for a dialog: a refused file's bad lines joined.
func oneLine(err error) string {
	return strings.ReplaceAll(dialogError(err), "\n  ", " · ")
}

// previewDialog shows what importing the file would do, in a dialog drawn
// in w×h: the counts first, then as many changes as fit, a line each, and
// asks whether to import it (y only: enter is too easily pressed for a
// change to the whole register).
func previewDialog(path string, p service.ImportPreview, w, h int) *dialog {
	r := p.Result
	body := []string{clean(path) + ": " + matching.Plural(r.Rows, "row", "rows") + " read, every one good. Importing it would add " +
		itoa(r.Added) + ", update " + itoa(r.Updated) + " and leave " + itoa(r.Unchanged) + " as they are."}
	inner := dialogInner(w)
	shown := max(1, h-8-len(wrap(body[0], inner))-2)
	total := len(p.Changes) + p.More
	for i, ch := range p.Changes {
		if i == shown-1 && total > shown {
			body = append(body, "… and "+matching.Thousands(total-i)+" more")
			break
		}
		body = append(body, trunc("• "+clean(strings.TrimPrefix(strings.TrimPrefix(ch, "provider "), "provider: ")), inner))
	}
	title := "Import this register?"
	if r.Added+r.Updated == 0 {
		title = "Nothing to change: import anyway?"
		body = append(body, "The register already holds every row as the file has it; importing records only that it was read.")
	}
	d := confirmDialog("import", title, body...)
	d.data, d.yOnly, d.hint = path, true, "y: import · n or esc: no"
	return d
}

func (m *registerImport) bindings() [][]key.Binding { return m.dlg.bindings(m.c.keys) }

func (m *registerImport) view(base string, w, h int) string {
	return withDialog(m.c.styles, m.dlg, base, w, h)
}
