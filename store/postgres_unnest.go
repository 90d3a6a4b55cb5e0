package store

import (
	"strconv"
	"strings"
)

// unnestInsert adds rows to a table in one statement, each column sent as
// one array and the rows made from them on the server:
//
//	INSERT INTO t(a, b) SELECT * FROM unnest($1::text[], $2::bigint[])
//
// PostgreSQL refuses COPY into a table under row-level security (0011) from
// a role the policies hold, but an INSERT it checks row by row as any
// other; and one statement with a handful of array parameters costs a
// broadcast of 10,000 invitations near what COPY does, where multi-row
// INSERTs of a few hundred rows each cost a statement, and a parameter per
// cell, every few hundred rows. A column's array is of the kind of its
// values (text, bigint, double precision, boolean or bytea; NULLs as
// such), which PostgreSQL assigns to the column as it would the single
// values. It reports false, writing nothing, when a column holds values of
// more than one kind, or of a kind it does not send: the caller inserts
// those otherwise.
func unnestInsert(t *txn, table string, cols []string, rows [][]any) (bool, error) {
	if len(rows) == 0 {
		return true, nil
	}
	args := make([]any, len(cols))
	sel := make([]string, len(cols))
	var unnest []string
	for c := range cols {
		arr, typ, ok := columnArray(rows, c)
		if !ok {
			return false, nil
		}
		if typ == "" {
			// No value but NULL: a NULL of no type, which the column
			// takes whatever its type.
			sel[c] = "NULL"
			continue
		}
		args[len(unnest)] = arr
		unnest = append(unnest, "$"+strconv.Itoa(len(unnest)+1)+"::"+typ+"[]")
		sel[c] = "u.c" + strconv.Itoa(len(unnest))
	}
	if len(unnest) == 0 {
		return false, nil
	}
	names := make([]string, len(unnest))
	for i := range names {
		names[i] = "c" + strconv.Itoa(i+1)
	}
	q := "INSERT INTO " + table + "(" + strings.Join(cols, ", ") + ") SELECT " + strings.Join(sel, ", ") +
		" FROM unnest(" + strings.Join(unnest, ", ") + ") AS u(" + strings.Join(names, ", ") + ")"
	// Sent as written: the query has its own $N, which a rebind would
	// take for text.
	_, err := t.tx.ExecContext(t.ctx, q, args[:len(unnest)]...)
	return true, err
}

// columnArray gathers column c of rows into one slice of the kind of its
// values, with the PostgreSQL type of its array's elements ("" when every
// value is NULL); ok is false when the values are of more than one kind,
// or of a kind not sent this way.
func columnArray(rows [][]any, c int) (arr any, typ string, ok bool) {
	kind := ""
	for _, r := range rows {
		k := ""
		switch r[c].(type) {
		case nil:
			continue
		case string:
			k = "text"
		case int64, int:
			k = "bigint"
		case float64:
			k = "double precision"
		case bool:
			k = "boolean"
		case []byte:
			k = "bytea"
		default:
			return nil, "", false
		}
		if kind != "" && k != kind {
			return nil, "", false
		}
		kind = k
	}
	switch kind {
	case "":
		return nil, "", true
	case "text":
		return gather(rows, c, func(v any) string { return v.(string) }), kind, true
	case "bigint":
		return gather(rows, c, func(v any) int64 {
			if i, ok := v.(int); ok {
				return int64(i)
			}
			return v.(int64)
		}), kind, true
	case "double precision":
		return gather(rows, c, func(v any) float64 { return v.(float64) }), kind, true
	case "boolean":
		return gather(rows, c, func(v any) bool { return v.(bool) }), kind, true
	}
	return gather(rows, c, func(v any) []byte { return v.([]byte) }), kind, true
}

// gather is column c of rows as a slice of T, or of *T (nil for NULL) when
// the column holds a NULL.
func gather[T any](rows [][]any, c int, conv func(any) T) any {
	vals := make([]T, len(rows))
	nulls := false
	for i, r := range rows {
		if r[c] == nil {
			nulls = true
		} else {
			vals[i] = conv(r[c])
		}
	}
	if !nulls {
		return vals
	}
	out := make([]*T, len(rows))
	for i, r := range rows {
		if r[c] != nil {
			out[i] = &vals[i]
		}
	}
	return out
}
