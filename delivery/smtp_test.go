package delivery

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"placematch/delivery/relaytest"
	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

const (
	testUser     = "dps-sender@council.example.org"
	testPassword = "s3cret-Pa55word"
	testToken    = "ya29.a0-test-token"
)

// queued is a service whose store holds a broadcast's n invitations, to
// p1@example.org ... pn@example.org, waiting to be sent.
func queued(t *testing.T, n int) *service.Service {
	t.Helper()
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	svc := service.New(storetest.Open(t, storetest.SQLite), service.WithClock(func() time.Time { return clock }))
	var reg strings.Builder
	reg.WriteString("provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&reg, "P%03d,Provider %d,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,1,Bootle,p%d@example.org\n", i, i, i)
	}
	ctx := context.Background()
	if _, err := svc.ImportProviders(ctx, "t", strings.NewReader(reg.String())); err != nil {
		t.Fatal(err)
	}
	r, err := svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
		DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Summary: "Loves trains."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Broadcast(ctx, "t", r.ID); err != nil {
		t.Fatal(err)
	}
	return svc
}

var envelope = service.Envelope{From: "dps@council.example.org"}

// relayFor is a sender to the relay, trusting its certificate, signed in
// with the password.
func relayFor(r *relaytest.Relay, mode TLSMode) SMTP {
	return SMTP{Addr: r.Addr, TLS: mode, Auth: Auth{User: testUser, Password: testPassword}, Timeout: 10 * time.Second,
		rootCAs: relaytest.Roots()}
}

// deliver runs one delivery, failing the test if the run itself fails.
func deliver(t *testing.T, svc *service.Service, s service.Sender) service.DeliveryReport {
	t.Helper()
	rep, err := svc.Deliver(context.Background(), s, envelope)
	if err != nil {
		t.Fatalf("delivery run: %v", err)
	}
	return rep
}

// exactlyOnce checks that the relay accepted every queued message once and
// nothing else, and that the store records each as sent.
func exactlyOnce(t *testing.T, svc *service.Service, r *relaytest.Relay, n int) {
	t.Helper()
	ds, err := svc.Deliveries(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	got := r.Got()
	if len(ds) != n || len(got) != n {
		t.Errorf("%d messages queued, the relay accepted %d, want %d", len(ds), len(got), n)
	}
	for _, d := range ds {
		id := service.Message{ID: service.MessageID(d)}.MessageIDAddr()
		if got[id] != 1 {
			t.Errorf("%s (to %s) reached the relay %d times, want once", id, d.To, got[id])
		}
		if d.Status != "sent" {
			t.Errorf("%s is %s (%s), want sent", d.ProviderID, d.Status, d.LastError)
		}
	}
}

// TestRelayBatchOverOneConnection: eight messages go over one connection,
// after STARTTLS and a sign-in with whatever the relay offers (PLAIN, LOGIN,
// or XOAUTH2 with a token), each accepted once; the EHLO name, the
// Message-ID's domain and the Reply-To are those given.
func TestRelayBatchOverOneConnection(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		mechs []string
		token bool
	}{
		{"PLAIN", []string{"PLAIN", "LOGIN"}, false},
		{"LOGIN", []string{"LOGIN"}, false},
		{"XOAUTH2", []string{"XOAUTH2", "PLAIN"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := relaytest.Start(t, relaytest.Options{Mechs: tc.mechs, User: testUser, Password: testPassword, Token: testToken})
			svc := queued(t, 8)
			s := relayFor(r, TLSAuto)
			s.Helo = "council.example.org"
			if tc.token {
				s.Auth = Auth{User: testUser, Token: testToken}
			}
			env := service.Envelope{From: "dps@council.example.org", Domain: "council.example.org",
				ReplyTo: func(council string) string { return "Placements " + council + " <placements@council.example.org>" }}
			rep, err := svc.Deliver(context.Background(), s, env)
			if err != nil || rep.Sent != 8 || rep.Failed != 0 {
				t.Fatalf("sent %d, failed %d %v, %v", rep.Sent, rep.Failed, rep.Errors, err)
			}
			if n := r.Conns(); n != 1 {
				t.Errorf("8 messages took %d connections, want 1", n)
			}
			if ok := r.AuthOK(); !slices.Equal(ok, []string{tc.name}) {
				t.Errorf("signed in with %v (tried %v), want %s", ok, r.AuthTried(), tc.name)
			}
			if !slices.Contains(r.Helos(), "council.example.org") {
				t.Errorf("EHLO names %v", r.Helos())
			}
			got := r.Got()
			if len(got) != 8 {
				t.Fatalf("relay accepted %v", got)
			}
			for id, n := range got {
				if n != 1 || !strings.HasSuffix(id, "@council.example.org") {
					t.Errorf("%s accepted %d times", id, n)
				}
				m, err := mail.ReadMessage(strings.NewReader(string(r.Raw(id))))
				if err != nil {
					t.Fatal(err)
				}
				if rt := m.Header.Get("Reply-To"); !strings.Contains(rt, "<placements@council.example.org>") || !strings.Contains(rt, "sefton") {
					t.Errorf("Reply-To %q", rt)
				}
			}
		})
	}
}

