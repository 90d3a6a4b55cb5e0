package store

import (
	"database/sql"
)

// The state check reads a region's answers and rankings (hundreds of
// thousands of rows) and holds each against the trail. Reading a row
// (SQLite's step, the scan, a ranking's JSON) and holding it are about even,
// so they run on two goroutines: pipeRows reads and decodes the rows on
// one, in batches, while the caller's goroutine holds them in order.

// pipeBatch is how many rows go across at a time.
const pipeBatch = 256

// pipeRows reads every row of rows with read on a goroutine of its own and
// gives each to use, in order, on the caller's. An error of read stops the
// reading and is returned once the rows before it have been used; an error
// of use stops the reading and is returned. rows is closed when pipeRows
// returns.
func pipeRows[T any](rows *sql.Rows, read func(*sql.Rows) (T, error), use func(T) error) error {
	batches := make(chan []T, 4)
	quit := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		batch := make([]T, 0, pipeBatch)
		send := func() bool {
			select {
			case <-quit:
				return false
			default:
			}
			select {
			case batches <- batch:
				batch = make([]T, 0, pipeBatch)
				return true
			case <-quit:
				return false
			}
		}
		var readErr error
		for rows.Next() {
			v, err := read(rows)
			if err != nil {
				readErr = err
				break
			}
			batch = append(batch, v)
			if len(batch) == cap(batch) && !send() {
				done <- nil
				return
			}
		}
		if len(batch) > 0 && !send() {
			done <- nil
			return
		}
		if readErr == nil {
			readErr = rows.Err()
		}
		done <- readErr
	}()
	var err error
	for batch := range batches {
		if err != nil {
			continue
		}
		for _, v := range batch {
			if err = use(v); err != nil {
				close(quit)
				break
			}
		}
	}
	readErr := <-done
	rows.Close()
	if err != nil {
		return err
	}
	return readErr
}
