package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// Messages to providers are built from matching.Profile and Outcome alone, so
// no case reference, initials or date of birth can reach them.

func invitationMessage(p matching.Profile, providerName, providerID string) (subject, body string) {
	subject = fmt.Sprintf("Invitation %s: %s, age %d, %s, answer by %s", p.RequestID, lotName(p.Lot), p.Age, p.Urgency, matching.ShowTime(p.Deadline))
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("Dear %s,", providerName)
	w("")
	w("%s invites you to a mini-competition on the %s DPS, lot %s.", councilName(p.Council), p.Framework, lotName(p.Lot))
	w("")
	writeProfile(&b, p)
	w("")
	w("How to answer: offer a weekly price (with how long you can carry on supporting the young person, up to age 25),")
	w("or decline with a reason, before %s (London time).", matching.ShowTime(p.Deadline))
	w("Answer in placematch:  placematch --provider %s request respond %s --weekly POUNDS [--cover-until AGE]", providerID, p.RequestID)
	w("Offers stay sealed until the deadline; you will not see other offers. You can revise or withdraw until then.")
	w("")
	writeFormula(&b, p.Weights)
	if c := matching.CapSentence(p.PriceCap); c != "" {
		w("%s", c)
	}
	return subject, b.String()
}

func writeProfile(b *strings.Builder, p matching.Profile) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	w("Request %s", p.RequestID)
	w("  Age:        %d", p.Age)
	w("  Locality:   %s", orNoneText(matching.Inert(p.Locality)))
	w("  Urgency:    %s", p.Urgency)
	w("  Start:      %s", p.Start)
	w("  Deadline:   %s (London time)", matching.ShowTime(p.Deadline))
	if p.Hours > 0 {
		w("  Hours:      %s a week", strconv.FormatFloat(p.Hours, 'f', -1, 64))
	}
	w("  Needs:      %s", orNoneText(strings.Join(p.Needs, ", ")))
	w("  Risks:      %s", orNoneText(strings.Join(p.Risks, ", ")))
	if p.Summary != "" {
		w("  Summary:    %s", strings.ReplaceAll(matching.Inert(p.Summary), "\n", "\n              "))
	}
}

func writeFormula(b *strings.Builder, wt matching.Weights) {
	b.WriteString("How offers are scored: " + matching.Formula(wt) + "\n")
	for _, t := range matching.FormulaTerms() {
		b.WriteString("  " + t + "\n")
	}
}

func outcomeMessage(p matching.Profile, o Outcome, providerName string) (subject, body string) {
	verdict := "not awarded to you"
	switch {
	case o.Won:
		verdict = "awarded to you"
	case o.Decision == matching.StatusNoAward.String():
		verdict = "no award"
	case o.Decision == matching.StatusCancelled.String():
		verdict = "cancelled"
	}
	subject = fmt.Sprintf("Outcome %s: %s", p.RequestID, verdict)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("Dear %s,", providerName)
	w("")
	w("The mini-competition %s (%s, age %d) has ended: %s.", p.RequestID, lotName(p.Lot), p.Age, verdict)
	w("")
	for _, line := range o.Explain {
		w("%s", matching.Inert(line))
	}
	if o.Own != nil {
		w("")
		w("Your offer: %s, cover until %d", matching.WeeklyWords(o.Own.WeeklyPence), o.Own.CoverUntil)
		w("  %s", matching.ScoreParts(*o.Own))
	}
	if o.Winner != nil && !o.Won {
		w("Winning offer (%s): %s", matching.Inert(o.Winner.ProviderName), matching.ScoreParts(o.Winner.Scored()))
	}
	if o.Decision != matching.StatusCancelled.String() {
		w("")
		writeFormula(&b, o.Weights)
		w("Compliant offers scored: %d.", o.Compliant)
	}
	return subject, b.String()
}

func orNoneText(s string) string {
	if s == "" {
		return "none given"
	}
	return s
}

