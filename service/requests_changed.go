package service

import (
	"context"

	"placematch/matching"
)

// ListMark is where a read of the request list stood in the audit trail:
// the newest event it saw, by sequence number and hash (zero: none, so the
// next read is of the whole list).
type ListMark struct {
	Seq  int64
	Hash string
}

// RequestChanges is what a read of the request list since a mark brings.
type RequestChanges struct {
	// Mark is where this read stands: the next read asks since it.
	Mark ListMark
	// Full: Rows are the whole list, newest first, as Requests gives it
	// (the mark was zero, or the trail no longer holds it because the store
	// was restored, or a provider's name that awarded rows show may have
	// changed). Otherwise Rows are only the requests that changed since the
	// mark, new ones among them, each as it now stands, newest first.
	Full bool
	Rows []RequestSummary
}

// renamingActions are the events after which the rows that did not change
// may still read differently: a provider's name, which an awarded row
// shows, may have changed; a restored store is another store.
var renamingActions = []string{matching.ActionProviderUpdated, matching.ActionRegisterImported, matching.ActionStoreRestored}

// RequestsSince is the request list read since a mark: the requests that
// have changed since (every change to a request is an audit event naming
// it, and the trail's sequence only rises), the new ones, and every draft
// (a draft saved field by field writes no event; drafts are few), each as
// it now stands; or the whole list when the mark is zero or no longer
// holds. A list held by the caller is brought up to date by putting each
// row in place of the one with its id, or in order when new (requests are
// never deleted). It is one read of the store, as cheap as what changed.
//
// It reads as Requests does, under the same rules of who may see what:
// f's council and provider are applied; its statuses are not (a request
// that changed may have left the statuses the caller shows, and the caller
// drops it); its limit only to a whole list (the newest so many: a first
// page, with the mark of the store as read).
func (s *Service) RequestsSince(ctx context.Context, f RequestFilter, since ListMark) (RequestChanges, error) {
	f.Statuses = nil
	f, limit, ok, err := s.listScope(ctx, f)
	if err != nil {
		return RequestChanges{}, err
	}
	if !ok {
		return RequestChanges{Full: true, Rows: []RequestSummary{}}, nil
	}
	var out RequestChanges
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.RequestsSince(f, since, renamingActions)
		return err
	})
	if err != nil {
		return RequestChanges{}, err
	}
	if !out.Full {
		limit = 0
	}
	out.Rows = visibleRequests(ctx, out.Rows, limit)
	return out, nil
}
