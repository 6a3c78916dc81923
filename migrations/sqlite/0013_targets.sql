-- Targets and assessment (测评考核): the goals as versioned data (a goal holds from its year until a later
-- row replaces it), and the League and party member counts each county reports (the denominators besides the
-- resident population, which the registry keeps).
CREATE TABLE targets_goals (
  indicator TEXT NOT NULL CHECK (indicator IN ('registration', 'league', 'certificate', 'card', 'members_20h')),
  from_year INTEGER NOT NULL,
  basis_points INTEGER NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
  PRIMARY KEY (indicator, from_year)
) STRICT;
-- 团梅市联〔2017〕8号: ≥10% of residents registered, ≥80% of League members, ≥30% holding the certificate,
-- ≥15% the card; every party and League member serves ≥20 h a year.
INSERT INTO targets_goals (indicator, from_year, basis_points) VALUES
  ('registration', 2017, 1000), ('league', 2017, 8000), ('certificate', 2017, 3000), ('card', 2017, 1500),
  ('members_20h', 2017, 10000);

CREATE TABLE targets_member_counts (
  county_code TEXT NOT NULL REFERENCES registry_regions(code),
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('league_members', 'party_members')),
  members INTEGER NOT NULL CHECK (members >= 0),
  note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES identity_accounts(id),
  PRIMARY KEY (county_code, year, kind)
) STRICT;
