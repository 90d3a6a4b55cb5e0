package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/crypto/ssh"

	"placematch/store/storetest"
)

// syncBuffer is a buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testKey is a person's key pair, made in the test: the signer for the
// client, the .pub file for people add.
type testKey struct {
	signer ssh.Signer
	pub    string
}

func newTestKey(t *testing.T) testKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "id.pub")
	if err := os.WriteFile(f, ssh.MarshalAuthorizedKey(s.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	return testKey{signer: s, pub: f}
}

// startServe runs placematch serve on a loopback port of the store until
// the test ends, returning its address.
func startServe(t *testing.T, h *harness, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	e := env{stdin: strings.NewReader(""), stdout: out, stderr: errb, now: func() time.Time { return h.now },
		getenv: func(k string) string {
			if k == "PLACEMATCH_OUTBOX" {
				return h.outbox
			}
			return ""
		}}
	hostKey := filepath.Join(t.TempDir(), "keys", "host_key")
	args := append([]string{"--db", h.db, "serve", "--listen", "127.0.0.1:0", "--host-key", hostKey}, extra...)
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, e) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
	addr := regexp.MustCompile(`on (127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			// The host key was made on first start, its owner's only.
			if fi, err := os.Stat(hostKey); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("the host key: %v, %v", fi.Mode(), err)
			}
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve stopped with %d: %s %s", code, out, errb)
		default:
		}
	}
	t.Fatalf("serve did not start: %s %s", out, errb)
	return ""
}

// sshScreen is an SSH session with a terminal: what it has drawn so far,
// and a way to type.
type sshScreen struct {
	t      *testing.T
	client *ssh.Client
	sess   *ssh.Session
	in     io.WriteCloser
	out    *syncBuffer
}

func dialSSH(addr string, auth ...ssh.AuthMethod) (*ssh.Client, error) {
	return ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "someone", Auth: auth,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
}

func openScreen(t *testing.T, addr string, w, h int, auth ...ssh.AuthMethod) *sshScreen {
	t.Helper()
	c, err := dialSSH(addr, auth...)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	s := &sshScreen{t: t, client: c, sess: sess, out: &syncBuffer{}}
	sess.Stdout, sess.Stderr = s.out, s.out
	if s.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close(); c.Close() })
	return s
}

// text is everything drawn so far, without its escape sequences.
func (s *sshScreen) text() string { return ansi.Strip(s.out.String()) }

// waitFor waits until the screen has drawn want since mark (a length of
// text()), and returns the new mark.
func (s *sshScreen) waitFor(mark int, want string) int {
	s.t.Helper()
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		txt := s.text()
		if i := strings.Index(txt[min(mark, len(txt)):], want); i >= 0 {
			return len(txt)
		}
	}
	s.t.Fatalf("the screen never showed %q; it showed:\n%s\nraw %q", want, s.text()[min(mark, len(s.text())):], s.out.String())
	return 0
}

func (s *sshScreen) press(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(s.in, k); err != nil {
			s.t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// lyingSigner offers one key but signs with another: a client offering a
// registered key it does not hold.
type lyingSigner struct {
	offers ssh.PublicKey
	signs  ssh.Signer
}

func (l lyingSigner) PublicKey() ssh.PublicKey { return l.offers }
func (l lyingSigner) Sign(r io.Reader, data []byte) (*ssh.Signature, error) {
	return l.signs.Sign(r, data)
}

// TestServeOverSSH starts placematch serve on a loopback port and signs in
// over SSH with keys made here: an officer sees only their council's
// requests (with the personal data of their own), another council's
// officer only theirs; a provider only its own invitations, never a case
// reference, initials or date of birth nor another's offer; an unknown
// key, or one offering a registered key it does not hold, gets no screen;
// a resize redraws at the new size; the trail names who signed in.
func TestServeOverSSH(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		man := newRequest(h)
		h.ok("request", "broadcast", man)
		sal := newRequest(h, "--org", "salford", "--case", "SC-55555", "--initials", "QZ", "--dob", "2009-03-04")
		h.ok("request", "broadcast", sal)
		h.ok("--provider", "P002", "request", "respond", man, "--weekly", "1111")

		mo, sally, alder, stranger := newTestKey(t), newTestKey(t), newTestKey(t), newTestKey(t)
		h.ok("people", "add", "Mo Manchester", "--key", mo.pub, "--officer", "manchester")
		h.ok("people", "add", "Sal Salford", "--key", sally.pub, "--officer", "salford")
		h.ok("people", "add", "Alder House", "--key", alder.pub, "--provider", "P001")
		addr := startServe(t, h)

		// The unknown key: no session at all.
		if c, err := dialSSH(addr, ssh.PublicKeys(stranger.signer)); err == nil {
			c.Close()
			t.Fatal("an unknown key was let in")
		}
		// Offering the officer's key without holding it, then its own
		// unknown key: still nothing.
		if c, err := dialSSH(addr, ssh.PublicKeys(lyingSigner{offers: mo.signer.PublicKey(), signs: stranger.signer}, stranger.signer)); err == nil {
			c.Close()
			t.Fatal("a key offering the officer's key it does not hold was let in")
		}

		// The provider. (A client offering a registered key it then signs
		// for with another is cut off at once: x/crypto takes a bad
		// signature as the end of the connection; and the session's key
		// is the one its connection was authenticated with.)
		p := openScreen(t, addr, 80, 24, ssh.PublicKeys(alder.signer))
		mark := p.waitFor(0, "Invitations")
		p.waitFor(0, man)
		p.waitFor(0, sal)
		// The title spans the session's own width: 80, then after a
		// resize over SSH, 130.
		title := regexp.MustCompile(`placematch › Invitations +Alder House Living · P001`)
		spans := func(from, width int) bool {
			for _, m := range title.FindAllString(p.text()[from:], -1) {
				if utf8.RuneCountInString(m) == width {
					return true
				}
			}
			return false
		}
		if !spans(0, 80) {
			t.Fatalf("the title does not span 80 columns:\n%s", p.text())
		}
		if err := p.sess.WindowChange(30, 130); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); !spans(mark, 130); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no redraw at 130 columns after the resize:\n%s", p.text()[mark:])
			}
		}
		mark = len(p.text())
		// Manchester's officer watches the list while the provider answers.
		// An officer opens on what needs attention; esc goes to the list.
		o := openScreen(t, addr, 100, 30, ssh.PublicKeys(mo.signer))
		o.waitFor(0, "What needs attention")
		o.press("\x1b")
		o.waitFor(0, man)
		omark := o.waitFor(0, "1 of ")
		// Open each invitation; offer on Manchester's through the screens.
		p.press("\r")
		mark = p.waitFor(mark, "Your answer")
		p.press("\x1b", "\x1b[B", "\r")
		mark = p.waitFor(mark, "MAN-2026-0001 from Manchester")
		p.press("o", "1234", "\r", "\r", "\r", "\r")
		p.waitFor(mark, "£1,234.00")
		// The officer's screen follows, with no key pressed there.
		o.waitFor(omark, "2 of ")

		// Each officer: their council only.
		o.press("\r")
		o.waitFor(0, "MC-77123")
		s := openScreen(t, addr, 100, 30, ssh.PublicKeys(sally.signer))
		s.waitFor(0, "What needs attention")
		s.press("\x1b")
		s.waitFor(0, sal)
		time.Sleep(500 * time.Millisecond)
		if strings.Contains(o.text(), sal) || strings.Contains(s.text(), man) {
			t.Errorf("an officer saw another council's request:\nManchester's:\n%s\nSalford's:\n%s", o.text(), s.text())
		}

		seen := p.text()
		for _, secret := range []string{"MC-77123", "SC-55555", "JT", "QZ", "2010-06-01", "2009-03-04", "1,111", "1111", "Birchwood"} {
			if strings.Contains(seen, secret) {
				t.Errorf("the provider's screens showed %q:\n%s", secret, seen)
			}
		}
		// The trail names who signed in.
		var evs []struct{ Actor, Action string }
		if err := json.Unmarshal([]byte(h.ok("audit", "list", "--request", man, "--json")), &evs); err != nil {
			t.Fatal(err)
		}
		if last := evs[len(evs)-1]; last.Actor != "Alder House" || last.Action != "answer logged" {
			t.Errorf("the trail's last event of %s: %+v, want Alder House's answer", man, last)
		}
	})
}

// TestServeLimitsAndIdle: a session over the limit is told the server is
// full and gets no screen; a session with no key pressed for --idle is
// signed out, and says so.
func TestServeLimitsAndIdle(t *testing.T) {
	t.Parallel()
	h := newHarnessOn(t, storetest.SQLite)
	h.ok("providers", "import", "testdata/register.csv")
	k := newTestKey(t)
	h.ok("people", "add", "Mo Manchester", "--key", k.pub, "--officer", "manchester")
	h.fails(2, "--idle must be", "serve", "--idle", "0s")
	h.fails(2, "--max-sessions must be", "serve", "--max-sessions", "0")
	addr := startServe(t, h, "--max-sessions", "1", "--idle", "2s")
	first := openScreen(t, addr, 80, 24, ssh.PublicKeys(k.signer))
	first.waitFor(0, "What needs attention")
	second := openScreen(t, addr, 80, 24, ssh.PublicKeys(k.signer))
	second.waitFor(0, "at its limit of 1 sessions")
	if strings.Contains(second.text(), "placematch ›") {
		t.Fatalf("a session over the limit got a screen: %s", second.text())
	}
	first.waitFor(0, "signed out after 2s without a key pressed")
	// Its place is free again.
	third := openScreen(t, addr, 80, 24, ssh.PublicKeys(k.signer))
	third.waitFor(0, "What needs attention")
}
