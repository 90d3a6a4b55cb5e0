-- How providers and councils reach each other, and the server's settings
-- (as SQLite's 0008).
ALTER TABLE providers ADD COLUMN phone text NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN phone text NOT NULL DEFAULT '';

CREATE TABLE council_contacts (
  council text PRIMARY KEY REFERENCES councils(slug),
  name    text NOT NULL DEFAULT '',
  email   text NOT NULL DEFAULT '',
  phone   text NOT NULL DEFAULT ''
);

CREATE TABLE settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);

-- A store set up before these tables: the app's role may use them as it
-- uses the others (init grants them on a new store).
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'placematch_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON council_contacts, settings TO placematch_app;
  END IF;
END $$;
