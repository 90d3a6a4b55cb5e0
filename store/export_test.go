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
