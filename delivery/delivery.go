// Package delivery sends messages to providers: through an SMTP relay when
// one is configured, otherwise as .eml files in an outbox folder. It is an
// adapter at the edge: the service declares the port (service.Sender) and
// delivery implements it, as store implements service.Store. Messages are
// built and sent with github.com/wneessen/go-mail, so that what the outbox
// folder holds is what a relay receives.
package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"placematch/service"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email, as the service hands it over.
type Message = service.Message

// newMsg builds a message as go-mail sends it: plain text, UTF-8, quoted-
// printable (7-bit clean, lines well under RFC 5322's limit), with the
// service's Message-ID and date. Each address is checked first, so that a
// bad one is named in words of ours.
func newMsg(m Message) (*gomail.Msg, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("the from address %q is not an email address: %w", m.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("the address %q is not an email address: %w", m.To, err)
	}
	if m.Domain != "" && !dotAtom(m.Domain) {
		return nil, fmt.Errorf("the mail domain %q is not a domain name (such as council.example.org)", m.Domain)
	}
	msg := gomail.NewMsg(gomail.WithEncoding(gomail.EncodingQP), gomail.WithCharset(gomail.CharsetUTF8), gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	if m.ReplyTo != "" {
		rt, err := mail.ParseAddress(m.ReplyTo)
		if err != nil {
			return nil, fmt.Errorf("the reply-to address %q is not an email address: %w", m.ReplyTo, err)
		}
		msg.ReplyToMailAddress(rt)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(m.Date)
	msg.SetMessageIDWithValue(m.MessageIDAddr())
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

// dotAtom reports whether s is RFC 5322 dot-atom text of letters, digits
// and hyphens, as a domain in a Message-ID must be here.
func dotAtom(s string) bool {
	for _, label := range bytes.Split([]byte(s), []byte(".")) {
		if len(label) == 0 {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Bytes renders a message as RFC 5322, as it is written to the outbox and
// sent to a relay.
func Bytes(m Message) ([]byte, error) {
	msg, err := newMsg(m)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("cannot write the message %s: %w", m.ID, err)
	}
	return b.Bytes(), nil
}

// The senders here implement the service's outbound port.
var (
	_ service.BatchSender = Dir{}
	_ service.BatchSender = SMTP{}
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
	return d.SendBatch(context.Background(), []Message{m})[0]
}

// BatchSize: a folder takes 50 messages at once, each written and all
// flushed together; more would leave more sent but not recorded when a run
// is killed mid-batch.
func (d Dir) BatchSize() int { return 50 }

// SendBatch writes the messages and then makes sure they are on disk, with
// one flush of the file system for all of them rather than one for each: a
// broadcast to thousands of providers otherwise waits on the disk thousands
// of times. Until the flush succeeds no message counts as sent; one written
// but not flushed is written again, to the same file, by a later try.
func (d Dir) SendBatch(ctx context.Context, ms []Message) []error {
	errs := make([]error, len(ms))
	if err := ctx.Err(); err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("not written to the outbox: %w", err)
		}
		return errs
	}
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

// ErrNoAddress marks a provider with no email on the register.
var ErrNoAddress = errors.New("no email address on the register")
