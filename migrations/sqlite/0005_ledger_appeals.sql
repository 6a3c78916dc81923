-- Appeals (申诉): a volunteer disputes an entry of their record; the recording organisation decides.
CREATE TABLE ledger_appeals (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
  decision_reason TEXT NOT NULL DEFAULT '',
  correction_entry_id INTEGER REFERENCES ledger_entries(id),
  created_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES identity_accounts(id),
  decided_at INTEGER
) STRICT;
-- One open appeal per entry at a time.
CREATE UNIQUE INDEX ledger_appeals_open ON ledger_appeals(entry_id) WHERE status = 'open';
CREATE INDEX ledger_appeals_organization ON ledger_appeals(organization_id, status, id);
CREATE INDEX ledger_appeals_volunteer ON ledger_appeals(volunteer_id, id);
