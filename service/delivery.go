package service

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"placematch/matching"
)

// Messages to providers are built from matching.Profile and Outcome alone, so
// no case reference, initials or date of birth can reach them.

// letterhead is what a council's letters say about reaching it: its
// placements contact, and the server's address when providers answer in
// the app over SSH.
type letterhead struct {
	contact matching.Contact
	server  string // HOST:PORT, or empty when the council runs no server
	council string // the council's name
}

// letterheadOf reads a council's letterhead in a transaction.
func letterheadOf(tx Tx, council string) (letterhead, error) {
	c, err := tx.CouncilContact(council)
	if err != nil {
		return letterhead{}, err
	}
	st, err := tx.Settings()
	if err != nil {
		return letterhead{}, err
	}
	h := letterhead{contact: c, server: st.ServerAddress, council: councilName(council)}
	// A purchaser that is not a council of the region signs with its name.
	if p, err := purchaser(tx, council); err != nil {
		return h, err
	} else if p != nil {
		h.council = p.Name
	}
	return h, nil
}

// team is who answers for the council in a letter: its contact's name,
// else its placements team.
func (h letterhead) team() string {
	if h.contact.Name != "" {
		return h.contact.Name + ", " + h.council
	}
	return "the placements team at " + h.council
}

func invitationMessage(p matching.Profile, h letterhead, providerName, providerID string) (subject, body string) {
	subject = fmt.Sprintf("Invitation %s: %s, age %d, %s, answer by %s", p.RequestID, lotName(p.Lot), p.Age, p.Urgency, matching.ShowTime(p.Deadline))
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("Dear %s,", providerName)
	w("")
	w("%s invites you to a mini-competition on the %s DPS, lot %s.", h.council, p.Framework, lotName(p.Lot))
	w("")
	writeProfile(&b, p)
	w("")
	writeHowToAnswer(&b, p, h, providerID)
	w("Offers stay sealed until the deadline; no one sees another provider's offer. You can revise or withdraw")
	w("yours until then.")
	w("")
	writeFormula(&b, p.Weights)
	if c := matching.CapSentence(p.PriceCap); c != "" {
		w("%s", c)
	}
	return subject, b.String()
}

// writeHowToAnswer says how a provider answers, declines and asks: in the
// app over SSH when the council runs a server, else by email or phone to
// the council's placements team, who log the answer; then the council's
// contact. A letter never gives a command only the council can run.
func writeHowToAnswer(b *strings.Builder, p matching.Profile, h letterhead, providerID string) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	w("How to answer, before %s (London time):", matching.ShowTime(p.Deadline))
	if h.server != "" {
		host, port, _ := net.SplitHostPort(h.server)
		w("  In placematch: ssh -p %s %s", port, host)
		w("    signed in with the SSH key the council holds for you; choose %s, then offer or decline.", p.RequestID)
		w("  Or by email or phone to the council's placements team (below), who log your answer.")
	} else {
		w("  By email or phone to the council's placements team (below), who log your answer.")
	}
	price := "a weekly price"
	if p.Hours > 0 {
		price = "a weekly price (or an hourly rate, for " + strconv.FormatFloat(p.Hours, 'f', -1, 64) + " hours a week)"
	}
	w("To offer, give %s, the age up to which you could carry on supporting the", price)
	w("young person (at most 25), and your start date if it is not %s.", p.Start)
	w("To decline, say so, with a short reason. Either way, give your provider id: %s.", providerID)
	w("")
	writeContact(b, h)
}

// writeContact names the council's placements contact, as every letter to
// providers does.
func writeContact(b *strings.Builder, h letterhead) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	w("The council's contact: %s", h.team())
	if h.contact.Email != "" {
		w("  Email: %s (or reply to this message)", h.contact.Email)
	} else {
		w("  Email: reply to this message")
	}
	if h.contact.Phone != "" {
		w("  Phone: %s", h.contact.Phone)
	}
	w("")
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

// outcomeMessage is a provider's outcome letter: the outcome as the app
// shows it (writeOutcome), with the provider's own offer.
func outcomeMessage(p matching.Profile, h letterhead, o Outcome, providerName string) (subject, body string) {
	subject = fmt.Sprintf("Outcome %s: %s", p.RequestID, matching.DebriefVerdict(o.Debrief))
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\n", providerName)
	writeOutcome(&b, p, o, true)
	b.WriteString("\nQuestions about this outcome go to the council.\n")
	writeContact(&b, h)
	return subject, b.String()
}

