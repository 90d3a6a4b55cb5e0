package main

// Bad input everywhere: text with control characters or terminal escape
// sequences that reached the store (from an older version, another system or
// a hand edit) is shown inert in every output; bad files and oversized
// arguments get one clear refusal, quickly, and change nothing.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Hostile text: an OSC title change, a screen clear, a colour, a bell, a
// raw C1 CSI byte (not UTF-8) and a UTF-8 C1 CSI.
const (
	evilName = "Alder \x1b]0;pwned\x07House\x1b[2J\x9b31m"
	evilText = "calm \x1b[31mred\x1b[0m home\u009b1m\x07"
	evilID   = "H\x1b[31mX"
)

// assertInert fails if output could drive a terminal: an ESC, a control
// character other than newline and tab, or bytes that are not UTF-8.
func assertInert(t *testing.T, where, output string) {
	t.Helper()
	if strings.IndexByte(output, 0x1b) >= 0 {
		i := strings.IndexByte(output, 0x1b)
		t.Errorf("%s prints an ESC byte: …%q…", where, output[max(0, i-40):min(len(output), i+40)])
		return
	}
	if !utf8.ValidString(output) {
		t.Errorf("%s prints bytes that are not UTF-8 (a raw C1 byte is a terminal command): %q", where, output)
		return
	}
	for _, r := range output {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			t.Errorf("%s prints control character %U: %q", where, r, output)
			return
		}
	}
}

// inertRun runs a command that must succeed and checks both its outputs.
func inertRun(t *testing.T, h *harness, args ...string) string {
	t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		t.Fatalf("placematch %q: exit %d, stderr %q", args, r.code, r.err)
	}
	where := "placematch " + strings.Join(args, " ")
	assertInert(t, where, r.out)
	assertInert(t, where+" (stderr)", r.err)
	if len(args) > 0 && args[len(args)-1] == "--json" && !json.Valid([]byte(r.out)) {
		t.Errorf("%s: not JSON: %q", where, r.out)
	}
	return r.out
}

