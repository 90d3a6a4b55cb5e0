package store

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"placematch/service"
)

// QueueDeliveries queues each message with the random part of its
// Message-ID (nonce: 8 random bytes in hex), which it keeps through every
// retry; QueueLetter does the same.
func (t *txn) QueueDeliveries(ds []service.Delivery) error {
	rows := make([][]any, len(ds))
	for i, d := range ds {
		var req any = d.RequestID
		if d.RequestID == "" {
			req = nil // a letter of the register's, of no request
		}
		rows[i] = []any{req, d.ProviderID, d.Kind, d.To, d.Subject, d.Body, d.Status, fmtTime(d.CreatedAt), nonce()}
	}
	return t.d.insertRows(t, "deliveries", []string{"request_id", "provider_id", "kind", "to_addr", "subject", "body", "status",
		"created_at", "nonce"}, rows)
}

// nonce is the random part of a message's Message-ID, as QueueLetter's
// lower(hex(randomblob(8))) makes it.
func nonce() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

func (t *txn) QueueLetter(l service.Letter) error {
	var id int64
	if err := t.queryRow("INSERT INTO letters(request_id, kind, subject, body) VALUES (?,?,?,?) RETURNING id",
		l.RequestID, l.Kind, l.Subject, l.Body).Scan(&id); err != nil {
		return err
	}
	// One statement for every recipient: a broadcast to a lot of 10,000
	// rows queues 10,000 messages without 10,000 round trips, each with
	// its own random part made by the database.
	_, err := t.exec(`INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at, letter_id, nonce)
		SELECT request_id, provider_id, ?, email, '', '', CASE WHEN email = '' THEN 'no_address' ELSE 'pending' END, ?, ?,
			`+t.d.randomHex(8)+`
		FROM invitations WHERE request_id = ? ORDER BY provider_id`, l.Kind, fmtTime(l.CreatedAt), id, l.RequestID)
	return err
}

// A message kept as a letter reads its subject and body from the letter and
// the name to greet from the provider's invitation.
const deliveryCols = `d.id, coalesce(d.request_id, ''), d.provider_id, d.kind, d.to_addr, coalesce(l.subject, d.subject), coalesce(l.body, d.body),
	d.status, d.attempts, d.last_error, d.created_at, d.sent_at, d.via, coalesce(d.letter_id, 0), coalesce(i.provider_name, ''), d.nonce
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
			&d.LastError, &created, &sent, &d.Via, &d.LetterID, &d.ProviderName, &d.Nonce); err != nil {
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

func (t *txn) ClaimDeliveries(ids []int64, at, staleBefore time.Time) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// While a message is pending, sent_at holds when a send of it began.
	args := []any{fmtTime(at), fmtTime(staleBefore)}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := t.query(`UPDATE deliveries SET sent_at = ?1 WHERE status IN ('pending', 'failed') AND (sent_at = '' OR sent_at < ?2)
		AND id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`) RETURNING id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var got []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		got = append(got, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(got)
	return got, nil
}

func (t *txn) MarkDeliveries(rs []service.DeliveryResult) error {
	st, err := t.prepare(`UPDATE deliveries SET status = ?, last_error = ?, via = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, r := range rs {
		sent := ""
		if r.Status == "sent" {
			sent = fmtTime(r.At)
		}
		if _, err := st.ExecContext(t.ctx, r.Status, r.LastError, r.Via, sent, r.ID); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) Requeue(requestID, providerID string, alsoSent bool, at time.Time) (int, []service.Unreachable, error) {
	cond, args := "1 = 1", []any{}
	if requestID != "" {
		cond += " AND request_id = ?"
		args = append(args, requestID)
	}
	if providerID != "" {
		cond += " AND provider_id = ?"
		args = append(args, providerID)
	}
	// The address the register gives the message's provider now.
	const email = "coalesce((SELECT p.email FROM providers p WHERE p.id = deliveries.provider_id), '')"
	if alsoSent {
		_, err := t.exec(`INSERT INTO deliveries(request_id, provider_id, kind, to_addr, subject, body, status, created_at, letter_id, nonce)
			SELECT request_id, provider_id, kind, `+email+`, subject, body,
				CASE WHEN `+email+` = '' THEN 'no_address' ELSE 'pending' END, ?, letter_id, `+t.d.randomHex(8)+`
			FROM deliveries WHERE status = 'sent' AND `+cond+` ORDER BY id`, append([]any{fmtTime(at)}, args...)...)
		if err != nil {
			return 0, nil, err
		}
	}
	// A message with no address waits for one; a failing one is retried by
	// every run anyway, and now goes to the address the register gives.
	// Its claim (sent_at) is left alone: a run may be sending it now.
	if _, err := t.exec(`UPDATE deliveries SET to_addr = `+email+`, status = 'pending'
		WHERE status = 'no_address' AND `+email+` <> '' AND `+cond, args...); err != nil {
		return 0, nil, err
	}
	if _, err := t.exec(`UPDATE deliveries SET to_addr = `+email+`
		WHERE status IN ('pending', 'failed') AND `+email+` <> '' AND to_addr <> `+email+` AND `+cond, args...); err != nil {
		return 0, nil, err
	}
	var pending int
	if err := t.queryRow(`SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed') AND `+cond, args...).Scan(&pending); err != nil {
		return 0, nil, err
	}
	rows, err := t.query(`SELECT DISTINCT d.provider_id, coalesce(p.name, ''), coalesce(p.phone, '')
		FROM deliveries d LEFT JOIN providers p ON p.id = d.provider_id
		WHERE d.status = 'no_address' AND `+strings.ReplaceAll(strings.ReplaceAll(cond, "request_id", "d.request_id"), "provider_id", "d.provider_id")+`
		ORDER BY d.provider_id`, args...)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var out []service.Unreachable
	for rows.Next() {
		var u service.Unreachable
		if err := rows.Scan(&u.ProviderID, &u.ProviderName, &u.Phone); err != nil {
			return 0, nil, err
		}
		out = append(out, u)
	}
	return pending, out, rows.Err()
}