// writeOutcome writes a provider's outcome as text: the decision, the
// explanation in its own words, the score table (each score once) and the
// formula once. withOffer adds the provider's own price and cover, for a
// letter that does not show its answer beside.
func writeOutcome(b *strings.Builder, p matching.Profile, o Outcome, withOffer bool) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	w("The mini-competition %s (%s, age %d) has ended: %s.", p.RequestID, lotName(p.Lot), p.Age, matching.DebriefVerdict(o.Debrief))
	w("")
	for _, line := range o.Explain {
		w("%s", matching.Inert(line))
	}
	table := OutcomeTable(o)
	if table != nil {
		w("")
		if withOffer && o.Own != nil {
			w("Your offer: %s, cover until %d.", matching.WeeklyWords(o.Own.WeeklyPence), o.Own.CoverUntil)
			w("")
		}
		for _, l := range table {
			w("  %s", l)
		}
	}
	if o.Status != matching.StatusCancelled {
		w("")
		writeFormula(b, o.Weights)
		if table != nil {
			w("  %s", matching.PointsTerm())
		}
	}
}

// OutcomeTable lays out a provider's score table (matching.DebriefTable) as
// lines of text, the same in the letter and on the screen; nil when no
// offer of the outcome was scored.
func OutcomeTable(o Outcome) []string {
	rows := matching.DebriefTable(o.Debrief)
	if rows == nil {
		return nil
	}
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, utf8.RuneCountInString(r[0])+1)
	}
	const scoreW, pointsW, gap = 7, 8, 4
	out := make([]string, len(rows))
	for i, r := range rows {
		var b strings.Builder
		b.WriteString(r[0] + strings.Repeat(" ", labelW-utf8.RuneCountInString(r[0])))
		for j := 1; j+1 < len(r); j += 2 {
			if j > 1 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			if i == 0 { // an offer's name over its pair of columns
				fmt.Fprintf(&b, "%*s", scoreW+pointsW, r[j+1])
				continue
			}
			fmt.Fprintf(&b, "%*s%*s", scoreW, r[j], pointsW, r[j+1])
		}
		out[i] = strings.TrimRight(b.String(), " ")
	}
	return out
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
	h, err := letterheadOf(tx, r.Council)
	if err != nil {
		return err
	}
	subj, body := invitationMessage(matching.ProfileOf(r), h, "", yourID)
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "invitation", Subject: matching.Inert(subj),
		Body: matching.InertBlock(body[strings.IndexByte(body, '\n')+1:]), CreatedAt: r.BroadcastAt})
}

// queueDeadlineMoved tells every invited provider that the deadline of r
// has moved from old: one letter, greeted per provider like an invitation.
func queueDeadlineMoved(tx Tx, r matching.Request, old time.Time, now time.Time) error {
	h, err := letterheadOf(tx, r.Council)
	if err != nil {
		return err
	}
	p := matching.ProfileOf(r)
	subject := fmt.Sprintf("Deadline moved %s: answer by %s", p.RequestID, matching.ShowTime(p.Deadline))
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("")
	w("The deadline of the mini-competition %s (%s, age %d) has moved from %s to %s (London time).",
		p.RequestID, lotName(p.Lot), p.Age, matching.ShowTime(old), matching.ShowTime(p.Deadline))
	w("Nothing else has changed. An answer you sent stands; you can offer, revise, withdraw or decline until the new deadline.")
	w("Offers stay sealed until then.")
	w("")
	writeHowToAnswer(&b, p, h, yourID)
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "update", Subject: matching.Inert(subject), Body: matching.InertBlock(b.String()), CreatedAt: now})
}

