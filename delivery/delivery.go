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
	"strings"
	"sync"

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
// overwrites the same file rather than making a second one. The folder and
// its files are its owner's only: they are letters to providers.
type Dir struct{ Path string }

// Via names the folder.
func (d Dir) Via() string { return "outbox " + d.Path }

// Send writes the message, and makes sure it is on disk.
func (d Dir) Send(m Message) error {
	return d.SendBatch(context.Background(), []Message{m}, noted)[0]
}

// BatchSize: a folder is claimed 50 messages at a time.
func (d Dir) BatchSize() int { return 50 }

// SendBatch writes the messages one by one, each synced to disk and
// renamed into place before taken hears of it, so that a run killed
// mid-batch leaves at most the message in hand written but not recorded: a
// pickup that takes the files away (a mail system sending them) sees each
// message once, but for that one. The folder, which names the files, is
// synced once at the end of the batch: syncing it after every file doubled
// the cost of each message, and a record of a message as sent reaches the
// disk only through the store's own later sync, which on a journalling file
// system (ext4, XFS) commits the renames made before it.
func (d Dir) SendBatch(ctx context.Context, ms []Message, taken func(i int) error) []error {
	errs := make([]error, len(ms))
	failRest := func(from int, err error) {
		for j := from; j < len(ms); j++ {
			if errs[j] == nil {
				errs[j] = err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		failRest(0, fmt.Errorf("not written to the outbox: %w", err))
		return errs
	}
	if err := d.ready(); err != nil {
		failRest(0, err)
		return errs
	}
	written := false
	for i, m := range ms {
		if err := ctx.Err(); err != nil {
			failRest(i, fmt.Errorf("not written to the outbox: %w", err))
			break
		}
		final := filepath.Join(d.Path, m.ID+".eml")
		if errs[i] = writeFile(d.Path, final, m); errs[i] != nil {
			continue
		}
		written = true
		if taken(i) != nil {
			failRest(i+1, errors.New("not written: writing stopped, as a message before it could not be recorded as sent; it stays queued"))
			break
		}
	}
	if written {
		// A failure here leaves nothing to undo: each message is on disk
		// already; the names of the last few may be lost with the power.
		syncPath(d.Path)
	}
	return errs
}

// tightened are the outbox folders made private in this process.
var tightened sync.Map

// ready makes the folder if need be, and makes it and the messages in it
// its owner's only: a folder made by an older placematch, or by hand, may be
// open to others (0755, with .eml files at 0644). It looks at what is
// there once in a process.
func (d Dir) ready() error {
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return fmt.Errorf("cannot create the outbox %s: %w", d.Path, err)
	}
	if _, done := tightened.Load(d.Path); done {
		return nil
	}
	private := func(path string, mode os.FileMode) error {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&os.ModeSymlink != 0 || st.Mode().Perm()&0o077 == 0 {
			return nil // gone, a link (left alone), or private already
		}
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("cannot make the outbox %s private to its owner (it is open to others): %w", d.Path, err)
		}
		return nil
	}
	if err := private(d.Path, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(d.Path)
	if err != nil {
		return fmt.Errorf("cannot read the outbox %s: %w", d.Path, err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".tmp-")) {
			if err := private(filepath.Join(d.Path, e.Name()), 0o600); err != nil {
				return err
			}
		}
	}
	tightened.Store(d.Path, true)
	return nil
}

// writeFile writes a message atomically and durably: a temporary file,
// synced to disk, renamed into place, so that a reader never sees half a
// message.
func writeFile(dir, final string, m Message) error {
	raw, err := Bytes(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write to the outbox %s: %w", dir, err)
	}
	_, err = tmp.Write(raw)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write to the outbox %s: %w", dir, err)
	}
	return os.Rename(tmp.Name(), final)
}

// syncPath makes a file or folder durable: a folder's sync saves the names
// in it.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ErrNoAddress marks a provider with no email on the register.
var ErrNoAddress = errors.New("no email address on the register")
