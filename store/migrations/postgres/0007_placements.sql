-- Placements, their price changes, and each council's budget per framework
-- and financial year (as SQLite's 0013).
CREATE TABLE placements (
  id            text PRIMARY KEY,
  council       text NOT NULL,
  framework     text NOT NULL,
  lot           text NOT NULL,
  provider_id   text NOT NULL DEFAULT '',
  provider_name text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('award', 'legacy', 'spot')),
  weekly_pence  bigint NOT NULL,
  start_date    text NOT NULL,
  end_date      text NOT NULL DEFAULT '',
  end_reason    text NOT NULL DEFAULT '',
  request_id    text NOT NULL DEFAULT '',
  case_ref      text NOT NULL,
  dob           text NOT NULL DEFAULT '',
  note          text NOT NULL DEFAULT '',
  created_at    text NOT NULL,
  created_by    text NOT NULL,
  FOREIGN KEY (framework, lot) REFERENCES lots(framework, code)
);
CREATE INDEX placements_by_council ON placements(council, framework, start_date);
CREATE INDEX placements_by_provider ON placements(provider_id);

CREATE TABLE placement_prices (
  placement    text NOT NULL REFERENCES placements(id),
  from_date    text NOT NULL,
  weekly_pence bigint NOT NULL,
  reason       text NOT NULL,
  PRIMARY KEY (placement, from_date)
);

CREATE TABLE council_budgets (
  council      text NOT NULL,
  framework    text NOT NULL REFERENCES frameworks(code),
  year         bigint NOT NULL,
  amount_pence bigint NOT NULL,
  PRIMARY KEY (council, framework, year)
);

-- A store set up before these tables: the app's role may use them as it
-- uses the others (init grants them on a new store).
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'placematch_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON placements, placement_prices, council_budgets TO placematch_app;
  END IF;
END $$;
