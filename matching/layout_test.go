package matching_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLayout keeps the layout honest: each package imports only what the
// README's layout table allows, SQL stays in store, the terminal in tui,
// and matching reads no clock.
func TestLayout(t *testing.T) {
	t.Parallel()
	allowed := map[string][]string{ // placematch packages each may import
		"matching":           nil,
		"service":            {"matching"},
		"service/demo":       {"matching", "service"},
		"store":              {"matching", "service"},
		"store/storetest":    {"matching", "service", "store"},
		"delivery":           {"service"},
		"delivery/relaytest": nil,
		"tui":                {"matching", "service", "service/demo"},
		"server":             {"matching", "service", "tui"},
		"cmd/placematch":     {"matching", "service", "service/demo", "store", "delivery", "tui", "server"},
	}
	foreign := map[string][]string{ // outside imports kept to one package
		"database/sql":                {"store", "store/storetest"},
		"github.com/mattn/go-sqlite3": {"store"},
		"github.com/jackc/pgx":        {"store", "store/storetest"},
		"github.com/charmbracelet/":   {"tui", "server", "cmd/placematch"},
		"github.com/muesli/termenv":   {"tui", "server"},
		"net/smtp":                    {"delivery"},
		"github.com/wneessen/go-mail": {"delivery"},
		"github.com/emersion/":        {"delivery/relaytest"},
	}
	root := ".."
	seen := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("%s is in package %s, which the layout does not name: add it to the README's layout and here", path, pkg)
			return nil
		}
		seen++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if inner, mine := strings.CutPrefix(p, "placematch/"); mine && !slices.Contains(ok, inner) {
				t.Errorf("%s imports %s: %s may import only %v", path, p, pkg, ok)
			}
			for prefix, owners := range foreign {
				if strings.HasPrefix(p, prefix) && !slices.Contains(owners, pkg) {
					t.Errorf("%s imports %s, which belongs in %v", path, p, owners)
				}
			}
		}
		if pkg == "matching" {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(string(src), "time.Now(") {
				t.Errorf("%s reads the clock: matching takes the time as an argument", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("read only %d files: is the test run from matching/?", seen)
	}
}
