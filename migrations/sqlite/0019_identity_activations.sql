-- One-time activation links for accounts created on their owner's behalf (an organisation's bulk import of
-- its volunteers): the owner sets the first password through the link sent to their phone.
CREATE TABLE identity_activations (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX identity_activations_account ON identity_activations(account_id);
