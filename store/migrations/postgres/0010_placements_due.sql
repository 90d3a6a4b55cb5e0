-- What needs attention reads the placements ending soon and those whose
-- young person turns 18 soon: an index on each date, so that the list of a
-- whole region reads the few in the window, not every placement.
CREATE INDEX placements_by_end ON placements(end_date) WHERE end_date <> '';
CREATE INDEX placements_by_dob ON placements(dob) WHERE dob <> '';
