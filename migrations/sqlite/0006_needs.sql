-- Recipients' needs (点单 → 派单 → 接单): a service recipient or community worker posts a need, the county
-- dispatches it to an organisation, which accepts it and turns it into an activity; the poster confirms and
-- rates the service afterwards.
CREATE TABLE needs_needs (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  recipients TEXT NOT NULL,
  county_code TEXT NOT NULL REFERENCES registry_regions(code),
  address TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  wanted_from INTEGER NOT NULL,
  wanted_to INTEGER NOT NULL,
  contact_name TEXT NOT NULL,
  contact_phone_enc TEXT NOT NULL,
  contact_phone_masked TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'dispatched', 'accepted', 'scheduled', 'completed', 'cancelled')),
  posted_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  posted_at INTEGER NOT NULL,
  organization_id INTEGER REFERENCES registry_organizations(id),
  dispatch_note TEXT NOT NULL DEFAULT '',
  dispatched_by INTEGER REFERENCES identity_accounts(id),
  dispatched_at INTEGER,
  decline_reason TEXT NOT NULL DEFAULT '',
  accepted_at INTEGER,
  activity_id INTEGER REFERENCES activities_activities(id),
  rating INTEGER CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5)),
  feedback TEXT NOT NULL DEFAULT '',
  completed_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX needs_needs_county ON needs_needs(county_code, status, id);
CREATE INDEX needs_needs_organization ON needs_needs(organization_id, status, id);
CREATE INDEX needs_needs_poster ON needs_needs(posted_by, id);
