package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The frameworks' terms, the purchasers that are not councils of the
// region, and the reads of the "what needs attention" list.

func (t *txn) FrameworkTerm(framework string) (matching.FrameworkTerm, error) {
	term := matching.FrameworkTerm{Framework: framework}
	var start, ext string
	err := t.queryRow(`SELECT start_date, initial_years, extension_years FROM framework_terms WHERE framework = ?`, framework).
		Scan(&start, &term.Initial, &ext)
	if errors.Is(err, sql.ErrNoRows) {
		return term, nil
	}
	if err != nil {
		return term, err
	}
	term.Start = parseDate(start)
	for _, y := range strings.Split(ext, "+") {
		if n, err := strconv.Atoi(y); err == nil {
			term.Extensions = append(term.Extensions, n)
		}
	}
	rows, err := t.query(`SELECT years, decided_on, reason, actor FROM framework_extensions WHERE framework = ? ORDER BY n`, framework)
	if err != nil {
		return term, err
	}
	defer rows.Close()
	for rows.Next() {
		var d matching.TermDecision
		var on string
		if err := rows.Scan(&d.Years, &on, &d.Reason, &d.Actor); err != nil {
			return term, err
		}
		d.On = parseDate(on)
		term.Decisions = append(term.Decisions, d)
	}
	return term, rows.Err()
}

func (t *txn) PutFrameworkTerm(term matching.FrameworkTerm) error {
	ext := make([]string, len(term.Extensions))
	for i, y := range term.Extensions {
		ext[i] = strconv.Itoa(y)
	}
	// A new term starts with no decisions: those of the one it replaces
	// stay on the record (the trail), not in the term.
	if _, err := t.exec(`DELETE FROM framework_extensions WHERE framework = ?`, term.Framework); err != nil {
		return err
	}
	_, err := t.exec(`INSERT INTO framework_terms(framework, start_date, initial_years, extension_years) VALUES (?,?,?,?)
		ON CONFLICT(framework) DO UPDATE SET start_date = excluded.start_date, initial_years = excluded.initial_years,
		extension_years = excluded.extension_years`, term.Framework, fmtDate(term.Start), term.Initial, strings.Join(ext, "+"))
	return err
}

func (t *txn) AddTermDecision(framework string, d matching.TermDecision) error {
	_, err := t.exec(`INSERT INTO framework_extensions(framework, n, years, decided_on, reason, actor)
		VALUES (?, (SELECT COUNT(*) + 1 FROM framework_extensions WHERE framework = ?), ?, ?, ?, ?)`,
		framework, framework, d.Years, fmtDate(d.On), d.Reason, d.Actor)
	return err
}

func (t *txn) Purchasers() ([]matching.Purchaser, error) {
	rows, err := t.query(`SELECT p.slug, c.name, c.gss, p.code, m.framework FROM purchasers p
		JOIN councils c ON c.slug = p.slug
		LEFT JOIN framework_members m ON m.council = p.slug
		ORDER BY p.slug, m.framework`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []matching.Purchaser
	for rows.Next() {
		var p matching.Purchaser
		var fw sql.NullString
		if err := rows.Scan(&p.Slug, &p.Name, &p.GSS, &p.Code, &fw); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Slug == p.Slug {
			out[n-1].Frameworks = append(out[n-1].Frameworks, fw.String)
			continue
		}
		if fw.Valid {
			p.Frameworks = []string{fw.String}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *txn) PutPurchaser(p matching.Purchaser) error {
	if _, err := t.exec(`INSERT INTO councils(slug, name, gss) VALUES (?,?,?)
		ON CONFLICT(slug) DO UPDATE SET gss = excluded.gss`, p.Slug, p.Name, p.GSS); err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO purchasers(slug, code) VALUES (?,?) ON CONFLICT(slug) DO NOTHING`, p.Slug, p.Code); err != nil {
		return err
	}
	for _, fw := range p.Frameworks {
		if _, err := t.exec(`INSERT INTO framework_members(framework, council) VALUES (?,?) ON CONFLICT DO NOTHING`, fw, p.Slug); err != nil {
			return err
		}
	}
	return nil
}

// purchaserCode is the request-id code of a purchaser ("" when slug is
// not one).
func (t *txn) purchaserCode(slug string) (string, error) {
	var code string
	err := t.queryRow(`SELECT code FROM purchasers WHERE slug = ?`, slug).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return code, err
}

func (t *txn) AttentionRequests(council string, status matching.Status, before time.Time, limit int) ([]service.RequestSummary, int, error) {
	where, args := "status = ? AND deadline != ''", []any{status.String()}
	if council != "" {
		where += " AND council = ?"
		args = append(args, council)
	}
	if !before.IsZero() {
		where += " AND deadline < ?"
		args = append(args, fmtTime(before))
	}
	var total int
	if err := t.queryRow("SELECT COUNT(*) FROM requests WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := t.query(fmt.Sprintf(`SELECT id, council, framework, lot, urgency, deadline, invited_count, answered_count
		FROM requests WHERE %s ORDER BY deadline, id LIMIT %d`, where, limit), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []service.RequestSummary
	for rows.Next() {
		s := service.RequestSummary{Status: status}
		var urgency, deadline string
		if err := rows.Scan(&s.ID, &s.Council, &s.Framework, &s.Lot, &urgency, &deadline, &s.Invited, &s.Answered); err != nil {
			return nil, 0, err
		}
		s.Urgency, s.Deadline = matching.Urgency(urgency), parseTime(deadline)
		out = append(out, s)
	}
	return out, total, rows.Err()
}
