-- The second factor of administrator roles 动态口令 (RFC 6238): the account's TOTP secret, encrypted like every
-- sensitive field, and the last time step a code was accepted for, so a code is good for one log-in.
ALTER TABLE identity_accounts ADD COLUMN totp_secret_enc TEXT;
ALTER TABLE identity_accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
