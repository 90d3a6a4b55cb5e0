package service

import (
	"context"
	"errors"
	"io"

	"placematch/matching"
)

// ImportPreview is what importing a register file would do, worked out
// without doing it: the counts, and each row it would add or change in the
// words the trail would record.
type ImportPreview struct {
	Result  ImportResult `json:"result"`
	Changes []string     `json:"changes"`
	// More counts changes beyond those listed.
	More int `json:"more,omitempty"`
}

// maxPreviewChanges is how many changes a preview lists.
const maxPreviewChanges = 200

// errPreviewed ends the preview's transaction, so that nothing it wrote
// is kept.
var errPreviewed = errors.New("import previewed")

// PreviewImport checks a register file whole, as ImportProviders does, and
// says what importing it would add and change, changing nothing: the rows
// are written in a transaction that is then rolled back, so the preview is
// worked out by the very code that imports, reading the file as a stream as
// it does. A bad file is refused with every bad line named (a
// *matching.RegisterError), as the import would be.
func (s *Service) PreviewImport(ctx context.Context, actor string, r io.Reader) (ImportPreview, error) {
	if err := allow(ctx, OpRegisterImport, Target{}); err != nil {
		return ImportPreview{}, err
	}
	act := s.act(actor)
	var p ImportPreview
	done := false
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		p.Result, err = importRegister(ctx, tx, act, r, func(evs []matching.Event) {
			for _, e := range evs {
				if e.Action != matching.ActionProviderAdded && e.Action != matching.ActionProviderUpdated {
					continue
				}
				if len(p.Changes) == maxPreviewChanges {
					p.More++
					continue
				}
				p.Changes = append(p.Changes, e.Action+": "+e.Words())
			}
		})
		if err != nil {
			return err
		}
		done = true
		return errPreviewed
	})
	if done {
		return p, nil
	}
	return ImportPreview{}, err
}
