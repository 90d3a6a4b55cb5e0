package store

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

func (t *txn) CouncilDefaults(council, framework, lot string) (matching.Defaults, error) {
	var d matching.Defaults
	err := t.queryRow(`SELECT guide_price_pence, w_quality, w_price, w_age_cover FROM council_settings
		WHERE council = ? AND framework = ? AND lot = ?`, council, framework, lot).
		Scan(&d.GuidePrice, &d.Weights.Quality, &d.Weights.Price, &d.Weights.AgeCover)
	if errors.Is(err, sql.ErrNoRows) {
		return matching.Defaults{Weights: matching.DefaultWeights}, nil
	}
	return d, err
}

func (t *txn) SetCouncilDefaults(council, framework, lot string, d matching.Defaults) error {
	_, err := t.exec(`INSERT INTO council_settings(council, framework, lot, guide_price_pence, w_quality, w_price, w_age_cover)
		VALUES (?,?,?,?,?,?,?)
		ON CONFLICT(council, framework, lot) DO UPDATE SET guide_price_pence = excluded.guide_price_pence,
		w_quality = excluded.w_quality, w_price = excluded.w_price, w_age_cover = excluded.w_age_cover`,
		council, framework, lot, int64(d.GuidePrice), d.Weights.Quality, d.Weights.Price, d.Weights.AgeCover)
	return err
}

const providerLotCols = `pl.provider_id, p.name, p.kind, p.email, pl.framework, pl.lot, pl.status, pl.admitted_on,
	pl.quality, pl.serves, pl.min_age, pl.cover_until, pl.ofsted_urn, pl.capabilities, pl.vacancies, pl.town`

func scanProviderLot(sc interface{ Scan(...any) error }) (matching.ProviderLot, error) {
	var p matching.ProviderLot
	var status, admitted, serves, caps string
	var vac sql.NullInt64
	err := sc.Scan(&p.ProviderID, &p.ProviderName, &p.Kind, &p.Email, &p.Framework, &p.Lot, &status, &admitted,
		&p.Quality, &serves, &p.MinAge, &p.CoverUntil, &p.OfstedURN, &caps, &vac, &p.Town)
	if err != nil {
		return p, err
	}
	p.Status = matching.ProviderStatus(status)
	p.AdmittedOn = parseDate(admitted)
	p.Serves = splitTags(serves)
	p.Capabilities = splitTags(caps)
	if vac.Valid {
		v := int(vac.Int64)
		p.Vacancies = &v
	}
	return p, nil
}

func (t *txn) ProviderLots(f service.ProviderFilter) ([]matching.ProviderLot, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Framework != "" {
		add("pl.framework = ?", f.Framework)
	}
	if f.Lot != "" {
		add("pl.lot = ?", f.Lot)
	}
	if f.Status != "" {
		add("pl.status = ?", f.Status)
	}
	if f.ProviderID != "" {
		add("pl.provider_id = ?", f.ProviderID)
	}
	if f.Council != "" {
		add("(pl.serves = '*' OR ';' || pl.serves || ';' LIKE '%;' || ? || ';%')", f.Council)
	}
	if f.Capability != "" {
		add("';' || pl.capabilities || ';' LIKE '%;' || ? || ';%'", f.Capability)
	}
	q := "SELECT " + providerLotCols + " FROM provider_lots pl JOIN providers p ON p.id = pl.provider_id"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY pl.provider_id, pl.framework, pl.lot"
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.ProviderLot{}
	for rows.Next() {
		p, err := scanProviderLot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *txn) UpsertProviderLots(rows []matching.ProviderLot, now time.Time) ([]*matching.ProviderLot, error) {
	getOld, err := t.tx.PrepareContext(t.ctx, "SELECT "+providerLotCols+` FROM provider_lots pl JOIN providers p ON p.id = pl.provider_id
		WHERE pl.provider_id = ? AND pl.framework = ? AND pl.lot = ?`)
	if err != nil {
		return nil, err
	}
	defer getOld.Close()
	upProv, err := t.tx.PrepareContext(t.ctx, `INSERT INTO providers(id, name, kind, email) VALUES (?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, email = excluded.email`)
	if err != nil {
		return nil, err
	}
	defer upProv.Close()
	upLot, err := t.tx.PrepareContext(t.ctx, `INSERT INTO provider_lots(provider_id, framework, lot, status, admitted_on, quality,
		serves, min_age, cover_until, ofsted_urn, capabilities, vacancies, town, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(provider_id, framework, lot) DO UPDATE SET status = excluded.status, admitted_on = excluded.admitted_on,
		quality = excluded.quality, serves = excluded.serves, min_age = excluded.min_age, cover_until = excluded.cover_until,
		ofsted_urn = excluded.ofsted_urn, capabilities = excluded.capabilities, vacancies = excluded.vacancies,
		town = excluded.town, updated_at = excluded.updated_at`)
	if err != nil {
		return nil, err
	}
	defer upLot.Close()
	before := make([]*matching.ProviderLot, len(rows))
	at := fmtTime(now)
	for i, p := range rows {
		old, err := scanProviderLot(getOld.QueryRowContext(t.ctx, p.ProviderID, p.Framework, p.Lot))
		switch {
		case err == nil:
			before[i] = &old
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
		if _, err := upProv.ExecContext(t.ctx, p.ProviderID, p.ProviderName, p.Kind, p.Email); err != nil {
			return nil, err
		}
		var vac any
		if p.Vacancies != nil {
			vac = *p.Vacancies
		}
		if _, err := upLot.ExecContext(t.ctx, p.ProviderID, p.Framework, p.Lot, string(p.Status), fmtDate(p.AdmittedOn), p.Quality,
			joinTags(p.Serves), p.MinAge, p.CoverUntil, p.OfstedURN, joinTags(p.Capabilities), vac, p.Town, at); err != nil {
			return nil, err
		}
	}
	return before, nil
}
