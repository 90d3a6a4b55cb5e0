package service

import (
	"context"
	"io"
	"strings"

	"placematch/matching"
)

// ImportResult says what an import changed.
type ImportResult = matching.ImportResult

// ImportProviders loads a register file: the whole file is checked,
// and any bad row means nothing is imported. Rows with the same provider,
// framework and lot as existing ones update them. Each added or changed row
// is recorded in the audit trail. The file is read as a stream, written a
// batch at a time in one transaction (see importRegister).
func (s *Service) ImportProviders(ctx context.Context, actor string, r io.Reader) (ImportResult, error) {
	if err := allow(ctx, OpRegisterImport, Target{}); err != nil {
		return ImportResult{}, err
	}
	act := s.act(actor)
	var res ImportResult
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		res, err = importRegister(ctx, tx, act, r, nil)
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
	im := &registerImport{tx: tx, act: act}
	if err := im.batch(rows); err != nil {
		return ImportResult{Rows: len(rows)}, err
	}
	return im.finish(sha256)
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
