package store

import (
	"database/sql"
	"errors"

	"placematch/matching"
)

func (t *txn) AppendEvent(e matching.Event) (matching.Event, error) {
	// The head of the chain is read once per transaction: a write
	// transaction holds the store's write lock, so the event it appended
	// last stays the head until it ends. Imports and the generator append
	// thousands of events in one.
	seq := t.lastEvent
	if seq == 0 {
		t.lastHash = matching.GenesisHash
		err := t.queryRow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&seq, &t.lastHash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return e, err
		}
	}
	e.Seq = seq + 1
	e.At = e.At.UTC()
	e.PrevHash = t.lastHash
	e.Hash = matching.HashEvent(e)
	_, err := t.exec(`INSERT INTO audit_events(seq, at, actor, request_id, action, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)`,
		e.Seq, fmtTime(e.At), e.Actor, e.RequestID, e.Action, e.Detail, e.PrevHash, e.Hash)
	if err == nil {
		t.lastEvent, t.lastHash = e.Seq, e.Hash
	}
	return e, err
}

// auditHeadCounter names the counter that records how many events were
// written, so that deleting the newest events is seen: the chain alone
// cannot show a missing tail.
const auditHeadCounter = "audit-events"

// recordAuditHead is called once at the end of a write transaction that
// appended events.
func (t *txn) recordAuditHead() error {
	if t.lastEvent == 0 {
		return nil
	}
	_, err := t.exec(`INSERT INTO counters(name, value) VALUES (?, ?)
		ON CONFLICT(name) DO UPDATE SET value = excluded.value`, auditHeadCounter, t.lastEvent)
	return err
}

// AuditWritten is how many events the store recorded writing; 0 for a store
// from before the count was kept.
func (t *txn) AuditWritten() (int64, error) {
	var n int64
	err := t.queryRow("SELECT value FROM counters WHERE name = ?", auditHeadCounter).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
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

func (t *txn) OpenedRequests() (map[string]bool, error) {
	rows, err := t.query("SELECT id FROM requests WHERE opened_at != ''")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
