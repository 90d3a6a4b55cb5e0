// Package server serves the placematch app over SSH to the people of a
// region (placematch serve): each signs in with their registered key and
// gets the app as their role allows, held to it by the service's one
// authorisation point. It holds no rules: identity in, the tui package's
// app out.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"placematch/matching"
	"placematch/service"
	"placematch/tui"
)

// Options are how the server runs.
type Options struct {
	// HostKey is the server's private key file, made (ed25519, readable by
	// its owner only) on first start.
	HostKey string
	// MaxSessions is how many sessions may be open at once (0: 100).
	MaxSessions int
	// Idle ends a session after this long without a key pressed (0: 30
	// minutes).
	Idle time.Duration
	// Log takes a line for each sign-in, sign-out and refusal (nil: none).
	Log io.Writer
	// Changes, when given, is signalled after each change the service
	// commits (service.Notifying): each session's screen reloads at once.
	Changes *service.Changes
}

// DefaultListen is where the server listens unless told otherwise.
const DefaultListen = ":23234"

// Server is the SSH server.
type Server struct {
	svc      *service.Service
	opts     Options
	srv      *ssh.Server
	sessions atomic.Int64
	logMu    sync.Mutex
}

// New makes the server on svc, making its host key if there is none.
func New(svc *service.Service, opts Options) (*Server, error) {
	if opts.MaxSessions <= 0 {
		opts.MaxSessions = 100
	}
	if opts.Idle <= 0 {
		opts.Idle = 30 * time.Minute
	}
	if _, err := EnsureHostKey(opts.HostKey); err != nil {
		return nil, err
	}
	s := &Server{svc: svc, opts: opts}
	// wish reports a session's app ending in error on its own logger:
	// to the server's log, with the rest.
	if opts.Log != nil {
		log.SetOutput(opts.Log)
	}
	srv, err := wish.NewServer(
		ssh.HostKeyFile(opts.HostKey),
		// Only registered keys are let in; who the person is is decided
		// again in the session, from the key it was authenticated with.
		ssh.PublicKeyAuth(s.knownKey),
		// A dead connection goes too (a live one is timed by its keys).
		wish.WithIdleTimeout(opts.Idle+time.Minute),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.program, 0),
			s.signIn,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the SSH server: %w", err)
	}
	s.srv = srv
	return s, nil
}

// Serve answers connections on ln until Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections and waits for the sessions to end
// until ctx is done; then it closes them.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		s.srv.Close()
	}
	return err
}

// Close ends every session at once.
func (s *Server) Close() error { return s.srv.Close() }

// Sessions is how many sessions are open.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

func (s *Server) logf(format string, a ...any) {
	if s.opts.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, time.Now().UTC().Format(time.RFC3339)+" "+format+"\n", a...)
}

// knownKey lets in a registered key. The key offered here need not be the
// one that authenticates the connection (CVE-2024-45337), so nothing is
// decided from it: the session decides again from its own key.
func (s *Server) knownKey(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok, err := s.svc.SignIn(ctx, key)
	return err == nil && ok
}

type personKey struct{}

// signIn is the session's identity, decided from the key the connection
// was authenticated with: a registered person gets the app, held to their
// role; anyone else no screen. It also keeps to the limit of sessions.
func (s *Server) signIn(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		remote := sess.RemoteAddr().String()
		key := sess.PublicKey()
		if key == nil {
			s.logf("refused %s: no key", remote)
			wish.Fatalln(sess, "placematch: sign in with your registered SSH key")
			return
		}
		p, ok, err := s.svc.SignIn(sess.Context(), key)
		if err != nil {
			s.logf("refused %s: %v", remote, err)
			wish.Fatalln(sess, "placematch: the server cannot read its store just now: try again in a minute")
			return
		}
		if !ok {
			s.logf("refused %s: key %s is not registered", remote, gossh.FingerprintSHA256(key))
			wish.Fatalf(sess, "placematch: the key %s is not registered here: ask the council's IT to add it (placematch people add)\n", gossh.FingerprintSHA256(key))
			return
		}
		if n := s.sessions.Add(1); n > int64(s.opts.MaxSessions) {
			s.sessions.Add(-1)
			s.logf("refused %s (%s): at the limit of %d sessions", p.Name, remote, s.opts.MaxSessions)
			wish.Fatalf(sess, "placematch: the server is at its limit of %d sessions: try again in a few minutes\n", s.opts.MaxSessions)
			return
		}
		defer s.sessions.Add(-1)
		if _, _, pty := sess.Pty(); !pty {
			wish.Fatalln(sess, "placematch: the app needs a terminal: connect with ssh -t")
			return
		}
		s.logf("signed in: %s (%s) from %s", p.Name, p.RoleWords(), remote)
		sess.Context().SetValue(personKey{}, p)
		next(sess)
		if idle, _ := sess.Context().Value(idleKey{}).(*atomic.Bool); idle != nil && idle.Load() {
			wish.Printf(sess, "placematch: signed out after %s without a key pressed\n", s.opts.Idle)
		}
		s.logf("signed out: %s (%s)", p.Name, remote)
	}
}

