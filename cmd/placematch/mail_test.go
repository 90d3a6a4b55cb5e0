package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/delivery/relaytest"
	"placematch/service"
)

// TestDemoNeverSendsMail: the demo's providers are fictional, so its
// messages never go to a relay: --smtp with --demo (or --demo --live) is
// refused, and PLACEMATCH_SMTP is ignored, saying so.
func TestDemoNeverSendsMail(t *testing.T) {
	t.Parallel()
	start := func(environ map[string]string, args ...string) (globals, int, string, bool) {
		t.Helper()
		var got globals
		started := false
		var out, errb bytes.Buffer
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(k string) string { return environ[k] },
			interactive: func(_ context.Context, _ *service.Service, g globals) error {
				got, started = g, true
				return nil
			}}
		code := run(context.Background(), args, e)
		return got, code, errb.String(), started
	}
	for _, args := range [][]string{{"--demo", "--smtp", "relay.council.example.org:587"}, {"--demo", "--live", "--smtp", "relay.council.example.org:587"}} {
		if _, code, msg, started := start(nil, args...); code != 2 || started || !strings.Contains(msg, "the demo never sends mail: drop --smtp") {
			t.Errorf("%v: exit %d, started %v, %q", args, code, started, msg)
		}
	}
	fromEnv := map[string]string{"PLACEMATCH_SMTP": "relay.council.example.org:587"}
	for _, args := range [][]string{{"--demo"}, {"--demo", "--live"}} {
		g, code, msg, started := start(fromEnv, args...)
		if code != 0 || !started || g.smtp != "" || !strings.Contains(msg, "PLACEMATCH_SMTP is ignored") {
			t.Errorf("%v with PLACEMATCH_SMTP: exit %d, started %v, relay %q, %q", args, code, started, g.smtp, msg)
		}
		c := &cli{g: g, path: filepath.Join(t.TempDir(), "demo.db")}
		if s, err := c.sender(context.Background()); err != nil || !strings.HasPrefix(s.Via(), "outbox ") {
			t.Errorf("%v: the demo sends via %v, %v", args, s, err)
		}
	}
	// Outside the demo PLACEMATCH_SMTP is the relay.
	g, code, _, _ := start(fromEnv, "--db", filepath.Join(t.TempDir(), "a.db"))
	if code != 0 || g.smtp != "relay.council.example.org:587" {
		t.Errorf("PLACEMATCH_SMTP: exit %d, relay %q", code, g.smtp)
	}
	if _, code, msg, started := start(nil, "--smtp-tls", "ssl"); code != 2 || started || !strings.Contains(msg, "auto") {
		t.Errorf("--smtp-tls ssl: exit %d, %q", code, msg)
	}
}

// TestOutboxSendRefusesABadSignIn: a sign-in that cannot be used (a
// password given twice, or one to go in clear) is refused before anything
// is sent, exit 1, never showing the password; an action that queued mail
// still stands, saying the mail is not sent yet.
func TestOutboxSendRefusesABadSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	file := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(file, []byte("hunter2-secret\n"), 0o600)
	for i, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"PLACEMATCH_SMTP_USER": "dps", "PLACEMATCH_SMTP_PASSWORD": "hunter2-secret", "PLACEMATCH_SMTP_PASSWORD_FILE": file},
			nil, "keep one"},
		{map[string]string{"PLACEMATCH_SMTP_USER": "dps", "PLACEMATCH_SMTP_PASSWORD_FILE": file},
			[]string{"--smtp-tls", "none"}, "never signs in without TLS"},
		{map[string]string{"PLACEMATCH_SMTP_PASSWORD": "hunter2-secret"}, nil, "PLACEMATCH_SMTP_USER is not"},
	} {
		var out, errb bytes.Buffer
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: func() time.Time { return h.now },
			getenv: func(k string) string { return tc.env[k] }}
		global := append([]string{"--db", h.db, "--smtp", "127.0.0.1:1"}, tc.args...)
		if i == 0 {
			if code := run(context.Background(), append(global, "request", "broadcast", id), e); code != 0 ||
				!strings.Contains(errb.String(), "could not be sent yet") || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("broadcast with %v: exit %d, %q", tc.env, code, errb.String())
			}
		}
		if code := run(context.Background(), append(global, "outbox", "send"), e); code != 1 || !strings.Contains(errb.String(), "nothing sent: ") || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("outbox send with %v: exit %d, %q", tc.env, code, errb.String())
		}
		if strings.Contains(out.String()+errb.String(), "hunter2") {
			t.Errorf("the password is shown: %q %q", out.String(), errb.String())
		}
	}
	if out := h.ok("outbox", "list"); strings.Contains(out, "sent ") || !strings.Contains(out, "pending") {
		t.Errorf("outbox:\n%s", out)
	}
}

