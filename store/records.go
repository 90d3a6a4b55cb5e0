package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"placematch/matching"
)

// rankedOffer is what EachRankedOffers reads of a ranked offer.
type rankedOffer struct {
	Rank        int            `json:"rank"`
	ProviderID  string         `json:"provider_id"`
	WeeklyPence matching.Pence `json:"weekly_price_pence"`
}

func (t *txn) EachRankedOffers(want func(requestID string) bool, fn func(requestID string, ranked []matching.Scored) error) error {
	// The database picks the list out, so the rest of each ranking never
	// leaves it.
	ranked := "json_extract(ranking_json, '$.ranked')"
	if t.d.name() == "postgres" {
		ranked = "(ranking_json::json->'ranked')::text"
	}
	rows, err := t.query("SELECT request_id, " + ranked + " FROM rankings")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var b sql.RawBytes
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		if want != nil && !want(id) {
			continue
		}
		offers, err := rankedOffers(b)
		if err != nil {
			return fmt.Errorf("the stored ranking of %s cannot be read: %w", id, err)
		}
		ranked := make([]matching.Scored, len(offers))
		for i, o := range offers {
			ranked[i] = matching.Scored{Rank: o.Rank, ProviderID: o.ProviderID, WeeklyPence: o.WeeklyPence}
		}
		if err := fn(id, ranked); err != nil {
			return err
		}
	}
	return rows.Err()
}

// rankedOffers reads the "ranked" list of a stored ranking (null or
// empty when it has none).
func rankedOffers(b []byte) ([]rankedOffer, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var out []rankedOffer
	err := json.Unmarshal(b, &out)
	return out, err
}

// scopeWhere is the condition on requests r that an insight scope holds:
// broadcast, of its council and framework, created within its days.
func scopeWhere(sc matching.InsightScope) (string, []any) {
	where := []string{"r.broadcast_at <> ''"}
	var args []any
	if sc.Council != "" {
		where, args = append(where, "r.council = ?"), append(args, sc.Council)
	}
	if sc.Framework != "" {
		where, args = append(where, "r.framework = ?"), append(args, sc.Framework)
	}
	from, to := sc.Bounds()
	if !from.IsZero() {
		where, args = append(where, "r.created_at >= ?"), append(args, fmtTime(from))
	}
	if !to.IsZero() {
		where, args = append(where, "r.created_at < ?"), append(args, fmtTime(to))
	}
	return strings.Join(where, " AND "), args
}

func (t *txn) ProviderAnswerCounts(sc matching.InsightScope) ([]matching.ProviderCounts, error) {
	where, args := scopeWhere(sc)
	rows, err := t.query(`SELECT i.provider_id, COUNT(*), COUNT(a.provider_id), COALESCE(SUM(CASE WHEN a.declined <> 0 THEN 1 ELSE 0 END), 0)
		FROM invitations i JOIN requests r ON r.id = i.request_id
		LEFT JOIN responses a ON a.request_id = i.request_id AND a.provider_id = i.provider_id
		WHERE `+where+` GROUP BY i.provider_id ORDER BY i.provider_id`, args...)
	if err != nil {
		return nil, err
	}
	var out []matching.ProviderCounts
	at := map[string]int{}
	for rows.Next() {
		var pc matching.ProviderCounts
		if err := rows.Scan(&pc.ProviderID, &pc.Invited, &pc.Answered, &pc.Declined); err != nil {
			rows.Close()
			return nil, err
		}
		at[pc.ProviderID] = len(out)
		out = append(out, pc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = t.query(`SELECT a.provider_id, a.decline_reason, COUNT(*) FROM responses a JOIN requests r ON r.id = a.request_id
		WHERE a.declined <> 0 AND `+where+` GROUP BY a.provider_id, a.decline_reason`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, reason string
		var n int
		if err := rows.Scan(&id, &reason, &n); err != nil {
			return nil, err
		}
		i, ok := at[id]
		if !ok {
			continue // an answer without its invitation: not counted above either
		}
		if out[i].Reasons == nil {
			out[i].Reasons = map[string]int{}
		}
		out[i].Reasons[reason] += n
	}
	return out, rows.Err()
}
