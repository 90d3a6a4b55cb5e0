package main

import (
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// personal are the identifying details newRequest uses; none may reach a
// provider.
var personal = []string{"MC-77123", "JT", "2010-06-01", "2010"}

func assertNoPersonal(t *testing.T, where, text string) {
	t.Helper()
	for _, p := range personal {
		if p == "JT" {
			// Initials: look for them as a word, not inside other words.
			for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) {
				if f == "JT" {
					t.Errorf("%s shows the initials:\n%s", where, text)
				}
			}
			continue
		}
		if strings.Contains(text, p) {
			t.Errorf("%s shows %q:\n%s", where, p, text)
		}
	}
}

// runCompetition takes a request from broadcast to award, with answers
// given by the providers themselves.
func runCompetition(t *testing.T, h *harness, extra ...string) string {
	t.Helper()
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok(append([]string{"request", "broadcast", id}, extra...)...)
	h.now = h.now.Add(time.Hour)
	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "1000", "--cover-until", "25")
	h.ok("--provider", "P002", "request", "respond", id, "--weekly", "1200", "--cover-until", "21")
	h.ok("--provider", "P003", "request", "respond", id, "--weekly", "900")
	h.ok("--provider", "P005", "request", "respond", id, "--decline", "full")
	h.ok("request", "close", id, "--reason", "move needed")
	h.ok("request", "rank", id)
	h.ok(append([]string{"request", "award", id, "--provider", "P001"}, extra...)...)
	return id
}

func TestProviderSeesOnlyItsOwn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	other := newRequest(h, "--org", "bolton")
	if id != "MAN-2026-0001" || other != "BOL-2026-0001" {
		t.Errorf("the first requests of Manchester and Bolton are %s and %s, want MAN-2026-0001 and BOL-2026-0001: each council counts its own", id, other)
	}
	h.ok("request", "broadcast", id)
	h.ok("request", "broadcast", other)

	// P010 serves Bolton only: it sees the Bolton request, not the Manchester one.
	list := h.ok("--provider", "P010", "request", "list")
	if !strings.Contains(list, other) || strings.Contains(list, id) {
		t.Fatalf("P010's list:\n%s", list)
	}
	h.fails(1, "has no invitation", "--provider", "P010", "request", "show", id)
	h.fails(1, "has no invitation", "--provider", "P010", "request", "respond", id, "--weekly", "900")
	h.fails(1, "for council officers", "--provider", "P001", "request", "rank", id)
	h.fails(1, "for council officers", "--provider", "P001", "audit", "list")
	// Nor does a provider's view make, copy or replace the store: a backup
	// holds every case reference and price.
	dir := t.TempDir()
	h.fails(1, "never as a provider", "--provider", "P001", "backup", filepath.Join(dir, "copy.db"))
	h.fails(1, "never as a provider", "--provider", "P001", "restore", filepath.Join(dir, "copy.db"))
	h.fails(1, "never as a provider", "--db", filepath.Join(dir, "new.db"), "--provider", "P001", "init")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a provider's view wrote %d files", len(entries))
	}

	show := h.ok("--provider", "P001", "request", "show", id)
	for _, w := range []string{"Age:        16", "North Manchester", "independence-skills", "going-missing", "Needs a calm home", "total = (50 × Q + 35 × P + 15 × A) / 100"} {
		if !strings.Contains(show, w) {
			t.Errorf("provider view lacks %q:\n%s", w, show)
		}
	}
	assertNoPersonal(t, "provider show", show)
	js := h.ok("--provider", "P001", "request", "show", id, "--json")
	assertNoPersonal(t, "provider show --json", js)

	h.ok("--provider", "P001", "request", "respond", id, "--weekly", "1000")
	h.ok("--provider", "P002", "request", "respond", id, "--weekly", "1100")
	// P001 sees its own answer, never P002's.
	show = h.ok("--provider", "P001", "request", "show", id)
	if !strings.Contains(show, "£1,000.00 a week") || strings.Contains(show, "1,100") {
		t.Fatalf("P001 sees:\n%s", show)
	}
	h.ok("--provider", "P001", "request", "withdraw", id)
	h.ok("request", "close", id, "--reason", "urgent")
	h.fails(1, "closed", "--provider", "P002", "request", "respond", id, "--weekly", "900")
	h.fails(1, "closed", "--provider", "P002", "request", "withdraw", id)
	// Before the award, no ranking is shown to a provider, even once opened.
	h.ok("request", "rank", id)
	if show := h.ok("--provider", "P002", "request", "show", id); strings.Contains(show, "total 7") || strings.Contains(show, "Outcome") {
		t.Fatalf("a provider sees scores before the award:\n%s", show)
	}
}

