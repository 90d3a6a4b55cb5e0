package store

import (
	"database/sql"
	"errors"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// RequestsSince reads the request list since a mark: the requests named
// by the audit events after it and every draft, or the whole list (Full)
// when the mark is zero, when the event at its sequence number is gone or
// has another hash (the store was restored), or when an event of one of
// the actions fullAfter came after it. It runs in one read transaction, so
// the mark it gives is where the rows it read stand.
//
// The events after the mark are read by the primary key from the mark on,
// and the requests by theirs: the cost is that of what changed, not of the
// list.
func (t *txn) RequestsSince(f service.RequestFilter, since service.ListMark, fullAfter []string) (service.RequestChanges, error) {
	var out service.RequestChanges
	err := t.queryRow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&out.Mark.Seq, &out.Mark.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return out, err
	}
	full, err := t.markGone(since, fullAfter)
	if err != nil {
		return out, err
	}
	if full {
		out.Full = true
		out.Rows, err = t.Requests(f)
		return out, err
	}
	f.Limit = 0 // a limit is the newest so many of a whole list only
	if out.Mark == since {
		// Nothing written since but drafts, perhaps, which write no event.
		out.Rows, err = t.requestRows(requestsQueryWhere(f, t.d.chr(31), "r.status = ?", matching.StatusDraft.String()))
		return out, err
	}
	// UNION ALL, not UNION: SQLite would merge the two sorted, reading
	// the whole trail by its request index to sort it.
	out.Rows, err = t.requestRows(requestsQueryWhere(f, t.d.chr(31),
		"r.id IN (SELECT request_id FROM audit_events WHERE seq > ? UNION ALL SELECT id FROM requests WHERE status = ?)",
		since.Seq, matching.StatusDraft.String()))
	return out, err
}

// markGone reports whether a read since the mark must be of the whole
// list: the mark is zero, the trail no longer holds it, or an event of
// one of the actions came after it.
func (t *txn) markGone(since service.ListMark, actions []string) (bool, error) {
	if since.Seq == 0 {
		return true, nil
	}
	var hash string
	err := t.queryRow("SELECT hash FROM audit_events WHERE seq = ?", since.Seq).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && hash != since.Hash) {
		return true, nil
	}
	if err != nil || len(actions) == 0 {
		return false, err
	}
	args := []any{since.Seq}
	for _, a := range actions {
		args = append(args, a)
	}
	var one int
	err = t.queryRow("SELECT 1 FROM audit_events WHERE seq > ? AND action IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(actions)), ",")+") LIMIT 1", args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
