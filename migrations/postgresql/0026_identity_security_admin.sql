-- 三员分立 (MLPS level 3): the security administrator (安全管理员) manages accounts and security policy; the role
-- joins the roles a grant may name. The CHECK kept its name from the table 0010 renamed.
ALTER TABLE identity_role_grants DROP CONSTRAINT IF EXISTS identity_role_grants_v2_role_check;
ALTER TABLE identity_role_grants DROP CONSTRAINT IF EXISTS identity_role_grants_role_check;
ALTER TABLE identity_role_grants ADD CONSTRAINT identity_role_grants_role_check
  CHECK (role IN ('org_admin', 'county_admin', 'city_admin', 'auditor', 'bank_operator', 'merchant', 'security_admin'));
