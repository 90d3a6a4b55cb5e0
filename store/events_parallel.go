package store

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"placematch/matching"
)

// EachEventChecked walks the whole trail in sequence order like EachEvent,
// giving fn each event with its own check (matching.CheckEvent: its hash,
// its openings). The trail is read on one goroutine in batches; each batch
// is decoded and checked on one of several others; fn is called on the
// caller's goroutine, in sequence order, so that it has only to link the
// chain. At most a few batches are held at a time, however long the trail.
// An event that cannot be read ends the walk at that event, after fn had
// every event before it, as EachEvent does.
//
// An event's strings are parts of the row it was read from, and its fields
// of a slab shared by the events of its batch: what fn keeps of an event
// for long (beyond the few batches in flight) it should copy, or it keeps
// the row and the slab alive with it (matching.TrailCheck does copy).
func (t *txn) EachEventChecked(fn func(matching.Event, matching.EventCheck) error) error {
	return eachEventChecked(t, runtime.GOMAXPROCS(0), eventBatchSize, fn)
}

// eventBatchSize is how many events a batch holds: large enough that
// handing a batch between goroutines costs nothing beside it, small enough
// that the batches in flight (a few per worker) stay tens of megabytes.
const eventBatchSize = 8192

// rawEvent is one row as the driver handed it: its text columns are the
// strings the driver made (SQLite's driver makes one for each text column
// anyway), decoded on a worker.
type rawEvent struct {
	seq, version int64
	cols         [rawCols]string
}

// The text columns of a row, in the order of eventCols but for seq and
// version.
const (
	colAt = iota
	colActor
	colRequest
	colAction
	colDetail
	colPrev
	colHash
	colFields
	colOpenings
	rawCols
)

type eventBatch struct {
	raw  []rawEvent
	evs  []matching.Event
	chks []matching.EventCheck
	// bad is the index of the first event that could not be decoded, and
	// err why (bad is len(raw) when every event was).
	bad int
	err error
	// readErr ends the walk after this batch's events: the trail could not
	// be read further.
	readErr error
	done    chan struct{}
}

// decode turns the batch's rows into events and checks each.
func (b *eventBatch) decode() {
	defer close(b.done)
	b.evs = make([]matching.Event, len(b.raw))
	b.chks = make([]matching.EventCheck, len(b.raw))
	b.bad = len(b.raw)
	var arena matching.Fields
	for i, r := range b.raw {
		e := matching.Event{Seq: r.seq, Version: int(r.version)}
		e.At = parseTime(r.cols[colAt])
		e.Actor, e.RequestID, e.Action, e.Detail = r.cols[colActor], r.cols[colRequest], r.cols[colAction], r.cols[colDetail]
		e.PrevHash, e.Hash = r.cols[colPrev], r.cols[colHash]
		var err error
		if e.Fields, err = decodeFieldsShared(r.cols[colFields], &arena); err == nil {
			e.Openings, err = decodeOpeningsShared(r.cols[colOpenings], &arena)
		}
		if err != nil {
			b.bad, b.err = i, fmt.Errorf("audit event %d cannot be read: %w", e.Seq, err)
			return
		}
		b.evs[i] = e
		b.chks[i] = matching.CheckEvent(e)
	}
}

// eachEventChecked is EachEventChecked with workers decoding and batches
// of size events.
func eachEventChecked(t *txn, workers, size int, fn func(matching.Event, matching.EventCheck) error) error {
	if workers < 1 {
		workers = 1
	}
	src, err := rawEventRows(t)
	if err != nil {
		return err
	}
	rows := src.rows
	stop := make(chan struct{})
	// Batches go to the workers and, in the same order, to fn's goroutine;
	// both queues are short, so the reader waits when the rest are behind.
	work := make(chan *eventBatch, workers)
	inOrder := make(chan *eventBatch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.decode()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(inOrder)
		defer close(work)
		defer rows.Close()
		send := func(b *eventBatch) bool {
			select {
			case inOrder <- b:
			case <-stop:
				return false
			}
			if b.readErr != nil {
				close(b.done)
				return false
			}
			select {
			case work <- b:
				return true
			case <-stop:
				close(b.done)
				return false
			}
		}
		newBatch := func() *eventBatch {
			return &eventBatch{raw: make([]rawEvent, 0, size), done: make(chan struct{})}
		}
		b := newBatch()
		var r rawEvent
		for rows.Next() {
			if err := src.scan(&r); err != nil {
				send(b)
				send(&eventBatch{readErr: err, done: make(chan struct{})})
				return
			}
			b.raw = append(b.raw, r)
			if len(b.raw) == size {
				if !send(b) {
					return
				}
				b = newBatch()
			}
		}
		if len(b.raw) > 0 && !send(b) {
			return
		}
		if err := rows.Err(); err != nil {
			send(&eventBatch{readErr: err, done: make(chan struct{})})
		}
	}()
	err = func() error {
		for b := range inOrder {
			<-b.done
			if b.readErr != nil {
				return b.readErr
			}
			for i := range b.bad {
				if err := fn(b.evs[i], b.chks[i]); err != nil {
					return err
				}
			}
			if b.err != nil {
				return b.err
			}
		}
		return nil
	}()
	close(stop)
	// What is still queued is let go, so that the reader and the workers
	// end before the transaction does.
	for b := range inOrder {
		_ = b
	}
	wg.Wait()
	return err
}

// readOnlyBytes is s as bytes without a copy, for reading only: the
// decoders copy what they keep.
func readOnlyBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