// TestRelayDropAfterAccepting: a relay that drops the connection right after
// accepting a message (at the next command, or before QUIT) has still
// accepted it: it counts as sent and is never sent again, and the rest go
// over a new connection.
func TestRelayDropAfterAccepting(t *testing.T) {
	t.Parallel()
	for _, every := range []int{1, 3, 4} {
		t.Run(fmt.Sprintf("every %d", every), func(t *testing.T) {
			t.Parallel()
			r := relaytest.Start(t, relaytest.Options{Mechs: []string{"PLAIN"}, User: testUser, Password: testPassword})
			r.DropAfter(every)
			svc := queued(t, 8)
			if rep := deliver(t, svc, relayFor(r, TLSAuto)); rep.Sent != 8 || rep.Failed != 0 {
				t.Fatalf("sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
			}
			if n, want := r.Conns(), (8+every-1)/every; n != want {
				t.Errorf("%d connections, want %d", n, want)
			}
			if rep := deliver(t, svc, relayFor(r, TLSAuto)); rep.Sent != 0 || rep.Failed != 0 {
				t.Fatalf("a second run sent %d, failed %d", rep.Sent, rep.Failed)
			}
			exactlyOnce(t, svc, r, 8)
		})
	}
}

// TestRelayRefusalThenAcceptance: a relay's refusal of one message, for
// good (550) or for now (451), is that message's alone: it stays queued with
// the relay's words while the others go over the same connection, and the
// next run delivers it, once.
func TestRelayRefusalThenAcceptance(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{Mechs: []string{"PLAIN"}, User: testUser, Password: testPassword})
	r.Refuse("p3@example.org", 550, "Mailbox unavailable here")
	r.Refuse("p5@example.org", 451, "Greylisted, try again later")
	svc := queued(t, 8)
	rep := deliver(t, svc, relayFor(r, TLSAuto))
	if rep.Sent != 6 || rep.Failed != 2 {
		t.Fatalf("sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
	}
	joined := strings.Join(rep.Errors, "\n")
	for _, want := range []string{"P003: ", "550", "Mailbox unavailable here", "P005: ", "451", "Greylisted, try again later", "refused"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the report does not say %q:\n%s", want, joined)
		}
	}
	if r.Conns() != 1 {
		t.Errorf("%d connections: a refusal broke the connection", r.Conns())
	}
	ds, _ := svc.Deliveries(context.Background(), "")
	for _, d := range ds {
		if (d.ProviderID == "P003" || d.ProviderID == "P005") && (d.Status != "failed" || !strings.Contains(d.LastError, "refused")) {
			t.Errorf("%s: %s %q", d.ProviderID, d.Status, d.LastError)
		}
	}
	if rep := deliver(t, svc, relayFor(r, TLSAuto)); rep.Sent != 2 || rep.Failed != 0 {
		t.Fatalf("retry: sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
	}
	exactlyOnce(t, svc, r, 8)
}

// TestRelaySlow: a relay that does not greet, or does not answer a
// message's data, within the timeout fails the run in bounded time, with
// nothing counted sent, and a later run delivers everything once.
func TestRelaySlow(t *testing.T) {
	t.Parallel()
	for _, slow := range []string{"greeting", "data"} {
		t.Run(slow, func(t *testing.T) {
			t.Parallel()
			r := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain})
			set := r.SlowGreeting
			if slow == "data" {
				set = r.SlowData
			}
			set(30 * time.Second)
			svc := queued(t, 8)
			s := SMTP{Addr: r.Addr, TLS: TLSNone, Timeout: 300 * time.Millisecond}
			start := time.Now()
			rep := deliver(t, svc, s)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("a slow relay held the run for %v", took)
			}
			if rep.Sent != 0 || rep.Failed != 8 {
				t.Fatalf("sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
			}
			if !strings.Contains(rep.Errors[0], r.Addr) {
				t.Errorf("the error does not name the relay: %s", rep.Errors[0])
			}
			if slow == "greeting" && !strings.Contains(rep.Errors[0], "did not answer within 300ms") {
				t.Errorf("error %q", rep.Errors[0])
			}
			if len(r.Got()) != 0 {
				t.Fatalf("the slow relay accepted %v", r.Got())
			}
			set(0)
			if rep := deliver(t, svc, s); rep.Sent != 8 || rep.Failed != 0 {
				t.Fatalf("later run: sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
			}
			exactlyOnce(t, svc, r, 8)
		})
	}
}

