package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"placematch/matching"
)

// registerImport writes an import of the register a batch of rows at a
// time, in one transaction, and records it in the trail: an event for each
// row added or changed, batch by batch in the file's order, and at the end
// one for the import itself; the same events, in the same order, as
// writing the rows all at once would record.
type registerImport struct {
	tx  Tx
	act matching.Act
	res ImportResult
	evs []matching.Event // the batch's events, the slice reused
	// seen, when set, is given each batch's events before they are
	// written (the preview lists the changes from them).
	seen func([]matching.Event)
}

// batch writes checked rows: upserts them, brings their life where the
// file changes a status, and records each row added or changed.
func (im *registerImport) batch(rows []matching.ProviderLot) error {
	tx, at := im.tx, im.act.At
	before, err := tx.UpsertProviderLots(rows, at)
	if err != nil {
		return err
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
			p.AppliedOn = matching.Today(at)
		}
		if err := tx.UpdateProviderLot(p, at); err != nil {
			return err
		}
	}
	im.evs = matching.RegisterRowEvents(im.act, rows, before, &im.res, im.evs[:0])
	if im.seen != nil {
		im.seen(im.evs)
	}
	err = appendEvents(tx, im.evs)
	clear(im.evs) // let the batch's events go
	return err
}

// finish records the import of the file with the given SHA-256.
func (im *registerImport) finish(sha256 string) (ImportResult, error) {
	ev := matching.RegisterImported(im.act, im.res, sha256)
	if im.seen != nil {
		im.seen([]matching.Event{ev})
	}
	return im.res, appendEvents(im.tx, []matching.Event{ev})
}

// importRegister reads a register file as a stream inside tx, writing each
// batch of good rows as it comes: a bad line anywhere refuses the file with
// every bad line named (a *matching.RegisterError) and the caller's
// transaction undoes what was written, as does a row of a framework the
// person in ctx may not load. So a register of any size is never held
// whole, and is still imported all or nothing.
func importRegister(ctx context.Context, tx Tx, act matching.Act, r io.Reader, seen func([]matching.Event)) (ImportResult, error) {
	if err := tx.StreamWrites(); err != nil {
		return ImportResult{}, err
	}
	h := sha256.New()
	im := &registerImport{tx: tx, act: act, seen: seen}
	err := matching.ScanRegister(io.TeeReader(r, h), 0, func(rows []matching.ProviderLot) error {
		if err := allowRows(ctx, rows); err != nil {
			return err
		}
		return im.batch(rows)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return im.finish(hex.EncodeToString(h.Sum(nil)))
}
