-- Reference data: councils, frameworks, lots, vocabulary. Seeded from the
-- matching package on first open.
CREATE TABLE councils (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  gss  TEXT NOT NULL
) STRICT;

CREATE TABLE frameworks (
  code         TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  lead         TEXT NOT NULL REFERENCES councils(slug),
  admit_months INTEGER NOT NULL,
  note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE framework_members (
  framework TEXT NOT NULL REFERENCES frameworks(code),
  council   TEXT NOT NULL REFERENCES councils(slug),
  PRIMARY KEY (framework, council)
) STRICT, WITHOUT ROWID;

CREATE TABLE lots (
  framework TEXT NOT NULL REFERENCES frameworks(code),
  code      TEXT NOT NULL,
  name      TEXT NOT NULL,
  min_age   INTEGER NOT NULL,
  max_age   INTEGER NOT NULL,
  PRIMARY KEY (framework, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE vocabulary (
  kind TEXT NOT NULL CHECK (kind IN ('need', 'risk')),
  tag  TEXT NOT NULL,
  PRIMARY KEY (kind, tag)
) STRICT, WITHOUT ROWID;

-- A council's own defaults for a lot: its guide price (the default price cap
-- of its requests) and its evaluation weights.
CREATE TABLE council_settings (
  council           TEXT NOT NULL REFERENCES councils(slug),
  framework         TEXT NOT NULL,
  lot               TEXT NOT NULL,
  guide_price_pence INTEGER NOT NULL DEFAULT 0,
  w_quality         INTEGER NOT NULL,
  w_price           INTEGER NOT NULL,
  w_age_cover       INTEGER NOT NULL,
  PRIMARY KEY (council, framework, lot),
  FOREIGN KEY (framework, lot) REFERENCES lots(framework, code)
) STRICT, WITHOUT ROWID;

-- The register: one row per provider and lot.
CREATE TABLE providers (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  kind  TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE provider_lots (
  provider_id  TEXT NOT NULL REFERENCES providers(id),
  framework    TEXT NOT NULL,
  lot          TEXT NOT NULL,
  status       TEXT NOT NULL,
  admitted_on  TEXT NOT NULL DEFAULT '',
  quality      REAL NOT NULL,
  serves       TEXT NOT NULL,
  min_age      INTEGER NOT NULL,
  cover_until  INTEGER NOT NULL,
  ofsted_urn   TEXT NOT NULL DEFAULT '',
  capabilities TEXT NOT NULL DEFAULT '',
  vacancies    INTEGER,
  town         TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (provider_id, framework, lot),
  FOREIGN KEY (framework, lot) REFERENCES lots(framework, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX provider_lots_by_lot ON provider_lots(framework, lot, provider_id);

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE requests (
  id              TEXT PRIMARY KEY,
  council         TEXT NOT NULL REFERENCES councils(slug),
  framework       TEXT NOT NULL,
  lot             TEXT NOT NULL,
  case_ref        TEXT NOT NULL,
  initials        TEXT NOT NULL,
  dob             TEXT NOT NULL,
  start_date      TEXT NOT NULL,
  deadline        TEXT NOT NULL,
  urgency         TEXT NOT NULL,
  hours           REAL NOT NULL DEFAULT 0,
  needs           TEXT NOT NULL DEFAULT '',
  risks           TEXT NOT NULL DEFAULT '',
  locality        TEXT NOT NULL DEFAULT '',
  summary         TEXT NOT NULL DEFAULT '',
  w_quality       INTEGER NOT NULL,
  w_price         INTEGER NOT NULL,
  w_age_cover     INTEGER NOT NULL,
  price_cap_pence INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  broadcast_at    TEXT NOT NULL DEFAULT '',
  closed_at       TEXT NOT NULL DEFAULT '',
  close_reason    TEXT NOT NULL DEFAULT '',
  opened_at       TEXT NOT NULL DEFAULT '',
  ended_at        TEXT NOT NULL DEFAULT '',
  end_reason      TEXT NOT NULL DEFAULT '',
  awarded_to      TEXT NOT NULL DEFAULT '',
  spot_purchase   TEXT NOT NULL DEFAULT '',
  invited_count   INTEGER NOT NULL DEFAULT 0,
  answered_count  INTEGER NOT NULL DEFAULT 0,
  ranking_json    TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (framework, lot) REFERENCES lots(framework, code)
) STRICT;
CREATE INDEX requests_by_council ON requests(council, status, deadline);
CREATE INDEX requests_by_status ON requests(status, deadline);

-- The invited list, a snapshot taken at broadcast; the close columns record
-- the provider's standing at close, which its offer is judged on.
CREATE TABLE invitations (
  request_id    TEXT NOT NULL REFERENCES requests(id),
  provider_id   TEXT NOT NULL REFERENCES providers(id),
  provider_name TEXT NOT NULL,
  email         TEXT NOT NULL DEFAULT '',
  quality       REAL NOT NULL,
  cover_until   INTEGER NOT NULL,
  missing_needs TEXT NOT NULL DEFAULT '',
  vacancies     INTEGER,
  town          TEXT NOT NULL DEFAULT '',
  close_status  TEXT NOT NULL DEFAULT '',
  close_quality REAL,
  PRIMARY KEY (request_id, provider_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX invitations_by_provider ON invitations(provider_id, request_id);

CREATE TABLE not_invited (
  request_id    TEXT NOT NULL REFERENCES requests(id),
  provider_id   TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  reasons       TEXT NOT NULL,
  PRIMARY KEY (request_id, provider_id)
) STRICT, WITHOUT ROWID;

-- One answer per invited provider; a later answer replaces the earlier one
-- (the audit trail keeps every version).
CREATE TABLE responses (
  request_id     TEXT NOT NULL,
  provider_id    TEXT NOT NULL,
  declined       INTEGER NOT NULL DEFAULT 0,
  decline_reason TEXT NOT NULL DEFAULT '',
  weekly_pence   INTEGER NOT NULL DEFAULT 0,
  cover_until    INTEGER NOT NULL DEFAULT 0,
  start_date     TEXT NOT NULL DEFAULT '',
  received_at    TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  withdrawn_at   TEXT NOT NULL DEFAULT '',
  recorded_at    TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  PRIMARY KEY (request_id, provider_id),
  FOREIGN KEY (request_id, provider_id) REFERENCES invitations(request_id, provider_id)
) STRICT, WITHOUT ROWID;

-- The audit trail: a SHA-256 hash chain in seq order.
CREATE TABLE audit_events (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  request_id TEXT NOT NULL DEFAULT '',
  action     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_request ON audit_events(request_id, seq);