func TestProviderOutcomeExplainsTheAward(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := runCompetition(t, h)
	won := h.ok("--provider", "P001", "request", "show", id)
	lost := h.ok("--provider", "P002", "request", "show", id)
	declined := h.ok("--provider", "P005", "request", "show", id)
	silent := h.ok("--provider", "P008", "request", "show", id)
	for where, text := range map[string]string{"won": won, "lost": lost, "declined": declined, "silent": silent} {
		assertNoPersonal(t, where, text)
		if !strings.Contains(text, "total = (50 × Q + 35 × P + 15 × A) / 100") {
			t.Errorf("%s outcome lacks the formula:\n%s", where, text)
		}
	}
	if !strings.Contains(won, "Your offer was awarded.") || !strings.Contains(won, "86.50") {
		t.Errorf("winner's outcome:\n%s", won)
	}
	if !strings.Contains(lost, "The council awarded this request to another provider's offer.") || !strings.Contains(lost, "79.58") ||
		!strings.Contains(lost, "The winning offer's total was 6.92 points higher than yours") || strings.Contains(lost, "£1,000") {
		t.Errorf("loser's outcome:\n%s", lost)
	}
	if !strings.Contains(declined, "You declined this request") || !strings.Contains(silent, "You did not answer this request.") {
		t.Errorf("declined:\n%s\nsilent:\n%s", declined, silent)
	}
	var inv struct {
		Outcome map[string]any `json:"outcome"`
	}
	if err := json.Unmarshal([]byte(h.ok("--provider", "P002", "request", "show", id, "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	if own, _ := inv.Outcome["own"].(map[string]any); inv.Outcome["won"] != false || own == nil || own["rank"] != nil {
		t.Errorf("P002's JSON outcome shows a win or a rank: %+v", inv)
	}
}

// readEML parses a message and returns its subject and decoded body.
func readEML(t *testing.T, raw []byte) (to, subject, body string) {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("not a valid message: %v\n%s", err, raw)
	}
	dec := new(mime.WordDecoder)
	subject, err = dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	return m.Header.Get("To"), subject, string(b)
}

func TestInvitationsAndOutcomesGoToTheOutbox(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := runCompetition(t, h)
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(h.db), "outbox", "*.eml"))
	// Only P001 has an email address: its invitation, the word that the
	// request closed early, and its outcome.
	if len(files) != 3 {
		t.Fatalf("outbox holds %v", files)
	}
	var kinds []string
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		to, subj, body := readEML(t, raw)
		assertNoPersonal(t, "email "+f, string(raw)+subj+body)
		if !strings.Contains(to, "referrals@alder.example.org") {
			t.Errorf("sent to %q", to)
		}
		switch {
		case strings.HasPrefix(subj, "Invitation "+id):
			kinds = append(kinds, "invitation")
			if !strings.Contains(body, "Age:        16") || !strings.Contains(body, "total = (50 × Q") {
				t.Errorf("invitation body:\n%s", body)
			}
		case strings.HasPrefix(subj, "Closed early "+id):
			kinds = append(kinds, "closed early")
			if !strings.Contains(body, "closed the mini-competition "+id) || !strings.Contains(body, "Offers already made will be opened and scored") ||
				strings.Contains(body, "move needed") {
				t.Errorf("closed early body:\n%s", body)
			}
		case strings.HasPrefix(subj, "Outcome "+id+": awarded to you"):
			kinds = append(kinds, "outcome")
			if !strings.Contains(body, "86.50") || !strings.Contains(body, "Your offer was awarded.") {
				t.Errorf("outcome body:\n%s", body)
			}
		default:
			t.Errorf("unexpected subject %q", subj)
		}
	}
	if len(kinds) != 3 {
		t.Fatalf("messages %v", kinds)
	}
	out := h.ok("outbox", "list", "--request", id)
	if strings.Count(out, "sent") != 3 || !strings.Contains(out, "no_address") {
		t.Errorf("outbox list:\n%s", out)
	}
}