func lotName(code string) string {
	if _, l, ok := matching.FindLot(code); ok {
		return l.Name
	}
	return code
}

func councilName(slug string) string {
	if c, ok := matching.CouncilBySlug(slug); ok {
		return c.Name + " Council"
	}
	return slug
}

// queueInvitations queues one invitation message per invited provider.
// Every invited provider gets the same letter but for the greeting: it is
// written, made inert and stored once, not once for each of what can be
// thousands of providers; the greeting is added when the message is read
// (see whole).
func queueInvitations(tx Tx, r matching.Request, invs []matching.Invitation) error {
	if len(invs) == 0 {
		return nil
	}
	subj, body := invitationMessage(matching.ProfileOf(r), "", yourID)
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "invitation", Subject: matching.Inert(subj),
		Body: matching.InertBlock(body[strings.IndexByte(body, '\n')+1:]), CreatedAt: r.BroadcastAt})
}

// queueDeadlineMoved tells every invited provider that the deadline of r
// has moved from old: one letter, greeted per provider like an invitation.
func queueDeadlineMoved(tx Tx, r matching.Request, old time.Time, now time.Time) error {
	p := matching.ProfileOf(r)
	subject := fmt.Sprintf("Deadline moved %s: answer by %s", p.RequestID, matching.ShowTime(p.Deadline))
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("")
	w("The deadline of the mini-competition %s (%s, age %d) has moved from %s to %s (London time).",
		p.RequestID, lotName(p.Lot), p.Age, matching.ShowTime(old), matching.ShowTime(p.Deadline))
	w("Nothing else has changed. An answer you sent stands; you can offer, revise, withdraw or decline until the new deadline:")
	w("  placematch --provider %s request respond %s --weekly POUNDS [--cover-until AGE]", yourID, p.RequestID)
	w("Offers stay sealed until then.")
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "update", Subject: matching.Inert(subject), Body: matching.InertBlock(b.String()), CreatedAt: now})
}

// queueClosedEarly tells every invited provider that the council closed r
// before its deadline (old): one letter, greeted per provider. It says when,
// that nothing more is taken, and that the offers made will be opened and
// scored; not the reason, which is for the record, nor anything personal.
func queueClosedEarly(tx Tx, r matching.Request, old time.Time) error {
	p := matching.ProfileOf(r)
	subject := fmt.Sprintf("Closed early %s: no more offers or changes", p.RequestID)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("")
	w("The council closed the mini-competition %s (%s, age %d)", p.RequestID, lotName(p.Lot), p.Age)
	w("early, at %s (London time), before its deadline of %s.", matching.ShowTime(r.ClosedAt), matching.ShowTime(old))
	w("No more offers, revisions, withdrawals or declines can be taken.")
	w("Offers already made will be opened and scored as the request set out,")
	w("and you will be told the outcome.")
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "update", Subject: matching.Inert(subject), Body: matching.InertBlock(b.String()), CreatedAt: r.ClosedAt})
}

// yourID stands in a shared letter for the id of the provider reading it
// (its command line to answer names it), filled in by whole.
const yourID = "<your id>"

// whole makes a message kept as a shared letter whole, greeting its
// provider and naming its id as invitationMessage does. (Inert works line by
// line, so the inert greeting, a newline and the inert rest are the inert
// whole.)
func whole(ds []Delivery) {
	for i := range ds {
		if ds[i].LetterID != 0 {
			body := strings.ReplaceAll(ds[i].Body, yourID, matching.Inert(ds[i].ProviderID))
			ds[i].Body = matching.InertBlock("Dear "+ds[i].ProviderName+",") + "\n" + body
		}
	}
}

