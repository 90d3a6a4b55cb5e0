-- A framework's term (start, initial years, the years of each possible
-- extension, joined by '+': '1+1') and each extension decided; and the
-- purchasers that are not councils of the region (a health body such as an
-- integrated care board): each has its row in councils, with its
-- frameworks in framework_members, so that it acts as a council does, and
-- here its code for its requests' ids.
CREATE TABLE framework_terms (
  framework       TEXT PRIMARY KEY REFERENCES frameworks(code),
  start_date      TEXT NOT NULL,
  initial_years   INTEGER NOT NULL,
  extension_years TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE framework_extensions (
  framework  TEXT NOT NULL REFERENCES framework_terms(framework),
  n          INTEGER NOT NULL,
  years      INTEGER NOT NULL,
  decided_on TEXT NOT NULL,
  reason     TEXT NOT NULL,
  actor      TEXT NOT NULL,
  PRIMARY KEY (framework, n)
) STRICT, WITHOUT ROWID;

CREATE TABLE purchasers (
  slug TEXT PRIMARY KEY REFERENCES councils(slug),
  code TEXT NOT NULL UNIQUE
) STRICT;
