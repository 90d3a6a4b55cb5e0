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
// its openings). The trail is read in batches (on SQLite by two readers,
// see eachEventChecked); each batch is decoded and checked on one of
// several goroutines; fn is called on the
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

// batches are batches given back once fn has had their events, for the
// next ones read: a batch's rows, events and checks are arrays of
// thousands, which allocated anew for each batch were much of the walk's
// garbage. (The fields and the rows' text are never reused: fn may keep
// what it was given.)
var batches = sync.Pool{New: func() any { return &eventBatch{} }}

// newEventBatch is a batch for size rows, from the pool.
func newEventBatch(size int) *eventBatch {
	b := batches.Get().(*eventBatch)
	if cap(b.raw) < size {
		b.raw = make([]rawEvent, 0, size)
	}
	b.done = make(chan struct{})
	return b
}

// release gives the batch back to the pool, after fn has had its events:
// nothing it held is kept by it.
func (b *eventBatch) release() {
	clear(b.raw[:cap(b.raw)])
	clear(b.evs[:cap(b.evs)])
	clear(b.chks[:cap(b.chks)])
	*b = eventBatch{raw: b.raw[:0], evs: b.evs[:0], chks: b.chks[:0]}
	batches.Put(b)
}

// decode turns the batch's rows into events and checks each.
func (b *eventBatch) decode() {
	defer close(b.done)
	if cap(b.evs) < len(b.raw) {
		b.evs = make([]matching.Event, len(b.raw))
		b.chks = make([]matching.EventCheck, len(b.raw))
	}
	b.evs, b.chks = b.evs[:len(b.raw)], b.chks[:len(b.raw)]
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
//
// On SQLite the trail is read by two readers at once, each on its own
// connection, in ranges of seq taken in turn (the driver's reading was the
// walk's longest part, and one goroutine's): the ranges run from the
// lowest seq to the highest this transaction sees, so the second reader,
// whose snapshot is begun after this one's, sees every event in them (the
// trail is only ever appended to; what is appended after is past the
// last range). The batches are linked in order whichever reader read them.
// Elsewhere, or when no second connection is free at once, one reader
// reads the whole trail in one query.
func eachEventChecked(t *txn, workers, size int, fn func(matching.Event, matching.EventCheck) error) error {
	if workers < 1 {
		workers = 1
	}
	readers := []*txn{t}
	chunks := []eventChunk{{}} // the whole trail
	if workers > 1 {
		var lo, hi, count int64
		if err := t.queryRow("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0), count(*) FROM audit_events").Scan(&lo, &hi, &count); err != nil {
			return err
		}
		if ranges := readRanges(lo, hi, count, int64(chunkBatches*size)); ranges != nil {
			if t2, end := t.secondReader(); t2 != nil {
				defer end()
				readers = append(readers, t2)
				chunks = ranges
			}
		}
	}
	stop := make(chan struct{})
	work := make(chan *eventBatch, workers)
	// The chunks in order, for fn's goroutine; each reader takes its own
	// in turn. The queue is short, so readers wait when fn is behind.
	inOrder := make(chan *eventChunk, len(readers))
	queues := make([]chan *eventChunk, len(readers))
	var wg, readWG sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.decode()
			}
		}()
	}
	for i, r := range readers {
		queues[i] = make(chan *eventChunk)
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			for c := range queues[i] {
				if !c.read(r, size, work, stop) {
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(inOrder)
		defer func() {
			for _, q := range queues {
				close(q)
			}
			readWG.Wait()
			close(work)
		}()
		for i := range chunks {
			c := &chunks[i]
			// A range holds at most its span of events, so its reader
			// waits on its own queue only when fn is behind.
			c.batches = make(chan *eventBatch, chunkBatches+2)
			select {
			case inOrder <- c:
			case <-stop:
				return
			}
			select {
			case queues[i%len(queues)] <- c:
			case <-stop:
				return
			}
		}
	}()
	err := func() error {
		for c := range inOrder {
			for b := range c.batches {
				if b.readErr != nil {
					return b.readErr
				}
				<-b.done
				for i := range b.bad {
					if err := fn(b.evs[i], b.chks[i]); err != nil {
						return err
					}
				}
				if b.err != nil {
					return b.err
				}
				b.release()
			}
		}
		return nil
	}()
	close(stop)
	wg.Wait()
	return err
}

// readRanges are the ranges of seq, span long, that two readers take in
// turn over a trail whose lowest seq is lo, highest hi, of count events;
// nil when it is to be read whole by one reader: when it has fewer than
// two events, or gaps. A gap is damage the chain's check names (an event
// deleted, a seq altered), and ranges over every number from lo to hi
// could then be far more than the events: one seq altered to a trillion
// would make a trillion numbers to read in ranges.
func readRanges(lo, hi, count, span int64) []eventChunk {
	if count < 2 || hi < lo || hi-lo != count-1 || span < 1 {
		return nil
	}
	var out []eventChunk
	for from := lo; from <= hi; from += span {
		out = append(out, eventChunk{ranged: true, from: from, to: min(hi, from+span-1)})
		if from > hi-span {
			break // from+span would pass hi (or overflow)
		}
	}
	return out
}

// chunkBatches is how many batches a range of seq read by one reader
// spans: the readers take ranges in turn.
const chunkBatches = 2

// eventChunk is a range of the trail read by one reader: the whole trail,
// or the events with seq from from to to.
type eventChunk struct {
	ranged   bool
	from, to int64
	// batches are the range's batches in order, closed after the last.
	batches chan *eventBatch
}

// read reads the chunk on t in batches of size, each sent to the chunk's
// queue and to the workers; false when the walk is to end (stopped, or the
// trail could not be read: the chunk's last batch says why).
func (c *eventChunk) read(t *txn, size int, work chan<- *eventBatch, stop <-chan struct{}) bool {
	defer close(c.batches)
	send := func(b *eventBatch) bool {
		select {
		case c.batches <- b:
		case <-stop:
			return false
		}
		select {
		case work <- b:
			return true
		case <-stop:
			return false
		}
	}
	fail := func(err error) bool {
		select {
		case c.batches <- &eventBatch{readErr: err}:
		case <-stop:
		}
		return false
	}
	src, err := rawEventRows(t, c.ranged, c.from, c.to)
	if err != nil {
		return fail(err)
	}
	defer src.rows.Close()
	b := newEventBatch(size)
	var r rawEvent
	for src.rows.Next() {
		if err := src.scan(&r); err != nil {
			if len(b.raw) > 0 && !send(b) {
				return false
			}
			return fail(err)
		}
		b.raw = append(b.raw, r)
		if len(b.raw) == size {
			if !send(b) {
				return false
			}
			b = newEventBatch(size)
		}
	}
	if len(b.raw) > 0 && !send(b) {
		return false
	}
	if err := src.rows.Err(); err != nil {
		return fail(err)
	}
	return true
}

// readOnlyBytes is s as bytes without a copy, for reading only: the
// decoders copy what they keep.
func readOnlyBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
