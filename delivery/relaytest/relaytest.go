// Package relaytest runs a real SMTP relay (github.com/emersion/go-smtp) in
// a test's own process, so that the tests of sending mail need no outside
// server: STARTTLS or TLS from the start with a certificate made for the
// test, sign-in required (PLAIN, LOGIN, XOAUTH2), and the ways relays
// misbehave (refusing a recipient, dropping the connection after accepting
// a message, answering slowly). It counts every message it accepts by its
// Message-ID, so that a test can hold delivery to exactly once. Only tests
// import it.
package relaytest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Modes of the relay's encryption.
const (
	StartTLS = "starttls" // offers STARTTLS, and refuses mail and sign-in before it
	Implicit = "tls"      // TLS from the first byte
	Plain    = "none"     // never TLS; offers sign-in in clear if Auth is set
)

// Options shape a relay.
type Options struct {
	TLS string // StartTLS (the default), Implicit or Plain
	// Mechs are the sign-in mechanisms offered (PLAIN, LOGIN, XOAUTH2).
	// When set, mail is refused until the client has signed in as User
	// with Password (or Token for XOAUTH2).
	Mechs                 []string
	User, Password, Token string
}

// Relay is a running relay. Its misbehaviours may be changed while it runs.
type Relay struct {
	Addr string // 127.0.0.1:port
	opts Options
	done chan struct{}

	mu       sync.Mutex
	conns    int
	got      map[string]int // Message-ID (without <>) -> messages accepted
	raw      map[string][]byte
	helos    []string
	authTry  []string // AUTH mechanisms tried, in order
	authOK   []string // and those that signed in
	refuse   map[string]*smtp.SMTPError
	drop     int
	greet    time.Duration
	dataWait time.Duration
	accepted int           // messages accepted, on every connection
	holdAt   int           // hold the message after this many accepted (0: never)
	held     chan struct{} // closed when a message is held
	release  chan struct{} // closed to let a held message go (refused)
	delay    time.Duration // before accepting each message
}

// Start runs a relay until t ends.
func Start(t testing.TB, o Options) *Relay {
	t.Helper()
	if o.TLS == "" {
		o.TLS = StartTLS
	}
	r := &Relay{opts: o, done: make(chan struct{}), got: map[string]int{}, raw: map[string][]byte{}, refuse: map[string]*smtp.SMTPError{}}
	s := smtp.NewServer(r)
	s.Domain = "relay.test"
	s.ReadTimeout, s.WriteTimeout = 20*time.Second, 20*time.Second
	s.ErrorLog = quiet{}
	// Sign-in is offered in clear only by a plain relay, so that a test
	// can see whether a client would send its password in clear.
	s.AllowInsecureAuth = o.TLS == Plain
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.Addr = ln.Addr().String()
	var l net.Listener = &listener{Listener: ln, r: r}
	switch o.TLS {
	case StartTLS:
		s.TLSConfig = ServerTLS()
	case Implicit:
		l = tls.NewListener(l, ServerTLS())
	}
	go s.Serve(l)
	t.Cleanup(func() {
		close(r.done)
		s.Close()
	})
	return r
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}