type idleKey struct{}

// program is the app for the signed-in person, drawn by the session's own
// renderer, at its own size, ended when it sits idle.
func (s *Server) program(sess ssh.Session) *tea.Program {
	p, ok := sess.Context().Value(personKey{}).(matching.Person)
	if !ok {
		return nil
	}
	ctx := service.WithPerson(sess.Context(), p)
	opts := tui.Options{User: p.Name}
	if s.opts.Changes != nil {
		opts.Changes = s.opts.Changes.Subscribe
	}
	switch p.Role {
	case matching.RoleOfficer:
		opts.Council, opts.Attention = p.Scope, true
	case matching.RoleCommissioner:
		opts.Attention = true
	case matching.RoleProvider:
		opts.Provider = p.Scope
	}
	model, done := tui.Session(ctx, s.svc, opts, sessionRenderer(sess))
	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	idle := &atomic.Bool{}
	sess.Context().SetValue(idleKey{}, idle)
	prog := tea.NewProgram(model, append(bm.MakeOptions(sess),
		tea.WithAltScreen(),
		tea.WithContext(ctx),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg.(type) {
			case tea.KeyMsg, tea.MouseMsg:
				last.Store(time.Now().UnixNano())
			}
			return msg
		}))...)
	go func() {
		defer done()
		tick := time.NewTicker(min(s.opts.Idle/4, 15*time.Second))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if time.Since(time.Unix(0, last.Load())) >= s.opts.Idle {
					idle.Store(true)
					prog.Quit()
					return
				}
			}
		}
	}()
	return prog
}

// sessionRenderer is the session's own lipgloss renderer: its colour
// profile from the terminal the client named (TERM, and NO_COLOR or
// COLORTERM if it sent them), writing to the session. Unlike
// wish/bubbletea's MakeRenderer it does not ask the terminal for its
// background, which blocks until the terminal answers (one that never
// does would get no screen): the app's colours are adaptive, and it takes
// the dark background most terminals have.
func sessionRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, _ := sess.Pty()
	if pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(sess, termenv.WithProfile(termenv.Ascii))
	}
	env := sshEnviron(append(sess.Environ(), "TERM="+pty.Term))
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	r.SetHasDarkBackground(true)
	return r
}

// sshEnviron is a session's environment, as termenv reads one.
type sshEnviron []string

func (e sshEnviron) Environ() []string { return e }

func (e sshEnviron) Getenv(k string) string {
	for _, v := range e {
		if strings.HasPrefix(v, k+"=") {
			return v[len(k)+1:]
		}
	}
	return ""
}

// EnsureHostKey makes the server's host key at path if there is none: a
// new ed25519 key, readable by its owner only. A key file others may read
// is refused. It reports whether it made one.
func EnsureHostKey(path string) (bool, error) {
	if path == "" {
		return false, matching.Invalidf("give the server's host key file with --host-key FILE (it is made on first start)")
	}
	fi, err := os.Stat(path)
	if err == nil {
		if fi.Mode().Perm()&0o077 != 0 {
			return false, matching.Invalidf("the host key %s may be read by others (mode %v): make it its owner's only with chmod 600 %s", path, fi.Mode().Perm(), path)
		}
		return false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("cannot read the host key %s: %w", path, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "placematch host key")
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return false, fmt.Errorf("cannot make the folder of the host key %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return false, fmt.Errorf("cannot make the host key %s: %w", path, err)
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		os.Remove(path)
		return false, fmt.Errorf("cannot write the host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return false, fmt.Errorf("cannot write the host key %s: %w", path, err)
	}
	return true, nil
}
