-- A request's ranking, recorded when its offers are opened, kept apart from
-- the request. It names every invited provider and runs to kilobytes (about
-- 9 KB on a region's register); in the request's row it was read by every
-- list of requests and rewritten by every change of status: listing a
-- region's 50,000 requests read half a gigabyte. requests.ranking_json is
-- left empty.
CREATE TABLE rankings (
  request_id   TEXT PRIMARY KEY REFERENCES requests(id),
  ranking_json TEXT NOT NULL
) STRICT;
INSERT INTO rankings(request_id, ranking_json) SELECT id, ranking_json FROM requests WHERE ranking_json != '';
UPDATE requests SET ranking_json = '' WHERE ranking_json != '';

-- Lists of requests come newest first, of the whole region or of one
-- council: read in that order from an index rather than sorted each time.
-- (UpdateRequest leaves created_at alone, so the first index is written
-- once per request.)
CREATE INDEX requests_by_created ON requests(created_at, id);
CREATE INDEX requests_by_council_created ON requests(council, created_at, id);
