package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// Reading a row of eleven columns through database/sql and SQLite's
// driver costs a string made, boxed and converted for each column, on the
// one goroutine that reads, the walk's longest part. On SQLite the walk
// reads each event as one text value instead, its columns joined by the
// unit separator (a character no column the store writes holds), and
// splits it in Go without copying: one value per row.
//
// A column could still hold the separator (the file altered by hand, or
// an old free-text detail): a row that does not split into exactly its
// eleven columns is read again the ordinary way, by its seq, so that what
// the walk sees never depends on how it was read.

// packedSep separates the columns of a packed row.
const packedSep = "\x1f"

// packedEventQuery reads the trail as packed rows, in the order of
// eventCols (seq and version as decimal text). concat_ws joins them in
// one pass, where a chain of || would copy the row once for each column;
// it leaves out a NULL, which no column holds, and such a row would not
// split and be read again.
const packedEventQuery = "SELECT concat_ws(char(31), seq, version, at, actor, request_id, action, detail, prev_hash, hash, fields, openings) " +
	"FROM audit_events"

// splitPacked splits a packed row into r; ok is false when the row does
// not hold exactly the columns of one event (r is then unchanged but for
// what was split).
func splitPacked(s string, r *rawEvent) bool {
	next := func() (string, bool) {
		i := strings.IndexByte(s, packedSep[0])
		if i < 0 {
			return "", false
		}
		f := s[:i]
		s = s[i+1:]
		return f, true
	}
	seq, ok := next()
	if !ok {
		return false
	}
	ver, ok := next()
	if !ok {
		return false
	}
	var err error
	if r.seq, err = strconv.ParseInt(seq, 10, 64); err != nil {
		return false
	}
	if r.version, err = strconv.ParseInt(ver, 10, 64); err != nil {
		return false
	}
	// at, actor, request_id, action, detail, prev_hash, hash, fields in
	// turn, and what is left is openings.
	for _, c := range [...]int{colAt, colActor, colRequest, colAction, colDetail, colPrev, colHash, colFields} {
		if r.cols[c], ok = next(); !ok {
			return false
		}
	}
	if strings.Contains(s, packedSep) {
		return false
	}
	r.cols[colOpenings] = s
	return true
}

// rawScanner reads the trail's rows one at a time into a rawEvent.
type rawScanner struct {
	rows *sql.Rows
	scan func(r *rawEvent) error
}

// rawEventRows starts the read of the trail in sequence order, the whole
// of it or (ranged) the events with seq from from to to: on
// SQLite packed, one value a row; elsewhere column by column.
func rawEventRows(t *txn, ranged bool, from, to int64) (*rawScanner, error) {
	where, args := "", []any(nil)
	if ranged {
		where, args = " WHERE seq BETWEEN ? AND ?", []any{from, to}
	}
	if t.d.name() != "sqlite" {
		rows, err := t.query("SELECT "+eventCols+" FROM audit_events"+where+" ORDER BY seq", args...)
		if err != nil {
			return nil, err
		}
		var dest []any
		var of *rawEvent
		return &rawScanner{rows: rows, scan: func(r *rawEvent) error {
			if r != of {
				dest, of = rawDest(r), r
			}
			return rows.Scan(dest...)
		}}, nil
	}
	rows, err := t.query(packedEventQuery+where+" ORDER BY seq", args...)
	if err != nil {
		return nil, err
	}
	var s string
	return &rawScanner{rows: rows, scan: func(r *rawEvent) error {
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if splitPacked(s, r) {
			return nil
		}
		// Not one event's columns: read the row again as it is. Its seq
		// is the packed row's first column, which the separator cannot be
		// in (seq is an integer).
		seq, err := strconv.ParseInt(s[:max(0, strings.IndexByte(s, packedSep[0]))], 10, 64)
		if err != nil {
			return err
		}
		return t.queryRow("SELECT "+eventCols+" FROM audit_events WHERE seq = ?", seq).Scan(rawDest(r)...)
	}}, nil
}

// rawDest is where rows.Scan puts the columns of eventCols for r.
func rawDest(r *rawEvent) []any {
	return []any{&r.seq, &r.cols[colAt], &r.cols[colActor], &r.cols[colRequest], &r.cols[colAction], &r.cols[colDetail],
		&r.cols[colPrev], &r.cols[colHash], &r.version, &r.cols[colFields], &r.cols[colOpenings]}
}

// secondReader begins another read-only transaction on SQLite, on a
// connection of its own, for a second reader of the trail (see
// eachEventChecked), and end ends it; nil when there is none to be had at
// once (PostgreSQL; or every connection is in use) and the one reader will
// do.
func (t *txn) secondReader() (t2 *txn, end func()) {
	if t.reads == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(t.ctx, 50*time.Millisecond)
	conn, err := t.reads.Conn(ctx)
	cancel()
	if err != nil {
		return nil, nil
	}
	tx, err := conn.BeginTx(t.ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		conn.Close()
		return nil, nil
	}
	return &txn{tx: tx, ctx: t.ctx, d: t.d, readOnly: true}, func() {
		tx.Rollback()
		conn.Close()
	}
}
