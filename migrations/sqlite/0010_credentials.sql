-- 一证一卡: the registered-volunteer certificate (注册志愿者证) and the Meizhou volunteer card (梅州志愿者卡),
-- applied for by volunteers and issued by partner banks; one application workflow serves both.

-- Partner roles scoped to a partner: bank operators (银行经办) to their bank, merchants (爱心商家) to their merchant.
CREATE TABLE identity_role_grants_v2 (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  role TEXT NOT NULL CHECK (role IN ('org_admin', 'county_admin', 'city_admin', 'auditor', 'bank_operator', 'merchant')),
  county_code TEXT NOT NULL DEFAULT '',
  organization_id INTEGER NOT NULL DEFAULT 0,
  partner_code TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  granted_by INTEGER,
  UNIQUE (account_id, role, county_code, organization_id, partner_code)
) STRICT;
INSERT INTO identity_role_grants_v2 (id, account_id, role, county_code, organization_id, granted_at, granted_by)
  SELECT id, account_id, role, county_code, organization_id, granted_at, granted_by FROM identity_role_grants;
DROP TABLE identity_role_grants;
ALTER TABLE identity_role_grants_v2 RENAME TO identity_role_grants;
CREATE INDEX identity_role_grants_org ON identity_role_grants(organization_id, role);

-- Partner banks; the API key (for HMAC-signed requests) is stored encrypted, set by `zhiyuan banks add`.
CREATE TABLE credentials_banks (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  api_key_enc TEXT NOT NULL DEFAULT '',
  key_set_at INTEGER
) STRICT;
INSERT INTO credentials_banks (code, name) VALUES
  ('boc', '中国银行'), ('ceb', '中国光大银行'), ('ccb', '中国建设银行'), ('psbc', '中国邮政储蓄银行');

-- Which bank issues which credential (and card type): data, so a new partner bank is a row, not a release.
CREATE TABLE credentials_offers (
  kind TEXT NOT NULL CHECK (kind IN ('certificate', 'card')),
  bank_code TEXT NOT NULL REFERENCES credentials_banks(code),
  card_type TEXT NOT NULL DEFAULT '',
  min_age INTEGER NOT NULL DEFAULT 16,
  PRIMARY KEY (kind, bank_code, card_type)
) STRICT;
INSERT INTO credentials_offers (kind, bank_code, card_type, min_age) VALUES
  ('certificate', 'boc', '', 16), ('certificate', 'ceb', '', 16), ('card', 'ccb', 'debit', 16), ('card', 'psbc', 'credit', 18);

CREATE TABLE credentials_applications (
  id INTEGER PRIMARY KEY,
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  kind TEXT NOT NULL CHECK (kind IN ('certificate', 'card')),
  bank_code TEXT NOT NULL REFERENCES credentials_banks(code),
  card_type TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('applied', 'checked', 'sent_to_bank', 'issued', 'activated', 'rejected', 'cancelled')),
  shared_fields TEXT NOT NULL,
  consented_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- One live application per volunteer and credential; rejected and cancelled ones leave room for a new one.
CREATE UNIQUE INDEX credentials_applications_live ON credentials_applications(volunteer_id, kind)
  WHERE status NOT IN ('rejected', 'cancelled');
CREATE INDEX credentials_applications_bank ON credentials_applications(bank_code, status, id);

-- Every step of an application, by whom (volunteer, platform, bank:CODE, or an account).
CREATE TABLE credentials_application_events (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES credentials_applications(id),
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX credentials_application_events_application ON credentials_application_events(application_id, id);

-- Nonces of signed bank requests seen within the accepted clock skew: a replay is refused.
CREATE TABLE credentials_bank_nonces (
  bank_code TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (bank_code, nonce)
) STRICT;
CREATE INDEX credentials_bank_nonces_seen ON credentials_bank_nonces(seen_at);
