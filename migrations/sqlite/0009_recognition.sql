-- Star volunteers (星级志愿者): the rules as data, the certified standing of each volunteer, the archive of
-- certifications and revocations, and the publicity periods (公示) with their objections.
CREATE TABLE recognition_star_thresholds (
  level INTEGER PRIMARY KEY CHECK (level BETWEEN 1 AND 5),
  minutes INTEGER NOT NULL
) STRICT;
INSERT INTO recognition_star_thresholds (level, minutes) VALUES
  (1, 6000), (2, 18000), (3, 36000), (4, 60000), (5, 90000);

CREATE TABLE recognition_rules (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO recognition_rules (name, value) VALUES
  ('publicity_min_working_days', 5), ('bar_min_years', 1), ('bar_max_years', 3);

-- The level a volunteer holds after certification; lowered in the same transaction as a reversal that
-- takes the hours below it.
CREATE TABLE recognition_stars (
  volunteer_id INTEGER PRIMARY KEY REFERENCES registry_volunteers(id),
  certified_level INTEGER NOT NULL CHECK (certified_level BETWEEN 0 AND 5),
  certified_at INTEGER,
  barred_until TEXT,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE recognition_star_events (
  id INTEGER PRIMARY KEY,
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  kind TEXT NOT NULL CHECK (kind IN ('certified', 'revoked')),
  level INTEGER NOT NULL,
  previous_level INTEGER NOT NULL,
  reason_code TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  publicity_id INTEGER,
  barred_until TEXT,
  by_account INTEGER REFERENCES identity_accounts(id),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX recognition_star_events_volunteer ON recognition_star_events(volunteer_id, id);

CREATE TABLE recognition_publicities (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  opened_at INTEGER NOT NULL,
  closed_by INTEGER REFERENCES identity_accounts(id),
  closed_at INTEGER
) STRICT;

CREATE TABLE recognition_candidates (
  id INTEGER PRIMARY KEY,
  publicity_id INTEGER NOT NULL REFERENCES recognition_publicities(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  level INTEGER NOT NULL,
  confirmed_minutes INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('publicized', 'certified', 'withdrawn')),
  outcome_reason TEXT NOT NULL DEFAULT ''
) STRICT;
-- A volunteer is on at most one open publicity list at a time.
CREATE UNIQUE INDEX recognition_candidates_open ON recognition_candidates(volunteer_id) WHERE status = 'publicized';
CREATE INDEX recognition_candidates_publicity ON recognition_candidates(publicity_id, id);

CREATE TABLE recognition_objections (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES recognition_candidates(id),
  filed_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  decision_reason TEXT NOT NULL DEFAULT '',
  filed_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES identity_accounts(id),
  decided_at INTEGER
) STRICT;
CREATE INDEX recognition_objections_candidate ON recognition_objections(candidate_id, status);
