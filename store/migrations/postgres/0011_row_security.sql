-- Row-level security: a second wall behind the service's authorisation. The
-- app sets the person acting for each transaction (set_config(...,
-- true)): placematch.role and placematch.scope. A role that does not own
-- the tables (placematch_app) then sees only the requests that person may
-- (an officer its council's, a commissioner its framework's, a provider
-- those it was invited to, an auditor all), and of the tables kept by
-- request only their rows, even through a query that forgets its filter.
-- No person set is the store's owner at work (the commands, the app on a
-- desk): everything, as before. The owner of the tables is not held by
-- the policies; the audit trail is not filtered (every writer must read
-- its head).
CREATE FUNCTION placematch_sees(p_council text, p_framework text, p_request text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT CASE coalesce(current_setting('placematch.role', true), '')
    WHEN '' THEN true
    WHEN 'auditor' THEN true
    WHEN 'officer' THEN p_council = current_setting('placematch.scope', true)
    WHEN 'commissioner' THEN p_framework = current_setting('placematch.scope', true)
    WHEN 'provider' THEN EXISTS (SELECT 1 FROM invitations i
      WHERE i.request_id = p_request AND i.provider_id = current_setting('placematch.scope', true))
    ELSE false
  END
$$;

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY requests_seen ON requests USING (placematch_sees(council, framework, id));

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
CREATE POLICY invitations_seen ON invitations USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_id));
ALTER TABLE not_invited ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_invited_seen ON not_invited USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_id));
ALTER TABLE responses ENABLE ROW LEVEL SECURITY;
CREATE POLICY responses_seen ON responses USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_id));
ALTER TABLE rankings ENABLE ROW LEVEL SECURITY;
CREATE POLICY rankings_seen ON rankings USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_id));

-- Every change is on the audit trail: each event appended tells those
-- listening on the store's channel (placematch_SCHEMA) the id of its
-- request ("" for none), and nothing more: a notification passes by the
-- policies above, so it carries an id, and the listener reads what it may
-- through them. (Notifications of one transaction with the same id are one.)
CREATE FUNCTION placematch_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('placematch_' || current_schema(), NEW.request_id);
  RETURN NULL;
END $$;
CREATE TRIGGER audit_events_notify AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION placematch_notify();
