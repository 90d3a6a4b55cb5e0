-- Audit events become structured records (matching.Event, version 2): the
-- facts a change set are named fields, a JSON array of [name, value] pairs,
-- and what must stay hidden (a sealed offer's contents, the young person's
-- personal data) is carried in a field as a salted hash. The values that
-- open those commitments (salt and values, by field name: a JSON object)
-- are kept beside the event but outside its hash, so that a copy of the
-- trail without them still verifies. Events written before keep version 1
-- and their free-text detail, and verify as they were written.
ALTER TABLE audit_events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_events ADD COLUMN fields TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN openings TEXT NOT NULL DEFAULT '';
