-- The people who may sign in to a server (placematch serve): each by the
-- SSH public key they registered, with one role and its scope (a council's
-- slug for an officer, a framework's code for a commissioner, a provider's
-- id for a provider; empty for an auditor or an admin).
CREATE TABLE people (
  name        TEXT PRIMARY KEY,
  role        TEXT NOT NULL CHECK (role IN ('officer', 'commissioner', 'provider', 'auditor', 'admin')),
  scope       TEXT NOT NULL DEFAULT '',
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  added_at    TEXT NOT NULL
) STRICT;
