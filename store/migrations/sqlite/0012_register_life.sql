-- The register's life: a provider applies for a lot, is assessed, admitted
-- from its framework's next admission date or refused, suspended (until a
-- date, or until reinstated), removed, or leaves. Each row keeps the dates
-- and the words of where it stands; the trail keeps every change.
ALTER TABLE provider_lots ADD COLUMN applied_on TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN assessed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN quality_note TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN decided_on TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN suspended_until TEXT NOT NULL DEFAULT '';
-- Applications waiting, found without reading the whole register.
CREATE INDEX provider_lots_by_status ON provider_lots(status, provider_id);

-- Each change is told to the provider by a letter of a fourth kind,
-- 'register', which belongs to no request: request_id may now be NULL (and
-- still names a request when it is not). SQLite cannot alter a column's
-- constraints, so the table is rebuilt, keeping every message and id.
CREATE TABLE deliveries_new (
  id           INTEGER PRIMARY KEY,
  request_id   TEXT REFERENCES requests(id),
  provider_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('invitation', 'outcome', 'update', 'register')),
  to_addr      TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'no_address')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  sent_at      TEXT NOT NULL DEFAULT '',
  via          TEXT NOT NULL DEFAULT '',
  letter_id    INTEGER REFERENCES letters(id),
  nonce        TEXT NOT NULL DEFAULT '',
  CHECK (request_id IS NOT NULL OR kind = 'register')
) STRICT;
INSERT INTO deliveries_new(id, request_id, provider_id, kind, to_addr, subject, body, status, attempts, last_error,
  created_at, sent_at, via, letter_id, nonce)
  SELECT id, request_id, provider_id, kind, to_addr, subject, body, status, attempts, last_error, created_at, sent_at, via,
  letter_id, nonce FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_by_request ON deliveries(request_id, id);
CREATE INDEX deliveries_unsent ON deliveries(id) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_by_provider ON deliveries(provider_id, id) WHERE request_id IS NULL;
