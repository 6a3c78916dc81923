-- Foundation: regions, identity (accounts, roles, sessions), registry (volunteers, organisations,
-- memberships, teams) and the audit log. Times are Unix seconds; booleans 0/1; sensitive values are
-- ciphertext ("*_enc") with a keyed blind index ("*_bidx") for uniqueness and look-up, and a display mask.

CREATE TABLE registry_regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('city', 'county')),
  parent_code TEXT REFERENCES registry_regions(code),
  sort_order INTEGER NOT NULL
) STRICT;

CREATE TABLE registry_region_populations (
  region_code TEXT NOT NULL REFERENCES registry_regions(code),
  year INTEGER NOT NULL,
  population INTEGER NOT NULL CHECK (population >= 0),
  note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  updated_by INTEGER,
  PRIMARY KEY (region_code, year)
) STRICT;

CREATE TABLE identity_accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  phone_enc TEXT NOT NULL,
  phone_bidx TEXT NOT NULL UNIQUE,
  phone_masked TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  password_changed_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
) STRICT;

CREATE TABLE identity_role_grants (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  role TEXT NOT NULL CHECK (role IN ('org_admin', 'county_admin', 'city_admin', 'auditor')),
  county_code TEXT NOT NULL DEFAULT '',
  organization_id INTEGER NOT NULL DEFAULT 0,
  granted_at INTEGER NOT NULL,
  granted_by INTEGER,
  UNIQUE (account_id, role, county_code, organization_id)
) STRICT;
CREATE INDEX identity_role_grants_org ON identity_role_grants(organization_id, role);

CREATE TABLE identity_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX identity_sessions_account ON identity_sessions(account_id);

CREATE TABLE registry_volunteers (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES identity_accounts(id),
  volunteer_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  id_type TEXT NOT NULL,
  id_number_enc TEXT NOT NULL,
  id_number_bidx TEXT NOT NULL UNIQUE,
  id_number_masked TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  county_code TEXT NOT NULL REFERENCES registry_regions(code),
  political_status TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '[]',
  service_categories TEXT NOT NULL DEFAULT '[]',
  availability TEXT NOT NULL DEFAULT '',
  emergency_contact_name TEXT NOT NULL DEFAULT '',
  emergency_contact_phone_enc TEXT NOT NULL DEFAULT '',
  emergency_contact_phone_masked TEXT NOT NULL DEFAULT '',
  guardian_name TEXT NOT NULL DEFAULT '',
  guardian_phone_enc TEXT NOT NULL DEFAULT '',
  guardian_phone_masked TEXT NOT NULL DEFAULT '',
  guardian_consent INTEGER NOT NULL DEFAULT 0,
  real_name_status TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX registry_volunteers_county ON registry_volunteers(county_code, id);

CREATE TABLE registry_organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT,
  credit_code_valid INTEGER NOT NULL,
  credit_code_note TEXT NOT NULL DEFAULT '',
  credit_code_override_reason TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  county_code TEXT NOT NULL REFERENCES registry_regions(code),
  parent_id INTEGER REFERENCES registry_organizations(id),
  contact_name TEXT NOT NULL,
  contact_phone_enc TEXT NOT NULL,
  contact_phone_masked TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  status_reason TEXT NOT NULL DEFAULT '',
  applied_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  applied_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES identity_accounts(id),
  decided_at INTEGER
) STRICT;
CREATE UNIQUE INDEX registry_organizations_credit_code ON registry_organizations(credit_code)
  WHERE credit_code IS NOT NULL AND status <> 'rejected';
CREATE INDEX registry_organizations_county ON registry_organizations(county_code, status, id);
CREATE INDEX registry_organizations_status ON registry_organizations(status, id);

CREATE TABLE registry_memberships (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'left')),
  requested_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by INTEGER REFERENCES identity_accounts(id),
  reason TEXT NOT NULL DEFAULT '',
  UNIQUE (organization_id, volunteer_id)
) STRICT;
CREATE INDEX registry_memberships_volunteer ON registry_memberships(volunteer_id);

CREATE TABLE registry_teams (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('general', 'party_member', 'league_member')),
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (organization_id, name)
) STRICT;

CREATE TABLE registry_team_members (
  team_id INTEGER NOT NULL REFERENCES registry_teams(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, volunteer_id)
) STRICT;

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_role TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL,
  request_id TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at);
CREATE INDEX audit_events_action ON audit_events(action, at);
