package store

import (
	"database/sql"
	"errors"

	"placematch/matching"
)

func (t *txn) AppendEvent(e matching.Event) (matching.Event, error) {
	var last int64
	prev := matching.GenesisHash
	err := t.queryRow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e.Seq = last + 1
	e.At = e.At.UTC()
	e.PrevHash = prev
	e.Hash = matching.HashEvent(e)
	_, err = t.exec(`INSERT INTO audit_events(seq, at, actor, request_id, action, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)`,
		e.Seq, fmtTime(e.At), e.Actor, e.RequestID, e.Action, e.Detail, e.PrevHash, e.Hash)
	return e, err
}

func scanEvents(rows *sql.Rows, fn func(matching.Event) error) error {
	defer rows.Close()
	for rows.Next() {
		var e matching.Event
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.RequestID, &e.Action, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		e.At = parseTime(at)
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

const eventCols = "seq, at, actor, request_id, action, detail, prev_hash, hash"

func (t *txn) Events(requestID string) ([]matching.Event, error) {
	var rows *sql.Rows
	var err error
	if requestID == "" {
		rows, err = t.query("SELECT " + eventCols + " FROM audit_events ORDER BY seq")
	} else {
		rows, err = t.query("SELECT "+eventCols+" FROM audit_events WHERE request_id = ? ORDER BY seq", requestID)
	}
	if err != nil {
		return nil, err
	}
	out := []matching.Event{}
	err = scanEvents(rows, func(e matching.Event) error { out = append(out, e); return nil })
	return out, err
}

// EachEvent walks the whole trail in sequence order without holding it in
// memory; a renumbered or reordered event breaks the chain's hashes.
func (t *txn) EachEvent(fn func(matching.Event) error) error {
	rows, err := t.query("SELECT " + eventCols + " FROM audit_events ORDER BY seq")
	if err != nil {
		return err
	}
	return scanEvents(rows, fn)
}
