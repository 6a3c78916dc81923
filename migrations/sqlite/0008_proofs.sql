-- Proofs of service (志愿服务记录证明): issued at the volunteer's request on behalf of the organisations that
-- recorded the hours ("谁记录谁证明"). The facts are kept as signed canonical JSON; the PDF is rendered from
-- them deterministically, and the SHA-256 of the PDF as issued lets anyone check a file they were given.
ALTER TABLE registry_organizations ADD COLUMN person_in_charge TEXT NOT NULL DEFAULT '';

CREATE TABLE proofs_proofs (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  period_from TEXT,
  period_to TEXT,
  total_minutes INTEGER NOT NULL,
  facts TEXT NOT NULL,
  signature TEXT NOT NULL,
  pdf_sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('genuine', 'superseded', 'revoked')),
  superseded_by INTEGER REFERENCES proofs_proofs(id),
  revoked_reason TEXT NOT NULL DEFAULT '',
  revoked_by INTEGER REFERENCES identity_accounts(id),
  issued_at INTEGER NOT NULL,
  changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proofs_proofs_volunteer ON proofs_proofs(volunteer_id, id);
CREATE INDEX proofs_proofs_pdf ON proofs_proofs(pdf_sha256);

-- The organisations a proof speaks for (an organisation admin may revoke the proofs of their organisation).
CREATE TABLE proofs_issuers (
  proof_id INTEGER NOT NULL REFERENCES proofs_proofs(id),
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  minutes INTEGER NOT NULL,
  PRIMARY KEY (proof_id, organization_id)
) STRICT;
CREATE INDEX proofs_issuers_organization ON proofs_issuers(organization_id, proof_id);
