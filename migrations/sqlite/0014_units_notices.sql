-- Units (单位: 机关、直属单位、学校、企业…) of a county or the city, with the contacts each names in its receipt;
-- notices (通知) the city publishes to units, and the receipts (回执) units return.
CREATE TABLE units_units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('government', 'institution', 'school', 'enterprise', 'other')),
  region_code TEXT NOT NULL REFERENCES registry_regions(code),
  created_by INTEGER REFERENCES identity_accounts(id),
  created_at INTEGER NOT NULL,
  UNIQUE (region_code, name)
) STRICT;

CREATE TABLE units_contacts (
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, account_id)
) STRICT;
CREATE INDEX units_contacts_account ON units_contacts(account_id);

CREATE TABLE notices_notices (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  deadline INTEGER NOT NULL,
  published_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  published_at INTEGER NOT NULL
) STRICT;

CREATE TABLE notices_recipients (
  notice_id INTEGER NOT NULL REFERENCES notices_notices(id),
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  PRIMARY KEY (notice_id, unit_id)
) STRICT;
CREATE INDEX notices_recipients_unit ON notices_recipients(unit_id, notice_id);

CREATE TABLE notices_receipts (
  notice_id INTEGER NOT NULL REFERENCES notices_notices(id),
  unit_id INTEGER NOT NULL REFERENCES units_units(id),
  leader_name TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_position TEXT NOT NULL,
  contact_phone_enc TEXT NOT NULL,
  contact_phone_masked TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  submitted_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  submitted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (notice_id, unit_id)
) STRICT;

-- Messages for channels outside the platform (SMS, e-mail): the default sender writes them here, where a
-- gateway can pick them up; in-app notifications go to identity_notifications as usual.
CREATE TABLE notices_outbox (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  account_id INTEGER REFERENCES identity_accounts(id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