// TestRelayCancelCutsTheConnection: a run stopped mid-message (the app
// quitting) does not wait on a slow relay.
func TestRelayCancelCutsTheConnection(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain})
	r.SlowData(30 * time.Second)
	s := SMTP{Addr: r.Addr, TLS: TLSNone, Timeout: 20 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	m := Message{ID: "m1", From: "a@example.org", To: "b@example.org", Subject: "s", Body: "b", Date: start}
	errs := s.SendBatch(ctx, []Message{m, m}, noted)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the stopped run took %v", took)
	}
	if errs[0] == nil || errs[1] == nil {
		t.Fatalf("errors %v", errs)
	}
	if !strings.Contains(errs[1].Error(), "stopped") {
		t.Errorf("the message not begun says %q", errs[1])
	}
}

// TestRelaySignInOnlyOverTLS: credentials never go in clear: in auto mode a
// relay without STARTTLS is refused before AUTH, and with --smtp-tls none
// before connecting; a relay without STARTTLS fails --smtp-tls starttls.
// Nothing is sent, and no error shows the password.
func TestRelaySignInOnlyOverTLS(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain, Mechs: []string{"PLAIN", "LOGIN"}, User: testUser, Password: testPassword})
	svc := queued(t, 3)
	s := relayFor(r, TLSAuto)
	rep := deliver(t, svc, s)
	if rep.Sent != 0 || rep.Failed != 3 || !strings.Contains(rep.Errors[0], "does not offer STARTTLS") || !strings.Contains(rep.Errors[0], "--smtp-tls") {
		t.Fatalf("auto without STARTTLS: sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
	}
	if tried := r.AuthTried(); len(tried) != 0 {
		t.Fatalf("credentials went in clear: AUTH %v", tried)
	}
	conns := r.Conns()

	s.TLS = TLSNone
	rep = deliver(t, svc, s)
	if rep.Sent != 0 || !strings.Contains(rep.Errors[0], "--smtp-tls none") || r.Conns() != conns {
		t.Fatalf("none with a sign-in: sent %d, %d connections: %v", rep.Sent, r.Conns()-conns, rep.Errors)
	}

	s = SMTP{Addr: r.Addr, TLS: TLSStartTLS, Timeout: 10 * time.Second}
	rep = deliver(t, svc, s)
	if rep.Sent != 0 || !strings.Contains(rep.Errors[0], "does not offer STARTTLS, which --smtp-tls starttls requires") {
		t.Fatalf("starttls against a plain relay: sent %d: %v", rep.Sent, rep.Errors)
	}
	ds, _ := svc.Deliveries(context.Background(), "")
	for _, d := range ds {
		if strings.Contains(d.LastError, testPassword) {
			t.Errorf("the password is in %q", d.LastError)
		}
	}
	if len(r.Got()) != 0 {
		t.Fatalf("sent %v", r.Got())
	}
}

