-- A county's drill-down sums each organisation's confirmed minutes of a year. The index on (status,
-- organization_id) found the entries but read every one from the table to check its date; with the date in the
-- key and the minutes after it, the sums are covering-index scans. It replaces the old index, whose every other
-- use it also serves (same leading columns).
DROP INDEX ledger_entries_status;
CREATE INDEX ledger_entries_status ON ledger_entries(status, organization_id, service_date, minutes);