// queueStartMoved tells every invited provider that the start date of r
// has moved from old, and why when a reason was given: one letter, greeted
// per provider, with the council's contact.
func queueStartMoved(tx Tx, r matching.Request, old time.Time, reason string, now time.Time) error {
	h, err := letterheadOf(tx, r.Council)
	if err != nil {
		return err
	}
	p := matching.ProfileOf(r)
	subject := fmt.Sprintf("Start date moved %s: now %s", p.RequestID, p.Start)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("")
	w("The start date of the mini-competition %s (%s, age %d) has moved from %s to %s.",
		p.RequestID, lotName(p.Lot), p.Age, matching.ShowDate(old), p.Start)
	if reason = strings.TrimSpace(reason); reason != "" {
		w("The council's reason: %s", reason)
	}
	w("The young person's age, the needs and how offers are scored are unchanged. An answer you sent stands;")
	w("you can offer, revise (a start date of your own too), withdraw or decline until the deadline, %s (London time).",
		matching.ShowTime(p.Deadline))
	w("Offers stay sealed until then.")
	w("")
	writeHowToAnswer(&b, p, h, yourID)
	return tx.QueueLetter(Letter{RequestID: r.ID, Kind: "update", Subject: matching.Inert(subject), Body: matching.InertBlock(b.String()), CreatedAt: now})
}

