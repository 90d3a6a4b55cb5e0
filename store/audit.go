package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"placematch/matching"
)

// AppendEvents adds events to the end of the hash chain, in order: each
// gets the next sequence number, the hash of the one before and its own
// hash, and all are written in one bulk insert (an import of a register
// records an event for each of thousands of rows).
func (t *txn) AppendEvents(evs ...matching.Event) error {
	if len(evs) == 0 {
		return nil
	}
	// The head of the chain is read once per transaction: a write
	// transaction holds the store's write lock, so the event it appended
	// last stays the head until it ends. Imports and the generator append
	// thousands of events in one.
	seq := t.lastEvent
	if seq == 0 {
		t.lastHash = matching.GenesisHash
		err := t.queryRow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&seq, &t.lastHash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	prev := t.lastHash
	rows := make([][]any, len(evs))
	var buf []byte // each event's fields encoded, the buffer reused
	for i, e := range evs {
		seq++
		e.Seq, e.At, e.PrevHash = seq, e.At.UTC(), prev
		if e.Version == 0 {
			e.Version = 1
		}
		e.Hash = matching.HashEvent(e)
		detail := e.Detail
		if e.Structured() {
			detail = "" // made from the fields when read
		}
		rows[i] = []any{e.Seq, fmtTime(e.At), e.Actor, e.RequestID, e.Action, detail, e.PrevHash, e.Hash, int64(e.Version),
			fieldsText(&buf, e.Fields), encodeOpenings(e.Openings)}
		prev = e.Hash
	}
	err := t.d.insertRows(t, "audit_events", []string{"seq", "at", "actor", "request_id", "action", "detail", "prev_hash", "hash",
		"version", "fields", "openings"}, rows)
	if err == nil {
		t.lastEvent, t.lastHash = seq, prev
	}
	return err
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
		var fields, openings sql.RawBytes
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.RequestID, &e.Action, &e.Detail, &e.PrevHash, &e.Hash, &e.Version, &fields, &openings); err != nil {
			return err
		}
		e.At = parseTime(at)
		var err error
		if e.Fields, err = decodeFields(fields); err != nil {
			return fmt.Errorf("audit event %d cannot be read: %w", e.Seq, err)
		}
		if e.Openings, err = decodeOpenings(openings); err != nil {
			return fmt.Errorf("audit event %d cannot be read: %w", e.Seq, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

const eventCols = "seq, at, actor, request_id, action, detail, prev_hash, hash, version, fields, openings"

// fieldsText writes an event's fields as a JSON array of [name, value]
// pairs ("" for none): readable in the database, and kept in order. It
// encodes in *buf, kept for the next event's.
func fieldsText(buf *[]byte, fs matching.Fields) string {
	if len(fs) == 0 {
		return ""
	}
	*buf = appendPairs((*buf)[:0], fs)
	return string(*buf)
}

func appendPairs(b []byte, fs matching.Fields) []byte {
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = matching.AppendJSONString(b, f.Name)
		b = append(b, ',')
		b = matching.AppendJSONString(b, f.Value)
		b = append(b, ']')
	}
	return append(b, ']')
}

// encodeOpenings writes openings as a JSON object by field name, each
// {"salt": ..., "values": [[name, value], ...]}, names in order.
func encodeOpenings(os map[string]matching.Opening) string {
	if len(os) == 0 {
		return ""
	}
	names := make([]string, 0, len(os))
	for n := range os {
		names = append(names, n)
	}
	slices.Sort(names)
	b := []byte{'{'}
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = matching.AppendJSONString(b, n)
		b = append(b, `:{"salt":`...)
		b = matching.AppendJSONString(b, os[n].Salt)
		b = append(b, `,"values":`...)
		b = appendPairs(b, os[n].Values)
		b = append(b, '}')
	}
	return string(append(b, '}'))
}

func decodeFields(b []byte) (matching.Fields, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if fs, ok := fastPairs(b); ok {
		return fs, nil
	}
	return jsonFields(b)
}

// jsonFields reads fields with encoding/json: what fastPairs declines,
// and what it is held to in its tests.
func jsonFields(b []byte) (matching.Fields, error) {
	if len(b) == 0 {
		return nil, nil // as decodeFields reads no fields (an opening without values)
	}
	var pairs [][2]string
	if err := json.Unmarshal(b, &pairs); err != nil {
		return nil, err
	}
	fs := make(matching.Fields, len(pairs))
	for i, p := range pairs {
		fs[i] = matching.Field{Name: p[0], Value: p[1]}
	}
	return fs, nil
}

func decodeOpenings(b []byte) (map[string]matching.Opening, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if os, ok := fastOpenings(b); ok {
		return os, nil
	}
	return jsonOpenings(b)
}

// jsonOpenings reads openings with encoding/json (their values too): what
// fastOpenings declines, and what it is held to in its tests.
func jsonOpenings(b []byte) (map[string]matching.Opening, error) {
	var raw map[string]struct {
		Salt   string          `json:"salt"`
		Values json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	out := make(map[string]matching.Opening, len(raw))
	for n, o := range raw {
		vs, err := jsonFields(o.Values)
		if err != nil {
			return nil, err
		}
		out[n] = matching.Opening{Salt: o.Salt, Values: vs}
	}
	return out, nil
}

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

// EventsPage reads up to limit events of the whole trail next to the
// sequence number from (not included; 0 is either end): after it in
// sequence order, or before it newest first. The trail is read a page at a
// time, by its key, however long it is.
func (t *txn) EventsPage(from int64, newestFirst bool, limit int) ([]matching.Event, error) {
	var rows *sql.Rows
	var err error
	switch {
	case newestFirst && from > 0:
		rows, err = t.query("SELECT "+eventCols+" FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?", from, limit)
	case newestFirst:
		rows, err = t.query("SELECT "+eventCols+" FROM audit_events ORDER BY seq DESC LIMIT ?", limit)
	default:
		rows, err = t.query("SELECT "+eventCols+" FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", from, limit)
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
