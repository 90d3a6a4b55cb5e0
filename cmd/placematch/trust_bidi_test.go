package main

// Bidirectional controls (U+202E and the like) make text read in another
// order than it is stored: "Evil\u202eCSV.exe\u202c Homes" shows as
// "Evilexe.VSC Homes". They are refused at input, and any already in the
// store are shown inert wherever text leaves the program.

import (
	"io"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/store/storetest"
)

// bidiControls are the controls that reorder text.
var bidiControls = []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c}

// assertNoBidi fails if output carries a bidirectional control.
func assertNoBidi(t *testing.T, where, output string) {
	t.Helper()
	for _, r := range bidiControls {
		if i := strings.IndexRune(output, r); i >= 0 {
			t.Errorf("%s prints %U raw: …%q…", where, r, output[max(0, i-40):min(len(output), i+40)])
		}
	}
}

func TestTrustBidiControlsRefusedInARegister(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	src, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	// Line 3 names provider P002 "Birchwood Futures": give it a reversed part.
	lines[2] = strings.Replace(lines[2], "Birchwood Futures", "Evil\u202eCSV.exe\u202c Homes", 1)
	bad := filepath.Join(t.TempDir(), "register.csv")
	os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o600)
	msg := h.fails(1, "line 3: provider_name (column 2)", "providers", "import", bad)
	for _, want := range []string{"U+202E", "character 5", "U+202C", "remove"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal %q does not say %q", msg, want)
		}
	}
	assertNoBidi(t, "the refusal", msg)
	if n := h.count("providers"); n != 0 {
		t.Errorf("a refused register left %d providers", n)
	}
}

func TestTrustBidiControlsRefusedAtTheCommandLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	events := h.count("audit_events")
	base := []string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1", "--initials", "AB",
		"--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00"}
	with := func(extra ...string) []string { return append(append([]string{}, base...), extra...) }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{with("--summary", "calm \u202ehome"), "U+202E"},
		{with("--locality", "Bootle\u2066 x"), "U+2066"},
		{with("--case", "MC\u200f1"), "printable"},
		{[]string{"request", "respond", id, "--provider", "P001", "--weekly", "950", "--note", "by \u061cphone"}, "U+061C"},
		{[]string{"request", "respond", id, "--provider", "P001", "--decline", "full\u202d"}, "U+202D"},
		{[]string{"request", "note", id, "--text", "rang \u200eP001"}, "U+200E"},
		{[]string{"request", "cancel", id, "--reason", "no longer \u202bneeded"}, "U+202B"},
		{[]string{"council", "set", "manchester", "--contact-name", "Placements \u202eteam"}, "U+202E"},
	} {
		r := h.run("", tc.args...)
		if r.code != 1 || !strings.Contains(r.err, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 1 naming %s", tc.args, r.code, r.err, tc.want)
		}
		assertNoBidi(t, strings.Join(tc.args, " "), r.out+r.err)
	}
	r := h.run("", "--user", "j.okafor\u202e", "request", "cancel", id, "--reason", "no longer needed")
	if r.code != 2 || !strings.Contains(r.err, "the --user name has an invisible direction control (U+202E)") {
		t.Errorf("--user with U+202E: exit %d, stderr %q", r.code, r.err)
	}
	assertNoBidi(t, "--user", r.err)
	if h.count("audit_events") != events {
		t.Fatal("a refused command changed the store")
	}
}

// A provider's name with U+202E already in the store (from an older version
// or a hand edit) is shown inert by providers list, request rank and in the
// emails to providers, on both stores.
func TestTrustStoredBidiControlsShownInert(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		evil := "Evil\u202eCSV.exe\u202c Homes \u2067x\u2069\u200e\u200f\u061c"
		q := `UPDATE providers SET name = ? WHERE id = 'P001'`
		if kind == storetest.Postgres {
			q = `UPDATE providers SET name = $1 WHERE id = 'P001'`
		}
		h.sql(q, evil)
		for _, args := range [][]string{{"providers", "list"}, {"providers", "list", "--json"}} {
			out := h.ok(args...)
			if !strings.Contains(out, "Evil") {
				t.Fatalf("%q does not list the provider: %q", args, out)
			}
			assertNoBidi(t, strings.Join(args, " "), out)
		}
		id := newRequest(h)
		assertNoBidi(t, "request broadcast", h.ok("request", "broadcast", id))
		h.now = h.now.Add(time.Hour)
		h.ok("request", "respond", id, "--provider", "P001", "--weekly", "900")
		h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1000")
		h.ok("request", "close", id, "--reason", "placement needed today")
		for _, args := range [][]string{{"request", "rank", id}, {"request", "rank", id, "--json"}, {"request", "show", id}} {
			out := h.ok(args...)
			if !strings.Contains(out, "Evil") {
				t.Fatalf("%q does not name the provider: %q", args, out)
			}
			assertNoBidi(t, strings.Join(args, " "), out)
		}
		h.ok("request", "award", id, "--provider", "P001", "--reason", "the young person chose it")
		mails := h.mailTo(id, "P001")
		if len(mails) < 2 {
			t.Fatalf("%d messages to P001, want the invitation and the award", len(mails))
		}
		named := false
		for _, raw := range mails {
			msg, err := mail.ReadMessage(strings.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if err != nil {
				t.Fatal(err)
			}
			m := msg.Header.Get("Subject") + "\n" + string(body)
			assertNoBidi(t, "a message to P001", m)
			named = named || strings.Contains(m, "Dear Evil\ufffdCSV.exe\ufffd Homes")
		}
		if !named {
			t.Errorf("no message to P001 names it: %q", mails)
		}
	})
}
