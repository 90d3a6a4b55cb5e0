-- Placements: what each award, spot purchase or legacy package costs a
-- council from its start to its end, with the price changes from their
-- dates; and each council's budget per framework and financial year (from
-- 1 April of year). The council is not a foreign key: a health body
-- purchasing on a framework has placements and budgets too.
CREATE TABLE placements (
  id            TEXT PRIMARY KEY,
  council       TEXT NOT NULL,
  framework     TEXT NOT NULL,
  lot           TEXT NOT NULL,
  provider_id   TEXT NOT NULL DEFAULT '',
  provider_name TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('award', 'legacy', 'spot')),
  weekly_pence  INTEGER NOT NULL,
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL DEFAULT '',
  end_reason    TEXT NOT NULL DEFAULT '',
  request_id    TEXT NOT NULL DEFAULT '',
  case_ref      TEXT NOT NULL,
  dob           TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  FOREIGN KEY (framework, lot) REFERENCES lots(framework, code)
) STRICT;
CREATE INDEX placements_by_council ON placements(council, framework, start_date);
CREATE INDEX placements_by_provider ON placements(provider_id);

CREATE TABLE placement_prices (
  placement    TEXT NOT NULL REFERENCES placements(id),
  from_date    TEXT NOT NULL,
  weekly_pence INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  PRIMARY KEY (placement, from_date)
) STRICT;

CREATE TABLE council_budgets (
  council      TEXT NOT NULL,
  framework    TEXT NOT NULL REFERENCES frameworks(code),
  year         INTEGER NOT NULL,
  amount_pence INTEGER NOT NULL,
  PRIMARY KEY (council, framework, year)
) STRICT;
