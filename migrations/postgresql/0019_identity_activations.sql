-- One-time activation links for accounts created on their owner's behalf (an organisation's bulk import of
-- its volunteers): the owner sets the first password through the link sent to their phone.
CREATE TABLE identity_activations (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES identity_accounts(id),
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX identity_activations_account ON identity_activations(account_id);
