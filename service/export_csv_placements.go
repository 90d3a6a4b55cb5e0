package service

import (
	"strconv"

	"placematch/matching"
)

// The placements as a table: what each costs, from when to when, and
// whose; never its case reference or the young person's date of birth.
// Prices are in whole pence: the one it started at, the one it runs at
// after its last change, and how many changes there were.
func init() {
	AddCSVTable(CSVTable{Name: "placements", Columns: []string{"id", "council", "framework", "lot", "provider_id", "provider_name", "kind",
		"start", "end", "end_reason", "request_id", "first_weekly_price_pence", "last_weekly_price_pence", "price_changes"},
		Rows: placementRows})
}

func placementRows(tx Tx, council string, row func([]string) error) error {
	ps, err := tx.Placements(PlacementFilter{Council: council})
	if err != nil {
		return err
	}
	for _, p := range ps {
		last := p.Weekly
		if n := len(p.Changes); n > 0 {
			last = p.Changes[n-1].Weekly
		}
		if err := row([]string{p.ID, p.Council, p.Framework, p.Lot, p.ProviderID, p.ProviderName, string(p.Kind),
			matching.ShowDate(p.Start), matching.ShowDate(p.End), p.EndReason, p.RequestID,
			strconv.FormatInt(int64(p.Weekly), 10), strconv.FormatInt(int64(last), 10), strconv.Itoa(len(p.Changes))}); err != nil {
			return err
		}
	}
	return nil
}