// TestRelaySignInRefused: a wrong password is the relay's refusal, naming
// the user and never the password; nothing is sent.
func TestRelaySignInRefused(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{Mechs: []string{"PLAIN"}, User: testUser, Password: "another"})
	svc := queued(t, 2)
	rep := deliver(t, svc, relayFor(r, TLSStartTLS))
	if rep.Sent != 0 || !strings.Contains(rep.Errors[0], "refused the sign-in as "+testUser+": 535") {
		t.Fatalf("sent %d: %v", rep.Sent, rep.Errors)
	}
	for _, e := range rep.Errors {
		if strings.Contains(e, testPassword) {
			t.Errorf("the password is in %q", e)
		}
	}
	if r.Conns() != 1 {
		t.Errorf("a refused sign-in was tried on %d connections", r.Conns())
	}
}

// TestRelayImplicitTLS: --smtp-tls tls speaks TLS from the first byte, as
// on port 465, and signs in there.
func TestRelayImplicitTLS(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{TLS: relaytest.Implicit, Mechs: []string{"LOGIN", "PLAIN"}, User: testUser, Password: testPassword})
	svc := queued(t, 5)
	if rep := deliver(t, svc, relayFor(r, TLSImplicit)); rep.Sent != 5 || rep.Failed != 0 {
		t.Fatalf("sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
	}
	if r.Conns() != 1 || len(r.AuthOK()) != 1 {
		t.Errorf("%d connections, signed in %v", r.Conns(), r.AuthOK())
	}
	exactlyOnce(t, svc, r, 5)

	// TLS from the start to a relay that expects STARTTLS: a clear error.
	plain := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain})
	errs := SMTP{Addr: plain.Addr, TLS: TLSImplicit, Timeout: 5 * time.Second, rootCAs: relaytest.Roots()}.SendBatch(context.Background(),
		[]Message{{ID: "m", From: "a@example.org", To: "b@example.org", Date: time.Now()}}, noted)
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "does not speak TLS from the start") {
		t.Errorf("implicit TLS to a plain relay: %v", errs[0])
	}
}

// TestRelayCertificateNotTrusted: a certificate the system does not trust,
// or one for another name, stops the run before anything is sent or any
// password given, saying so.
func TestRelayCertificateNotTrusted(t *testing.T) {
	t.Parallel()
	for _, mode := range []TLSMode{TLSAuto, TLSImplicit} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			opts := relaytest.Options{Mechs: []string{"PLAIN"}, User: testUser, Password: testPassword}
			if mode == TLSImplicit {
				opts.TLS = relaytest.Implicit
			}
			r := relaytest.Start(t, opts)
			s := relayFor(r, mode)
			s.rootCAs = nil // the system's roots, which do not hold the test's certificate
			m := Message{ID: "m", From: "a@example.org", To: "b@example.org", Date: time.Now()}
			errs := s.SendBatch(context.Background(), []Message{m}, noted)
			if errs[0] == nil || !strings.Contains(errs[0].Error(), "certificate is not trusted") || !strings.Contains(errs[0].Error(), "unknown authority") {
				t.Errorf("untrusted: %v", errs[0])
			}
			s = relayFor(r, mode)
			s.Addr = strings.Replace(s.Addr, "127.0.0.1", "localhost", 1)
			errs = s.SendBatch(context.Background(), []Message{m}, noted)
			if errs[0] == nil || !strings.Contains(errs[0].Error(), "certificate is not for that name") {
				t.Errorf("another name: %v", errs[0])
			}
			if len(r.Got()) != 0 || len(r.AuthTried()) != 0 {
				t.Errorf("sent %v, signed in with %v", r.Got(), r.AuthTried())
			}
		})
	}
}

