-- A broadcast sends the same invitation to every invited provider but for
-- the greeting. Writing it out whole for each of them made a broadcast to a
-- lot of 10,000 rows write 15 MB of near-identical letters in its
-- transaction. The letter is now kept once; each provider's message names
-- it, and the greeting is written from the invitation when the message is
-- read to be sent or shown. A message with no letter (an outcome, which
-- differs for each provider) keeps its own subject and body as before.
CREATE TABLE letters (
  id         INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES requests(id),
  kind       TEXT NOT NULL CHECK (kind IN ('invitation', 'outcome')),
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL
) STRICT;
ALTER TABLE deliveries ADD COLUMN letter_id INTEGER REFERENCES letters(id);

-- Messages still to send, in the order they are sent: a delivery run reads
-- them a batch at a time from here, without sorting what is left each time
-- (which made sending a broadcast's 10,000 messages quadratic).
-- It replaces the index by (status, id), which left that sort to do.
DROP INDEX deliveries_pending;
CREATE INDEX deliveries_unsent ON deliveries(id) WHERE status IN ('pending', 'failed');
