-- Activities (活动发布) and sign-ups (报名), plus the in-app notification inbox.
CREATE TABLE activities_activities (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  recipients TEXT NOT NULL,
  content TEXT NOT NULL,
  requirements TEXT NOT NULL DEFAULT '',
  risks TEXT NOT NULL DEFAULT '',
  county_code TEXT NOT NULL REFERENCES registry_regions(code),
  address TEXT NOT NULL,
  latitude REAL NOT NULL,
  longitude REAL NOT NULL,
  geofence_meters INTEGER NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  quota INTEGER NOT NULL CHECK (quota > 0),
  signup_deadline INTEGER,
  requires_approval INTEGER NOT NULL DEFAULT 0,
  min_age INTEGER NOT NULL DEFAULT 0,
  political_requirement TEXT NOT NULL DEFAULT 'none',
  required_skills TEXT NOT NULL DEFAULT '[]',
  contact_name TEXT NOT NULL,
  contact_phone_enc TEXT NOT NULL,
  contact_phone_masked TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'closed')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  confirmed_count INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0 AND confirmed_count <= quota),
  created_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  created_at INTEGER NOT NULL,
  published_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_activities_listing ON activities_activities(status, starts_at);
CREATE INDEX activities_activities_county ON activities_activities(county_code, status, starts_at);
CREATE INDEX activities_activities_org ON activities_activities(organization_id, starts_at);

CREATE TABLE activities_signups (
  id INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities_activities(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled')),
  queued_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by INTEGER REFERENCES identity_accounts(id),
  reason TEXT NOT NULL DEFAULT '',
  UNIQUE (activity_id, volunteer_id)
) STRICT;
CREATE INDEX activities_signups_status ON activities_signups(activity_id, status, queued_at, id);
CREATE INDEX activities_signups_volunteer ON activities_signups(volunteer_id, id);

CREATE TABLE identity_notifications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX identity_notifications_account ON identity_notifications(account_id, id);
