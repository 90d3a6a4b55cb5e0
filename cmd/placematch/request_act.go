package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// tells says whether an action queues messages to providers, to be sent
// once the action is done.
type tells bool

const (
	tellsNoOne     tells = false
	tellsProviders tells = true
)

// actOn runs a command on one request whose flags are bound to fs: it reads
// them and the ID, checks that the needed flags were given, acts, and prints
// what act says was done. Messages the action queued are sent after that, so
// that a failure to send them is reported after the result; it never fails
// the command, whose action is already recorded.
func (c *cli) actOn(ctx context.Context, fs *flag.FlagSet, args []string, need []string, t tells,
	act func(ctx context.Context, id string) (done string, err error)) error {
	pos, err := parse(fs, args, 1, "ID")
	if err != nil {
		return err
	}
	if err := required(fs, need...); err != nil {
		return err
	}
	done, err := act(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.out(), done)
	if t == tellsProviders {
		c.deliver(ctx)
	}
	return nil
}

// responseFlags binds the flags of an answer that the officer's request
// respond and the provider's share.
func responseFlags(fs *flag.FlagSet, in *matching.ResponseInput) {
	fs.StringVar(&in.Weekly, "weekly", "", "weekly price")
	fs.StringVar(&in.Hourly, "hourly", "", "hourly rate")
	fs.StringVar(&in.Decline, "decline", "", "decline reason")
	fs.StringVar(&in.CoverUntil, "cover-until", "", "cover until age")
	fs.StringVar(&in.Start, "start", "", "start date")
	fs.StringVar(&in.Note, "note", "", "note")
}

// answerGiven checks that the flags give an answer, a price or a decline,
// marks a decline, and marks the fields given empty on purpose to be
// cleared (any other left out keeps what an earlier offer gave).
func answerGiven(fs *flag.FlagSet, in *matching.ResponseInput) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	in.Declined = set["decline"]
	if !set["weekly"] && !set["hourly"] && !set["decline"] {
		return usagef("request respond needs --weekly POUNDS or --decline REASON")
	}
	for _, name := range []string{"cover-until", "start", "note"} {
		if set[name] && strings.TrimSpace(fs.Lookup(name).Value.String()) == "" {
			in.Clear = append(in.Clear, name)
		}
	}
	return nil
}

// warn prints an answer's warnings on stderr: the answer is recorded (the
// command succeeds), but whoever gave it should know it will not be scored,
// or that a figure looks wrong.
func (c *cli) warn(l service.Logged) {
	for _, w := range l.Warnings {
		fmt.Fprintf(c.e.stderr, "placematch: warning: %s\n", matching.Inert(w.Text))
	}
}

func (c *cli) requestRespond(ctx context.Context, args []string) error {
	fs := newFlags("request respond")
	var in matching.ResponseInput
	fs.StringVar(&in.ProviderID, "provider", "", "provider id")
	fs.StringVar(&in.Received, "received", "", "received time")
	responseFlags(fs, &in)
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := answerGiven(fs, &in); err != nil {
			return "", err
		}
		l, err := c.svc.Respond(ctx, c.g.user, id, in)
		if err != nil {
			return "", err
		}
		c.warn(l)
		resp := l.Response
		done := fmt.Sprintf("logged the answer of %s on %s, received %s: %s", matching.Inert(in.ProviderID), matching.Inert(id),
			matching.ShowTime(resp.Received), matching.Inert(matching.OfferWords(resp)))
		if l.AllAnswered() {
			done += fmt.Sprintf("\n%s: placematch request close %s --reason TEXT closes it now; %s", matching.AllAnsweredWords(l.Invited),
				matching.Inert(id), matching.StaysOpenWords(l.Deadline))
		}
		return done, nil
	})
}

func (c *cli) requestWithdraw(ctx context.Context, args []string) error {
	fs := newFlags("request withdraw")
	pid := fs.String("provider", "", "provider id")
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsNoOne, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Withdraw(ctx, c.g.user, id, *pid); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s withdrew its offer on %s", matching.Inert(*pid), matching.Inert(id)), nil
	})
}

func (c *cli) requestExtend(ctx context.Context, args []string) error {
	fs := newFlags("request extend")
	dl := fs.String("deadline", "", "new deadline")
	return c.actOn(ctx, fs, args, []string{"deadline"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		t, err := matching.ParseTime(*dl)
		if err != nil {
			return "", err
		}
		if err := c.svc.Extend(ctx, c.g.user, id, t); err != nil {
			return "", err
		}
		return fmt.Sprintf("the deadline of %s is now %s", matching.Inert(id), matching.ShowTime(t)), nil
	})
}

func (c *cli) requestCancel(ctx context.Context, args []string) error {
	fs := newFlags("request cancel")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Cancel(ctx, c.g.user, id, *reason); err != nil {
			return "", err
		}
		return matching.Inert(id) + " cancelled", nil
	})
}

func (c *cli) requestClose(ctx context.Context, args []string) error {
	fs := newFlags("request close")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Close(ctx, c.g.user, id, *reason); err != nil {
			return "", err
		}
		return matching.Inert(id) + " closed early: every invited provider is told; the offers stay sealed until the first ranking opens them", nil
	})
}

func (c *cli) requestAward(ctx context.Context, args []string) error {
	fs := newFlags("request award")
	pid := fs.String("provider", "", "provider id")
	reason := fs.String("reason", "", "reason")
	return c.actOn(ctx, fs, args, []string{"provider"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.Award(ctx, c.g.user, id, *pid, *reason); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s awarded to %s", matching.Inert(id), matching.Inert(*pid)), nil
	})
}

func (c *cli) requestNoAward(ctx context.Context, args []string) error {
	fs := newFlags("request no-award")
	reason := fs.String("reason", "", "reason")
	spot := fs.String("spot-purchase", "", "the spot purchase made instead, with its justification")
	var sp service.SpotPlacement
	fs.StringVar(&sp.Weekly, "weekly", "", "the spot placement's weekly price, in pounds")
	fs.StringVar(&sp.ProviderName, "provider-name", "", "the spot placement's provider")
	return c.actOn(ctx, fs, args, []string{"reason"}, tellsProviders, func(ctx context.Context, id string) (string, error) {
		if err := c.svc.NoAwardSpot(ctx, c.g.user, id, *reason, *spot, sp); err != nil {
			return "", err
		}
		return matching.Inert(id) + " ended without award", nil
	})
}
