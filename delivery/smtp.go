package delivery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// TLSMode is how the connection to a relay is encrypted (--smtp-tls).
type TLSMode string

const (
	// TLSAuto uses STARTTLS whenever the relay offers it, and requires it
	// before signing in.
	TLSAuto TLSMode = "auto"
	// TLSStartTLS requires STARTTLS.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit TLSMode = "tls"
	// TLSNone never encrypts, and so never signs in.
	TLSNone TLSMode = "none"
)

// ParseTLSMode reads a TLS mode by its name.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(strings.ToLower(s)); m {
	case TLSAuto, TLSStartTLS, TLSImplicit, TLSNone:
		return m, nil
	}
	return "", fmt.Errorf("--smtp-tls %q is not a TLS mode: use auto (STARTTLS when the relay offers it), starttls, tls (TLS from the start, port 465) or none", s)
}

// relayBatch is how many messages a relay takes at once, over one
// connection. Each is recorded as sent as soon as the relay has accepted
// it; a run killed mid-batch leaves the rest of its batch claimed but not
// sent, to be sent once their claim is stale.
const relayBatch = 20

// defaultTimeout bounds connecting (with TLS and sign-in), and then each
// message, when SMTP.Timeout is 0.
const defaultTimeout = 30 * time.Second

// SMTP sends through a mail relay, with go-mail: one connection for a
// batch, encrypted as TLS says, signed in with Auth. The relay's certificate
// is checked against the system's roots (SSL_CERT_FILE names more).
type SMTP struct {
	Addr string  // host:port
	TLS  TLSMode // "" is TLSAuto
	Auth Auth    // the zero Auth does not sign in
	// Helo is the name placematch gives in EHLO (the mail domain); the
	// machine's hostname when "".
	Helo string
	// Timeout bounds connecting (with TLS and the sign-in), and then each
	// message; 30 s when 0.
	Timeout time.Duration

	// rootCAs replaces the system's roots, for tests only.
	rootCAs *x509.CertPool
}

// Via names the relay.
func (s SMTP) Via() string { return "smtp " + s.Addr }

// BatchSize is relayBatch.
func (s SMTP) BatchSize() int { return relayBatch }

// Send delivers one message.
func (s SMTP) Send(m Message) error {
	return s.SendBatch(context.Background(), []Message{m}, noted)[0]
}

// noted is a taken that records nothing, for a message sent alone.
func noted(int) error { return nil }

func (s SMTP) mode() TLSMode {
	if s.TLS == "" {
		return TLSAuto
	}
	return s.TLS
}

func (s SMTP) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return defaultTimeout
}

// Check says what is wrong with the settings before any connection: an
// address without a port, an unknown TLS mode, or a sign-in that would go
// in clear.
func (s SMTP) Check() error {
	_, _, err := s.hostPort()
	if err != nil {
		return err
	}
	if _, err := ParseTLSMode(string(s.mode())); err != nil {
		return err
	}
	if s.mode() == TLSNone && s.Auth.set() {
		return fmt.Errorf("--smtp-tls none sends in clear, and placematch never signs in without TLS: use --smtp-tls auto, starttls or tls, or unset %s to send without signing in", EnvUser)
	}
	return nil
}

func (s SMTP) hostPort() (string, int, error) {
	host, p, err := net.SplitHostPort(s.Addr)
	port, perr := strconv.Atoi(p)
	if err != nil || host == "" || perr != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("the mail relay %q is not HOST:PORT: give its port too, usually 587 (STARTTLS) or 465 (--smtp-tls tls)", s.Addr)
	}
	return host, port, nil
}

