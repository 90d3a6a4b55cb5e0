package main

// Personal data: the store and its WAL and SHM files are readable by their
// owner only, whatever the umask; a young person's case reference, initials
// and date of birth never reach anything a provider sees, nor any log.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"placematch/matching"
)

// TestTrustStoreFilesArePrivate writes to stores under a permissive umask
// and checks every file placematch makes. It does not run in parallel: the
// umask is the whole process's, and would change under the other tests.
func TestTrustStoreFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	dir := t.TempDir()
	db := filepath.Join(dir, "new-folder", "pm.db")
	inproc(t, db, "init")
	// Hold the store open, as another user's app would, so that the WAL
	// and SHM files stay to be looked at.
	hold := openSQL(t, db)
	hold.SetMaxIdleConns(1)
	if err := hold.Ping(); err != nil {
		t.Fatal(err)
	}
	inproc(t, db, "providers", "import", "testdata/register.csv")
	id := newLiveRequest(t, db, "group-living")
	inproc(t, db, "request", "broadcast", id) // writes messages to the outbox folder
	inproc(t, db, "request", "respond", id, "--provider", "P001", "--weekly", "950")
	backup := filepath.Join(dir, "backup.db")
	inproc(t, db, "backup", backup)

	want := map[string]os.FileMode{
		filepath.Dir(db): 0o700, db: 0o600, db + "-wal": 0o600, db + "-shm": 0o600, backup: 0o600,
		filepath.Join(filepath.Dir(db), "outbox"): 0o700,
	}
	emls, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "outbox", "*.eml"))
	if len(emls) == 0 {
		t.Fatal("no messages in the outbox folder")
	}
	for _, e := range emls {
		want[e] = 0o600
	}
	for path, mode := range want {
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if st.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", path, st.Mode().Perm(), mode)
		}
	}
	// Nothing else in the folder is readable by others.
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && path != dir && info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v: readable by others", path, info.Mode().Perm())
		}
		return nil
	})

	// A store file made by someone else's umask, with its WAL, is made
	// private when placematch opens it.
	loose := filepath.Join(dir, "loose.db")
	inproc(t, loose, "init")
	for _, p := range []string{loose, loose + "-wal"} {
		// (The store itself is kept: only a missing WAL is made.)
		if f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
			f.Close()
		} else if !os.IsExist(err) {
			t.Fatal(err)
		}
		os.Chmod(p, 0o644)
	}
	inproc(t, loose, "audit", "verify")
	for _, p := range []string{loose, loose + "-wal"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm() != 0o600 {
			t.Errorf("%s left with mode %v", p, st.Mode().Perm())
		}
	}

	// The default place, under the home folder, is private too.
	home := filepath.Join(dir, "home")
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string {
		switch k {
		case "HOME":
			return home
		case "USER":
			return "trust"
		}
		return ""
	}}
	if code := run(context.Background(), []string{"init"}, e); code != 0 {
		t.Fatalf("init at the default place: %s", errb.String())
	}
	for _, p := range []string{filepath.Join(home, ".local", "share", "placematch"), filepath.Join(home, ".local", "share", "placematch", "placematch.db")} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v", p, st.Mode().Perm())
		}
	}
}

// identifying are the personal details of the young person in this test.
const (
	idCase     = "CR-QX4471"
	idInitials = "QZX"
	idDOB      = "2009-03-17"
)

// assertAnonymous fails if text carries the case reference, the initials
// (as a word) or the date of birth in any usual form.
func assertAnonymous(t *testing.T, where, text string) {
	t.Helper()
	low := strings.ToLower(text)
	if strings.Contains(low, strings.ToLower(idCase)) || strings.Contains(low, "qx4471") {
		t.Errorf("%s shows the case reference:\n%s", where, text)
	}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) {
		if strings.EqualFold(f, idInitials) {
			t.Errorf("%s shows the initials:\n%s", where, text)
			break
		}
	}
	dob, _ := time.Parse(matching.DateLayout, idDOB)
	for _, layout := range []string{matching.DateLayout, "02/01/2006", "2/1/2006", "2 January 2006", "2 Jan 2006", "20060102", "January 2, 2006", "01/02/2006"} {
		if strings.Contains(low, strings.ToLower(dob.Format(layout))) {
			t.Errorf("%s shows the date of birth (%s):\n%s", where, dob.Format(layout), text)
		}
	}
}

