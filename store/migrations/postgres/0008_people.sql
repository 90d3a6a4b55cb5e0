-- The people who may sign in to a server (as SQLite's 0014).
CREATE TABLE people (
  name        text PRIMARY KEY,
  role        text NOT NULL CHECK (role IN ('officer', 'commissioner', 'provider', 'auditor', 'admin')),
  scope       text NOT NULL DEFAULT '',
  key         text NOT NULL,
  fingerprint text NOT NULL UNIQUE,
  added_at    text NOT NULL
);

DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'placematch_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON people TO placematch_app;
  END IF;
END $$;
