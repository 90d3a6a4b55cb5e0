package store

import (
	"time"

	"placematch/service"
)

func (t *txn) QueueDeliveries(ds []service.Delivery) error {
	st, err := t.tx.PrepareContext(t.ctx, `INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at)
		VALUES (?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, d := range ds {
		if _, err := st.ExecContext(t.ctx, d.RequestID, d.ProviderID, d.Kind, d.To, d.Subject, d.Body, d.Status, fmtTime(d.CreatedAt)); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) QueueLetter(l service.Letter) error {
	res, err := t.exec("INSERT INTO letters(request_id, kind, subject, body) VALUES (?,?,?,?)", l.RequestID, l.Kind, l.Subject, l.Body)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	// One statement for every recipient: a broadcast to a lot of 10,000
	// rows queues 10,000 messages without 10,000 round trips.
	_, err = t.exec(`INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at, letter_id)
		SELECT request_id, provider_id, ?, email, '', '', CASE WHEN email = '' THEN 'no_address' ELSE 'pending' END, ?, ?
		FROM invitations WHERE request_id = ? ORDER BY provider_id`, l.Kind, fmtTime(l.CreatedAt), id, l.RequestID)
	return err
}

// A message kept as a letter reads its subject and body from the letter and
// the name to greet from the provider's invitation.
const deliveryCols = `d.id, d.request_id, d.provider_id, d.kind, d.to_addr, coalesce(l.subject, d.subject), coalesce(l.body, d.body),
	d.status, d.attempts, d.last_error, d.created_at, d.sent_at, d.via, coalesce(d.letter_id, 0), coalesce(i.provider_name, '')
	FROM deliveries d LEFT JOIN letters l ON l.id = d.letter_id
	LEFT JOIN invitations i ON d.letter_id IS NOT NULL AND i.request_id = d.request_id AND i.provider_id = d.provider_id`

func (t *txn) deliveries(where string, args ...any) ([]service.Delivery, error) {
	rows, err := t.query("SELECT "+deliveryCols+" WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []service.Delivery{}
	for rows.Next() {
		var d service.Delivery
		var created, sent string
		if err := rows.Scan(&d.ID, &d.RequestID, &d.ProviderID, &d.Kind, &d.To, &d.Subject, &d.Body, &d.Status, &d.Attempts,
			&d.LastError, &created, &sent, &d.Via, &d.LetterID, &d.ProviderName); err != nil {
			return nil, err
		}
		d.CreatedAt, d.SentAt = parseTime(created), parseTime(sent)
		out = append(out, d)
	}
	return out, rows.Err()
}

func (t *txn) PendingDeliveries(afterID int64, limit int) ([]service.Delivery, error) {
	return t.deliveries("d.status IN ('pending', 'failed') AND d.id > ? ORDER BY d.id LIMIT ?", afterID, limit)
}

func (t *txn) Deliveries(requestID string) ([]service.Delivery, error) {
	if requestID == "" {
		return t.deliveries("1 = 1 ORDER BY d.id")
	}
	return t.deliveries("d.request_id = ? ORDER BY d.id", requestID)
}

func (t *txn) ClaimDelivery(id int64, at, staleBefore time.Time) (bool, error) {
	// While a message is pending, sent_at holds when a send of it began.
	res, err := t.exec(`UPDATE deliveries SET sent_at = ? WHERE id = ? AND status IN ('pending', 'failed')
		AND (sent_at = '' OR sent_at < ?)`, fmtTime(at), id, fmtTime(staleBefore))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t *txn) MarkDelivery(id int64, status, lastError, via string, at time.Time) error {
	sent := ""
	if status == "sent" {
		sent = fmtTime(at)
	}
	_, err := t.exec(`UPDATE deliveries SET status = ?, last_error = ?, via = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?`,
		status, lastError, via, sent, id)
	return err
}