func TestTrustHostileStoreTextIsShownInert(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	// A provider that came from a hostile source, straight into the store.
	h.sql(`INSERT INTO providers(id, name, kind, email) VALUES (?, ?, 'company', '')`, evilID, "Hostile \x1b]0;owned\x07 Ltd\x9b")
	h.sql(`INSERT INTO provider_lots(provider_id, framework, lot, status, admitted_on, quality, serves, min_age, cover_until,
		ofsted_urn, capabilities, vacancies, town, updated_at) VALUES (?, 'leaving-care', 'group-living', 'admitted', '2024-01-01',
		99, '*', 16, 25, ?, 'independence-skills', 1, ?, '2026-01-01T00:00:00.000000000Z')`, evilID, "27\x1b[0m", "Bury\x1b[2J")
	h.sql(`UPDATE providers SET name = ? WHERE id = 'P001'`, evilName)
	h.sql(`UPDATE provider_lots SET serves = 'manchester;salford;' || char(27) || '[2J', town = ? WHERE provider_id = 'P003'`, evilText)
	h.sql(`UPDATE provider_lots SET status = 'suspended' || char(27) || '[5m' WHERE provider_id = 'P009'`)

	inertRun(t, h, "providers", "list")
	inertRun(t, h, "providers", "list", "--json")
	id := newRequest(h)
	inertRun(t, h, "request", "preview", id)
	inertRun(t, h, "request", "broadcast", id)
	h.sql(`UPDATE requests SET summary = ?, locality = ?, case_ref = ?, needs = ?, urgency = ? WHERE id = ?`,
		evilText, evilText, "MC-\x1b[8m77123", "autism;\x1b[2J", "today\x1b[5m", id)

	h.now = h.now.Add(time.Hour)
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000", "--note", "by phone")
	h.ok("request", "respond", id, "--provider", evilID, "--weekly", "900")
	h.ok("request", "respond", id, "--provider", "P005", "--decline", "full")
	h.sql(`UPDATE responses SET note = ? WHERE provider_id = 'P001'`, evilText)
	h.sql(`UPDATE responses SET decline_reason = ? WHERE provider_id = 'P005'`, evilText)
	h.sql(`UPDATE audit_events SET actor = ?, detail = detail || ? WHERE seq = 3`, "ev\x1b[1mil", evilText)

	// Sealed, on the commissioning side and the providers'.
	for _, args := range [][]string{
		{"request", "show", id}, {"request", "show", id, "--json"}, {"request", "list"}, {"request", "list", "--json"},
		{"audit", "list"}, {"audit", "list", "--json"}, {"audit", "list", "--request", id},
		{"outbox", "list"}, {"outbox", "list", "--json"},
		{"--provider", "P001", "request", "show", id}, {"--provider", "P001", "request", "show", id, "--json"},
		{"--provider", "P001", "request", "list"}, {"--provider", evilID, "request", "show", id},
	} {
		inertRun(t, h, args...)
	}
	// Broken audit trail: the refusal is inert too.
	if r := h.run("", "audit", "verify"); r.code != 1 {
		t.Errorf("audit verify passed an edited trail")
	} else {
		assertInert(t, "audit verify", r.err+r.out)
	}

	// Opened and awarded to the hostile provider.
	h.ok("request", "close", id, "--reason", "placement needed today")
	for _, args := range [][]string{{"request", "rank", id}, {"request", "rank", id, "--json"}, {"request", "show", id}} {
		inertRun(t, h, args...)
	}
	h.sql(`UPDATE rankings SET ranking_json = replace(ranking_json, 'Birchwood Futures', ?) WHERE request_id = ?`, "Birch\\u001b[31mwood", id)
	var planted int
	if err := h.sql("").QueryRow(`SELECT count(*) FROM rankings WHERE request_id = ? AND instr(ranking_json, ?) > 0`, id, "Birch\\u001b").Scan(&planted); err != nil || planted != 1 {
		t.Fatalf("the hostile name was not planted in the recorded ranking: %d, %v", planted, err)
	}
	inertRun(t, h, "request", "award", id, "--provider", evilID, "--reason", "the young person chose it")
	h.sql(`UPDATE requests SET end_reason = ? WHERE id = ?`, evilText, id)
	for _, args := range [][]string{
		{"request", "rank", id}, {"request", "show", id}, {"audit", "list"}, {"outbox", "list"},
		{"--provider", "P001", "request", "show", id}, {"--provider", evilID, "request", "show", id},
	} {
		inertRun(t, h, args...)
	}
	// The messages to providers are inert too.
	rows, err := h.sql("").Query(`SELECT coalesce(l.subject, d.subject), coalesce(l.body, d.body)
		FROM deliveries d LEFT JOIN letters l ON l.id = d.letter_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var subj, body string
		rows.Scan(&subj, &body)
		if body == "" {
			t.Error("a message with no body")
		}
		assertInert(t, "a message to a provider", subj+"\n"+body)
		n++
	}
	if n == 0 {
		t.Fatal("no messages to providers were queued")
	}
	entries, _ := filepath.Glob(filepath.Join(filepath.Dir(h.db), "outbox", "*.eml"))
	if len(entries) == 0 {
		t.Fatal("no messages were written to the outbox")
	}
	for _, e := range entries {
		b, _ := os.ReadFile(e)
		if strings.IndexByte(string(b), 0x1b) >= 0 {
			t.Errorf("%s holds an ESC byte", e)
		}
	}
}

// TestTrustBadInputAtTheCommandLine gives every command hostile or
// oversized arguments: each gets one clear refusal, quickly, with nothing
// on the terminal that could drive it, and the store is unchanged.
func TestTrustBadInputAtTheCommandLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	events, requests, responses := h.count("audit_events"), h.count("requests"), h.count("responses")
	dir := t.TempDir()

	huge := strings.Repeat("x", 10<<20)
	hugeLine := filepath.Join(dir, "huge-line.csv")
	header, _ := os.ReadFile("testdata/register.csv")
	os.WriteFile(hugeLine, []byte(strings.SplitN(string(header), "\n", 2)[0]+"\nP099,"+huge+",company\n"), 0o600)
	bareQuote := filepath.Join(dir, "bare-quote.csv")
	os.WriteFile(bareQuote, []byte(strings.SplitN(string(header), "\n", 2)[0]+"\n0000\"0000\nP098,x\n"), 0o600)
	evilCSV := filepath.Join(dir, "evil.csv")
	os.WriteFile(evilCSV, []byte(strings.SplitN(string(header), "\n", 2)[0]+
		"\nP097,Evil\x1b]0;x\x07,company,leaving-care,group-living,admitted,2024-01-01,80,\x1b[2J,16,25,27,\x1b[31m;autism,1,Town\x9b,\n"), 0o600)
	binary := filepath.Join(dir, "binary.csv")
	os.WriteFile(binary, []byte{0x1f, 0x8b, 0x08, 0x00, 0xff, 0x9b, 0x1b, '\n'}, 0o600)

	base := []string{"request", "new", "--org", "manchester", "--lot", "group-living", "--case", "X1", "--initials", "AB",
		"--dob", "2010-01-01", "--start", "2026-12-01", "--deadline", "2026-11-26 17:00"}
	with := func(extra ...string) []string { return append(append([]string{}, base...), extra...) }
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"providers", "import", hugeLine}, 1, "a line is longer than 64 KB"},
		{[]string{"providers", "import", bareQuote}, 1, "not well-formed CSV"},
		{[]string{"providers", "import", evilCSV}, 1, "not imported"},
		{[]string{"providers", "import", binary}, 1, "not UTF-8"},
		{with("--summary", strings.Repeat("calm home ", 10_000)), 1, "characters long; keep it under 4000"},
		{with("--summary", huge), 1, "keep it under 4000"},
		{with("--summary", evilText), 1, "control character"},
		{with("--locality", "Bootle\x1b[2J"), 1, "control character"},
		{with("--locality", "Bootle\nCrosby"), 1, "one line"},
		{with("--case", "MC\x1b[8m1"), 1, "printable"},
		{with("--case", "AB\xff"), 1, "printable"},
		{with("--summary", "likes football \xff\xfe"), 1, "not UTF-8"},
		{with("--summary", "born 2010-01-01"), 1, "date of birth"},
		{with("--locality", "near X1"), 1, "case reference"},
		{with("--needs", "autism;\x1b]0;pwned\x07"), 1, "unknown need"},
		{with("--weights", "9223372036854775807,9223372036854775807,102"), 1, "from 0 to 100"},
		{with("--price-cap", huge), 1, "not an amount of money"},
		{with("--hours", huge), 1, "hours"},
		{with("--deadline", huge), 1, "not a time"},
		{with("--org", "\x1b[31mmanchester"), 1, "not known"},
		{[]string{"request", "respond", id, "--provider", "P001", "--weekly", "£1,000,000,000"}, 1, "too large"},
		{[]string{"request", "respond", id, "--provider", "P001", "--weekly", "950", "--note", evilText}, 1, "control character"},
		{[]string{"request", "respond", id, "--provider", "P001", "--weekly", "950", "--note", huge}, 1, "note is"},
		{[]string{"request", "respond", id, "--provider", "P001", "--decline", evilText}, 1, "control character"},
		{[]string{"request", "respond", id, "--provider", "\x1b[31mP001", "--weekly", "950"}, 1, "was not invited"},
		{[]string{"request", "respond", "R-\x1b[2J", "--provider", "P001", "--weekly", "950"}, 1, "does not exist"},
		{[]string{"request", "show", huge}, 1, "does not exist"},
		{[]string{"request", "cancel", id, "--reason", evilText}, 1, "control character"},
		{[]string{"request", "close", id, "--reason", huge}, 1, "reason is"},
		{[]string{"request", "rank", "\x9b2J"}, 1, "does not exist"},
		{[]string{"audit", "list", "--request", "\x1b[2J"}, 1, "does not exist"},
		{[]string{"request", "\x1b[2J"}, 2, "unknown command"},
		{[]string{"\x1b]0;x\x07"}, 2, "unknown command"},
		{[]string{"--\x1b]0;x\x07"}, 2, "flag provided but not defined"},
		{[]string{"request", "show", id, "--\x1b[2J"}, 2, "flag provided but not defined"},
	}
	for _, tc := range cases {
		name := strings.Join(tc.args, " ")
		if len(name) > 80 {
			name = name[:80]
		}
		done := make(chan result, 1)
		go func() { done <- h.run("", tc.args...) }()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: no answer in 10 s", name)
		}
		if r.code != tc.code || !strings.Contains(r.err, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d saying %q", name, r.code, clipText(r.err), tc.code, tc.want)
		}
		assertInert(t, name, r.out+r.err)
		if len(r.err) > 4000 {
			t.Errorf("%q: a refusal of %d bytes", name, len(r.err))
		}
		if strings.Contains(r.err, "goroutine ") || strings.Contains(r.err, "panic") {
			t.Errorf("%q: a crash: %q", name, clipText(r.err))
		}
	}
	if h.count("audit_events") != events || h.count("requests") != requests || h.count("responses") != responses {
		t.Fatal("a refused command changed the store")
	}
}

func clipText(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
