-- A broadcast sends the same invitation to every invited provider but for
-- the greeting. Writing it out whole for each of them made a broadcast to a
-- lot of 10,000 rows write 15 MB of near-identical letters in its
-- transaction. The letter is now kept once; each provider's message names
-- it, and the greeting is written from the invitation when the message is
-- read to be sent or shown. A message with no letter (an outcome, which
-- differs for each provider) keeps its own subject and body as before.
--
-- Extending a deadline now tells every invited provider, as a third kind of
-- message, 'update'; the CHECK on deliveries.kind is widened by rebuilding
-- the table (SQLite cannot alter a CHECK), keeping every message and id.
CREATE TABLE letters (
  id         INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES requests(id),
  kind       TEXT NOT NULL CHECK (kind IN ('invitation', 'outcome', 'update')),
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL
) STRICT;
CREATE TABLE deliveries_new (
  id           INTEGER PRIMARY KEY,
  request_id   TEXT NOT NULL REFERENCES requests(id),
  provider_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('invitation', 'outcome', 'update')),
  to_addr      TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'no_address')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  sent_at      TEXT NOT NULL DEFAULT '',
  via          TEXT NOT NULL DEFAULT '',
  letter_id    INTEGER REFERENCES letters(id)
) STRICT;
INSERT INTO deliveries_new(id, request_id, provider_id, kind, to_addr, subject, body, status, attempts, last_error,
  created_at, sent_at, via)
  SELECT id, request_id, provider_id, kind, to_addr, subject, body, status, attempts, last_error, created_at, sent_at, via
  FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_by_request ON deliveries(request_id, id);

-- Messages still to send, in the order they are sent: a delivery run reads
-- them a batch at a time from here, without sorting what is left each time
-- (which made sending a broadcast's 10,000 messages quadratic). It replaces
-- the index by (status, id), which left that sort to do.
CREATE INDEX deliveries_unsent ON deliveries(id) WHERE status IN ('pending', 'failed');
