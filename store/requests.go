package store

import (
	"bytes"
	"compress/flate"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"placematch/matching"
	"placematch/service"
)

// NextRequestID takes the next id of a council's requests: its code, the
// London year of now and the council's own count that year, from the
// counter request-SLUG-YEAR (SEF-2026-0012), so that an id tells nobody
// another council's volume. It counts in the caller's transaction, which
// holds the store's write lock from its start, so two requests saved at
// once never get the same id, and a request that is not saved uses none.
// A counter only grows; should one be deleted or set back by hand, the
// ids the council's requests already have are skipped, never given twice.
func (t *txn) NextRequestID(council string, now time.Time) (string, error) {
	c, ok := matching.CouncilBySlug(council)
	if !ok {
		// A purchaser that is not a council of the region has a code of
		// its own.
		code, err := t.purchaserCode(council)
		if err != nil {
			return "", err
		}
		c, ok = matching.Council{Slug: council, Code: code}, code != ""
	}
	if !ok {
		return "", matching.Invalidf("%q is not a council of the region: placematch request new --org takes a council's slug, such as sefton", truncate(council, 40))
	}
	year := now.In(matching.London).Year()
	name := fmt.Sprintf("request-%s-%d", c.Slug, year)
	for {
		var n int64
		err := t.queryRow(`INSERT INTO counters(name, value) VALUES (?, 1)
			ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&n)
		if err != nil {
			return "", err
		}
		id := fmt.Sprintf("%s-%d-%04d", c.Code, year, n)
		var taken bool
		if err := t.queryRow("SELECT EXISTS (SELECT 1 FROM requests WHERE id = ?)", id).Scan(&taken); err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
}

const requestCols = `id, council, framework, lot, case_ref, initials, dob, start_date, deadline, urgency, hours,
	needs, risks, locality, summary, w_quality, w_price, w_age_cover, price_cap_pence, status, created_at, created_by,
	broadcast_at, closed_at, close_reason, opened_at, ended_at, end_reason, awarded_to, spot_purchase`

func requestArgs(r matching.Request) []any {
	return []any{r.ID, r.Council, r.Framework, r.Lot, r.CaseRef, r.Initials, fmtDate(r.DOB), fmtDate(r.Start),
		fmtTime(r.Deadline), string(r.Urgency), r.Hours, joinTags(r.Needs), joinTags(r.Risks), r.Locality, r.Summary,
		r.Weights.Quality, r.Weights.Price, r.Weights.AgeCover, int64(r.PriceCap), r.Status.String(),
		fmtTime(r.CreatedAt), r.CreatedBy, fmtTime(r.BroadcastAt), fmtTime(r.ClosedAt), r.CloseReason,
		fmtTime(r.OpenedAt), fmtTime(r.EndedAt), r.EndReason, r.AwardedTo, r.SpotPurchase}
}

func (t *txn) InsertRequest(r matching.Request) error {
	_, err := t.exec("INSERT INTO requests("+requestCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", requestArgs(r)...)
	return err
}

// updateRequestSQL sets every column but the id and who created the request
// when, which never change (so the index of requests by creation is left
// alone).
var updateRequestSQL = func() string {
	var set []string
	for _, c := range strings.Split(requestCols, ",")[1:] {
		if c = strings.TrimSpace(c); c != "created_at" && c != "created_by" {
			set = append(set, c+" = ?")
		}
	}
	return "UPDATE requests SET " + strings.Join(set, ", ") + " WHERE id = ?"
}()

func (t *txn) UpdateRequest(r matching.Request) error {
	var args []any
	cols := strings.Split(requestCols, ",")
	for i, a := range requestArgs(r) {
		if c := strings.TrimSpace(cols[i]); c != "id" && c != "created_at" && c != "created_by" {
			args = append(args, a)
		}
	}
	args = append(args, r.ID)
	res, err := t.exec(updateRequestSQL, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return matching.NotFoundf("request %s does not exist", r.ID)
	}
	return nil
}

func scanRequest(sc interface{ Scan(...any) error }) (matching.Request, error) {
	var r matching.Request
	var dob, start, deadline, urgency, needs, risks, status, created, broadcast, closed, opened, ended string
	var capPence int64
	err := sc.Scan(&r.ID, &r.Council, &r.Framework, &r.Lot, &r.CaseRef, &r.Initials, &dob, &start, &deadline, &urgency,
		&r.Hours, &needs, &risks, &r.Locality, &r.Summary, &r.Weights.Quality, &r.Weights.Price, &r.Weights.AgeCover,
		&capPence, &status, &created, &r.CreatedBy, &broadcast, &closed, &r.CloseReason, &opened, &ended, &r.EndReason,
		&r.AwardedTo, &r.SpotPurchase)
	if err != nil {
		return r, err
	}
	r.DOB, r.Start, r.Deadline = parseDate(dob), parseDate(start), parseTime(deadline)
	r.Urgency = matching.Urgency(urgency)
	r.Needs, r.Risks = splitTags(needs), splitTags(risks)
	r.PriceCap = matching.Pence(capPence)
	r.Status, err = matching.ParseStatus(status)
	if err != nil {
		return r, fmt.Errorf("request %s has an unknown status %q in the store", r.ID, status)
	}
	r.CreatedAt, r.BroadcastAt, r.ClosedAt = parseTime(created), parseTime(broadcast), parseTime(closed)
	r.OpenedAt, r.EndedAt = parseTime(opened), parseTime(ended)
	return r, nil
}

func (t *txn) Request(id string) (matching.Request, error) {
	r, err := scanRequest(t.queryRow("SELECT "+requestCols+" FROM requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, matching.RequestNotFound(id)
	}
	return r, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// requestsQuery is the query of a list of requests and its arguments.
// us is SQL for the unit separator, which joins a row's fields.
func requestsQuery(f service.RequestFilter, us string) (string, []any) {
	return requestsQueryWhere(f, us, "")
}

// requestsQueryWhere is requestsQuery with one more condition on r (""
// for none) and its arguments, which come first.
func requestsQueryWhere(f service.RequestFilter, us, cond string, condArgs ...any) (string, []any) {
	var where []string
	var args []any
	if cond != "" {
		where = append(where, cond)
		args = append(args, condArgs...)
	}
	if f.Council != "" {
		where = append(where, "r.council = ?")
		args = append(args, f.Council)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ph[i] = "?"
			args = append(args, s.String())
		}
		where = append(where, "r.status IN ("+strings.Join(ph, ",")+")")
	}
	from := "requests r"
	if f.Provider != "" {
		from = "invitations i JOIN requests r ON r.id = i.request_id"
		where = append(where, "i.provider_id = ?")
		args = append(args, f.Provider)
	}
	// Each row comes as one text of its fields joined by the unit
	// separator, the locality last (so that nothing in it can shift the
	// others): the driver's cost is by the column, and a region's list is
	// fifty thousand rows of fifteen.
	us = " || " + us + " || "
	q := `SELECT r.id` + us + `r.council` + us + `r.framework` + us + `r.lot` + us + `r.status` + us + `r.urgency` + us +
		`r.dob` + us + `r.start_date` + us + `r.deadline` + us + `r.needs` + us + `r.created_at` + us + `r.invited_count` + us +
		`r.answered_count` + us + `r.awarded_to` + us + `r.locality FROM ` + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY r.created_at DESC, r.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args
}

func (t *txn) Requests(f service.RequestFilter) ([]service.RequestSummary, error) {
	q, args := requestsQuery(f, t.d.chr(31))
	return t.requestRows(q, args)
}

// requestRows reads the rows of a query made by requestsQueryWhere.
func (t *txn) requestRows(q string, args []any) ([]service.RequestSummary, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// A region lists tens of thousands of requests: the text that repeats
	// from row to row (councils, lots, statuses, towns, needs, providers)
	// is read in place and kept once, times are read without time.Parse,
	// and the rows are gathered in blocks and copied once at the end rather
	// than grown by doubling.
	intern := map[string]string{}
	str := func(b sql.RawBytes) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	var blocks [][]service.RequestSummary
	block := make([]service.RequestSummary, 0, 64)
	total := 0
	var line sql.RawBytes
	var fl [15][]byte
	awardees := map[string]string{}
	for rows.Next() {
		var s service.RequestSummary
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		rest := []byte(line)
		for i := range 14 {
			j := bytes.IndexByte(rest, 31)
			if j < 0 {
				return nil, fmt.Errorf("a stored request cannot be read: %q", truncate(string(line), 60))
			}
			fl[i], rest = rest[:j], rest[j+1:]
		}
		fl[14] = rest
		council, framework, lot, status, urgency, dob, start, deadline := fl[1], fl[2], fl[3], fl[4], fl[5], fl[6], fl[7], fl[8]
		needs, created, awarded, locality := fl[9], fl[10], fl[13], fl[14]
		s.ID = string(fl[0])
		var err1, err2 error
		s.Invited, err1 = strconv.Atoi(string(fl[11]))
		s.Answered, err2 = strconv.Atoi(string(fl[12]))
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("a stored request has unreadable counts: %q", truncate(string(line), 60))
		}
		s.Council, s.Framework, s.Lot, s.Locality = str(council), str(framework), str(lot), str(locality)
		if s.AwardedTo = str(awarded); s.AwardedTo != "" {
			awardees[s.AwardedTo] = ""
		}
		s.Status, _ = matching.ParseStatus(str(status))
		s.Urgency = matching.Urgency(str(urgency))
		s.Start, s.Deadline, s.CreatedAt = dateOf(start), timeOf(deadline), timeOf(created)
		if len(dob) > 0 && len(start) > 0 {
			s.Age = matching.AgeOn(dateOf(dob), s.Start)
		}
		s.Incomplete = len(dob) == 0 || len(start) == 0 || len(deadline) == 0
		s.Needs = []string{}
		for tag := range bytes.SplitSeq(needs, []byte{';'}) {
			if len(tag) > 0 {
				s.Needs = append(s.Needs, str(tag))
			}
		}
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]service.RequestSummary, 0, 2*cap(block))
		}
		block = append(block, s)
		total++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	out := make([]service.RequestSummary, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	out = append(out, block...)
	// The awarded providers' names, once each rather than once a row.
	if err := t.providerNames(awardees); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].AwardedTo != "" {
			out[i].AwardedName = awardees[out[i].AwardedTo]
		}
	}
	return out, nil
}

// providerNames fills in the names of the providers keyed in names.
func (t *txn) providerNames(names map[string]string) error {
	ids := make([]any, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		rs, err := t.query("SELECT id, name FROM providers WHERE id IN ("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")", ids[:n]...)
		if err != nil {
			return err
		}
		for rs.Next() {
			var id, name string
			if err := rs.Scan(&id, &name); err != nil {
				rs.Close()
				return err
			}
			names[id] = name
		}
		if err := rs.Close(); err != nil {
			return err
		}
		if err := rs.Err(); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// timeOf and dateOf read a stored time or date in place.
func timeOf(b sql.RawBytes) time.Time {
	if t, ok := parseStamp(b); ok {
		return t
	}
	return parseTime(string(b))
}

func dateOf(b sql.RawBytes) time.Time {
	if t, ok := parseDay(b); ok {
		return t
	}
	return parseDate(string(b))
}

func (t *txn) DueRequests(now time.Time) ([]string, error) {
	rows, err := t.query("SELECT id FROM requests WHERE status = 'open' AND deadline <= ? ORDER BY deadline", fmtTime(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func (t *txn) InsertBroadcast(requestID string, invited []matching.Invitation, left []matching.NotInvited, leftDigest string) error {
	// In bulk: a broadcast to a lot of 10,000 rows spent most of its insert
	// in the driver's cost per statement, not in the database.
	rows := make([][]any, len(invited))
	cells := make([]any, 10*len(invited))
	for i, inv := range invited {
		var vac any
		if inv.Vacancies != nil {
			vac = int64(*inv.Vacancies)
		}
		r := cells[10*i : 10*i+10 : 10*i+10]
		r[0], r[1], r[2], r[3], r[4] = requestID, inv.ProviderID, inv.ProviderName, inv.Email, inv.Quality
		r[5], r[6], r[7], r[8], r[9] = int64(inv.CoverUntil), joinTags(inv.MissingNeeds), vac, inv.Town, inv.Phone
		rows[i] = r
	}
	count := len(invited)
	if err := t.d.insertRows(t, "invitations", []string{"request_id", "provider_id", "provider_name", "email", "quality",
		"cover_until", "missing_needs", "vacancies", "town", "phone"}, rows); err != nil {
		return err
	}
	var list any // NULL: nobody was left out
	if len(left) > 0 {
		id, err := t.notInvitedList(left, leftDigest)
		if err != nil {
			return err
		}
		list = id
	}
	_, err := t.exec("UPDATE requests SET invited_count = ?, not_invited_list = ? WHERE id = ?", count, list, requestID)
	return err
}

// deflaters keeps compressors for not-invited lists: each holds a large
// state that is costly to make afresh for each new list.
var deflaters sync.Pool

// notInvitedList finds or adds the stored copy of a not-invited list, by
// its digest.
func (t *txn) notInvitedList(left []matching.NotInvited, digest string) (int64, error) {
	if digest == "" {
		digest = matching.NotInvitedDigest(left)
	}
	var id int64
	err := t.queryRow("SELECT id FROM not_invited_lists WHERE sha256 = ?", digest).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	text := matching.EncodeNotInvited(left)
	var body bytes.Buffer
	zw, _ := deflaters.Get().(*flate.Writer)
	if zw == nil {
		var err error
		if zw, err = flate.NewWriter(&body, flate.BestSpeed); err != nil {
			return 0, err
		}
	} else {
		zw.Reset(&body)
	}
	defer deflaters.Put(zw)
	if _, err := zw.Write(text); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	err = t.queryRow("INSERT INTO not_invited_lists(sha256, providers, body) VALUES (?,?,?) RETURNING id",
		digest, len(left), body.Bytes()).Scan(&id)
	return id, err
}

// inflaters keeps decompressors for not-invited lists: each holds tables
// and a window too large to make afresh for each list read.
var inflaters sync.Pool

// inflateList is a stored not-invited list's text. It is inflated
// straight into the string the list's rows are read from (a list
// compresses about five times: its text is sized so at the start).
func inflateList(body []byte) (string, error) {
	src := bytes.NewReader(body)
	zr, _ := inflaters.Get().(io.ReadCloser)
	if zr == nil {
		zr = flate.NewReader(src)
	} else if err := zr.(flate.Resetter).Reset(src, nil); err != nil {
		return "", err
	}
	defer func() {
		// Kept in the pool, it would keep this list's body alive too.
		zr.(flate.Resetter).Reset(bytes.NewReader(nil), nil)
		inflaters.Put(zr)
	}()
	var text strings.Builder
	text.Grow(6 * len(body))
	if _, err := io.Copy(&text, zr); err != nil {
		return "", err
	}
	return text.String(), nil
}

func (t *txn) Invitations(requestID string) ([]matching.Invitation, error) {
	rows, err := t.query(`SELECT provider_id, provider_name, email, phone, quality, cover_until, missing_needs, vacancies, town
		FROM invitations WHERE request_id = ? ORDER BY provider_id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.Invitation{}
	for rows.Next() {
		var inv matching.Invitation
		var missing string
		var vac sql.NullInt64
		if err := rows.Scan(&inv.ProviderID, &inv.ProviderName, &inv.Email, &inv.Phone, &inv.Quality, &inv.CoverUntil, &missing, &vac, &inv.Town); err != nil {
			return nil, err
		}
		inv.MissingNeeds = splitTags(missing)
		if vac.Valid {
			v := int(vac.Int64)
			inv.Vacancies = &v
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

func (t *txn) NotInvited(requestID string) ([]matching.NotInvited, error) {
	return t.NotInvitedAhead(requestID)()
}

// NotInvitedAhead reads a request's stored not-invited list now and
// inflates and decodes it on a goroutine of its own (on a region's
// largest request, most of the time its detail takes to read); the
// function returned waits for it. It must be called before the
// transaction ends.
func (t *txn) NotInvitedAhead(requestID string) func() ([]matching.NotInvited, error) {
	var body []byte
	err := t.queryRow(`SELECT l.body FROM requests r JOIN not_invited_lists l ON l.id = r.not_invited_list
		WHERE r.id = ?`, requestID).Scan(&body)
	switch {
	case err == nil:
		type decoded struct {
			list []matching.NotInvited
			err  error
		}
		done := make(chan decoded, 1)
		go func() {
			text, err := inflateList(body)
			if err != nil {
				done <- decoded{err: fmt.Errorf("the stored not-invited list of %s cannot be read: %w", requestID, err)}
				return
			}
			list, err := matching.DecodeNotInvitedText(text)
			done <- decoded{list, err}
		}()
		return func() ([]matching.NotInvited, error) {
			d := <-done
			return d.list, d.err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return func() ([]matching.NotInvited, error) { return nil, err }
	}
	list, err := t.notInvitedRows(requestID)
	return func() ([]matching.NotInvited, error) { return list, err }
}

// notInvitedRows reads the not-invited list of a request broadcast before
// lists were kept whole.
func (t *txn) notInvitedRows(requestID string) ([]matching.NotInvited, error) {
	// A request broadcast before lists were kept whole has a row per provider.
	rows, err := t.query(`SELECT provider_id, provider_name, reasons FROM not_invited WHERE request_id = ? ORDER BY provider_id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.NotInvited{}
	for rows.Next() {
		var n matching.NotInvited
		var reasons string
		if err := rows.Scan(&n.ProviderID, &n.ProviderName, &reasons); err != nil {
			return nil, err
		}
		n.Reasons = splitTags(reasons)
		out = append(out, n)
	}
	return out, rows.Err()
}

func (t *txn) SnapshotAtClose(requestID string) error {
	_, err := t.exec(`UPDATE invitations SET
		close_status = COALESCE((SELECT pl.status FROM provider_lots pl JOIN requests r ON r.id = invitations.request_id
			WHERE pl.provider_id = invitations.provider_id AND pl.framework = r.framework AND pl.lot = r.lot), 'removed'),
		close_quality = COALESCE((SELECT pl.quality FROM provider_lots pl JOIN requests r ON r.id = invitations.request_id
			WHERE pl.provider_id = invitations.provider_id AND pl.framework = r.framework AND pl.lot = r.lot), quality)
		WHERE request_id = ?`, requestID)
	return err
}

func (t *txn) Entrants(requestID string) ([]matching.Entrant, error) {
	rows, err := t.query(`SELECT provider_id, provider_name, COALESCE(close_quality, quality), cover_until, close_status
		FROM invitations WHERE request_id = ? ORDER BY provider_id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.Entrant{}
	for rows.Next() {
		var e matching.Entrant
		var status string
		if err := rows.Scan(&e.ProviderID, &e.ProviderName, &e.Quality, &e.CoverUntil, &status); err != nil {
			return nil, err
		}
		e.Admitted = status == string(matching.ProviderAdmitted)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (t *txn) Responses(requestID string) ([]matching.Response, error) {
	rows, err := t.query(`SELECT provider_id, declined, decline_reason, weekly_pence, cover_until, start_date, received_at, note,
		withdrawn_at, recorded_at, recorded_by FROM responses WHERE request_id = ? ORDER BY received_at, provider_id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.Response{}
	for rows.Next() {
		var r matching.Response
		var weekly int64
		var start, received, withdrawn, recorded string
		if err := rows.Scan(&r.ProviderID, &r.Declined, &r.DeclineReason, &weekly, &r.CoverUntil, &start, &received, &r.Note,
			&withdrawn, &recorded, &r.RecordedBy); err != nil {
			return nil, err
		}
		r.Weekly = matching.Pence(weekly)
		r.Start, r.Received, r.WithdrawnAt, r.RecordedAt = parseDate(start), parseTime(received), parseTime(withdrawn), parseTime(recorded)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *txn) PutResponse(requestID string, r matching.Response) error {
	_, err := t.exec(`INSERT INTO responses(request_id, provider_id, declined, decline_reason, weekly_pence, cover_until, start_date,
		received_at, note, withdrawn_at, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(request_id, provider_id) DO UPDATE SET declined = excluded.declined, decline_reason = excluded.decline_reason,
		weekly_pence = excluded.weekly_pence, cover_until = excluded.cover_until, start_date = excluded.start_date,
		received_at = excluded.received_at, note = excluded.note, withdrawn_at = excluded.withdrawn_at,
		recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
		requestID, r.ProviderID, boolInt(r.Declined), r.DeclineReason, int64(r.Weekly), r.CoverUntil, fmtDate(r.Start),
		fmtTime(r.Received), r.Note, fmtTime(r.WithdrawnAt), fmtTime(r.RecordedAt), r.RecordedBy)
	if err != nil {
		return err
	}
	_, err = t.exec(`UPDATE requests SET answered_count = (SELECT count(*) FROM responses WHERE request_id = ?) WHERE id = ?`, requestID, requestID)
	return err
}

func (t *txn) SaveRanking(requestID string, rk matching.Ranking) error {
	b, err := json.Marshal(rk)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO rankings(request_id, ranking_json) VALUES (?, ?)
		ON CONFLICT(request_id) DO UPDATE SET ranking_json = excluded.ranking_json`, requestID, string(b))
	return err
}

func (t *txn) Ranking(requestID string) (matching.Ranking, error) {
	var s string
	var rk matching.Ranking
	err := t.queryRow("SELECT ranking_json FROM rankings WHERE request_id = ?", requestID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return rk, matching.NotFoundf("request %s has no ranking yet: its offers have not been opened", truncate(requestID, 40))
	}
	if err != nil {
		return rk, err
	}
	if err := json.Unmarshal([]byte(s), &rk); err != nil {
		return rk, fmt.Errorf("the stored ranking of %s cannot be read: %w", requestID, err)
	}
	return rk, nil
}

// boolInt is a flag as both databases keep it: 1 or 0.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
