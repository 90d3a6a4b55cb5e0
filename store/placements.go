package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// NextPlacementID takes the next id of a council's placements: PL, the
// council's code and its own count (PL-SEF-0007), from the counter
// placement-SLUG, so that an id tells nobody another council's volume.
// Like a request's id it counts in the caller's write transaction and is
// never given twice.
func (t *txn) NextPlacementID(council string) (string, error) {
	code := strings.ToUpper(council)
	if c, ok := matching.CouncilBySlug(council); ok {
		code = c.Code
	}
	for {
		var n int64
		err := t.queryRow(`INSERT INTO counters(name, value) VALUES (?, 1)
			ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value`, "placement-"+council).Scan(&n)
		if err != nil {
			return "", err
		}
		id := fmt.Sprintf("PL-%s-%04d", code, n)
		var taken bool
		if err := t.queryRow("SELECT EXISTS (SELECT 1 FROM placements WHERE id = ?)", id).Scan(&taken); err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
}

const placementCols = `id, council, framework, lot, provider_id, provider_name, kind, weekly_pence, start_date, end_date,
	end_reason, request_id, case_ref, dob, note, created_at, created_by`

func (t *txn) InsertPlacement(p matching.Placement) error {
	_, err := t.exec("INSERT INTO placements("+placementCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		p.ID, p.Council, p.Framework, p.Lot, p.ProviderID, p.ProviderName, string(p.Kind), int64(p.Weekly), fmtDate(p.Start),
		fmtDate(p.End), p.EndReason, p.RequestID, p.CaseRef, fmtDate(p.DOB), p.Note, fmtTime(p.CreatedAt), p.CreatedBy)
	if err != nil {
		return err
	}
	return t.putPrices(p)
}

// UpdatePlacement writes what may change of a placement: its end and its
// price changes.
func (t *txn) UpdatePlacement(p matching.Placement) error {
	res, err := t.exec("UPDATE placements SET end_date = ?, end_reason = ? WHERE id = ?", fmtDate(p.End), p.EndReason, p.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return matching.NotFoundf("placement %q does not exist: placematch placements list shows them", truncate(p.ID, 40))
	}
	if _, err := t.exec("DELETE FROM placement_prices WHERE placement = ?", p.ID); err != nil {
		return err
	}
	return t.putPrices(p)
}

func (t *txn) putPrices(p matching.Placement) error {
	for _, c := range p.Changes {
		if _, err := t.exec("INSERT INTO placement_prices(placement, from_date, weekly_pence, reason) VALUES (?,?,?,?)",
			p.ID, fmtDate(c.From), int64(c.Weekly), c.Reason); err != nil {
			return err
		}
	}
	return nil
}

func scanPlacement(sc interface{ Scan(...any) error }) (matching.Placement, error) {
	var p matching.Placement
	var kind, start, end, dob, created string
	var weekly int64
	err := sc.Scan(&p.ID, &p.Council, &p.Framework, &p.Lot, &p.ProviderID, &p.ProviderName, &kind, &weekly, &start, &end,
		&p.EndReason, &p.RequestID, &p.CaseRef, &dob, &p.Note, &created, &p.CreatedBy)
	p.Kind, p.Weekly = matching.PlacementKind(kind), matching.Pence(weekly)
	p.Start, p.End, p.DOB, p.CreatedAt = parseDate(start), parseDate(end), parseDate(dob), parseTime(created)
	return p, err
}

func (t *txn) Placement(id string) (matching.Placement, error) {
	p, err := scanPlacement(t.queryRow("SELECT "+placementCols+" FROM placements WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, matching.NotFoundf("placement %q does not exist: check the id (like PL-SEF-0001); placematch placements list shows them", truncate(id, 40))
	}
	if err != nil {
		return p, err
	}
	ps := []matching.Placement{p}
	if err := t.attachPrices(ps, "WHERE placement = ?", id); err != nil {
		return p, err
	}
	return ps[0], nil
}

func (t *txn) Placements(f service.PlacementFilter) ([]matching.Placement, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{{"council", f.Council}, {"framework", f.Framework}, {"provider_id", f.Provider}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if !f.DueFrom.IsZero() {
		// A day more either side: an 18th birthday on 29 February falls
		// on 1 March.
		from, until := f.DueFrom.AddDate(0, 0, -1), f.DueUntil.AddDate(0, 0, 1)
		where = append(where, "((end_date <> '' AND end_date >= ? AND end_date <= ?) OR (dob <> '' AND dob >= ? AND dob <= ?))")
		args = append(args, fmtDate(from), fmtDate(until), fmtDate(from.AddDate(-18, 0, 0)), fmtDate(until.AddDate(-18, 0, 0)))
	}
	w := ""
	if len(where) > 0 {
		w = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := t.query("SELECT "+placementCols+" FROM placements"+w+" ORDER BY council, start_date, id", args...)
	if err != nil {
		return nil, err
	}
	out := []matching.Placement{}
	for rows.Next() {
		p, err := scanPlacement(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pw := ""
	if w != "" {
		pw = " WHERE placement IN (SELECT id FROM placements" + w + ")"
	}
	return out, t.attachPrices(out, pw, args...)
}

// attachPrices reads the price changes the where clause selects and gives
// each to its placement among ps, in date order.
func (t *txn) attachPrices(ps []matching.Placement, where string, args ...any) error {
	if len(ps) == 0 {
		return nil
	}
	at := make(map[string]int, len(ps))
	for i, p := range ps {
		at[p.ID] = i
	}
	rows, err := t.query("SELECT placement, from_date, weekly_pence, reason FROM placement_prices "+where+" ORDER BY placement, from_date", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, from, reason string
		var weekly int64
		if err := rows.Scan(&id, &from, &weekly, &reason); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			ps[i].Changes = append(ps[i].Changes, matching.PriceChange{From: parseDate(from), Weekly: matching.Pence(weekly), Reason: reason})
		}
	}
	return rows.Err()
}

func (t *txn) EachPlacement(fn func(matching.Placement) error) error {
	ps, err := t.Placements(service.PlacementFilter{})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) SetBudget(b matching.Budget) error {
	_, err := t.exec(`INSERT INTO council_budgets(council, framework, year, amount_pence) VALUES (?,?,?,?)
		ON CONFLICT(council, framework, year) DO UPDATE SET amount_pence = excluded.amount_pence`,
		b.Council, b.Framework, b.Year, int64(b.Amount))
	return err
}

func (t *txn) Budgets(council string) ([]matching.Budget, error) {
	q := "SELECT council, framework, year, amount_pence FROM council_budgets"
	var args []any
	if council != "" {
		q += " WHERE council = ?"
		args = append(args, council)
	}
	rows, err := t.query(q+" ORDER BY council, framework, year", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.Budget{}
	for rows.Next() {
		var b matching.Budget
		var amount, year int64
		if err := rows.Scan(&b.Council, &b.Framework, &year, &amount); err != nil {
			return nil, err
		}
		b.Year, b.Amount = int(year), matching.Pence(amount)
		out = append(out, b)
	}
	return out, rows.Err()
}
