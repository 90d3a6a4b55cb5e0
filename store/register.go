package store

import (
	"bytes"
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
		return matching.Defaults{Weights: matching.DefaultWeights()}, nil
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

const providerLotCols = `pl.provider_id, p.name, p.kind, p.email, p.phone, pl.framework, pl.lot, pl.status, pl.admitted_on,
	pl.quality, pl.serves, pl.min_age, pl.cover_until, pl.ofsted_urn, pl.capabilities, pl.vacancies, pl.town,
	pl.applied_on, pl.assessed_on, pl.quality_note, pl.decided_on, pl.status_reason, pl.suspended_until`

func (t *txn) ProviderLots(f service.ProviderFilter) ([]matching.ProviderLot, error) {
	if f.Eligibility {
		return t.eligibleLot(f.Framework, f.Lot)
	}
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
	if !f.SuspensionEndsBy.IsZero() {
		add("pl.status = 'suspended' AND pl.suspended_until <> '' AND pl.suspended_until <= ?", fmtDate(f.SuspensionEndsBy))
	}
	// The values are text to find, never patterns: % and _ in them are
	// escaped, so "%" finds no council rather than every one.
	if f.Council != "" {
		add(`(pl.serves = '*' OR ';' || pl.serves || ';' LIKE '%;' || ? || ';%' ESCAPE '\')`, likeText(f.Council))
	}
	if f.Capability != "" {
		add(`';' || pl.capabilities || ';' LIKE '%;' || ? || ';%' ESCAPE '\'`, likeText(f.Capability))
	}
	q := "SELECT " + providerLotCols + " FROM provider_lots pl JOIN providers p ON p.id = pl.provider_id"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY pl.provider_id, pl.framework, pl.lot"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Gathered in blocks and copied once: a lot of thousands of rows grown
	// by doubling spends its time copying and clearing memory.
	var blocks [][]matching.ProviderLot
	block := make([]matching.ProviderLot, 0, 64)
	total := 0
	var sc lotScanner
	for rows.Next() {
		p, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]matching.ProviderLot, 0, 2*cap(block))
		}
		block = append(block, p)
		total++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]matching.ProviderLot, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, block...), nil
}

// likeText is s as a LIKE pattern that matches s only, with \ as the
// escape character (ESCAPE '\'), the same on SQLite and PostgreSQL.
var likeText = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace

// lotScanner reads register rows, keeping once the text that repeats from
// row to row (kinds, lots, statuses, towns, councils, capabilities): a
// broadcast to a lot of thousands reads them all.
type lotScanner struct {
	intern map[string]string
	// The columns read in place.
	kind, email, phone, framework, lot, status sql.RawBytes
	admitted, serves, caps, urn, town          sql.RawBytes
	applied, assessed, decided, until          sql.RawBytes
}

func (sc *lotScanner) str(b sql.RawBytes) string {
	if sc.intern == nil {
		sc.intern = map[string]string{}
	}
	if s, ok := sc.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	sc.intern[s] = s
	return s
}

func (sc *lotScanner) tags(b sql.RawBytes) []string {
	out := []string{}
	for t := range bytes.SplitSeq(b, []byte{';'}) {
		out = append(out, sc.str(t))
	}
	if len(b) == 0 {
		return []string{}
	}
	return out
}

func (sc *lotScanner) scan(rows *sql.Rows) (matching.ProviderLot, error) {
	var p matching.ProviderLot
	var vac sql.NullInt64
	err := rows.Scan(&p.ProviderID, &p.ProviderName, &sc.kind, &sc.email, &sc.phone, &sc.framework, &sc.lot, &sc.status, &sc.admitted,
		&p.Quality, &sc.serves, &p.MinAge, &p.CoverUntil, &sc.urn, &sc.caps, &vac, &sc.town,
		&sc.applied, &sc.assessed, &p.QualityNote, &sc.decided, &p.StatusReason, &sc.until)
	if err != nil {
		return p, err
	}
	p.Kind, p.Email, p.Phone, p.Framework, p.Lot = sc.str(sc.kind), string(sc.email), string(sc.phone), sc.str(sc.framework), sc.str(sc.lot)
	p.Status = matching.ProviderStatus(sc.str(sc.status))
	p.AdmittedOn = dateOf(sc.admitted)
	p.AppliedOn, p.AssessedOn, p.DecidedOn, p.SuspendedUntil = dateOf(sc.applied), dateOf(sc.assessed), dateOf(sc.decided), dateOf(sc.until)
	p.Serves, p.Capabilities = sc.tags(sc.serves), sc.tags(sc.caps)
	p.OfstedURN, p.Town = string(sc.urn), sc.str(sc.town)
	if vac.Valid {
		v := int(vac.Int64)
		p.Vacancies = &v
	}
	return p, nil
}