// SendBatch sends the messages in order over one connection. A message
// counts as sent once the relay has accepted its data, whatever happens
// after (a connection dropped at the next command or at QUIT), and taken
// hears of it before the next message begins; when taken fails, no more
// begin. A message the relay refuses fails with the relay's words, and the
// others go on. When the connection breaks, a new one carries on with the
// rest, so long as the broken one had delivered something or it is the
// first to break. It begins no message once ctx is done; ctx being
// cancelled cuts the message in hand.
func (s SMTP) SendBatch(ctx context.Context, ms []Message, taken func(i int) error) []error {
	errs := make([]error, len(ms))
	msgs := make([]*gomail.Msg, len(ms))
	for i, m := range ms {
		msgs[i], errs[i] = newMsg(m)
	}
	failRest := func(from int, err error) {
		for j := from; j < len(ms); j++ {
			if errs[j] == nil {
				errs[j] = err
			}
		}
	}
	if err := s.Check(); err != nil {
		failRest(0, err)
		return errs
	}
	var conn *relayConn
	defer func() {
		if conn != nil {
			conn.quit()
		}
	}()
	redialed := false
	for i := 0; i < len(ms); i++ {
		if errs[i] != nil {
			continue // it could not be built
		}
		if err := ctx.Err(); err != nil {
			failRest(i, s.stopped(err))
			break
		}
		if conn == nil {
			var err error
			if conn, err = s.dial(ctx); err != nil {
				failRest(i, err)
				break
			}
		}
		err := conn.send(msgs[i])
		if err == nil || msgs[i].IsDelivered() {
			conn.delivered++
			if taken(i) != nil {
				failRest(i+1, errors.New("not sent: sending stopped, as a message before it could not be recorded as sent; it stays queued"))
				break
			}
			continue
		}
		var se *gomail.SendError
		errors.As(err, &se)
		if code := se.ErrorCode(); code >= 400 && code != 421 {
			// Refused, and the relay stays ready for the next message.
			errs[i] = fmt.Errorf("the mail relay %s refused the message: %s", s.Addr, relayWords(se))
			continue
		}
		// The connection broke (or the relay closed it, 421).
		conn.close()
		useful := conn.delivered > 0
		conn = nil
		unsure := se != nil && se.Reason == gomail.ErrSMTPDataClose && se.ErrorCode() == 0
		if unsure {
			// The relay had the whole message and did not say whether it
			// took it (a 421 would have said no): sending it again now might
			// deliver it twice.
			errs[i] = fmt.Errorf("the mail relay %s had the whole message but did not confirm it (%s): it stays queued, and may arrive twice", s.Addr, s.lost(err, se))
		}
		if !useful && redialed {
			failRest(i, fmt.Errorf("not sent: the connection to the mail relay %s was lost twice (%s); it stays queued for the next run", s.Addr, s.lost(err, se)))
			break
		}
		redialed = redialed || !useful
		if !unsure {
			i-- // the relay never had it: again, on a new connection
		}
	}
	return errs
}

// stopped is the error of a message not begun because ctx is done.
func (s SMTP) stopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("not sent: the mail relay %s took too long over this batch; it stays queued for the next run", s.Addr)
	}
	return errors.New("not sent: sending was stopped; it stays queued")
}

// lost says how the connection to the relay was lost.
func (s SMTP) lost(err error, se *gomail.SendError) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || strings.Contains(relayWords(se), "i/o timeout") {
		return fmt.Sprintf("it did not answer within %s", s.timeout())
	}
	return "the connection broke: " + relayWords(se)
}

// relayWords is what the relay answered (550 5.1.1 No such user), or
// what became of the connection, without go-mail's framing (the step it was
// at, the message's id).
func relayWords(se *gomail.SendError) string {
	if se == nil {
		return "the connection is lost"
	}
	w := strings.TrimPrefix(se.Error(), se.Reason.String()+": ")
	if i := strings.Index(w, ", affected "); i >= 0 {
		w = w[:i]
	}
	// net/textproto quotes the words of a reply: 550 "5.1.1 No such user".
	if code, quoted, ok := strings.Cut(w, " "); ok && len(code) == 3 {
		if words, err := strconv.Unquote(quoted); err == nil {
			w = code + " " + words
		}
	}
	return oneLine(w)
}

// oneLine joins the lines of a relay's reply.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// relayConn is one connection to the relay.
type relayConn struct {
	client    *gomail.Client
	smtp      *gosmtp.Client
	stop      func() bool // stops closing raw when ctx is cancelled
	raw       net.Conn
	delivered int
}

func (c *relayConn) send(m *gomail.Msg) error { return c.client.SendWithSMTPClient(c.smtp, m) }

// close drops the connection.
func (c *relayConn) close() {
	c.stop()
	c.raw.Close()
}

// quit says goodbye; what the relay answers no longer matters.
func (c *relayConn) quit() {
	c.stop()
	_ = c.client.CloseWithSMTPClient(c.smtp)
	c.raw.Close()
}

