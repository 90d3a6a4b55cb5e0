-- A broadcast's not-invited list, kept once per distinct list. On a region's
-- register it is nearly the whole lot (every provider that does not serve the
-- requesting council), and it is the same for every request of a lot, council
-- and age while the register stands still: one row per provider and request
-- would grow as requests times providers. The body is the list in the
-- canonical form of matching.EncodeNotInvited, deflated; sha256 is the digest
-- of that form, which a broadcast's audit event quotes for a long list.
-- Requests broadcast before this migration keep their rows in not_invited.
CREATE TABLE not_invited_lists (
  id        INTEGER PRIMARY KEY,
  sha256    TEXT NOT NULL UNIQUE,
  providers INTEGER NOT NULL,
  body      BLOB NOT NULL
) STRICT;
ALTER TABLE requests ADD COLUMN not_invited_list INTEGER REFERENCES not_invited_lists(id);