// Refuse makes the relay refuse the next message to the address at RCPT
// with the reply (a code such as 550 or 451, and its words, which may begin
// with an enhanced code such as 5.1.1); the one after is accepted.
func (r *Relay) Refuse(to string, code int, words string) {
	e := &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: words}
	var x, y, z int
	if first, rest, ok := strings.Cut(words, " "); ok {
		if n, _ := fmt.Sscanf(first, "%d.%d.%d", &x, &y, &z); n == 3 {
			e.EnhancedCode, e.Message = smtp.EnhancedCode{x, y, z}, rest
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refuse[to] = e
}

// DropAfter makes the relay close each connection, without a word, right
// after it has accepted n messages on it (0: never).
func (r *Relay) DropAfter(n int) { r.mu.Lock(); r.drop = n; r.mu.Unlock() }

// SlowGreeting holds back the relay's greeting for d on each new connection.
func (r *Relay) SlowGreeting(d time.Duration) { r.mu.Lock(); r.greet = d; r.mu.Unlock() }

// SlowData holds back the reply to each message's data for d, after which
// the relay refuses it (451): a relay too slow to take anything.
func (r *Relay) SlowData(d time.Duration) { r.mu.Lock(); r.dataWait = d; r.mu.Unlock() }

// HoldAfter makes the relay, once it has accepted n messages in all, hold
// the next message's data unanswered: the returned channel is closed when
// that message arrives. The held message is never accepted: it is refused
// (451) when release is called or the relay stops, by which time its sender
// may be gone. A sender that records each message before beginning the
// next has recorded all n when the channel closes.
func (r *Relay) HoldAfter(n int) (held <-chan struct{}, release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.holdAt, r.held, r.release = n, make(chan struct{}), make(chan struct{})
	rel := r.release
	var once sync.Once
	return r.held, func() { once.Do(func() { close(rel) }) }
}

// SlowAccept makes the relay wait d before accepting each message's data:
// a relay that takes its time, which a kill can catch with a message in
// flight.
func (r *Relay) SlowAccept(d time.Duration) { r.mu.Lock(); r.delay = d; r.mu.Unlock() }

// Conns is how many connections the relay has taken.
func (r *Relay) Conns() int { r.mu.Lock(); defer r.mu.Unlock(); return r.conns }

// Got is how many times each Message-ID (without its angle brackets) was
// accepted.
func (r *Relay) Got() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.got))
	for k, v := range r.got {
		out[k] = v
	}
	return out
}

// Raw is the message accepted with the Message-ID, as received.
func (r *Relay) Raw(id string) []byte { r.mu.Lock(); defer r.mu.Unlock(); return r.raw[id] }

// Helos are the names clients gave in EHLO.
func (r *Relay) Helos() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.helos...)
}

// AuthTried are the AUTH mechanisms clients began, and AuthOK those that
// signed in.
func (r *Relay) AuthTried() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.authTry...)
}

// AuthOK are the AUTH mechanisms with which clients signed in.
func (r *Relay) AuthOK() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.authOK...)
}

// wait sleeps for d, or until the relay stops.
func (r *Relay) wait(d time.Duration) {
	select {
	case <-time.After(d):
	case <-r.done:
	}
}

// listener counts connections and holds back greetings.
type listener struct {
	net.Listener
	r *Relay
}

func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.r.mu.Lock()
	l.r.conns++
	greet := l.r.greet
	l.r.mu.Unlock()
	if greet > 0 {
		return &slowConn{Conn: c, r: l.r, wait: greet}, nil
	}
	return c, nil
}

// slowConn waits before its first write: the greeting.
type slowConn struct {
	net.Conn
	r    *Relay
	once sync.Once
	wait time.Duration
}

func (c *slowConn) Write(p []byte) (int, error) {
	c.once.Do(func() { c.r.wait(c.wait) })
	return c.Conn.Write(p)
}

// NewSession is a connection's session (a new one after STARTTLS).
func (r *Relay) NewSession(c *smtp.Conn) (smtp.Session, error) {
	r.mu.Lock()
	r.helos = append(r.helos, c.Hostname())
	r.mu.Unlock()
	return &session{r: r, c: c}, nil
}

type session struct {
	r        *Relay
	c        *smtp.Conn
	authed   bool
	accepted int
	dropNow  bool
}

func (s *session) AuthMechanisms() []string { return s.r.opts.Mechs }

