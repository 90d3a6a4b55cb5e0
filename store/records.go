package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

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
