-- The register's life (as SQLite's 0012): each row's dates and words of
-- where it stands, and letters of a fourth kind, 'register', that belong
-- to no request.
ALTER TABLE provider_lots ADD COLUMN applied_on text NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN assessed_on text NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN quality_note text NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN decided_on text NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN status_reason text NOT NULL DEFAULT '';
ALTER TABLE provider_lots ADD COLUMN suspended_until text NOT NULL DEFAULT '';
CREATE INDEX provider_lots_by_status ON provider_lots(status, provider_id);

ALTER TABLE deliveries ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('invitation', 'outcome', 'update', 'register'));
ALTER TABLE deliveries ADD CONSTRAINT deliveries_register_only CHECK (request_id IS NOT NULL OR kind = 'register');
CREATE INDEX deliveries_by_provider ON deliveries(provider_id, id) WHERE request_id IS NULL;