// queueClosedEarly tells every invited provider that the council closed r
// before its deadline (old): one letter, greeted per provider. It says when,
// that nothing more is taken, and that the offers made will be opened and
// scored; not the reason, which is for the record, nor anything personal.
func queueClosedEarly(tx Tx, r matching.Request, old time.Time) error {
	h, err := letterheadOf(tx, r.Council)
	if err != nil {
		return err
	}
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
	w("")
	writeContact(&b, h)
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
	answers := map[string]*matching.Response{}
	for i, rp := range resps {
		answers[rp.ProviderID] = &resps[i]
	}
	h, err := letterheadOf(tx, r.Council)
	if err != nil {
		return err
	}
	p := matching.ProfileOf(r)
	var ds []Delivery
	for _, inv := range invs {
		o := outcomeFor(r, rk, inv.ProviderID, answers[inv.ProviderID])
		subj, body := outcomeMessage(p, h, o, inv.ProviderName)
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
	// Waiting is how many messages another run has claimed and not yet
	// recorded, which this run left to it: a run sending them now, or one
	// that died mid-send, whose claim lapses by WaitUntil.
	Waiting   int       `json:"waiting,omitempty"`
	WaitUntil time.Time `json:"wait_until,omitzero"`
}

// deliveryLease is how long a delivery run keeps a message it claimed: a
// run that died mid-send leaves it to be sent by a later run after this.
const deliveryLease = 5 * time.Minute

// batchTime is how long a sender that takes a batch at once may spend on it
// before it must stop beginning messages: well inside the lease, so that the
// message in hand when it stops (a relay bounds each by its own timeout) is
// done, and the batch recorded, before another run may take it.
const batchTime = deliveryLease / 2

// Envelope is what a delivery run writes on every message besides the
// message itself. What it leaves empty comes from the store: the sender and
// the Message-ID's domain from the server's settings, the Reply-To from
// each council's placements contact.
type Envelope struct {
	// From is the sender's address: the settings' mail-from when "", else
	// DefaultFrom.
	From string
	// Domain is the Message-ID's domain: the settings' mail-domain when "",
	// else DefaultMessageDomain.
	Domain string
	// ReplyTo gives the Reply-To of a council's messages (by the council's
	// slug). Nil: the council's contact email, or none.
	ReplyTo func(council string) string
}

// DefaultFrom is the sender of messages when neither --from nor the
// server's settings give one.
const DefaultFrom = "placematch@localhost"

// filled is the envelope with what it leaves empty taken from the
// settings.
func (env Envelope) filled(st matching.Settings) Envelope {
	if env.From == "" {
		env.From = st.MailFrom
	}
	if env.From == "" {
		env.From = DefaultFrom
	}
	if env.Domain == "" {
		env.Domain = st.MailDomain
	}
	return env
}

// Deliver sends queued messages (new ones and earlier failures) with the
// sender, recording each result. A failure stays queued for the next run;
// it never undoes the action that queued it.
//
// Each message is recorded as sent in a transaction of its own as soon as
// the sender has delivered it (the relay accepted it, or its file is on
// disk), before the next one begins: a run killed mid-send leaves at most
// the message in hand delivered but not recorded, to go again once its
// claim is stale. Messages are claimed a batch at a time (BatchSender.
// BatchSize: one connection to a relay for a batch), and a batch has
// batchTime, so that no claim outlives its lease. A sender that sends one
// by one claims one at a time, so that no claim outlives its lease while
// others wait their turn.
func (s *Service) Deliver(ctx context.Context, sender Sender, env Envelope) (DeliveryReport, error) {
	if err := allow(ctx, OpOutboxSend, Target{}); err != nil {
		return DeliveryReport{}, err
	}
	var rep DeliveryReport
	var after int64
	size := 1
	bs, batched := sender.(BatchSender)
	if batched {
		size = max(1, bs.BatchSize())
	} else {
		bs = oneByOne{sender}
	}
	council := map[string]string{} // request id -> council slug, for Reply-To
	replyTo := map[string]string{} // council slug -> its contact's email
	if err := s.store.View(ctx, func(tx Tx) error {
		st, err := tx.Settings()
		env = env.filled(st)
		return err
	}); err != nil {
		return rep, err
	}
	others := false // whether another run held some of the messages
	for {
		var batch []Delivery
		if err := s.store.View(ctx, func(tx Tx) error {
			var err error
			if batch, err = tx.PendingDeliveries(after, size); err != nil {
				return err
			}
			for _, d := range batch {
				if _, ok := council[d.RequestID]; ok {
					continue
				}
				if d.RequestID == "" {
					council[""] = "" // a letter of the register's: its contact is in its body
					continue
				}
				r, err := tx.Request(d.RequestID)
				if err != nil {
					return err
				}
				council[d.RequestID] = r.Council
				if _, ok := replyTo[r.Council]; !ok && env.ReplyTo == nil {
					c, err := tx.CouncilContact(r.Council)
					if err != nil {
						return err
					}
					replyTo[r.Council] = c.Email
				}
			}
			return nil
		}); err != nil {
			return rep, err
		}
		if len(batch) == 0 {
			break
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
		others = others || len(mine) < len(batch)
		var todo []Delivery
		var msgs []Message
		for _, d := range batch {
			if _, ok := slices.BinarySearch(mine, d.ID); !ok {
				continue // another process is sending it
			}
			todo = append(todo, d)
			m := Message{ID: MessageID(d), Domain: env.Domain, From: env.From,
				To: d.To, Subject: d.Subject, Body: d.Body, Date: s.now()}
			if env.ReplyTo != nil {
				m.ReplyTo = env.ReplyTo(council[d.RequestID])
			} else {
				m.ReplyTo = replyTo[council[d.RequestID]]
			}
			msgs = append(msgs, m)
		}
		if len(msgs) == 0 {
			continue
		}
		// Recorded even when the run is being stopped: a message the relay
		// has accepted counts as sent, and must not be sent again.
		keep := context.WithoutCancel(ctx)
		var lost error // a delivered message that could not be recorded
		bctx, cancel := context.WithTimeout(ctx, batchTime)
		errs := bs.SendBatch(bctx, msgs, func(i int) error {
			res := DeliveryResult{ID: todo[i].ID, Status: "sent", Via: sender.Via(), At: s.now()}
			if err := s.store.Update(keep, func(tx Tx) error { return tx.MarkDeliveries([]DeliveryResult{res}) }); err != nil {
				lost = fmt.Errorf("the message to %s went, but could not be recorded as sent (%w): sending stopped, and it may go again on a later run", todo[i].ProviderID, err)
				return lost
			}
			rep.Sent++
			return nil
		})
		cancel()
		var failed []DeliveryResult
		for i, d := range todo {
			if err := errs[i]; err != nil {
				failed = append(failed, DeliveryResult{ID: d.ID, Status: "failed", LastError: err.Error(), Via: sender.Via(), At: s.now()})
				rep.Failed++
				rep.Errors = append(rep.Errors, d.ProviderID+": "+err.Error())
			}
		}
		if len(failed) > 0 {
			if err := s.store.Update(keep, func(tx Tx) error { return tx.MarkDeliveries(failed) }); err != nil && lost == nil {
				return rep, err
			}
		}
		if lost != nil {
			return rep, lost
		}
	}
	if others {
		return rep, s.store.View(ctx, func(tx Tx) error {
			rep.Waiting, rep.WaitUntil = 0, time.Time{}
			return s.claimedByOthers(tx, &rep)
		})
	}
	return rep, nil
}

// claimedByOthers counts the messages another run has claimed and not
// recorded, and when the last claim lapses.
func (s *Service) claimedByOthers(tx Tx, rep *DeliveryReport) error {
	var after int64
	stale := s.now().Add(-deliveryLease)
	for {
		ds, err := tx.PendingDeliveries(after, 500)
		if err != nil || len(ds) == 0 {
			return err
		}
		after = ds[len(ds)-1].ID
		for _, d := range ds {
			if !d.SentAt.IsZero() && d.SentAt.After(stale) {
				rep.Waiting++
				if lapse := d.SentAt.Add(deliveryLease); lapse.After(rep.WaitUntil) {
					rep.WaitUntil = lapse
				}
			}
		}
	}
}

// oneByOne sends with a Sender that takes one message at a time.
type oneByOne struct{ Sender }

func (o oneByOne) BatchSize() int { return 1 }

func (o oneByOne) SendBatch(ctx context.Context, ms []Message, taken func(int) error) []error {
	errs := make([]error, len(ms))
	var stop error
	for i, m := range ms {
		if stop == nil && ctx.Err() != nil {
			stop = errors.New("not sent: sending was stopped; it stays queued")
		}
		if stop != nil {
			errs[i] = stop
			continue
		}
		if errs[i] = o.Send(m); errs[i] == nil && taken(i) != nil {
			stop = errors.New("not sent: sending stopped, as a message before it could not be recorded as sent; it stays queued")
		}
	}
	return errs
}

// MessageID is the local part of a message's Message-ID:
// REQUEST.PROVIDER.KIND.NONCE (SEF-2026-0012.P001.invitation.9f3c2a5d0b1e4c77,
// sent as <SEF-2026-0012.P001.invitation.9f3c2a5d0b1e4c77@placematch.invalid>, or
// at the domain the Envelope gives).
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
	if requestID != "" {
		if err := s.allowRequest(ctx, OpOutboxRead, requestID); err != nil {
			return nil, err
		}
	} else if err := allowEverywhere(ctx, OpOutboxRead); err != nil {
		return nil, err
	}
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
		b.WriteString("\nOutcome\n")
		writeOutcome(&b, p, *inv.Outcome, false)
	} else {
		b.WriteString("\n")
		writeFormula(&b, p.Weights)
		if c := matching.CapSentence(p.PriceCap); c != "" {
			b.WriteString(c + "\n")
		}
	}
	return matching.InertBlock(b.String())
}

