package service

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"placematch/matching"
)

// TermDecisionView is an extension decided, for a listing.
type TermDecisionView struct {
	N      int    `json:"extension"`
	Years  int    `json:"years"`
	On     string `json:"decided_on"`
	Reason string `json:"reason"`
	Actor  string `json:"actor"`
}

// FrameworkView is a framework with its term as it stands today: its
// ends, what may still be decided, whether the commissioner is reminded,
// and whether new requests on it are refused; and its purchasers that are
// not councils of the region.
type FrameworkView struct {
	Code       string                 `json:"framework"`
	Name       string                 `json:"name"`
	Lead       string                 `json:"lead"`
	Term       matching.FrameworkTerm `json:"-"`
	Purchasers []matching.Purchaser   `json:"-"`
	// State says in words where the term stands today.
	State string `json:"state"`
	// Today is the London date the view was made on.
	Today time.Time `json:"-"`
}

// MarshalJSON writes the view with its term's dates as YYYY-MM-DD.
func (v FrameworkView) MarshalJSON() ([]byte, error) {
	type purchaser struct {
		Slug string `json:"slug"`
		Name string `json:"name"`
		GSS  string `json:"gss,omitempty"`
		Code string `json:"code"`
	}
	out := struct {
		Code           string             `json:"framework"`
		Name           string             `json:"name"`
		Lead           string             `json:"lead"`
		Recorded       bool               `json:"term_recorded"`
		Start          string             `json:"start,omitempty"`
		Years          string             `json:"years,omitempty"`
		CurrentEnd     string             `json:"current_end,omitempty"`
		LastEnd        string             `json:"last_end,omitempty"`
		ExtensionsLeft int                `json:"extensions_left"`
		ReminderFrom   string             `json:"reminder_from,omitempty"`
		ReminderDue    bool               `json:"reminder_due"`
		Refused        bool               `json:"new_requests_refused"`
		Decisions      []TermDecisionView `json:"extensions"`
		State          string             `json:"state"`
		Purchasers     []purchaser        `json:"purchasers"`
	}{Code: v.Code, Name: v.Name, Lead: v.Lead, Recorded: v.Term.Recorded(), Decisions: v.Decisions(), State: v.State,
		Purchasers: []purchaser{}, ExtensionsLeft: v.Term.ExtensionsLeft()}
	if out.Recorded {
		t := v.Term
		out.Start, out.Years, out.CurrentEnd, out.LastEnd = matching.ShowDate(t.Start), t.YearsText(), matching.ShowDate(t.CurrentEnd()), matching.ShowDate(t.LastEnd())
		out.ReminderFrom, out.ReminderDue, out.Refused = matching.ShowDate(t.ReminderFrom()), t.ReminderDue(v.Today), t.Ended(v.Today)
	}
	for _, p := range v.Purchasers {
		out.Purchasers = append(out.Purchasers, purchaser{p.Slug, p.Name, p.GSS, p.Code})
	}
	return json.Marshal(out)
}

// Decisions are the term's extension decisions, numbered from 1.
func (v FrameworkView) Decisions() []TermDecisionView {
	out := []TermDecisionView{}
	for i, d := range v.Term.Decisions {
		out = append(out, TermDecisionView{N: i + 1, Years: d.Years, On: matching.ShowDate(d.On), Reason: d.Reason, Actor: d.Actor})
	}
	return out
}

func frameworkView(tx Tx, fw matching.Framework, now time.Time) (FrameworkView, error) {
	v := FrameworkView{Code: fw.Code, Name: fw.Name, Lead: fw.Lead, Today: now}
	var err error
	if v.Term, err = tx.FrameworkTerm(fw.Code); err != nil {
		return v, err
	}
	ps, err := tx.Purchasers()
	if err != nil {
		return v, err
	}
	for _, p := range ps {
		if p.BuysOn(fw.Code) {
			v.Purchasers = append(v.Purchasers, p)
		}
	}
	v.State = matching.TermStateWords(v.Term, now)
	return v, nil
}

func knownFramework(code string) (matching.Framework, error) {
	code = strings.ToLower(strings.TrimSpace(code))
	fw, ok := matching.FrameworkByCode(code)
	if !ok {
		var codes []string
		for _, f := range matching.Frameworks() {
			codes = append(codes, f.Code)
		}
		return fw, matching.NotFoundf("framework %q is not known: use one of %s", code, strings.Join(codes, ", "))
	}
	return fw, nil
}

// Framework is a framework with its term as it stands.
func (s *Service) Framework(ctx context.Context, code string) (FrameworkView, error) {
	if err := allow(ctx, OpFrameworkRead, Target{}); err != nil {
		return FrameworkView{}, err
	}
	fw, err := knownFramework(code)
	if err != nil {
		return FrameworkView{}, err
	}
	var v FrameworkView
	err = s.store.View(ctx, func(tx Tx) error {
		v, err = frameworkView(tx, fw, s.now())
		return err
	})
	return v, err
}

