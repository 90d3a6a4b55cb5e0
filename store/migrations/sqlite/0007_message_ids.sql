-- Each message to a provider gets a random part, made when it is queued,
-- for its Message-ID (REQUEST.PROVIDER.KIND.RANDOM@placematch.invalid).
-- Message-IDs were made of the request, the provider, the kind and the
-- message's row id alone: every store gave the same ones, and a restored
-- backup gave again those it had given before the restore, so mail systems
-- took a new letter for an old one. A retry reads the same row, so it keeps
-- its Message-ID. Messages already queued get a random part of their own.
ALTER TABLE deliveries ADD COLUMN nonce TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET nonce = lower(hex(randomblob(8)));