// queueOutcomes queues each invited provider's own outcome.
func queueOutcomes(tx Tx, r matching.Request, rk matching.Ranking) error {
	invs, err := tx.Invitations(r.ID)
	if err != nil {
		return err
	}
	resps, err := tx.Responses(r.ID)
	if err != nil {
		return err
	}
	answered := map[string]bool{}
	for _, rp := range resps {
		answered[rp.ProviderID] = true
	}
	p := matching.ProfileOf(r)
	var ds []Delivery
	for _, inv := range invs {
		o := outcomeFor(r, rk, inv.ProviderID, answered[inv.ProviderID])
		subj, body := outcomeMessage(p, o, inv.ProviderName)
		d := newDelivery(r, inv, "outcome", subj, body)
		d.CreatedAt = r.EndedAt
		ds = append(ds, d)
	}
	return tx.QueueDeliveries(ds)
}

func newDelivery(r matching.Request, inv matching.Invitation, kind, subj, body string) Delivery {
	return inertDelivery(r, inv, kind, matching.Inert(subj), matching.InertBlock(body))
}

// inertDelivery is newDelivery for a subject and body already made inert.
func inertDelivery(r matching.Request, inv matching.Invitation, kind, subj, body string) Delivery {
	status := "pending"
	if inv.Email == "" {
		status = "no_address"
	}
	return Delivery{RequestID: r.ID, ProviderID: inv.ProviderID, Kind: kind, To: inv.Email, Subject: subj, Body: body,
		Status: status, CreatedAt: r.BroadcastAt}
}

// DeliveryReport says what a delivery run did.
type DeliveryReport struct {
	Sent   int      `json:"sent"`
	Failed int      `json:"failed"`
	Errors []string `json:"errors,omitempty"`
}

// deliveryLease is how long a delivery run keeps a message it claimed: a
// run that died mid-send leaves it to be sent by a later run after this.
const deliveryLease = 5 * time.Minute

// deliveryBatch is how many messages a delivery run claims, and records
// the sending of, in one transaction, when the sender takes a batch at once
// (the outbox folder): a transaction for each message made a broadcast to
// 10,000 providers take many seconds to send. In return, a run killed
// mid-batch may leave up to this many messages sent but not recorded, to be
// sent again once their claim is stale. A sender that sends one by one (a
// mail relay, up to 30 s a message when it is slow) claims one at a time,
// so that no claim outlives its lease while others wait their turn.
const deliveryBatch = 50

// Deliver sends queued messages (new ones and earlier failures) with the
// sender, recording each result. A failure stays queued for the next run;
// it never undoes the action that queued it.
func (s *Service) Deliver(ctx context.Context, sender Sender, from string) (DeliveryReport, error) {
	var rep DeliveryReport
	var after int64
	size := 1
	if _, ok := sender.(BatchSender); ok {
		size = deliveryBatch
	}
	for {
		var batch []Delivery
		if err := s.store.View(ctx, func(tx Tx) error {
			var err error
			batch, err = tx.PendingDeliveries(after, size)
			return err
		}); err != nil {
			return rep, err
		}
		if len(batch) == 0 {
			return rep, nil
		}
		after = batch[len(batch)-1].ID
		whole(batch)
		ids := make([]int64, len(batch))
		for i, d := range batch {
			ids[i] = d.ID
		}
		var mine []int64
		if err := s.store.Update(ctx, func(tx Tx) error {
			var err error
			mine, err = tx.ClaimDeliveries(ids, s.now(), s.now().Add(-deliveryLease))
			return err
		}); err != nil {
			return rep, err
		}
		var todo []Delivery
		var msgs []Message
		for _, d := range batch {
			if _, ok := slices.BinarySearch(mine, d.ID); !ok {
				continue // another process is sending it
			}
			todo = append(todo, d)
			msgs = append(msgs, Message{ID: MessageID(d), From: from,
				To: d.To, Subject: d.Subject, Body: d.Body, Date: s.now()})
		}
		var errs []error
		if bs, ok := sender.(BatchSender); ok && len(msgs) > 0 {
			errs = bs.SendBatch(msgs)
		} else {
			for _, m := range msgs {
				errs = append(errs, sender.Send(m))
			}
		}
		results := make([]DeliveryResult, len(todo))
		for i, d := range todo {
			results[i] = DeliveryResult{ID: d.ID, Status: "sent", Via: sender.Via(), At: s.now()}
			if err := errs[i]; err != nil {
				results[i].Status, results[i].LastError = "failed", err.Error()
				rep.Failed++
				rep.Errors = append(rep.Errors, d.ProviderID+": "+err.Error())
			} else {
				rep.Sent++
			}
		}
		if err := s.store.Update(ctx, func(tx Tx) error { return tx.MarkDeliveries(results) }); err != nil {
			return rep, err
		}
	}
}

