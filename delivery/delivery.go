// Package delivery sends messages to providers: through an SMTP relay when
// one is configured, otherwise as .eml files in an outbox folder. It is an
// adapter at the edge: the service declares the port (service.Sender) and
// delivery implements it, as store implements service.Store. Messages
// are built with the standard library's MIME encoders (mime, quotedprintable,
// net/mail), not by hand.
package delivery

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"path/filepath"
	"placematch/service"
	"strings"
	"time"
)

// Message is one email, as the service hands it over.
type Message = service.Message

// Bytes renders a message as RFC 5322 with a quoted-printable UTF-8 body.
func Bytes(m Message) ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("the from address %q is not an email address: %w", m.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("the address %q is not an email address: %w", m.To, err)
	}
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", to.String())
	hdr("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	hdr("Date", m.Date.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+m.ID+"@placematch.invalid>")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", `text/plain; charset="utf-8"`)
	hdr("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// The senders here implement the service's outbound port.
var (
	_ service.BatchSender = Dir{}
	_ service.Sender      = SMTP{}
)

// Dir writes each message as a .eml file in a folder (the outbox beside the
// store when no relay is configured). Writing is atomic: a temporary file
// renamed into place, so a reader never sees half a message and a retry
// overwrites the same file rather than making a second one.
type Dir struct{ Path string }

// Via names the folder.
func (d Dir) Via() string { return "outbox " + d.Path }

// Send writes the message, and makes sure it is on disk.
func (d Dir) Send(m Message) error {
	return d.SendBatch([]Message{m})[0]
}

// SendBatch writes the messages and then makes sure they are on disk, with
// one flush of the file system for all of them rather than one for each: a
// broadcast to thousands of providers otherwise waits on the disk thousands
// of times. Until the flush succeeds no message counts as sent; one written
// but not flushed is written again, to the same file, by a later try.
func (d Dir) SendBatch(ms []Message) []error {
	errs := make([]error, len(ms))
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("cannot create the outbox %s: %w", d.Path, err)
		}
		return errs
	}
	var written []string
	for i, m := range ms {
		final := filepath.Join(d.Path, m.ID+".eml")
		if errs[i] = writeFile(d.Path, final, m); errs[i] == nil {
			written = append(written, final)
		}
	}
	if len(written) == 0 {
		return errs
	}
	if err := flush(d.Path, written); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("cannot save the outbox %s to disk: %w", d.Path, err)
			}
		}
	}
	return errs
}

// writeFile writes a message atomically: a temporary file renamed into
// place, so that a reader never sees half a message.
func writeFile(dir, final string, m Message) error {
	raw, err := Bytes(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write to the outbox %s: %w", dir, err)
	}
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), final)
}

// SMTP sends through a relay with net/smtp.
type SMTP struct {
	Addr    string // host:port
	Timeout time.Duration
}

// Via names the relay.
func (s SMTP) Via() string { return "smtp " + s.Addr }

// Send delivers one message to the relay.
func (s SMTP) Send(m Message) error {
	raw, err := Bytes(m)
	if err != nil {
		return err
	}
	from, _ := mail.ParseAddress(m.From)
	to, _ := mail.ParseAddress(m.To)
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	conn, err := net.DialTimeout("tcp", s.Addr, timeout)
	if err != nil {
		return fmt.Errorf("cannot reach the mail relay %s: %w", s.Addr, err)
	}
	conn.SetDeadline(time.Now().Add(2 * timeout))
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("the mail relay %s did not greet: %w", s.Addr, err)
	}
	defer c.Close()
	if err := c.Mail(from.Address); err != nil {
		return relayErr(s.Addr, err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return relayErr(s.Addr, err)
	}
	w, err := c.Data()
	if err != nil {
		return relayErr(s.Addr, err)
	}
	if _, err := w.Write(raw); err != nil {
		return relayErr(s.Addr, err)
	}
	if err := w.Close(); err != nil {
		return relayErr(s.Addr, err)
	}
	return c.Quit()
}

func relayErr(addr string, err error) error {
	return fmt.Errorf("the mail relay %s refused the message: %w", addr, err)
}

// ErrNoAddress marks a provider with no email on the register.
var ErrNoAddress = errors.New("no email address on the register")
