package service

import (
	"context"
	"strings"

	"placematch/matching"
)

// Settings are the server's settings as they stand.
func (s *Service) Settings(ctx context.Context) (matching.Settings, error) {
	if err := allow(ctx, OpSettingsRead, Target{}); err != nil {
		return matching.Settings{}, err
	}
	var out matching.Settings
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Settings()
		return err
	})
	return out, err
}

// SetSettings changes the server's settings named in changes (a name to
// its new value; empty clears it), every value checked first, on the
// record. It returns the settings as they become.
func (s *Service) SetSettings(ctx context.Context, actor string, changes map[string]string) (matching.Settings, error) {
	if err := allow(ctx, OpSettingsSet, Target{}); err != nil {
		return matching.Settings{}, err
	}
	var out matching.Settings
	err := s.store.Update(ctx, func(tx Tx) error {
		was, err := tx.Settings()
		if err != nil {
			return err
		}
		now, ev, err := matching.SettingsSet(s.act(actor), was, changes)
		if err != nil {
			return err
		}
		if err := tx.SetSettings(now); err != nil {
			return err
		}
		out = now
		return tx.AppendEvents(ev)
	})
	return out, err
}

// CouncilLot is a council's defaults for one lot of a framework it buys
// through.
type CouncilLot struct {
	Framework  string         `json:"framework"`
	Lot        string         `json:"lot"`
	LotName    string         `json:"lot_name"`
	Weights    string         `json:"weights"`
	GuidePence matching.Pence `json:"guide_price_pence"`
}

// CouncilView is a council's settings: its contact and its defaults on
// each lot it may buy on.
type CouncilView struct {
	Slug    string           `json:"council"`
	Name    string           `json:"name"`
	Code    string           `json:"code"`
	Contact matching.Contact `json:"contact"`
	Lots    []CouncilLot     `json:"lots"`
	// Budgets are its budgets per framework and financial year.
	Budgets []matching.Budget `json:"budgets"`
}

// Council is a council's settings.
func (s *Service) Council(ctx context.Context, slug string) (CouncilView, error) {
	if err := allow(ctx, OpCouncilRead, Target{Council: tidySlug(slug)}); err != nil {
		return CouncilView{}, err
	}
	slug = strings.ToLower(strings.TrimSpace(slug))
	var v CouncilView
	err := s.store.View(ctx, func(tx Tx) error {
		c, buysOn, err := buyer(tx, slug)
		if err != nil {
			return err
		}
		if buysOn == nil {
			return unknownCouncil(slug)
		}
		v = CouncilView{Slug: c.Slug, Name: c.Name, Code: c.Code, Lots: []CouncilLot{}}
		if v.Contact, err = tx.CouncilContact(slug); err != nil {
			return err
		}
		if v.Budgets, err = tx.Budgets(slug); err != nil {
			return err
		}
		for _, fw := range matching.Frameworks() {
			if !buysOn(fw) {
				continue
			}
			for _, l := range fw.Lots() {
				d, err := tx.CouncilDefaults(slug, fw.Code, l.Code)
				if err != nil {
					return err
				}
				v.Lots = append(v.Lots, CouncilLot{Framework: fw.Code, Lot: l.Code, LotName: l.Name,
					Weights: d.Weights.String(), GuidePence: d.GuidePrice})
			}
		}
		return nil
	})
	return v, err
}

// ContactChange is a change to a council's contact: each field given
// replaces what is there (an empty one clears it); nil keeps it.
type ContactChange struct {
	Name, Email, Phone *string
}

// IsZero reports whether the change changes nothing.
func (c ContactChange) IsZero() bool { return c.Name == nil && c.Email == nil && c.Phone == nil }

// CouncilChange is a change to a council's settings: its defaults on a lot
// (weights, guide price; nil keeps each) and its contact.
type CouncilChange struct {
	Lot        string
	Weights    *matching.Weights
	GuidePrice *matching.Pence
	Contact    ContactChange
}

// SetCouncil changes a council's settings, all or nothing, on the record:
// its defaults on a lot, its contact, or both.
func (s *Service) SetCouncil(ctx context.Context, actor, council string, ch CouncilChange) error {
	if err := allow(ctx, OpCouncilSet, Target{Council: tidySlug(council)}); err != nil {
		return err
	}
	council = strings.ToLower(strings.TrimSpace(council))
	lot := strings.TrimSpace(ch.Lot)
	if lot == "" && (ch.Weights != nil || ch.GuidePrice != nil) {
		return matching.Invalidf("--weights and --guide-price are a lot's: add --lot, one of %s", strings.Join(matching.LotCodes(), ", "))
	}
	if lot != "" && ch.Weights == nil && ch.GuidePrice == nil {
		return matching.Invalidf("--lot %s: say what to change, with --weights Q,P,A or --guide-price POUNDS", lot)
	}
	if lot == "" && ch.Contact.IsZero() {
		return matching.Invalidf("nothing to change: give --lot with --weights or --guide-price, or --contact-name, --contact-email, --contact-phone")
	}
	act := s.act(actor)
	return s.store.Update(ctx, func(tx Tx) error {
		_, buysOn, err := buyer(tx, council)
		if err != nil {
			return err
		}
		if buysOn == nil {
			return unknownCouncil(council)
		}
		var evs []matching.Event
		if lot != "" {
			d, err := defaults(tx, council, lot)
			if err != nil {
				return err
			}
			if ch.Weights != nil {
				d.Weights = *ch.Weights
			}
			if ch.GuidePrice != nil {
				d.GuidePrice = *ch.GuidePrice
			}
			ev, err := matching.DefaultsSet(act, council, lot, d)
			if err != nil {
				return err
			}
			if err := tx.SetCouncilDefaults(council, ev.Fields.Get("framework"), lot, d); err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		if !ch.Contact.IsZero() {
			was, err := tx.CouncilContact(council)
			if err != nil {
				return err
			}
			c := was
			for _, f := range []struct{ to, from *string }{
				{&c.Name, ch.Contact.Name}, {&c.Email, ch.Contact.Email}, {&c.Phone, ch.Contact.Phone}} {
				if f.from != nil {
					*f.to = *f.from
				}
			}
			now, ev, err := matching.CouncilContactSet(act, council, was, c)
			if p, perr := purchaser(tx, council); perr != nil {
				return perr
			} else if p != nil {
				now, ev, err = matching.PurchaserContactSet(act, *p, was, c)
			}
			if err != nil {
				return err
			}
			if err := tx.SetCouncilContact(council, now); err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		return tx.AppendEvents(evs...)
	})
}

// CheckCouncil is the slug of a council to filter on or start with,
// tidied (Sefton is sefton), or an error naming the councils for one no
// council has; "" stays "", for every council.
func CheckCouncil(slug string) (string, error) { return knownCouncil(slug) }

func knownCouncil(slug string) (string, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if slug == "" {
		return "", nil
	}
	if _, ok := matching.CouncilBySlug(slug); !ok {
		return "", unknownCouncil(slug)
	}
	return slug, nil
}

func unknownCouncil(slug string) error {
	var slugs []string
	for _, c := range matching.Councils() {
		slugs = append(slugs, c.Slug)
	}
	return matching.NotFoundf("council %q is not known: the councils are %s", slug, strings.Join(slugs, ", "))
}