// TestOutboxSendThroughARelayWithTLSAndSignIn runs placematch itself
// against a relay that requires STARTTLS and a sign-in, trusting the
// relay's certificate through SSL_CERT_FILE as a council's machine would
// and signing in from PLACEMATCH_SMTP_USER and PLACEMATCH_SMTP_PASSWORD_FILE:
// one connection for the batch, a refused message reported with the relay's
// words (exit 1) and sent by the next run, each message delivered once.
func TestOutboxSendThroughARelayWithTLSAndSignIn(t *testing.T) {
	t.Parallel()
	bin := trustBinary(t)
	const password = "Relay-Pa55-for-test"
	relay := relaytest.Start(t, relaytest.Options{Mechs: []string{"PLAIN", "LOGIN"}, User: "dps@council.example.org", Password: password})
	dir := t.TempDir()
	db := filepath.Join(dir, "pm.db")
	certFile, pwFile := filepath.Join(dir, "relay.pem"), filepath.Join(dir, "password")
	os.WriteFile(certFile, relaytest.CertPEM(), 0o600)
	os.WriteFile(pwFile, []byte(password+"\n"), 0o600)

	inproc(t, db, "init")
	inproc(t, db, "providers", "import", trustRegister(t, dir, 6, 6, 80))
	id := newLiveRequest(t, db, "group-living")
	inproc(t, db, "--smtp", "127.0.0.1:1", "request", "broadcast", id) // queued: no relay there
	relay.Refuse("referrals@p0004.example.org", 550, "5.1.1 No such mailbox here")

	send := func() procResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		args := []string{"--db", db, "--smtp", relay.Addr, "--from", "dps@council.example.org", "outbox", "send"}
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = append(trustEnv(dir), "SSL_CERT_FILE="+certFile,
			"PLACEMATCH_SMTP_USER=dps@council.example.org", "PLACEMATCH_SMTP_PASSWORD_FILE="+pwFile)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		res := procResult{args: args, out: out.String(), err: errb.String()}
		if ee, ok := err.(*exec.ExitError); ok {
			res.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(res.out+res.err, password) {
			t.Errorf("the password is shown: %s", res)
		}
		return res
	}
	r := send()
	if r.code != 1 || !strings.Contains(r.out, "sent 5, failed 1 (via smtp "+relay.Addr+")") ||
		!strings.Contains(r.out, "P0004: the mail relay "+relay.Addr+" refused the message: 550 5.1.1 No such mailbox here") {
		t.Fatalf("first send: %s\nstdout: %q", r, r.out)
	}
	if relay.Conns() != 1 || len(relay.AuthOK()) != 1 {
		t.Errorf("%d connections, signed in %v", relay.Conns(), relay.AuthOK())
	}
	if r = send(); r.code != 0 || !strings.Contains(r.out, "sent 1, failed 0") {
		t.Fatalf("second send: %s\n%s", r, r.out)
	}
	if r = send(); r.code != 0 || !strings.Contains(r.out, "sent 0, failed 0") {
		t.Fatalf("third send: %s\n%s", r, r.out)
	}
	got := relay.Got()
	if len(got) != 6 {
		t.Errorf("the relay accepted %d messages, want 6: %v", len(got), got)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("%s accepted %d times", id, n)
		}
	}
}
