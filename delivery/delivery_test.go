package delivery

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMessageRoundTripsThroughAMailParser(t *testing.T) {
	t.Parallel()
	m := Message{ID: "SEF-2026-0001.P001.invitation.9f3c2a5d0b1e4c77", From: "dps@council.example.org", To: "referrals@cafe.example.org",
		Subject: "Invitation SEF-2026-0001: Café Ōtautahi, age 16 — answer by 17:00",
		Body:    "Dear Café Ōtautahi Support,\n\nA line that is long enough to need soft line breaks in quoted-printable encoding because it runs past seventy-six characters.\nTotal = (50 × Q + 35 × P + 15 × A) / 100\n",
		Date:    time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	raw, err := Bytes(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Fatalf("a line of %d bytes breaks RFC 5322", len(line))
		}
		for _, b := range []byte(line) {
			if b >= 0x80 {
				t.Fatalf("a raw 8-bit byte in %q: the message must be 7-bit clean", line)
			}
		}
	}
	parsed, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil || subj != m.Subject {
		t.Fatalf("subject %q, %v", subj, err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(parsed.Body))
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != m.Body {
		t.Fatalf("body:\n%q\nwant\n%q", got, m.Body)
	}
	if parsed.Header.Get("Message-Id") != "<"+m.ID+"@placematch.invalid>" {
		t.Fatalf("message id %q", parsed.Header.Get("Message-Id"))
	}
	// A msg-id is an angle-addr of dot-atoms: net/mail reads it as one,
	// unquoted.
	if a, err := mail.ParseAddress(parsed.Header.Get("Message-Id")); err != nil || a.Address != m.ID+"@placematch.invalid" || a.Name != "" {
		t.Fatalf("the Message-ID %q does not parse as <dot-atom@dot-atom>: %+v, %v", parsed.Header.Get("Message-Id"), a, err)
	}
	if parsed.Header.Get("Reply-To") != "" || parsed.Header.Get("User-Agent") != "" || parsed.Header.Get("X-Mailer") != "" {
		t.Errorf("headers not asked for: %v", parsed.Header)
	}

	// With a mail domain and a council's contact.
	m.Domain, m.ReplyTo = "sefton.gov.example", "Sefton Placements <placements@sefton.gov.example>"
	raw, err = Bytes(m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ = mail.ReadMessage(strings.NewReader(string(raw)))
	if got := parsed.Header.Get("Message-Id"); got != "<"+m.ID+"@sefton.gov.example>" {
		t.Errorf("Message-ID %q", got)
	}
	if rt, err := parsed.Header.AddressList("Reply-To"); err != nil || len(rt) != 1 || rt[0].Address != "placements@sefton.gov.example" || rt[0].Name != "Sefton Placements" {
		t.Errorf("Reply-To %v, %v", rt, err)
	}
}

// TestBadEnvelopeIsRefused: a Reply-To that is not an address, or a mail
// domain that is not a domain, is named rather than sent.
func TestBadEnvelopeIsRefused(t *testing.T) {
	t.Parallel()
	ok := Message{ID: "x", From: "dps@example.org", To: "p@example.org", Date: time.Now()}
	bad := ok
	bad.ReplyTo = "the placements team"
	if _, err := Bytes(bad); err == nil || !strings.Contains(err.Error(), "reply-to") {
		t.Errorf("reply-to %q: %v", bad.ReplyTo, err)
	}
	for _, d := range []string{"council example.org", "council..org", "<x>", "a@b"} {
		bad = ok
		bad.Domain = d
		if _, err := Bytes(bad); err == nil || !strings.Contains(err.Error(), "mail domain") {
			t.Errorf("domain %q: %v", d, err)
		}
	}
}

func TestBadAddressIsRefused(t *testing.T) {
	t.Parallel()
	if _, err := Bytes(Message{ID: "x", From: "dps@example.org", To: "not an address"}); err == nil {
		t.Fatal("a bad address was accepted")
	}
}

func TestDirWritesOnePrivateFilePerMessage(t *testing.T) {
	t.Parallel()
	d := Dir{Path: filepath.Join(t.TempDir(), "outbox")}
	m := Message{ID: "m1", From: "a@example.org", To: "b@example.org", Subject: "s", Body: "b", Date: time.Now()}
	for i := 0; i < 2; i++ { // a retry rewrites the same file
		if err := d.Send(m); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(d.Path)
	if len(entries) != 1 || entries[0].Name() != "m1.eml" {
		t.Fatalf("outbox holds %v", entries)
	}
	if st, _ := os.Stat(d.Path); st.Mode().Perm() != 0o700 {
		t.Fatalf("outbox mode %v", st.Mode().Perm())
	}
}

// TestDirBatchWritesEachMessageAndNamesEachFailure: a batch writes every
// good message whole, names the one that cannot be written, and leaves no
// temporary file behind; into a folder that cannot be made, every message
// fails.
func TestDirBatchWritesEachMessageAndNamesEachFailure(t *testing.T) {
	t.Parallel()
	d := Dir{Path: filepath.Join(t.TempDir(), "outbox")}
	now := time.Now()
	ms := []Message{
		{ID: "m1", From: "a@example.org", To: "b@example.org", Subject: "one", Body: "first", Date: now},
		{ID: "m2", From: "a@example.org", To: "not an address", Subject: "two", Body: "second", Date: now},
		{ID: "m3", From: "a@example.org", To: "c@example.org", Subject: "three", Body: "third", Date: now},
	}
	errs := d.SendBatch(t.Context(), ms, noted)
	if len(errs) != 3 || errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors %v", errs)
	}
	entries, _ := os.ReadDir(d.Path)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "m1.eml,m3.eml" {
		t.Fatalf("outbox holds %v", names)
	}
	for _, m := range []Message{ms[0], ms[2]} {
		raw, err := os.ReadFile(filepath.Join(d.Path, m.ID+".eml"))
		want, _ := Bytes(m)
		if err != nil || string(raw) != string(want) {
			t.Errorf("%s.eml holds %q, want %q (%v)", m.ID, raw, want, err)
		}
	}
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o600)
	bad := Dir{Path: filepath.Join(blocked, "outbox")}
	for i, err := range bad.SendBatch(t.Context(), ms[:1], noted) {
		if err == nil {
			t.Errorf("message %d was sent into a folder that cannot exist", i)
		}
	}
}

// TestDirMakesAnOpenOutboxPrivate is the reported fault: an outbox folder
// left at 0755, with letters in it at 0644 (made by an older placematch,
// or by hand), stayed open to every user of the machine. Writing to it
// makes the folder and every letter in it its owner's only.
func TestDirMakesAnOpenOutboxPrivate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "outbox")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // whatever the umask
	old := filepath.Join(dir, "old.eml")
	if err := os.WriteFile(old, []byte("Subject: an old letter\r\n\r\nx\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(old, 0o644)
	other := filepath.Join(dir, "README.txt") // not a letter: left alone
	os.WriteFile(other, []byte("x"), 0o644)
	os.Chmod(other, 0o644)
	d := Dir{Path: dir}
	if err := d.Send(Message{ID: "m1", From: "a@example.org", To: "b@example.org", Subject: "s", Body: "b", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, old: 0o600, filepath.Join(dir, "m1.eml"): 0o600, other: 0o644} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want %v", filepath.Base(path), st.Mode().Perm(), err, want)
		}
	}
}

