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