// Frameworks are every framework with its term, in order.
func (s *Service) Frameworks(ctx context.Context) ([]FrameworkView, error) {
	if err := allow(ctx, OpFrameworkRead, Target{}); err != nil {
		return nil, err
	}
	var out []FrameworkView
	err := s.store.View(ctx, func(tx Tx) error {
		for _, fw := range matching.Frameworks() {
			v, err := frameworkView(tx, fw, s.now())
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// SetTerm records a framework's term: its start date and its shape
// (2+1+1), on the record. A term with an extension decided stays.
func (s *Service) SetTerm(ctx context.Context, actor, code string, start time.Time, years string) (FrameworkView, error) {
	return s.changeTerm(ctx, actor, code, func(tx Tx, act matching.Act, fw matching.Framework) (matching.Event, error) {
		was, err := tx.FrameworkTerm(fw.Code)
		if err != nil {
			return matching.Event{}, err
		}
		term, ev, err := matching.SetTerm(act, was, fw.Code, start, years)
		if err != nil {
			return matching.Event{}, err
		}
		return ev, tx.PutFrameworkTerm(term)
	})
}

// ExtendTerm records the decision to extend a framework's term by its next
// extension, with the reason, on the record.
func (s *Service) ExtendTerm(ctx context.Context, actor, code, reason string) (FrameworkView, error) {
	return s.changeTerm(ctx, actor, code, func(tx Tx, act matching.Act, fw matching.Framework) (matching.Event, error) {
		term, err := tx.FrameworkTerm(fw.Code)
		if err != nil {
			return matching.Event{}, err
		}
		ev, err := term.Extend(act, reason)
		if err != nil {
			return matching.Event{}, err
		}
		return ev, tx.AddTermDecision(fw.Code, term.Decisions[len(term.Decisions)-1])
	})
}

// changeTerm is a change of a framework's term by one who may make it:
// change writes it in the transaction and returns its event, recorded
// after it; the framework as it then stands is returned.
func (s *Service) changeTerm(ctx context.Context, actor, code string,
	change func(tx Tx, act matching.Act, fw matching.Framework) (matching.Event, error)) (FrameworkView, error) {
	fw, err := knownFramework(code)
	if err != nil {
		return FrameworkView{}, err
	}
	if err := allow(ctx, OpFrameworkTerm, Target{Framework: fw.Code}); err != nil {
		return FrameworkView{}, err
	}
	act := s.act(actor)
	var v FrameworkView
	err = s.store.Update(ctx, func(tx Tx) error {
		ev, err := change(tx, act, fw)
		if err != nil {
			return err
		}
		if err := tx.AppendEvents(ev); err != nil {
			return err
		}
		v, err = frameworkView(tx, fw, act.At)
		return err
	})
	return v, err
}

// AddPurchaser adds a health body (an integrated care board, say) as a
// purchaser on a framework, on the record; there it then acts as a council
// does: its own requests (request new --org SLUG), settings and budgets.
func (s *Service) AddPurchaser(ctx context.Context, actor, slug, name, framework, gss string) (matching.Purchaser, error) {
	if err := allow(ctx, OpPurchaserAdd, Target{Framework: strings.ToLower(strings.TrimSpace(framework))}); err != nil {
		return matching.Purchaser{}, err
	}
	act := s.act(actor)
	var p matching.Purchaser
	err := s.store.Update(ctx, func(tx Tx) error {
		known, err := tx.Purchasers()
		if err != nil {
			return err
		}
		var ev matching.Event
		if p, ev, err = matching.AddPurchaser(act, known, slug, name, framework, gss); err != nil {
			return err
		}
		if err := tx.PutPurchaser(p); err != nil {
			return err
		}
		return tx.AppendEvents(ev)
	})
	return p, err
}

// Purchasers are the purchasers added that are not councils of the
// region.
func (s *Service) Purchasers(ctx context.Context) ([]matching.Purchaser, error) {
	if err := allow(ctx, OpFrameworkRead, Target{}); err != nil {
		return nil, err
	}
	var out []matching.Purchaser
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Purchasers()
		return err
	})
	return out, err
}

// purchaser is the purchaser with the slug, if one was added.
func purchaser(tx Tx, slug string) (*matching.Purchaser, error) {
	if _, ok := matching.CouncilBySlug(slug); ok || slug == "" {
		return nil, nil
	}
	ps, err := tx.Purchasers()
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Slug == slug {
			return &p, nil
		}
	}
	return nil, nil
}

// buyer is the council or purchaser with the slug, and whether it buys on
// a framework (nil when neither).
func buyer(tx Tx, slug string) (matching.Council, func(fw matching.Framework) bool, error) {
	if c, ok := matching.CouncilBySlug(slug); ok {
		return c, func(fw matching.Framework) bool { return fw.Member(slug) }, nil
	}
	p, err := purchaser(tx, slug)
	if err != nil || p == nil {
		return matching.Council{}, nil, err
	}
	return p.Council, func(fw matching.Framework) bool { return p.BuysOn(fw.Code) }, nil
}

// checkTerms holds the frameworks' terms and the purchasers the store
// keeps against the trail.
func checkTerms(tx Tx, check *matching.TrailCheck) error {
	for _, fw := range matching.Frameworks() {
		t, err := tx.FrameworkTerm(fw.Code)
		if err != nil {
			return err
		}
		check.Term(t)
	}
	ps, err := tx.Purchasers()
	if err != nil {
		return err
	}
	for _, p := range ps {
		check.Purchaser(p)
	}
	return nil
}

// buyerIn is CheckBuyer in tx.
func buyerIn(tx Tx, slug string) (string, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if _, err := knownCouncil(slug); err == nil {
		return slug, nil
	}
	p, err := purchaser(tx, slug)
	if err != nil {
		return "", err
	}
	if p == nil {
		return "", unknownCouncil(slug)
	}
	return slug, nil
}

// CheckBuyer is the slug of a council or purchaser to filter on, tidied
// (Sefton is sefton), or an error naming the councils for one that is
// neither; "" stays "", for every council.
func (s *Service) CheckBuyer(ctx context.Context, slug string) (string, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if _, err := knownCouncil(slug); err == nil {
		return slug, nil
	}
	var p *matching.Purchaser
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		p, err = purchaser(tx, slug)
		return err
	})
	if err != nil {
		return "", err
	}
	if p == nil {
		return "", unknownCouncil(slug)
	}
	return slug, nil
}
