package store

import (
	"database/sql"

	"placematch/matching"
)

// eligibleLotCols are the columns of a lot's rows that eligibility and the
// invitations read: not the register's own history (applied, assessed,
// decided, its notes and reasons) nor the provider's kind, which a
// broadcast to a lot of thousands would read, convert and drop.
const eligibleLotCols = `pl.provider_id, p.name, p.email, p.phone, pl.status, pl.admitted_on, pl.quality, pl.serves, pl.min_age,
	pl.cover_until, pl.ofsted_urn, pl.capabilities, pl.vacancies, pl.town, pl.suspended_until`

// eligibleLot reads the rows of a lot, in provider id order, with what
// eligibility needs of them (see service.ProviderFilter.Eligibility): the
// other fields are left zero.
func (t *txn) eligibleLot(framework, lot string) ([]matching.ProviderLot, error) {
	var n int
	if err := t.queryRow("SELECT count(*) FROM provider_lots WHERE framework = ? AND lot = ?", framework, lot).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := t.query("SELECT "+eligibleLotCols+` FROM provider_lots pl JOIN providers p ON p.id = pl.provider_id
		WHERE pl.framework = ? AND pl.lot = ? ORDER BY pl.provider_id`, framework, lot)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Counted first, so that thousands of rows are read into one array
	// and never copied.
	out := make([]matching.ProviderLot, 0, n)
	var sc lotScanner
	fw, l := sc.str([]byte(framework)), sc.str([]byte(lot))
	for rows.Next() {
		var p matching.ProviderLot
		var vac sql.NullInt64
		if err := rows.Scan(&p.ProviderID, &p.ProviderName, &sc.email, &sc.phone, &sc.status, &sc.admitted, &p.Quality, &sc.serves,
			&p.MinAge, &p.CoverUntil, &sc.urn, &sc.caps, &vac, &sc.town, &sc.until); err != nil {
			return nil, err
		}
		p.Framework, p.Lot = fw, l
		p.Email, p.Phone = string(sc.email), string(sc.phone)
		p.Status = matching.ProviderStatus(sc.str(sc.status))
		p.AdmittedOn, p.SuspendedUntil = dateOf(sc.admitted), dateOf(sc.until)
		p.Serves, p.Capabilities = sc.tags(sc.serves), sc.tags(sc.caps)
		p.OfstedURN, p.Town = string(sc.urn), sc.str(sc.town)
		if vac.Valid {
			v := int(vac.Int64)
			p.Vacancies = &v
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