func (t *txn) UpsertProviderLots(rows []matching.ProviderLot, now time.Time) ([]*matching.ProviderLot, error) {
	old, err := t.currentRows(rows)
	if err != nil {
		return nil, err
	}
	// A provider's name, kind, email and phone as this call has written them
	// (the index of its last row): a later row of the same provider sees
	// them as its state before, as a read of the store at that point would.
	written := make(map[string]int, len(rows))
	// What the store holds of each provider seen among old rows: a
	// provider written as it already stands is not written again.
	stored := map[string]matching.ProviderLot{}
	for _, o := range old {
		stored[o.ProviderID] = o
	}
	// The rows this call added, by the index of the row, so that a key
	// given twice sees its first row as its state before.
	var added map[lotKey]int
	before := make([]*matching.ProviderLot, len(rows))
	at := fmtTime(now)
	// New rows are inserted; rows that differ from what the store holds
	// are upserted; rows the same as the store's are left as they are
	// (a register imported again writes only what it changes).
	var fresh, lots [][]any
	var provs []string // in the order first written
	for i, p := range rows {
		key := lotKey{p.ProviderID, p.Framework, p.Lot}
		o, had := old[key]
		if j, ok := added[key]; ok {
			o, had = rows[j], true
			o.Serves, o.Capabilities = splitTags(joinTags(o.Serves)), splitTags(joinTags(o.Capabilities))
		}
		if had {
			if j, ok := written[p.ProviderID]; ok {
				w := rows[j]
				o.ProviderName, o.Kind, o.Email, o.Phone = w.ProviderName, w.Kind, w.Email, w.Phone
			}
			before[i] = &o
		}
		if _, ok := written[p.ProviderID]; !ok {
			provs = append(provs, p.ProviderID)
		}
		written[p.ProviderID] = i
		serves, caps := joinTags(p.Serves), joinTags(p.Capabilities)
		if had && sameLot(o, p, serves, caps) {
			continue
		}
		if added == nil {
			added = map[lotKey]int{}
		}
		added[key] = i
		var vac any
		if p.Vacancies != nil {
			vac = int64(*p.Vacancies)
		}
		row := []any{p.ProviderID, p.Framework, p.Lot, string(p.Status), fmtDate(p.AdmittedOn), p.Quality,
			serves, int64(p.MinAge), int64(p.CoverUntil), p.OfstedURN, caps, vac, p.Town, at}
		if had {
			lots = append(lots, row)
		} else {
			fresh = append(fresh, row)
		}
	}
	// Each provider once, as its last row has it, as writing them one by
	// one would leave it.
	provRows := make([][]any, 0, len(provs))
	for _, id := range provs {
		p := rows[written[id]]
		if o, ok := stored[id]; ok && o.ProviderName == p.ProviderName && o.Kind == p.Kind && o.Email == p.Email && o.Phone == p.Phone {
			continue
		}
		provRows = append(provRows, []any{p.ProviderID, p.ProviderName, p.Kind, p.Email, p.Phone})
	}
	if err := t.d.upsertRows(t, "providers", []string{"id", "name", "kind", "email", "phone"}, 1, provRows); err != nil {
		return nil, err
	}
	lotCols := []string{"provider_id", "framework", "lot", "status", "admitted_on", "quality",
		"serves", "min_age", "cover_until", "ofsted_urn", "capabilities", "vacancies", "town", "updated_at"}
	// currentRows read every row of these providers in this transaction,
	// which holds the write lock: a row it did not find is not there.
	if err := t.d.insertRows(t, "provider_lots", lotCols, fresh); err != nil {
		return nil, err
	}
	if err := t.d.upsertRows(t, "provider_lots", lotCols, 3, lots); err != nil {
		return nil, err
	}
	return before, nil
}

