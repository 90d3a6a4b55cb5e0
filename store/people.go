package store

import (
	"database/sql"
	"errors"

	"placematch/matching"
)

// The people who may sign in to a server, and their keys.

const personCols = `name, role, scope, key, fingerprint, added_at`

func scanPerson(sc interface{ Scan(...any) error }) (matching.Person, error) {
	var p matching.Person
	var role, at string
	err := sc.Scan(&p.Name, &role, &p.Scope, &p.Key, &p.Fingerprint, &at)
	p.Role, p.AddedAt = matching.Role(role), parseTime(at)
	return p, err
}

func (t *txn) People() ([]matching.Person, error) {
	rows, err := t.query(`SELECT ` + personCols + ` FROM people ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []matching.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *txn) PersonByKey(fingerprint string) (matching.Person, bool, error) {
	p, err := scanPerson(t.queryRow(`SELECT `+personCols+` FROM people WHERE fingerprint = ?`, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return matching.Person{}, false, nil
	}
	return p, err == nil, err
}

func (t *txn) PersonByName(name string) (matching.Person, bool, error) {
	p, err := scanPerson(t.queryRow(`SELECT `+personCols+` FROM people WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return matching.Person{}, false, nil
	}
	return p, err == nil, err
}

func (t *txn) AddPerson(p matching.Person) error {
	_, err := t.exec(`INSERT INTO people(`+personCols+`) VALUES (?,?,?,?,?,?)`,
		p.Name, string(p.Role), p.Scope, p.Key, p.Fingerprint, fmtTime(p.AddedAt))
	return err
}

func (t *txn) RemovePerson(name string) error {
	_, err := t.exec(`DELETE FROM people WHERE name = ?`, name)
	return err
}
