-- A framework's term and its extension decisions, and the purchasers that
-- are not councils of the region (as SQLite's 0015).
CREATE TABLE framework_terms (
  framework       text PRIMARY KEY REFERENCES frameworks(code),
  start_date      text NOT NULL,
  initial_years   bigint NOT NULL,
  extension_years text NOT NULL DEFAULT ''
);

CREATE TABLE framework_extensions (
  framework  text NOT NULL REFERENCES framework_terms(framework),
  n          bigint NOT NULL,
  years      bigint NOT NULL,
  decided_on text NOT NULL,
  reason     text NOT NULL,
  actor      text NOT NULL,
  PRIMARY KEY (framework, n)
);

CREATE TABLE purchasers (
  slug text PRIMARY KEY REFERENCES councils(slug),
  code text NOT NULL UNIQUE
);

-- A store set up before these tables: the app's role may use them as it
-- uses the others (init grants them on a new store).
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'placematch_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON framework_terms, framework_extensions, purchasers TO placematch_app;
  END IF;
END $$;
