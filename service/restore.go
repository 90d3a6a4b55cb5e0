package service

import (
	"context"

	"placematch/matching"
)

// Restored is the trail of a backup put in place as the store, as it stood
// before the restore's own event: its count and head hash.
type Restored struct {
	Events int    `json:"events"`
	Head   string `json:"head"`
}

// RecordRestore checks the trail of a backup about to be put in place as
// the store (s is a service on the copy being restored) and records the
// restore in it, naming the backup's file: a backup whose trail does not
// verify is refused, and nothing is written.
func (s *Service) RecordRestore(ctx context.Context, actor, file string) (Restored, error) {
	if err := allow(ctx, OpRestore, Target{}); err != nil {
		return Restored{}, err
	}
	v, err := s.VerifyAudit(ctx)
	if err != nil {
		return Restored{}, err
	}
	if v.Break != nil {
		return Restored{}, matching.Invalidf("the backup %s does not verify (its audit trail is broken: %s): nothing was restored; choose another backup",
			file, v.Break.Error())
	}
	var out Restored
	err = s.store.Update(ctx, func(tx Tx) error {
		out = Restored{Head: matching.GenesisHash}
		if err := tx.EachEvent(func(e matching.Event) error {
			out.Events++
			out.Head = e.Hash
			return nil
		}); err != nil {
			return err
		}
		return tx.AppendEvents(matching.StoreRestored(s.act(actor), file, out.Events, out.Head))
	})
	return out, err
}
