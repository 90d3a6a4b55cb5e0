-- How providers and councils reach each other, and the server's settings.
-- A provider's phone on the register (the register file's optional phone
-- column), kept with the invitation as it was at broadcast like its email,
-- so that an officer can phone the providers mail cannot reach.
ALTER TABLE providers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- Each council's placements team: named in every letter to providers and
-- the Reply-To of its mail.
CREATE TABLE council_contacts (
  council TEXT PRIMARY KEY REFERENCES councils(slug),
  name    TEXT NOT NULL DEFAULT '',
  email   TEXT NOT NULL DEFAULT '',
  phone   TEXT NOT NULL DEFAULT ''
) STRICT;

-- The server's own settings, by name (mail-from, mail-domain,
-- server-address, ocid-prefix).
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
