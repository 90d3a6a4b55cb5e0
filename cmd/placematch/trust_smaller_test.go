package main

// Issue 17's smaller failures, each as the command line meets it: a council
// filter read as a pattern, an unknown council accepted, a register saved
// with semicolons or with a spreadsheet's empty columns, the wrong flag
// blamed for a start date, initials in other letters refused, and London
// times the clocks skip or repeat moved silently.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store/storetest"
)

func TestTrustCouncilFilterIsNoPattern(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		all := strings.Count(h.ok("providers", "list"), "\n")
		sefton := strings.Count(h.ok("providers", "list", "--council", "sefton"), "\n")
		if sefton >= all {
			t.Fatalf("--council sefton lists %d lines of %d: the register no longer tells councils apart", sefton, all)
		}
		if got := strings.Count(h.ok("providers", "list", "--council", "Sefton"), "\n"); got != sefton {
			t.Errorf("--council Sefton lists %d lines, --council sefton %d", got, sefton)
		}
		for _, c := range []string{"%", "sefto_", "%ton", "atlantis", "sefton;wirral"} {
			msg := h.fails(1, "council \""+c+"\" is not known: the councils are ", "providers", "list", "--council", c)
			if !strings.Contains(msg, "sefton") || !strings.Contains(msg, "st-helens") {
				t.Errorf("--council %s: %q does not name the councils", c, msg)
			}
		}
		h.fails(1, `council "atlantis" is not known`, "request", "list", "--org", "atlantis")
		h.fails(1, `unknown capability "%"`, "providers", "list", "--capability", "%")
	})
}

func TestTrustAppRefusesAnUnknownCouncil(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// The app's first run may make a store: on a path with none, the
	// refusal must come before it.
	h.db = filepath.Join(t.TempDir(), "new.db")
	h.fails(1, `--council (or PLACEMATCH_COUNCIL): council "atlantis" is not known: the councils are`, "--council", "atlantis")
	if _, err := os.Stat(h.db); err == nil {
		t.Error("the refused app made a store")
	}
}

func TestTrustRegisterAsSpreadsheetsSaveIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	src, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Saved with semicolons, as Excel does where decimals take a comma.
	var semi strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		cells := strings.Split(line, ",")
		for i, c := range cells {
			if strings.Contains(c, ";") {
				cells[i] = `"` + c + `"`
			}
		}
		semi.WriteString(strings.Join(cells, ";") + "\r\n")
	}
	semiPath := filepath.Join(dir, "semicolons.csv")
	os.WriteFile(semiPath, []byte(semi.String()), 0o600)
	msg := h.fails(1, "the file looks separated by semicolons (;), not commas", "providers", "import", semiPath)
	if !strings.Contains(msg, `"CSV (Comma delimited) (*.csv)"`) {
		t.Errorf("the refusal %q does not say how to save the file with commas", msg)
	}
	if n := h.count("providers"); n != 0 {
		t.Fatalf("a refused register left %d providers", n)
	}
	// Saved with three unnamed empty columns after the last.
	var wide strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		wide.WriteString(line + ",,,\r\n")
	}
	wide.WriteString(",,,,,,,,,,,,,,,,,,\r\n")
	widePath := filepath.Join(dir, "wide.csv")
	os.WriteFile(widePath, []byte(wide.String()), 0o600)
	if out := h.ok("providers", "import", widePath); !strings.Contains(out, "imported 14 rows") {
		t.Errorf("import of a register with empty columns after the last: %q", out)
	}
}

func TestTrustRequestInputBlamesTheRightFlag(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	base := []string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1", "--initials", "AB",
		"--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00"}
	with := func(flag, v string) []string {
		args := append([]string{}, base...)
		for i := range args {
			if args[i] == flag {
				args[i+1] = v
			}
		}
		return args
	}
	msg := h.fails(1, "--start: the start date 9999-12-31 is more than a year away", with("--start", "9999-12-31")...)
	if strings.Contains(msg, "--dob") {
		t.Errorf("a start date in the year 9999 blames --dob: %q", msg)
	}
	h.fails(1, "--dob: the young person will be 14", with("--dob", "2012-06-01")...)
	// The clocks go forward at 01:00 on 28 March 2027 and back at 02:00 on 31 October 2027.
	h.now = h.now.AddDate(0, 11, 0)
	dl := []string{"--start", "2027-11-01"}
	args := append(with("--deadline", "2027-03-28 01:30"), "--start", "2027-11-01")
	h.fails(1, "--deadline: 2027-03-28 01:30 does not exist in London", args...)
	args = append(with("--deadline", "2027-10-31 01:30"), dl...)
	msg = h.fails(1, "--deadline: 2027-10-31 01:30 happens twice in London", args...)
	if !strings.Contains(msg, "2027-10-31 01:30+01:00") || !strings.Contains(msg, "2027-10-31 01:30+00:00") {
		t.Errorf("the refusal %q does not say how to give either time", msg)
	}
	id := strings.TrimSpace(h.ok(append(with("--deadline", "2027-10-31 01:30+01:00"), dl...)...))
	if out := h.ok("request", "show", id); !strings.Contains(out, "2027-10-31 01:30") {
		t.Errorf("a deadline given with its offset shows as %q", out)
	}
	if n := h.count("requests"); n != 1 {
		t.Errorf("%d requests, want the one accepted", n)
	}
}

func TestTrustInitialsInOtherLetters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		id := newRequest(h, "--initials", "åø")
		if out := h.ok("request", "show", id); !strings.Contains(out, "ÅØ") {
			t.Errorf("request show does not give the initials ÅØ: %q", out)
		}
		h.fails(1, "initials", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X2", "--initials", "Å1",
			"--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00")
		// Providers never read them.
		h.fails(1, "initials", "request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X3", "--initials", "ÅØ",
			"--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00", "--summary", "ÅØ likes music")
	})
}
