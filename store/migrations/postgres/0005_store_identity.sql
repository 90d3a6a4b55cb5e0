-- Each store gets a random identity when it is made (or upgraded to this
-- version), kept in counters (see SQLite 0011): a program that opened the
-- store checks it before each write, so that a store dropped and made anew
-- while it runs is noticed rather than written into.
INSERT INTO counters(name, value)
  VALUES ('store-identity', ('x' || left(md5(gen_random_uuid()::text), 15))::bit(60)::bigint)
  ON CONFLICT(name) DO NOTHING;
