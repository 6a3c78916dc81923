-- Attendance (考勤): check-in/out sessions; the ledger (志愿服务记录): append-only hour entries and the
-- per-volunteer yearly totals kept in the same transaction as each confirmed entry.
CREATE TABLE attendance_sessions (
  id INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities_activities(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  service_date TEXT NOT NULL,
  check_in_at INTEGER NOT NULL,
  check_out_at INTEGER,
  minutes INTEGER,
  method_in TEXT NOT NULL,
  method_out TEXT NOT NULL DEFAULT '',
  flags TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES identity_accounts(id)
) STRICT;
-- One open session per person, whatever the activity: nobody is checked in to two activities at once.
CREATE UNIQUE INDEX attendance_sessions_one_open ON attendance_sessions(volunteer_id) WHERE check_out_at IS NULL;
CREATE INDEX attendance_sessions_activity ON attendance_sessions(activity_id, volunteer_id, service_date);

CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  activity_id INTEGER NOT NULL REFERENCES activities_activities(id),
  organization_id INTEGER NOT NULL REFERENCES registry_organizations(id),
  attendance_id INTEGER REFERENCES attendance_sessions(id),
  service_date TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('attendance', 'retro', 'reversal', 'correction')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'awaiting_county', 'awaiting_city', 'confirmed', 'rejected')),
  reverses_entry_id INTEGER REFERENCES ledger_entries(id),
  reason_code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES identity_accounts(id),
  created_at INTEGER NOT NULL,
  confirmed_by INTEGER REFERENCES identity_accounts(id),
  confirmed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX ledger_entries_attendance ON ledger_entries(attendance_id) WHERE attendance_id IS NOT NULL;
-- An entry is reversed at most once.
CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries(reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;
CREATE INDEX ledger_entries_volunteer ON ledger_entries(volunteer_id, service_date);
CREATE INDEX ledger_entries_activity ON ledger_entries(activity_id, status);
CREATE INDEX ledger_entries_status ON ledger_entries(status, organization_id);

CREATE TABLE ledger_volunteer_totals (
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  year INTEGER NOT NULL,
  confirmed_minutes INTEGER NOT NULL,
  PRIMARY KEY (volunteer_id, year)
) STRICT;