// MessageID is the local part of a message's Message-ID:
// REQUEST.PROVIDER.KIND.NONCE (SEF-2026-0012.P001.invitation.9f3c2a5d0b1e4c77,
// sent as <SEF-2026-0012.P001.invitation.9f3c2a5d0b1e4c77@placematch.invalid>).
// The nonce is random and fixed when the message is queued: a retry carries
// the same Message-ID, and no other message has it, in this store, in a
// backup restored and used again, or in another council's store. Each part
// keeps to letters, digits, - and _ (anything else becomes _), so that the
// whole is RFC 5322 dot-atom text and a safe file name in the outbox folder.
func MessageID(d Delivery) string {
	var b strings.Builder
	for _, part := range []string{d.RequestID, d.ProviderID, d.Kind, d.Nonce} {
		if part == "" {
			continue // dot-atom text has no empty atoms
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		for i := 0; i < len(part); i++ {
			switch c := part[i]; {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
				b.WriteByte(c)
			default:
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// Deliveries lists the outbox, of one request or all.
func (s *Service) Deliveries(ctx context.Context, requestID string) ([]Delivery, error) {
	var out []Delivery
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Deliveries(requestID)
		return err
	})
	whole(out)
	return out, err
}

// InvitationText is an invitation as a provider reads it on a terminal: the
// anonymised request, its own answer, and after the decision its outcome.
func InvitationText(inv Invitation) string {
	var b strings.Builder
	p := inv.Profile
	fmt.Fprintf(&b, "%s, %s DPS, lot %s: %s\n\n", councilName(p.Council), p.Framework, lotName(p.Lot), p.Status)
	writeProfile(&b, p)
	b.WriteString("\n")
	switch a := inv.Answer; {
	case a == nil:
		b.WriteString("Your answer: none yet\n")
	case a.Declined:
		fmt.Fprintf(&b, "Your answer: declined (%s), %s\n", matching.Inert(a.DeclineReason), matching.ShowTime(a.Received))
	case a.Withdrawn:
		fmt.Fprintf(&b, "Your answer: %s a week, withdrawn\n", a.WeeklyPence)
	default:
		cover := "your register cover"
		if a.CoverUntil > 0 {
			cover = "cover until " + strconv.Itoa(a.CoverUntil)
		}
		fmt.Fprintf(&b, "Your answer: %s a week, %s, sent %s\n", a.WeeklyPence, cover, matching.ShowTime(a.Received))
	}
	if inv.CanAnswer {
		fmt.Fprintf(&b, "You can offer, revise, withdraw or decline until %s.\n", matching.ShowTime(p.Deadline))
	} else if c := matching.ProviderClosedWords(p); c != "" && inv.Outcome == nil {
		fmt.Fprintf(&b, "The request %s: answers can no longer be given or changed.\n", c)
	}
	if inv.Outcome != nil {
		_, body := outcomeMessage(p, *inv.Outcome, "you")
		lines := strings.SplitN(body, "\n", 3)
		b.WriteString("\nOutcome\n")
		if len(lines) == 3 {
			b.WriteString(lines[2])
		}
	} else {
		b.WriteString("\n")
		writeFormula(&b, p.Weights)
		if c := matching.CapSentence(p.PriceCap); c != "" {
			b.WriteString(c + "\n")
		}
	}
	return matching.InertBlock(b.String())
}