type lotKey struct{ provider, framework, lot string }

// sameLot reports whether the store's row o already holds what writing p
// (whose areas and capabilities are joined as serves and caps) would: its
// register columns, all but the time of the write.
func sameLot(o, p matching.ProviderLot, serves, caps string) bool {
	return o.Status == p.Status && fmtDate(o.AdmittedOn) == fmtDate(p.AdmittedOn) && o.Quality == p.Quality &&
		joinTags(o.Serves) == serves && o.MinAge == p.MinAge && o.CoverUntil == p.CoverUntil && o.OfstedURN == p.OfstedURN &&
		joinTags(o.Capabilities) == caps && (o.Vacancies == nil) == (p.Vacancies == nil) &&
		(o.Vacancies == nil || *o.Vacancies == *p.Vacancies) && o.Town == p.Town
}

// UpdateProviderLot writes where a row stands in the register's life: its
// status, dates, quality and the words of its last change.
func (t *txn) UpdateProviderLot(p matching.ProviderLot, now time.Time) error {
	res, err := t.exec(`UPDATE provider_lots SET status = ?, admitted_on = ?, quality = ?, applied_on = ?, assessed_on = ?,
		quality_note = ?, decided_on = ?, status_reason = ?, suspended_until = ?, updated_at = ?
		WHERE provider_id = ? AND framework = ? AND lot = ?`,
		string(p.Status), fmtDate(p.AdmittedOn), p.Quality, fmtDate(p.AppliedOn), fmtDate(p.AssessedOn), p.QualityNote,
		fmtDate(p.DecidedOn), p.StatusReason, fmtDate(p.SuspendedUntil), fmtTime(now), p.ProviderID, p.Framework, p.Lot)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return matching.NotFoundf("provider %s is not on lot %s", p.ProviderID, p.Lot)
	}
	return nil
}

// currentRows reads what the register holds for the providers of rows, a
// few hundred providers to a query: an import of a whole register would
// otherwise look its rows up one at a time.
func (t *txn) currentRows(rows []matching.ProviderLot) (map[lotKey]matching.ProviderLot, error) {
	var ids []string
	seen := map[string]bool{}
	for _, p := range rows {
		if !seen[p.ProviderID] {
			seen[p.ProviderID] = true
			ids = append(ids, p.ProviderID)
		}
	}
	out := map[lotKey]matching.ProviderLot{}
	var sc lotScanner
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		q := "SELECT " + providerLotCols + " FROM provider_lots pl JOIN providers p ON p.id = pl.provider_id WHERE pl.provider_id IN (" +
			strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
		if err := func() error {
			rs, err := t.query(q, args...)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				p, err := sc.scan(rs)
				if err != nil {
					return err
				}
				out[lotKey{p.ProviderID, p.Framework, p.Lot}] = p
			}
			return rs.Err()
		}(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *txn) CouncilContact(council string) (matching.Contact, error) {
	var c matching.Contact
	err := t.queryRow(`SELECT name, email, phone FROM council_contacts WHERE council = ?`, council).Scan(&c.Name, &c.Email, &c.Phone)
	if errors.Is(err, sql.ErrNoRows) {
		return matching.Contact{}, nil
	}
	return c, err
}

func (t *txn) SetCouncilContact(council string, c matching.Contact) error {
	_, err := t.exec(`INSERT INTO council_contacts(council, name, email, phone) VALUES (?,?,?,?)
		ON CONFLICT(council) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone`,
		council, c.Name, c.Email, c.Phone)
	return err
}

func (t *txn) Settings() (matching.Settings, error) {
	var s matching.Settings
	rows, err := t.query(`SELECT name, value FROM settings`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return s, err
		}
		s, _ = s.With(name, value)
	}
	return s, rows.Err()
}

func (t *txn) SetSettings(s matching.Settings) error {
	for _, name := range matching.SettingNames() {
		if _, err := t.exec(`INSERT INTO settings(name, value) VALUES (?,?)
			ON CONFLICT(name) DO UPDATE SET value = excluded.value`, name, s.Get(name)); err != nil {
			return err
		}
	}
	return nil
}
