package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"placematch/delivery"
	"placematch/matching"
	"placematch/service"
)

// sender is where messages to providers go: the relay when configured,
// otherwise the outbox folder given, or the one beside an SQLite store. A
// relay's settings that cannot work (a sign-in in clear, a password given
// twice) are refused before anything is sent.
func (c *cli) sender(ctx context.Context) (service.Sender, error) {
	switch {
	case c.g.smtp != "":
		s := delivery.SMTP{Addr: c.g.smtp, TLS: c.g.smtpTLS}
		if c.g.smtpAuth != nil {
			auth, err := c.g.smtpAuth()
			if err != nil {
				return nil, err
			}
			s.Auth = auth
		}
		// The relay is greeted with the server's mail domain, else the
		// machine's name.
		st, err := c.svc.Settings(ctx)
		if err != nil {
			return nil, err
		}
		s.Helo = st.MailDomain
		return s, s.Check()
	case c.g.outbox != "":
		return delivery.Dir{Path: c.g.outbox}, nil
	case isServerStore(c.path):
		return nil, errNoOutbox
	}
	return delivery.Dir{Path: filepath.Join(filepath.Dir(c.path), "outbox")}, nil
}

// envelope is what every message carries besides itself: --from (or
// PLACEMATCH_FROM) overrides the settings' sender; the rest comes from the
// store (see service.Envelope).
func (c *cli) envelope() service.Envelope {
	return service.Envelope{From: c.g.from}
}

// deliverNow sends what is queued, through the sender.
func (c *cli) deliverNow(ctx context.Context) (service.DeliveryReport, error) {
	sender, err := c.sender(ctx)
	if err != nil {
		return service.DeliveryReport{}, err
	}
	return c.svc.Deliver(ctx, sender, c.envelope())
}

// isServerStore reports whether the store is a database server's (a
// postgres:// URL) rather than a file, which has a folder beside it.
func isServerStore(dsn string) bool {
	low := strings.ToLower(dsn)
	return strings.HasPrefix(low, "postgres://") || strings.HasPrefix(low, "postgresql://")
}

// errNoOutbox is why nothing is sent from a store on a database server
// when no relay or outbox folder was given. It is said once and nothing is
// tried: each message stays queued as it was (trying each of 10,000 and
// recording its failure took half a minute and said nothing more).
var errNoOutbox = errors.New("a store on a database server has no outbox folder beside it: give --smtp HOST:PORT, or --outbox DIR (or PLACEMATCH_OUTBOX)")

// deliver sends what an action queued. Its failure is reported but never
// fails the action, which is already recorded.
func (c *cli) deliver(ctx context.Context) {
	rep, err := c.deliverNow(ctx)
	if err != nil {
		fmt.Fprintf(c.e.stderr, "placematch: messages to providers are queued but could not be sent yet (%s): run placematch outbox send to retry\n", matching.Inert(err.Error()))
		return
	}
	if rep.Failed > 0 {
		fmt.Fprintf(c.e.stderr, "placematch: %d message(s) to providers could not be sent yet (%s); they stay queued: run placematch outbox send to retry\n",
			rep.Failed, matching.Inert(rep.Errors[0]))
	}
}

func (c *cli) outboxList(ctx context.Context, args []string) error {
	fs := newFlags("outbox list")
	req := fs.String("request", "", "request id")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	ds, err := c.svc.Deliveries(ctx, *req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSONList(c.out(), ds)
	}
	tw := newTable(c.out(), "ID", "REQUEST", "PROVIDER", "KIND", "STATUS", "TRIES", "TO", "NOTE")
	for _, d := range ds {
		note := d.LastError
		if d.Status == "no_address" {
			note = "no email on the register: phone the provider, or add its email and run outbox resend"
		}
		if d.Status == "sent" {
			note = "via " + d.Via + " at " + matching.ShowTime(d.SentAt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, matching.Inert(d.RequestID), matching.Inert(d.ProviderID), d.Kind, d.Status, d.Attempts,
			orDash(d.To), matching.Inert(note))
	}
	return tw.Flush()
}

func (c *cli) outboxSend(ctx context.Context, args []string) error {
	fs := newFlags("outbox send")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	sender, err := c.sender(ctx)
	if err != nil {
		return fmt.Errorf("nothing sent: %w", err)
	}
	rep, err := c.svc.Deliver(ctx, sender, c.envelope())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "sent %d, failed %d (via %s)\n", rep.Sent, rep.Failed, sender.Via())
	for _, e := range rep.Errors {
		fmt.Fprintf(c.out(), "  %s\n", matching.Inert(e))
	}
	if rep.Waiting > 0 {
		fmt.Fprintln(c.out(), matching.ClaimedWords(rep.Waiting, rep.WaitUntil))
	}
	if rep.Failed > 0 || rep.Waiting > 0 {
		return exitError{1}
	}
	return nil
}

func (c *cli) outboxResend(ctx context.Context, args []string) error {
	fs := newFlags("outbox resend")
	req := fs.String("request", "", "only this request's messages")
	prov := fs.String("provider", "", "only this provider's messages; with --request, those already sent go again too")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	res, err := c.svc.Resend(ctx, *req, *prov)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(c.out(), res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.out(), "%s waiting to be sent\n", plural(res.Waiting, "message"))
		for _, u := range res.ToPhone {
			fmt.Fprintf(c.out(), "  %-8s %-40s %s\n", matching.Inert(u.ProviderID), matching.Inert(u.ProviderName),
				matching.Inert(matching.ProviderContactWords("", u.Phone)))
		}
		if len(res.ToPhone) > 0 {
			fmt.Fprintln(c.out(), "Add their email to the register (providers import) and resend, or phone them.")
		}
	}
	c.deliver(ctx)
	return nil
}
