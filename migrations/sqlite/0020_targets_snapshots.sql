-- Frozen desks (快照): what a desk is computed from — each county's counts and reported denominators, and
-- the goals — as they stood when the city admin froze them at a deadline. Reports from a snapshot are
-- recomputed by the same code from these rows, so they are the same files every time.
CREATE TABLE targets_snapshots (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  label TEXT NOT NULL,
  goal_registration INTEGER NOT NULL,
  goal_league INTEGER NOT NULL,
  goal_certificate INTEGER NOT NULL,
  goal_card INTEGER NOT NULL,
  goal_members_20h INTEGER NOT NULL,
  frozen_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  frozen_at INTEGER NOT NULL,
  UNIQUE (year, label)
) STRICT;

CREATE TABLE targets_snapshot_counties (
  snapshot_id INTEGER NOT NULL REFERENCES targets_snapshots(id),
  county_code TEXT NOT NULL,
  county_name TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  registered INTEGER NOT NULL,
  league_registered INTEGER NOT NULL,
  party_league_registered INTEGER NOT NULL,
  certificate_holders INTEGER NOT NULL,
  card_holders INTEGER NOT NULL,
  year_minutes INTEGER NOT NULL,
  members_20h INTEGER NOT NULL,
  activities_published INTEGER NOT NULL,
  organizations INTEGER NOT NULL,
  population INTEGER,
  population_year INTEGER,
  league_members INTEGER,
  league_members_year INTEGER,
  party_members INTEGER,
  party_members_year INTEGER,
  PRIMARY KEY (snapshot_id, county_code)
) STRICT;
