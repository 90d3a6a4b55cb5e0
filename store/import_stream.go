package store

import "strconv"

// The SQLite writer's page cache, in KB: 256 MB, so that the indexes of a
// region's store stay in memory while an import, a broadcast or the
// generator adds to them (see openSQLite). A write transaction keeps every
// page it writes in that cache until it commits, as far as the cache goes.
const writerCacheKB = 256 << 10

// streamCacheKB is the page cache of a transaction that streams its
// writes: 32 MB, so that a register of 50 MB imported whole in one
// transaction (some 200 MB of new pages with its audit events) is written
// out to the WAL as it goes instead of held, and the process stays within
// 150 MB; the indexes a batch of rows reaches still fit.
const streamCacheKB = 32 << 10

// StreamWrites bounds the pages the rest of the transaction keeps in
// memory: on SQLite its page cache is made small until the transaction
// ends (SQLite then spills dirty pages to the WAL mid-transaction, still
// all or nothing), and the writer's own cache is set again after. On
// PostgreSQL the server holds what is written; nothing changes here.
func (t *txn) StreamWrites() error {
	if t.d.name() != "sqlite" || t.restore != "" {
		return nil
	}
	if _, err := t.exec("PRAGMA cache_size = -" + strconv.Itoa(streamCacheKB)); err != nil {
		return err
	}
	t.restore = "PRAGMA cache_size = -" + strconv.Itoa(writerCacheKB)
	return nil
}
