package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"placematch/matching"
)

// The register's life: applications, assessments, admissions, refusals,
// suspensions (ending by themselves on their end date), reinstatements,
// removals and leaving. Each operation applies a transition of matching's
// to the row, writes it, records the event and queues a letter to the
// provider, in one transaction; first it ends the suspensions that are due,
// so that every action sees the register as it truly stands.

// Apply records an application (status applied): a new provider, or one on
// the register applying for another lot (or again after a refusal,
// removal or leaving).
func (s *Service) Apply(ctx context.Context, actor string, in matching.ApplyInput) (matching.ProviderLot, error) {
	fw, _, _ := matching.FindLot(strings.TrimSpace(in.Lot))
	if err := allow(ctx, OpProviderApply, Target{Framework: fw.Code, Provider: strings.TrimSpace(in.ProviderID)}); err != nil {
		return matching.ProviderLot{}, err
	}
	act := s.act(actor)
	var out matching.ProviderLot
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, err := endSuspensions(tx, act.At); err != nil {
			return err
		}
		known, err := tx.ProviderLots(ProviderFilter{ProviderID: strings.TrimSpace(in.ProviderID)})
		if err != nil {
			return err
		}
		p, ev, err := matching.Apply(act, in, known)
		if err != nil {
			return err
		}
		if _, err := tx.UpsertProviderLots([]matching.ProviderLot{p}, act.At); err != nil {
			return err
		}
		if err := tx.UpdateProviderLot(p, act.At); err != nil {
			return err
		}
		if err := tx.AppendEvents(ev); err != nil {
			return err
		}
		out = p
		return queueRegisterLetter(tx, p, ev, act.At)
	})
	return out, err
}

// Applications are the applications waiting for a decision (of one
// framework, or all), oldest first, each with its decision date and
// whether it is overdue today.
func (s *Service) Applications(ctx context.Context, framework string) ([]matching.Application, error) {
	framework = ownFrameworkOf(ctx, strings.TrimSpace(framework))
	if _, ok := matching.FrameworkByCode(framework); framework != "" && !ok {
		return nil, matching.Invalidf("framework %q is not known: use care-support or leaving-care", framework)
	}
	if err := allow(ctx, OpApplicationsRead, Target{Framework: framework}); err != nil {
		return nil, err
	}
	var rows []matching.ProviderLot
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		rows, err = tx.ProviderLots(ProviderFilter{Framework: framework, Status: string(matching.ProviderApplied)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return applicationsOf(rows, matching.Today(s.now())), nil
}

func applicationsOf(rows []matching.ProviderLot, today time.Time) []matching.Application {
	out := make([]matching.Application, 0, len(rows))
	for _, p := range rows {
		if p.Status == matching.ProviderApplied {
			out = append(out, matching.ApplicationOf(p, today))
		}
	}
	// Oldest first: the most urgent decision at the top.
	slices.SortStableFunc(out, func(a, b matching.Application) int { return a.AppliedOn.Compare(b.AppliedOn) })
	return out
}

// Assess records a quality assessment or re-assessment (0 to 100, with a
// note): the score counts from now; requests already closed keep the
// score they were judged on.
func (s *Service) Assess(ctx context.Context, actor, providerID, lot, quality, note string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Assess(act, quality, note)
	})
}

// Admit admits an application from its framework's next admission date,
// which the row's AdmittedOn then holds.
func (s *Service) Admit(ctx context.Context, actor, providerID, lot string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Admit(act)
	})
}

// Refuse refuses an application with a reason.
func (s *Service) Refuse(ctx context.Context, actor, providerID, lot, reason string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Refuse(act, reason)
	})
}

// Suspend suspends an admitted provider with a reason, until the date
// until (reinstated by itself on it) or, when zero, until reinstated.
func (s *Service) Suspend(ctx context.Context, actor, providerID, lot, reason string, until time.Time) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Suspend(act, reason, until)
	})
}

// Reinstate ends a suspension.
func (s *Service) Reinstate(ctx context.Context, actor, providerID, lot string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Reinstate(act)
	})
}

// Remove takes an admitted or suspended provider off a lot.
func (s *Service) Remove(ctx context.Context, actor, providerID, lot, reason string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpRegisterDecide, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Remove(act, reason)
	})
}

// Leave records a provider leaving a lot (withdrawn).
func (s *Service) Leave(ctx context.Context, actor, providerID, lot, reason string) (matching.ProviderLot, error) {
	return s.changeLot(ctx, OpProviderLeave, actor, providerID, lot, func(p *matching.ProviderLot, act matching.Act) (matching.Event, error) {
		return p.Leave(act, reason)
	})
}

// EndSuspensions reinstates, as the system, every provider whose
// suspension's end date has come; CloseDue does it too.
func (s *Service) EndSuspensions(ctx context.Context) (int, error) {
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		n, err = endSuspensions(tx, s.now())
		return err
	})
	return n, err
}