func (s *session) Auth(mech string) (sasl.Server, error) {
	s.r.mu.Lock()
	s.r.authTry = append(s.r.authTry, mech)
	s.r.mu.Unlock()
	o := s.r.opts
	check := func(user, secret, want string) error {
		if user != o.User || secret != want || want == "" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		s.r.mu.Lock()
		s.r.authOK = append(s.r.authOK, mech)
		s.r.mu.Unlock()
		return nil
	}
	switch mech {
	case "PLAIN":
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass, o.Password) }), nil
	case "LOGIN":
		return &loginServer{check: func(user, pass string) error { return check(user, pass, o.Password) }}, nil
	case "XOAUTH2":
		return &xoauth2Server{check: func(user, token string) error { return check(user, token, o.Token) }}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *session) Mail(string, *smtp.MailOptions) error {
	if _, isTLS := s.c.TLSConnectionState(); !isTLS && s.r.opts.TLS == StartTLS {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Must issue a STARTTLS command first"}
	}
	if len(s.r.opts.Mechs) > 0 && !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if e, ok := s.r.refuse[to]; ok {
		delete(s.r.refuse, to)
		return e
	}
	return nil
}

func (s *session) Data(body io.Reader) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	wait, delay := s.r.dataWait, s.r.delay
	var held, release chan struct{}
	if s.r.holdAt > 0 && s.r.accepted == s.r.holdAt && s.r.held != nil {
		held, release = s.r.held, s.r.release
		s.r.holdAt, s.r.held = 0, nil
	}
	s.r.mu.Unlock()
	if held != nil {
		close(held)
		select {
		case <-release:
		case <-s.r.done:
		}
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Held, and not accepted"}
	}
	if delay > 0 {
		s.r.wait(delay)
	}
	if wait > 0 {
		s.r.wait(wait)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 4, 2}, Message: "Timed out"}
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Not a message: " + err.Error()}
	}
	id := strings.Trim(strings.TrimSpace(m.Header.Get("Message-Id")), "<>")
	s.r.mu.Lock()
	s.r.got[id]++
	s.r.raw[id] = raw
	s.r.accepted++
	s.accepted++
	s.dropNow = s.r.drop > 0 && s.accepted%s.r.drop == 0
	s.r.mu.Unlock()
	return nil
}

// Reset comes right after the relay has answered a message's data: the
// moment to drop the connection, the message accepted.
func (s *session) Reset() {
	if s.dropNow {
		s.c.Conn().Close()
	}
}

func (s *session) Logout() error { return nil }

// loginServer is AUTH LOGIN's server side: the user name, then the password.
type loginServer struct {
	step  int
	user  string
	check func(user, pass string) error
}

func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if len(resp) == 0 {
			return []byte("Username:"), false, nil
		}
		l.step++
		l.user = string(resp)
		return []byte("Password:"), false, nil
	case 2:
		l.user = string(resp)
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(resp))
}

// xoauth2Server is AUTH XOAUTH2's server side:
// "user=NAME\x01auth=Bearer TOKEN\x01\x01".
type xoauth2Server struct {
	check func(user, token string) error
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	var user, token string
	for _, f := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(f, "user="); ok {
			user = v
		}
		if v, ok := strings.CutPrefix(f, "auth=Bearer "); ok {
			token = v
		}
	}
	if user == "" || token == "" {
		return nil, true, errors.New("malformed XOAUTH2 response")
	}
	return nil, true, x.check(user, token)
}

var cert struct {
	once sync.Once
	tls  tls.Certificate
	pem  []byte
	pool *x509.CertPool
}

// makeCert makes, once, a self-signed certificate for 127.0.0.1.
func makeCert() {
	cert.once.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "placematch test relay"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		cert.tls = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
		cert.pem = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
		cert.pool = x509.NewCertPool()
		cert.pool.AppendCertsFromPEM(cert.pem)
	})
}

// ServerTLS is the relay's TLS configuration.
func ServerTLS() *tls.Config {
	makeCert()
	return &tls.Config{Certificates: []tls.Certificate{cert.tls}, MinVersion: tls.VersionTLS12}
}

// Roots trusts the relay's certificate, and nothing else.
func Roots() *x509.CertPool { makeCert(); return cert.pool }

// CertPEM is the relay's certificate, for SSL_CERT_FILE.
func CertPEM() []byte { makeCert(); return cert.pem }