// Resent is what a resend queued: how many messages now wait to be sent,
// and the providers still with no email, to phone.
type Resent struct {
	Waiting int           `json:"waiting"`
	ToPhone []Unreachable `json:"to_phone"`
}

// Resend queues messages to providers again, to the address the register
// now gives (a provider's email added since, or corrected): for a request,
// a provider or both (empty: all). Messages never sent go; for one
// provider of one request, those already sent go again too, as new
// messages, since the provider says they never arrived.
func (s *Service) Resend(ctx context.Context, requestID, providerID string) (Resent, error) {
	if requestID != "" {
		if err := s.allowRequest(ctx, OpOutboxResend, requestID); err != nil {
			return Resent{}, err
		}
	} else if err := allowEverywhere(ctx, OpOutboxResend); err != nil {
		return Resent{}, err
	}
	requestID, providerID = strings.TrimSpace(requestID), strings.TrimSpace(providerID)
	out := Resent{ToPhone: []Unreachable{}}
	err := s.store.Update(ctx, func(tx Tx) error {
		if requestID != "" {
			r, err := tx.Request(requestID)
			if err != nil {
				return err
			}
			if providerID != "" {
				invs, err := tx.Invitations(r.ID)
				if err != nil {
					return err
				}
				if !slices.ContainsFunc(invs, func(inv matching.Invitation) bool { return inv.ProviderID == providerID }) {
					return matching.NotFoundf("%s was not invited to %s, so there is nothing to send it: see who was with placematch request show %s", providerID, r.ID, r.ID)
				}
			}
		}
		n, unreachable, err := tx.Requeue(requestID, providerID, requestID != "" && providerID != "", s.now())
		if err != nil {
			return err
		}
		out.Waiting = n
		if unreachable != nil {
			out.ToPhone = unreachable
		}
		return nil
	})
	return out, err
}
