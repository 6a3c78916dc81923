-- A county's drill-down sums each organisation's confirmed minutes of a year. The index on (status,
-- organization_id) found the entries but read every one from the table to check its date: ~750 ms for a county
-- at province scale. With the date in the key and the minutes carried along, the sums are index-only scans.
-- It replaces the old index, whose every other use it also serves (same leading columns).
DROP INDEX ledger_entries_status;
CREATE INDEX ledger_entries_status ON ledger_entries(status, organization_id, service_date) INCLUDE (minutes);