// TestRelayAddressNeedsAPort: a relay given without its port is refused
// before any connection, saying which ports are usual.
func TestRelayAddressNeedsAPort(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"mail.council.example.org", ":587", "mail.council.example.org:smtp"} {
		if err := (SMTP{Addr: addr}).Check(); err == nil || !strings.Contains(err.Error(), "587") {
			t.Errorf("%q: %v", addr, err)
		}
	}
	if _, err := ParseTLSMode("ssl"); err == nil || !strings.Contains(err.Error(), "auto") {
		t.Errorf("--smtp-tls ssl: %v", err)
	}
}

// TestAuthFromEnv: the sign-in comes from the environment, a password file
// loses its trailing newline, and every mistake is refused with what to
// change, never showing a secret.
func TestAuthFromEnv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "pw")
	if err := os.WriteFile(file, []byte(testPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		env       func(string) string
		want      Auth
		wantError string
	}{
		{env(), Auth{}, ""},
		{env(EnvUser, "u", EnvPassword, testPassword), Auth{User: "u", Password: testPassword}, ""},
		{env(EnvUser, "u", EnvPasswordFile, file), Auth{User: "u", Password: testPassword}, ""},
		{env(EnvUser, "u", EnvToken, testToken), Auth{User: "u", Token: testToken}, ""},
		{env(EnvUser, "u", EnvPassword, testPassword, EnvPasswordFile, file), Auth{}, "keep one"},
		{env(EnvUser, "u", EnvPassword, testPassword, EnvToken, testToken), Auth{}, "keep one"},
		{env(EnvPassword, testPassword), Auth{}, EnvUser + " is not"},
		{env(EnvUser, "u"), Auth{}, "without a password"},
		{env(EnvUser, "u", EnvPasswordFile, filepath.Join(dir, "missing")), Auth{}, "cannot read the password file"},
		{env(EnvUser, "u", EnvPasswordFile, empty), Auth{}, "is empty"},
	} {
		got, err := AuthFromEnv(tc.env)
		switch {
		case tc.wantError == "" && (err != nil || got != tc.want):
			t.Errorf("got %#v, %v; want %#v", got, err, tc.want)
		case tc.wantError != "" && (err == nil || !strings.Contains(err.Error(), tc.wantError)):
			t.Errorf("error %v, want one saying %q", err, tc.wantError)
		case err != nil && (strings.Contains(err.Error(), testPassword) || strings.Contains(err.Error(), testToken)):
			t.Errorf("the error shows the secret: %v", err)
		}
	}
	a := Auth{User: "u", Password: testPassword}
	for _, shown := range []string{fmt.Sprint(a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a), fmt.Sprintf("%+v", SMTP{Auth: a})} {
		if strings.Contains(shown, testPassword) {
			t.Errorf("printing shows the password: %s", shown)
		}
	}
}

// TestRelayClosingChannel: a 421 is the relay closing the connection, not a
// refusal of the message: the message goes again at once, on a new
// connection, and is delivered once.
func TestRelayClosingChannel(t *testing.T) {
	t.Parallel()
	r := relaytest.Start(t, relaytest.Options{Mechs: []string{"PLAIN"}, User: testUser, Password: testPassword})
	r.Refuse("p2@example.org", 421, "4.7.0 Too busy, closing")
	svc := queued(t, 4)
	if rep := deliver(t, svc, relayFor(r, TLSAuto)); rep.Sent != 4 || rep.Failed != 0 {
		t.Fatalf("sent %d, failed %d: %v", rep.Sent, rep.Failed, rep.Errors)
	}
	if r.Conns() != 2 {
		t.Errorf("%d connections, want 2", r.Conns())
	}
	exactlyOnce(t, svc, r, 4)
}
