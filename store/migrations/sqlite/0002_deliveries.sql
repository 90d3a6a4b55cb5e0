-- Messages to providers: invitations at broadcast and outcomes at award.
-- Queued in the same transaction as the action, sent afterwards; a failed
-- send stays queued with its error and is retried, never lost.
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  request_id   TEXT NOT NULL REFERENCES requests(id),
  provider_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('invitation', 'outcome')),
  to_addr      TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'no_address')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  sent_at      TEXT NOT NULL DEFAULT '',
  via          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX deliveries_pending ON deliveries(status, id);
CREATE INDEX deliveries_by_request ON deliveries(request_id, id);