// dial connects, greets, starts TLS as the mode says and signs in.
func (s SMTP) dial(ctx context.Context) (*relayConn, error) {
	host, port, err := s.hostPort()
	if err != nil {
		return nil, err
	}
	mode := s.mode()
	cfg := &tls.Config{ServerName: host, RootCAs: s.rootCAs, MinVersion: tls.VersionTLS12}
	c := &relayConn{stop: func() bool { return false }}
	dialer := func(dctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		raw, err := d.DialContext(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		c.raw = raw
		// Cancelling ctx cuts the connection, whatever it is waiting for; its
		// deadline only stops the next message from beginning.
		c.stop = context.AfterFunc(ctx, func() {
			if errors.Is(ctx.Err(), context.Canceled) {
				raw.Close()
			}
		})
		if mode != TLSImplicit {
			return raw, nil
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			return nil, err
		}
		return tc, nil
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(s.timeout()), gomail.WithTLSConfig(cfg),
		gomail.WithDialContextFunc(dialer), gomail.WithoutNoop(), gomail.WithoutRset()}
	switch mode {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		// STARTTLS when offered; whether it was is checked below, and
		// before signing in.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.Helo != "" {
		opts = append(opts, gomail.WithHELO(s.Helo))
	}
	var in *signIn
	if s.Auth.set() {
		in = &signIn{auth: s.Auth, relay: s.Addr}
		opts = append(opts, gomail.WithSMTPAuthCustom(in))
	}
	if c.client, err = gomail.NewClient(host, opts...); err != nil {
		return nil, fmt.Errorf("cannot set up the mail relay %s: %w", s.Addr, err)
	}
	if c.smtp, err = c.client.DialToSMTPClientWithContext(ctx); err != nil {
		if c.raw != nil {
			c.close()
		}
		if ctx.Err() != nil {
			return nil, s.stopped(ctx.Err())
		}
		return nil, s.dialError(err, in)
	}
	if mode == TLSStartTLS {
		if _, err := c.smtp.GetTLSConnectionState(); err != nil {
			c.quit()
			return nil, fmt.Errorf("the mail relay %s does not offer STARTTLS, which --smtp-tls starttls requires: use --smtp-tls tls if it speaks TLS from the start (port 465)", s.Addr)
		}
	}
	return c, nil
}

// dialError says why a connection could not be made, in words that point
// at the fix.
func (s SMTP) dialError(err error, in *signIn) error {
	var own signInError
	var cert *tls.CertificateVerificationError
	var hostErr x509.HostnameError
	var rec tls.RecordHeaderError
	var reply *textproto.Error
	var ne net.Error
	switch {
	case errors.As(err, &own):
		return own
	case errors.As(err, &hostErr):
		return fmt.Errorf("the mail relay %s's certificate is not for that name (%v): give --smtp the name on its certificate", s.Addr, hostErr)
	case errors.As(err, &cert):
		return fmt.Errorf("the mail relay %s's certificate is not trusted (%v): placematch checks it against the system's certificate authorities; if the council has its own, add it to them or name its file in SSL_CERT_FILE", s.Addr, cert.Err)
	case errors.As(err, &rec):
		return fmt.Errorf("the mail relay %s does not speak TLS from the start (%v): --smtp-tls tls is for port 465; on 587 or 25 use --smtp-tls auto or starttls", s.Addr, err)
	case in != nil && in.started && errors.As(err, &reply):
		return fmt.Errorf("the mail relay %s refused the sign-in as %s: %d %s", s.Addr, s.Auth.User, reply.Code, oneLine(reply.Msg))
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("the mail relay %s did not answer within %s: it stays queued for the next run", s.Addr, s.timeout())
	case errors.As(err, &reply):
		return fmt.Errorf("the mail relay %s refused the connection: %d %s", s.Addr, reply.Code, oneLine(reply.Msg))
	}
	return fmt.Errorf("cannot reach the mail relay %s: %w", s.Addr, err)
}

// signInError is a refusal of ours to sign in, said as it is.
type signInError struct{ msg string }

func (e signInError) Error() string { return e.msg }

// signIn signs in with what the relay offers: XOAUTH2 with a token, else
// PLAIN, else LOGIN; and only over TLS, whatever the relay says.
type signIn struct {
	auth    Auth
	relay   string
	started bool
	inner   gosmtp.Auth
}

func (a *signIn) Start(server *gosmtp.ServerInfo) (string, []byte, error) {
	a.started = true
	if !server.TLS {
		return "", nil, signInError{fmt.Sprintf("the mail relay %s does not offer STARTTLS, and placematch never signs in without TLS: "+
			"use --smtp-tls tls if it speaks TLS from the start (port 465), or a relay that offers STARTTLS", a.relay)}
	}
	offers := func(mech string) bool { return slices.Contains(server.Auth, mech) }
	switch {
	case a.auth.Token != "":
		if !offers("XOAUTH2") {
			return "", nil, signInError{fmt.Sprintf("the mail relay %s does not take an OAuth token (XOAUTH2; it offers %s): sign in with %s instead of %s",
				a.relay, offered(server.Auth), EnvPassword, EnvToken)}
		}
		a.inner = gosmtp.XOAuth2Auth(a.auth.User, a.auth.Token)
	case offers("PLAIN"):
		a.inner = gosmtp.PlainAuth("", a.auth.User, a.auth.Password, server.Name, false)
	case offers("LOGIN"):
		a.inner = gosmtp.LoginAuth(a.auth.User, a.auth.Password, server.Name, false)
	default:
		return "", nil, signInError{fmt.Sprintf("the mail relay %s offers no sign-in placematch can use (it offers %s; placematch signs in with PLAIN, LOGIN or XOAUTH2)",
			a.relay, offered(server.Auth))}
	}
	return a.inner.Start(server)
}

func (a *signIn) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.inner.Next(fromServer, more)
}

func offered(mechs []string) string {
	if len(mechs) == 0 {
		return "none"
	}
	return strings.Join(mechs, " ")
}