// endSuspensions reinstates in tx every suspended row whose end date has
// come by now, each with its event and letter.
func endSuspensions(tx Tx, now time.Time) (int, error) {
	rows, err := tx.ProviderLots(ProviderFilter{SuspensionEndsBy: matching.Today(now)})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range rows {
		ev, due := p.SuspensionEnded(now)
		if !due {
			continue
		}
		if err := writeLot(tx, p, ev, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// changeLot applies one change to a provider's row on a lot.
func (s *Service) changeLot(ctx context.Context, op Op, actor, providerID, lot string, change func(*matching.ProviderLot, matching.Act) (matching.Event, error)) (matching.ProviderLot, error) {
	act := s.act(actor)
	providerID, lot = strings.TrimSpace(providerID), strings.TrimSpace(lot)
	var out matching.ProviderLot
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, err := endSuspensions(tx, act.At); err != nil {
			return err
		}
		p, err := providerLot(tx, providerID, lot)
		if err != nil {
			return err
		}
		if err := allow(ctx, op, Target{Framework: p.Framework, Provider: p.ProviderID}); err != nil {
			return err
		}
		ev, err := change(&p, act)
		if err != nil {
			return err
		}
		out = p
		return writeLot(tx, p, ev, act.At)
	})
	if err != nil {
		return matching.ProviderLot{}, err
	}
	return out, nil
}

func writeLot(tx Tx, p matching.ProviderLot, ev matching.Event, now time.Time) error {
	if err := tx.UpdateProviderLot(p, now); err != nil {
		return err
	}
	if err := tx.AppendEvents(ev); err != nil {
		return err
	}
	return queueRegisterLetter(tx, p, ev, now)
}

// providerLot reads one provider's row on a lot, or says clearly what is
// not there.
func providerLot(tx Tx, providerID, lot string) (matching.ProviderLot, error) {
	fw, _, ok := matching.FindLot(lot)
	if !ok {
		return matching.ProviderLot{}, matching.Invalidf("lot %q is not a lot of any framework (use %s)", lot, strings.Join(matching.AllLotCodes(), ", "))
	}
	if providerID == "" {
		return matching.ProviderLot{}, matching.Invalidf("give the provider's id (providers list shows them)")
	}
	rows, err := tx.ProviderLots(ProviderFilter{ProviderID: providerID, Framework: fw.Code, Lot: lot})
	if err != nil {
		return matching.ProviderLot{}, err
	}
	if len(rows) == 0 {
		return matching.ProviderLot{}, matching.NotFoundf("provider %s is not on lot %s: providers show %s lists its lots, and providers apply records an application", providerID, lot, providerID)
	}
	return rows[0], nil
}

// queueRegisterLetter tells the provider of a change to its row: a letter
// of the register's (of no request), from the framework's lead council.
func queueRegisterLetter(tx Tx, p matching.ProviderLot, ev matching.Event, now time.Time) error {
	fw, _ := matching.FrameworkByCode(p.Framework)
	h, err := letterheadOf(tx, fw.Lead)
	if err != nil {
		return err
	}
	subject, body := registerMessage(p, ev, fw, h)
	status := "pending"
	if p.Email == "" {
		status = "no_address"
	}
	return tx.QueueDeliveries([]Delivery{{ProviderID: p.ProviderID, Kind: "register", To: p.Email, Subject: matching.Inert(subject),
		Body: matching.InertBlock(body), Status: status, CreatedAt: now}})
}

// registerMessage is the letter telling a provider of a change to its row.
func registerMessage(p matching.ProviderLot, ev matching.Event, fw matching.Framework, h letterhead) (subject, body string) {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	lot := lotName(p.Lot)
	w("Dear %s,", p.ProviderName)
	w("")
	reason := ev.Fields.Get("reason")
	switch ev.Action {
	case matching.ActionProviderApplied:
		subject = "Application received: " + lot
		w("Your application to the %s, lot %s, was received on %s.", fw.Name, lot, matching.ShowDate(p.AppliedOn))
		w("The council will assess it and decide by %s (10 working days).", matching.ShowDate(matching.DecisionDue(p.AppliedOn)))
	case matching.ActionProviderAssessed:
		subject = "Quality assessment: " + lot
		w("Your quality assessment on lot %s is %s out of 100, from %s.", lot, ev.Fields.Get("quality"), matching.ShowDate(p.AssessedOn))
		if p.QualityNote != "" {
			w("The assessor's note: %s", p.QualityNote)
		}
		w("Mini-competitions already closed keep the score their offers were judged on.")
	case matching.ActionProviderAdmitted:
		subject = "Admitted: " + lot + " from " + matching.ShowDate(p.AdmittedOn)
		w("You are admitted to the %s, lot %s, from its next admission date, %s.", fw.Name, lot, matching.ShowDate(p.AdmittedOn))
		w("From that date you are invited to every mini-competition on the lot that you are eligible for.")
		w("The framework admits new providers on %s.", fw.AdmissionDays())
	case matching.ActionProviderRefused:
		subject = "Application refused: " + lot
		w("Your application to the %s, lot %s, was refused.", fw.Name, lot)
		w("The reason: %s", reason)
		w("You may apply again at any time.")
	case matching.ActionProviderSuspended:
		subject = "Suspended: " + lot
		w("You are suspended on lot %s of the %s.", lot, fw.Name)
		w("The reason: %s", reason)
		if u := ev.Fields.Get("until"); u != "" {
			w("The suspension ends on %s, when you are reinstated.", u)
		} else {
			w("The suspension lasts until the council reinstates you.")
		}
		w("While suspended you are not invited to mini-competitions, and an offer of yours is not scored at close.")
	case matching.ActionProviderReinstated:
		subject = "Reinstated: " + lot
		if ev.Fields.Get("cause") == matching.ReinstatedBySuspensionEnd {
			w("Your suspension on lot %s ended on %s: you are admitted again.", lot, ev.Fields.Get("suspended until"))
		} else {
			w("You are reinstated on lot %s of the %s: you are admitted again.", lot, fw.Name)
		}
	case matching.ActionProviderRemoved:
		subject = "Removed: " + lot
		w("You are removed from lot %s of the %s.", lot, fw.Name)
		w("The reason: %s", reason)
	case matching.ActionProviderLeft:
		subject = "Left: " + lot
		w("Your leaving lot %s of the %s is recorded.", lot, fw.Name)
		w("The reason given: %s", reason)
	}
	w("")
	writeContact(&b, h)
	return subject, b.String()
}
