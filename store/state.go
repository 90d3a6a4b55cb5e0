package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// The whole state, streamed, for the check against the trail.

func (t *txn) EachRequestRow(fn func(matching.Request) error) error {
	rows, err := t.query("SELECT " + requestCols + " FROM requests ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *txn) EachInvited(fn func(requestID string, providerIDs []string) error) error {
	return t.eachInvited("", nil, fn)
}

// eachInvited gives each request's invited providers, of the requests the
// where clause on invitations selects (all for ""), joined in the
// database: a region holds millions of invitations.
func (t *txn) eachInvited(where string, args []any, fn func(requestID string, providerIDs []string) error) error {
	agg := "group_concat(provider_id, ' ')"
	if t.d.name() == "postgres" {
		agg = "string_agg(provider_id, ' ')"
	}
	if where != "" {
		where = " WHERE " + where
	}
	rows, err := t.query("SELECT request_id, "+agg+" FROM invitations"+where+" GROUP BY request_id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, ids string
		if err := rows.Scan(&id, &ids); err != nil {
			return err
		}
		if err := fn(id, strings.Fields(ids)); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *txn) EachAnswer(fn func(requestID string, r matching.Response) error) error {
	rows, err := t.query(`SELECT request_id, provider_id, declined, decline_reason, weekly_pence, cover_until, start_date, received_at, note,
		withdrawn_at, recorded_at, recorded_by FROM responses`)
	if err != nil {
		return err
	}
	type answer struct {
		id string
		r  matching.Response
	}
	return pipeRows(rows, func(rows *sql.Rows) (answer, error) {
		var a answer
		r := &a.r
		var weekly int64
		var start, received, withdrawn, recorded string
		if err := rows.Scan(&a.id, &r.ProviderID, &r.Declined, &r.DeclineReason, &weekly, &r.CoverUntil, &start, &received, &r.Note,
			&withdrawn, &recorded, &r.RecordedBy); err != nil {
			return a, err
		}
		r.Weekly = matching.Pence(weekly)
		r.Start, r.Received, r.WithdrawnAt, r.RecordedAt = parseDate(start), parseTime(received), parseTime(withdrawn), parseTime(recorded)
		return a, nil
	}, func(a answer) error { return fn(a.id, a.r) })
}

// leanRanking is what of a stored ranking the check against the trail
// reads: decoding the names and the scores' times of a region's rankings
// (about 9 KB each) was most of audit verify's time.
type leanRanking struct {
	Ranked []struct {
		Rank        int            `json:"rank"`
		ProviderID  string         `json:"provider_id"`
		WeeklyPence matching.Pence `json:"weekly_price_pence"`
		CoverUntil  int            `json:"cover_until"`
		Quality     float64        `json:"quality"`
		Rounded     string         `json:"total_rounded"`
	} `json:"ranked"`
	Excluded []struct {
		ProviderID string `json:"provider_id"`
		Reason     string `json:"reason"`
	} `json:"excluded"`
	NoResponse []struct {
		ProviderID string `json:"provider_id"`
	} `json:"no_response"`
}

func (t *txn) EachRanking(want func(requestID string) bool, fn func(requestID string, rk matching.Ranking) error) error {
	rows, err := t.query("SELECT request_id, ranking_json FROM rankings")
	if err != nil {
		return err
	}
	// Each ranking is decoded as it is read, and whether it is wanted
	// asked (on the caller's goroutine) as it is used: a ranking that is
	// not wanted is not read, even when it cannot be.
	type ranking struct {
		id  string
		rk  matching.Ranking
		err error
	}
	return pipeRows(rows, func(rows *sql.Rows) (ranking, error) {
		var r ranking
		var b sql.RawBytes
		if err := rows.Scan(&r.id, &b); err != nil {
			return r, err
		}
		r.rk, r.err = decodeLeanRanking(b)
		return r, nil
	}, func(r ranking) error {
		if want != nil && !want(r.id) {
			return nil
		}
		if r.err != nil {
			return fmt.Errorf("the stored ranking of %s cannot be read: %w", r.id, r.err)
		}
		return fn(r.id, r.rk)
	})
}

func (t *txn) AuditHead() (matching.Anchor, error) {
	var a matching.Anchor
	err := t.queryRow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&a.Count, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return matching.Anchor{Hash: matching.GenesisHash}, nil
	}
	return a, err
}

// fullCheckUpTo is the largest SQLite store whose whole integrity check
// audit verify runs (about 30 s a gigabyte); a larger one gets the quick
// check, which reads every page but does not hold each index against its
// table.
const fullCheckUpTo = 512 << 20

// CheckFile runs the database's own check of its file: SQLite's integrity
// check (the quick one on a store over 512 MB). It returns what ran and
// each problem found; PostgreSQL keeps its own files, and nothing runs.
func (db *DB) CheckFile(ctx context.Context) (service.FileCheck, error) {
	if db.d.name() != "sqlite" {
		return service.FileCheck{}, nil
	}
	check := "integrity_check"
	if st, err := os.Stat(db.name); err == nil && st.Size() > fullCheckUpTo {
		check = "quick_check"
	}
	res := service.FileCheck{Check: check}
	rows, err := db.reader.QueryContext(ctx, "PRAGMA "+check+"(100)")
	if err != nil {
		res.Problems = append(res.Problems, "SQLite cannot read the file: "+err.Error())
		return res, nil
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			res.Problems = append(res.Problems, "SQLite cannot read the file: "+err.Error())
			return res, nil
		}
		if msg != "ok" {
			res.Problems = append(res.Problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		res.Problems = append(res.Problems, "SQLite cannot read the file: "+err.Error())
	}
	return res, ctx.Err()
}
