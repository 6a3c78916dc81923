-- 三员分立 (MLPS level 3): the security administrator (安全管理员) manages accounts and security policy; the role
-- joins the roles a grant may name. SQLite cannot alter a CHECK constraint, so the table is rebuilt (as in 0010).
CREATE TABLE identity_role_grants_v3 (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  role TEXT NOT NULL CHECK (role IN ('org_admin', 'county_admin', 'city_admin', 'auditor', 'bank_operator', 'merchant',
                                     'security_admin')),
  county_code TEXT NOT NULL DEFAULT '',
  organization_id INTEGER NOT NULL DEFAULT 0,
  partner_code TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  granted_by INTEGER,
  UNIQUE (account_id, role, county_code, organization_id, partner_code)
) STRICT;
INSERT INTO identity_role_grants_v3 (id, account_id, role, county_code, organization_id, partner_code, granted_at, granted_by)
  SELECT id, account_id, role, county_code, organization_id, partner_code, granted_at, granted_by FROM identity_role_grants;
DROP TABLE identity_role_grants;
ALTER TABLE identity_role_grants_v3 RENAME TO identity_role_grants;
CREATE INDEX identity_role_grants_org ON identity_role_grants(organization_id, role);