// TestTrustNoPersonalDataReachesProviders runs a competition from draft to
// award and searches everything a provider sees, every message to them and
// everything the program logs, for the young person's details.
func TestTrustNoPersonalDataReachesProviders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := strings.TrimSpace(h.ok("request", "new", "--org", "manchester", "--lot", "group-living", "--case", idCase,
		"--initials", idInitials, "--dob", idDOB, "--start", "2026-12-01", "--deadline", "2026-11-26 17:00",
		"--needs", "independence-skills", "--locality", "North Manchester", "--summary", "Needs a calm home near college.",
		"--hours", "10"))
	// The officer's own view has them: the search below is not vacuous.
	show := h.ok("request", "show", id)
	for _, w := range []string{idCase, idInitials, idDOB} {
		if !strings.Contains(show, w) {
			t.Fatalf("request show lacks %q:\n%s", w, show)
		}
	}
	var stderr strings.Builder
	see := func(args ...string) string {
		t.Helper()
		r := h.run("", args...)
		if r.code != 0 {
			t.Fatalf("placematch %s: exit %d, %q", strings.Join(args, " "), r.code, r.err)
		}
		stderr.WriteString(r.err)
		return r.out
	}
	provider := func(args ...string) {
		t.Helper()
		assertAnonymous(t, "placematch "+strings.Join(args, " "), see(args...))
	}
	provider("request", "preview", id)
	provider("request", "preview", id, "--json")
	provider("request", "broadcast", id, "--json")
	h.now = h.now.Add(time.Hour)
	provider("--provider", "P001", "request", "list")
	provider("--provider", "P001", "request", "list", "--json")
	provider("--provider", "P001", "request", "show", id)
	provider("--provider", "P001", "request", "show", id, "--json")
	provider("--provider", "P001", "request", "respond", id, "--weekly", "1000", "--cover-until", "25")
	provider("--provider", "P002", "request", "respond", id, "--hourly", "95")
	provider("--provider", "P005", "request", "respond", id, "--decline", "full")
	see("request", "close", id, "--reason", "a placement is needed today")
	see("request", "rank", id)
	see("request", "award", id, "--provider", "P001")
	for _, pid := range []string{"P001", "P002", "P005", "P008"} {
		provider("--provider", pid, "request", "show", id)
		provider("--provider", pid, "request", "show", id, "--json")
	}
	// The anonymised profile, the one source of everything providers see.
	r, err := matching.BuildRequest(matching.RequestInput{Council: "manchester", Lot: "group-living", CaseRef: idCase,
		Initials: idInitials, DOB: idDOB, Start: "2026-12-01", Deadline: "2026-11-26 17:00", Summary: "Needs a calm home."},
		matching.Defaults{}, h.now.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(matching.ProfileOf(r))
	assertAnonymous(t, "matching.ProfileOf", string(b))

	// Every message to a provider, queued and written out.
	// (An invitation is kept as one letter for all its recipients; the
	// greeting, the provider's own name, is added when it is sent.)
	rows, err := h.sql("").Query(`SELECT d.kind, coalesce(l.subject, d.subject), coalesce(l.body, d.body)
		FROM deliveries d LEFT JOIN letters l ON l.id = d.letter_id`)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for rows.Next() {
		var kind, subj, body string
		rows.Scan(&kind, &subj, &body)
		if body == "" {
			t.Errorf("a %s message with no body", kind)
		}
		kinds[kind]++
		assertAnonymous(t, "a message to a provider ("+kind+")", subj+"\n"+body)
	}
	rows.Close()
	if kinds["invitation"] == 0 || kinds["outcome"] == 0 {
		t.Fatalf("messages queued: %v", kinds)
	}
	emls, _ := filepath.Glob(filepath.Join(filepath.Dir(h.db), "outbox", "*.eml"))
	if len(emls) == 0 {
		t.Fatal("no messages written to the outbox")
	}
	for _, e := range emls {
		raw, _ := os.ReadFile(e)
		assertAnonymous(t, e, string(raw))
	}
	see("outbox", "list")
	// Nothing is logged: stderr stayed empty throughout, and the audit
	// trail, kept for years, does not repeat the details either.
	if stderr.Len() != 0 {
		t.Errorf("the commands wrote to stderr: %q", stderr.String())
	}
	assertAnonymous(t, "audit list", see("audit", "list"))
	assertAnonymous(t, "audit list --json", see("audit", "list", "--json"))
}
