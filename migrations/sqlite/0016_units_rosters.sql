-- Unit rosters (花名册) of party and League members, matched to registered volunteers through the ID blind
-- index; each upload's outcome; the standing invitation link of a unit and the volunteers who joined by it.
CREATE TABLE units_roster_members (
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  id_bidx TEXT NOT NULL,
  name TEXT NOT NULL,
  id_enc TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  political_status TEXT NOT NULL
    CHECK (political_status IN ('league_member', 'party_member', 'probationary_party_member')),
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_masked TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  digest TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, id_bidx)
) STRICT;
CREATE INDEX units_roster_members_bidx ON units_roster_members(id_bidx);

CREATE TABLE units_roster_imports (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  added INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  duplicates_merged INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  imported_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  imported_at INTEGER NOT NULL
) STRICT;
CREATE INDEX units_roster_imports_unit ON units_roster_imports(unit_id, id);

CREATE TABLE units_invitations (
  unit_id INTEGER PRIMARY KEY REFERENCES units_units(id),
  token TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE units_memberships (
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, volunteer_id)
) STRICT;
CREATE INDEX units_memberships_volunteer ON units_memberships(volunteer_id);
