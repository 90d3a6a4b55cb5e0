package store

import (
	"placematch/matching"
	"placematch/service"
)

// EachEventCheckedSized is EachEventChecked with the number of workers and
// the batch size given, so that tests can put a break anywhere in a batch.
func EachEventCheckedSized(tx service.Tx, workers, size int, fn func(matching.Event, matching.EventCheck) error) error {
	return eachEventChecked(tx.(*txn), workers, size, fn)
}

// ReadTrailRows reads every row of the trail as the walk's one reader
// does, and no more (no decoding, no hashing): the floor of the chain's
// check. It returns how many rows it read.
func ReadTrailRows(tx service.Tx) (int, error) {
	src, err := rawEventRows(tx.(*txn), false, 0, 0)
	if err != nil {
		return 0, err
	}
	defer src.rows.Close()
	n := 0
	var r rawEvent
	for src.rows.Next() {
		if err := src.scan(&r); err != nil {
			return n, err
		}
		n++
	}
	return n, src.rows.Err()
}