// TestDirTellsOfEachMessageOnDisk: the folder tells of each message as
// soon as it is on disk, before writing the next, and writes no more once
// told to stop.
func TestDirTellsOfEachMessageOnDisk(t *testing.T) {
	t.Parallel()
	d := Dir{Path: filepath.Join(t.TempDir(), "outbox")}
	var ms []Message
	for i := range 5 {
		ms = append(ms, Message{ID: fmt.Sprintf("m%d", i), From: "a@example.org", To: "b@example.org", Subject: "s", Body: "b", Date: time.Now()})
	}
	var told []int
	errs := d.SendBatch(t.Context(), ms, func(i int) error {
		told = append(told, i)
		entries, _ := os.ReadDir(d.Path)
		if len(entries) != i+1 {
			t.Errorf("told of message %d with %d files in the folder", i, len(entries))
		}
		if i == 2 {
			return errors.New("cannot record")
		}
		return nil
	})
	if fmt.Sprint(told) != "[0 1 2]" {
		t.Errorf("told of %v", told)
	}
	for i, err := range errs {
		if (err != nil) != (i > 2) {
			t.Errorf("message %d: %v", i, err)
		}
	}
	if entries, _ := os.ReadDir(d.Path); len(entries) != 3 {
		t.Errorf("%d files written, want 3", len(entries))
	}
}
