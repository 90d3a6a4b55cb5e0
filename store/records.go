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

// scopeIn is the condition that a column holding request ids names a
// request an insight scope holds (broadcast, of its council and framework,
// created within its days), with its arguments.
func scopeIn(col string, sc matching.InsightScope) (string, []any) {
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
	return col + " IN (SELECT r.id FROM requests r WHERE " + strings.Join(where, " AND ") + ")", args
}

func (t *txn) EachInvitedIn(sc matching.InsightScope, fn func(requestID string, providerIDs []string) error) error {
	in, args := scopeIn("request_id", sc)
	return t.eachInvited(in, args, fn)
}

func (t *txn) EachAnswerIn(sc matching.InsightScope, fn func(requestID, providerID string, declined bool, reason string) error) error {
	in, args := scopeIn("request_id", sc)
	rows, err := t.query("SELECT request_id, provider_id, declined, decline_reason FROM responses WHERE "+in, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, provider, reason string
		var declined bool
		if err := rows.Scan(&id, &provider, &declined, &reason); err != nil {
			return err
		}
		if err := fn(id, provider, declined, reason); err != nil {
			return err
		}
	}
	return rows.Err()
}
