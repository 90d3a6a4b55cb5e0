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

const deliveryCols = "id, request_id, provider_id, kind, to_addr, subject, body, status, attempts, last_error, created_at, sent_at, via"

func (t *txn) deliveries(where string, args ...any) ([]service.Delivery, error) {
	rows, err := t.query("SELECT "+deliveryCols+" FROM deliveries WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []service.Delivery{}
	for rows.Next() {
		var d service.Delivery
		var created, sent string
		if err := rows.Scan(&d.ID, &d.RequestID, &d.ProviderID, &d.Kind, &d.To, &d.Subject, &d.Body, &d.Status, &d.Attempts,
			&d.LastError, &created, &sent, &d.Via); err != nil {
			return nil, err
		}
		d.CreatedAt, d.SentAt = parseTime(created), parseTime(sent)
		out = append(out, d)
	}
	return out, rows.Err()
}

func (t *txn) PendingDeliveries(afterID int64, limit int) ([]service.Delivery, error) {
	return t.deliveries("status IN ('pending', 'failed') AND id > ? ORDER BY id LIMIT ?", afterID, limit)
}

func (t *txn) Deliveries(requestID string) ([]service.Delivery, error) {
	if requestID == "" {
		return t.deliveries("1 = 1 ORDER BY id")
	}
	return t.deliveries("request_id = ? ORDER BY id", requestID)
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
