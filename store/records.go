package store

import (
	"bytes"
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
	rows, err := t.query("SELECT request_id, ranking_json FROM rankings")
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

// rankedOffers reads the "ranked" list of a stored ranking and stops
// there: what follows it (the offers not ranked, and every provider that
// never answered, hundreds in a region) is not read.
func rankedOffers(b []byte) ([]rankedOffer, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == "ranked" {
			var out []rankedOffer
			err := dec.Decode(&out)
			return out, err
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return nil, nil
}
