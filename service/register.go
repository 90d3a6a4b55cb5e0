package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"placematch/matching"
)

// ImportResult says what an import changed.
type ImportResult = matching.ImportResult

// ImportProviders loads a register file: the whole file is checked first,
// and any bad row means nothing is imported. Rows with the same provider,
// framework and lot as existing ones update them. Each added or changed row
// is recorded in the audit trail.
func (s *Service) ImportProviders(ctx context.Context, actor string, r io.Reader) (ImportResult, error) {
	h := sha256.New()
	if err := allow(ctx, OpRegisterImport, Target{}); err != nil {
		return ImportResult{}, err
	}
	rows, err := matching.ParseRegister(io.TeeReader(r, h))
	if err != nil {
		return ImportResult{}, err
	}
	if err := allowRows(ctx, rows); err != nil {
		return ImportResult{}, err
	}
	act := s.act(actor)
	var res ImportResult
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		res, err = ImportRows(tx, act, rows, hex.EncodeToString(h.Sum(nil)))
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// ImportRows writes checked register rows and records each added or
// changed row, and the import with the file's SHA-256, in the audit trail.
// The region generator imports its register through it too.
func ImportRows(tx Tx, act matching.Act, rows []matching.ProviderLot, sha256 string) (ImportResult, error) {
	before, err := tx.UpsertProviderLots(rows, act.At)
	if err != nil {
		return ImportResult{Rows: len(rows)}, err
	}
	// A file keeps the statuses and dates it gives; where it changes a
	// row's status, what the row's life said of the old one goes (a
	// suspension's end, a reason), and an application it brings waits
	// from the day of the import.
	for i, p := range rows {
		was := before[i]
		switch {
		case was == nil && p.Status != matching.ProviderApplied, was != nil && was.Status == p.Status:
			continue
		case was != nil:
			p.AppliedOn, p.AssessedOn, p.QualityNote, p.DecidedOn = was.AppliedOn, was.AssessedOn, was.QualityNote, was.DecidedOn
		}
		if p.Status == matching.ProviderApplied {
			p.AppliedOn = matching.Today(act.At)
		}
		if err := tx.UpdateProviderLot(p, act.At); err != nil {
			return ImportResult{Rows: len(rows)}, err
		}
	}
	res, evs := matching.ImportRegister(act, rows, before, sha256)
	return res, appendEvents(tx, evs)
}

// Providers lists the register.
func (s *Service) Providers(ctx context.Context, f ProviderFilter) ([]matching.ProviderLot, error) {
	f, ok, err := providerFilterFor(ctx, f)
	if err != nil || !ok {
		return []matching.ProviderLot{}, err
	}
	if f.Council, err = s.CheckBuyer(ctx, f.Council); err != nil {
		return nil, err
	}
	if c := strings.TrimSpace(f.Capability); c != "" {
		caps, err := matching.ParseCapabilities(c)
		if err != nil {
			return nil, err
		}
		if len(caps) != 1 {
			return nil, matching.Invalidf("give one capability to list the providers able to meet it")
		}
		f.Capability = caps[0]
	}
	var out []matching.ProviderLot
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ProviderLots(f)
		return err
	})
	return out, err
}

// Defaults are a council's weights and guide price for a lot, for the form.
func (s *Service) Defaults(ctx context.Context, council, lot string) (matching.Defaults, error) {
	if err := allow(ctx, OpCouncilRead, Target{Council: tidySlug(council)}); err != nil {
		return matching.Defaults{}, err
	}
	var d matching.Defaults
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		d, err = defaults(tx, council, lot)
		return err
	})
	return d, err
}

// defaults reads a council's defaults for a lot inside a transaction; an
// unknown lot has the frameworks' weights (the input's check will say what
// is wrong with the lot).
func defaults(tx Tx, council, lot string) (matching.Defaults, error) {
	fw, _, ok := matching.FindLot(strings.TrimSpace(lot))
	if !ok {
		return matching.Defaults{Weights: matching.DefaultWeights()}, nil
	}
	council = strings.TrimSpace(council)
	d, err := tx.CouncilDefaults(council, fw.Code, strings.TrimSpace(lot))
	if err != nil {
		return d, err
	}
	// A purchaser that is not a council of the region, and the
	// framework's term, for the rules of a new request.
	if d.Buyer, err = purchaser(tx, council); err != nil {
		return d, err
	}
	d.Term, err = tx.FrameworkTerm(fw.Code)
	return d, err
}

// SetDefaults records a council's weights and guide price for a lot.
func (s *Service) SetDefaults(ctx context.Context, actor, council, lot string, d matching.Defaults) error {
	if err := allow(ctx, OpCouncilSet, Target{Council: tidySlug(council)}); err != nil {
		return err
	}
	act := s.act(actor)
	return s.store.Update(ctx, func(tx Tx) error {
		// A purchaser that is not a council of the region sets its own
		// as a council does.
		var err error
		if d.Buyer, err = purchaser(tx, council); err != nil {
			return err
		}
		ev, err := matching.DefaultsSet(act, council, lot, d)
		if err != nil {
			return err
		}
		if err := tx.SetCouncilDefaults(council, ev.Fields.Get("framework"), lot, d); err != nil {
			return err
		}
		return tx.AppendEvents(ev)
	})
}