// smtpServer is a minimal relay on loopback that refuses the first refuse
// messages with a temporary error, then accepts, recording what arrives.
type smtpServer struct {
	ln       net.Listener
	mu       sync.Mutex
	refuse   int
	received [][]byte
}

func startSMTP(t *testing.T, refuse int) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, refuse: refuse}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 test relay")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.Fields(line + " x")[0])
		switch cmd {
		case "EHLO", "HELO":
			tp.PrintfLine("250 test relay")
		case "MAIL":
			s.mu.Lock()
			refuse := s.refuse > 0
			if refuse {
				s.refuse--
			}
			s.mu.Unlock()
			if refuse {
				tp.PrintfLine("451 try again later")
				continue
			}
			tp.PrintfLine("250 ok")
		case "RCPT":
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			s.mu.Lock()
			s.received = append(s.received, data)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("250 ok")
		}
	}
}

func TestSMTPRelayRefusesThenAccepts(t *testing.T) {
	t.Parallel()
	relay := startSMTP(t, 1)
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	// Give every group-living provider an address so the broadcast sends many.
	h.sql("UPDATE providers SET email = lower(id) || '@providers.example.org'")
	id := newRequest(h)
	r := h.run("", "--smtp", relay.ln.Addr().String(), "--from", "dps@council.example.org", "request", "broadcast", id)
	if r.code != 0 {
		t.Fatalf("a refused delivery failed the broadcast: %+v", r)
	}
	if !strings.Contains(r.err, "could not be sent yet") || !strings.Contains(r.out, "Invited 8") {
		t.Fatalf("broadcast output %+v", r)
	}
	// The broadcast stands, and the refused message is queued.
	if show := h.ok("request", "show", id); !strings.Contains(show, "OPEN") {
		t.Fatalf("broadcast undone:\n%s", show)
	}
	if out := h.ok("outbox", "list"); !strings.Contains(out, "failed") {
		t.Fatalf("outbox:\n%s", out)
	}
	r = h.run("", "--smtp", relay.ln.Addr().String(), "--from", "dps@council.example.org", "outbox", "send")
	if r.code != 0 || !strings.Contains(r.out, "sent 1, failed 0") {
		t.Fatalf("retry: %+v", r)
	}
	r = h.run("", "--smtp", relay.ln.Addr().String(), "outbox", "send")
	if !strings.Contains(r.out, "sent 0, failed 0") {
		t.Fatalf("a second retry sent again: %+v", r)
	}
	relay.mu.Lock()
	defer relay.mu.Unlock()
	seen := map[string]int{}
	for _, raw := range relay.received {
		to, subj, body := readEML(t, raw)
		assertNoPersonal(t, "relayed email", string(raw)+body)
		if !strings.HasPrefix(subj, "Invitation "+id) {
			t.Errorf("subject %q", subj)
		}
		seen[to]++
	}
	if len(seen) != 8 {
		t.Fatalf("relay got messages for %d providers, want 8: %v", len(seen), seen)
	}
	for to, n := range seen {
		if n != 1 {
			t.Errorf("%s got %d messages, want exactly 1", to, n)
		}
	}
}
