-- The target desk's figures (测评考核) kept as counters, so GET /api/v1/targets reads a few hundred rows instead
-- of grouping every volunteer, credential, yearly total, activity and organisation on each request.
--
-- One row per county, year and slot holds every figure's contribution for that key; a figure for year Y is the
-- sum over slots of the rows of year Y (per-year figures) or of all years up to Y (cumulative figures). The year
-- is the Beijing (UTC+8) year of the record's timestamp: registered_at, the application's created_at,
-- the totals' own year, starts_at, applied_at.
-- * One wide row, not one row per figure: a registration moves three figures and a yearly total two, each in one
--   upsert.
-- * slot spreads a county's hot rows over several row locks in PostgreSQL (see its migration). SQLite has one
--   writer at a time, so here every contribution goes to slot 0; the column keeps the two schemas alike and
--   reads sum the slots all the same.
--
-- Triggers keep the counters in the same transaction as every change, whichever code path writes: each
-- subtracts the old row's contribution and adds the new one's. They fire only when a column the figures depend
-- on changes, so the many other updates of these tables (confirmed_count, updated_at, …) cost nothing.
-- SQLite triggers are row-level only, but run inside the statement's own program: `zhiyuan gen --scale city`
-- (730,000 volunteers) takes about 8% longer with them, so bulk loads need no special path.
-- `zhiyuan targets check` recomputes the figures from the raw records and compares; `--repair` rebuilds from
-- targets_counters_recomputed, the same contributions grouped from the raw records.
CREATE TABLE targets_counters (
  county_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  registered INTEGER NOT NULL DEFAULT 0,               -- volunteers registered in the year (cumulative figure)
  league_registered INTEGER NOT NULL DEFAULT 0,        -- of them League members (cumulative)
  party_league_registered INTEGER NOT NULL DEFAULT 0,  -- of them party or League members (cumulative)
  certificate_holders INTEGER NOT NULL DEFAULT 0,      -- issued/activated certificates applied for (cumulative)
  card_holders INTEGER NOT NULL DEFAULT 0,             -- issued/activated cards applied for (cumulative)
  year_minutes INTEGER NOT NULL DEFAULT 0,             -- confirmed minutes (per year)
  members_20h INTEGER NOT NULL DEFAULT 0,              -- party/League volunteers with ≥ 1200 min (per year)
  activities_published INTEGER NOT NULL DEFAULT 0,     -- published or closed activities starting (per year)
  organizations INTEGER NOT NULL DEFAULT 0,            -- approved organisations applied (cumulative)
  PRIMARY KEY (county_code, year, slot)
) STRICT, WITHOUT ROWID;

-- Every contribution, grouped from the raw records: the backfill below, and the rebuild after bulk loads or a
-- failed check.
CREATE VIEW targets_counters_recomputed AS
SELECT county_code, year, slot, SUM(registered) AS registered, SUM(league_registered) AS league_registered,
       SUM(party_league_registered) AS party_league_registered, SUM(certificate_holders) AS certificate_holders,
       SUM(card_holders) AS card_holders, SUM(year_minutes) AS year_minutes, SUM(members_20h) AS members_20h,
       SUM(activities_published) AS activities_published, SUM(organizations) AS organizations
FROM (
  SELECT county_code, CAST(strftime('%Y', registered_at + 28800, 'unixepoch') AS INTEGER) AS year, 0 AS slot,
         1 AS registered, political_status = 'league_member' AS league_registered,
         political_status IN ('league_member', 'party_member', 'probationary_party_member') AS party_league_registered,
         0 AS certificate_holders, 0 AS card_holders, 0 AS year_minutes, 0 AS members_20h,
         0 AS activities_published, 0 AS organizations
  FROM registry_volunteers
  UNION ALL
  SELECT v.county_code, CAST(strftime('%Y', a.created_at + 28800, 'unixepoch') AS INTEGER), 0,
         0, 0, 0, a.kind = 'certificate', a.kind = 'card', 0, 0, 0, 0
  FROM credentials_applications a JOIN registry_volunteers v ON v.id = a.volunteer_id
  WHERE a.status IN ('issued', 'activated')
  UNION ALL
  SELECT v.county_code, t.year, 0, 0, 0, 0, 0, 0, t.confirmed_minutes,
         t.confirmed_minutes >= 1200 AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'),
         0, 0
  FROM ledger_volunteer_totals t JOIN registry_volunteers v ON v.id = t.volunteer_id
  UNION ALL
  SELECT county_code, CAST(strftime('%Y', starts_at + 28800, 'unixepoch') AS INTEGER), 0,
         0, 0, 0, 0, 0, 0, 0, 1, 0
  FROM activities_activities WHERE status IN ('published', 'closed')
  UNION ALL
  SELECT county_code, CAST(strftime('%Y', applied_at + 28800, 'unixepoch') AS INTEGER), 0,
         0, 0, 0, 0, 0, 0, 0, 0, 1
  FROM registry_organizations WHERE status = 'approved'
)
GROUP BY county_code, year, slot;

INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered,
                              certificate_holders, card_holders, year_minutes, members_20h, activities_published,
                              organizations)
SELECT county_code, year, slot, registered, league_registered, party_league_registered, certificate_holders,
       card_holders, year_minutes, members_20h, activities_published, organizations
FROM targets_counters_recomputed WHERE true;

-- Volunteers: registered, League and party/League registered by the year of registration. A change of political
-- status or county also moves what the volunteer's yearly totals count (year_minutes, members_20h) and, on a
-- move to another county, their credentials, since those figures are counted in the volunteer's county.
CREATE TRIGGER targets_counters_volunteer_insert AFTER INSERT ON registry_volunteers
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.registered_at + 28800, 'unixepoch') AS INTEGER), 0, 1,
         NEW.political_status = 'league_member',
         NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member')
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
END;

CREATE TRIGGER targets_counters_volunteer_delete AFTER DELETE ON registry_volunteers
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.registered_at + 28800, 'unixepoch') AS INTEGER), 0, -1,
         -(OLD.political_status = 'league_member'),
         -(OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
END;

CREATE TRIGGER targets_counters_volunteer_update
AFTER UPDATE OF county_code, registered_at, political_status ON registry_volunteers
WHEN OLD.county_code <> NEW.county_code OR OLD.registered_at <> NEW.registered_at
  OR (OLD.political_status = 'league_member') <> (NEW.political_status = 'league_member')
  OR (OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
     <> (NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.registered_at + 28800, 'unixepoch') AS INTEGER), 0, -1,
         -(OLD.political_status = 'league_member'),
         -(OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.registered_at + 28800, 'unixepoch') AS INTEGER), 0, 1,
         NEW.political_status = 'league_member',
         NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member')
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT OLD.county_code, t.year, 0, -t.confirmed_minutes,
         -(t.confirmed_minutes >= 1200
           AND OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  FROM ledger_volunteer_totals t WHERE t.volunteer_id = OLD.id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT NEW.county_code, t.year, 0, t.confirmed_minutes,
         t.confirmed_minutes >= 1200
           AND NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member')
  FROM ledger_volunteer_totals t WHERE t.volunteer_id = NEW.id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT OLD.county_code, CAST(strftime('%Y', a.created_at + 28800, 'unixepoch') AS INTEGER) AS y, 0,
         -SUM(a.kind = 'certificate'), -SUM(a.kind = 'card')
  FROM credentials_applications a
  WHERE OLD.county_code <> NEW.county_code AND a.volunteer_id = OLD.id AND a.status IN ('issued', 'activated')
  GROUP BY y
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT NEW.county_code, CAST(strftime('%Y', a.created_at + 28800, 'unixepoch') AS INTEGER) AS y, 0,
         SUM(a.kind = 'certificate'), SUM(a.kind = 'card')
  FROM credentials_applications a
  WHERE OLD.county_code <> NEW.county_code AND a.volunteer_id = NEW.id AND a.status IN ('issued', 'activated')
  GROUP BY y
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
END;

-- Yearly totals (the ledger keeps them with each confirmed entry): minutes and the 20 h line, in the county of
-- the volunteer. The common change, minutes added to an existing total, is one upsert of the difference.
CREATE TRIGGER targets_counters_totals_insert AFTER INSERT ON ledger_volunteer_totals
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, NEW.year, 0, NEW.confirmed_minutes,
         NEW.confirmed_minutes >= 1200
           AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member')
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
END;

CREATE TRIGGER targets_counters_totals_delete AFTER DELETE ON ledger_volunteer_totals
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, OLD.year, 0, -OLD.confirmed_minutes,
         -(OLD.confirmed_minutes >= 1200
           AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  FROM registry_volunteers v WHERE v.id = OLD.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
END;

CREATE TRIGGER targets_counters_totals_update AFTER UPDATE OF confirmed_minutes ON ledger_volunteer_totals
WHEN OLD.volunteer_id = NEW.volunteer_id AND OLD.year = NEW.year AND OLD.confirmed_minutes <> NEW.confirmed_minutes
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, NEW.year, 0, NEW.confirmed_minutes - OLD.confirmed_minutes,
         ((NEW.confirmed_minutes >= 1200) - (OLD.confirmed_minutes >= 1200))
           * (v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
END;

-- A total moved to another volunteer or year (no code path does; a hand-made correction might).
CREATE TRIGGER targets_counters_totals_move AFTER UPDATE OF volunteer_id, year ON ledger_volunteer_totals
WHEN OLD.volunteer_id <> NEW.volunteer_id OR OLD.year <> NEW.year
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, OLD.year, 0, -OLD.confirmed_minutes,
         -(OLD.confirmed_minutes >= 1200
           AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
  FROM registry_volunteers v WHERE v.id = OLD.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, NEW.year, 0, NEW.confirmed_minutes,
         NEW.confirmed_minutes >= 1200
           AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member')
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
END;

-- Credentials: holders are applications issued or activated, by the year the application was made, in the
-- volunteer's county. One live application per volunteer and credential (credentials_applications_live) makes
-- this the count of holders.
CREATE TRIGGER targets_counters_credential_insert AFTER INSERT ON credentials_applications
WHEN NEW.status IN ('issued', 'activated')
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT v.county_code, CAST(strftime('%Y', NEW.created_at + 28800, 'unixepoch') AS INTEGER), 0,
         NEW.kind = 'certificate', NEW.kind = 'card'
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
END;

CREATE TRIGGER targets_counters_credential_delete AFTER DELETE ON credentials_applications
WHEN OLD.status IN ('issued', 'activated')
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT v.county_code, CAST(strftime('%Y', OLD.created_at + 28800, 'unixepoch') AS INTEGER), 0,
         -(OLD.kind = 'certificate'), -(OLD.kind = 'card')
  FROM registry_volunteers v WHERE v.id = OLD.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
END;

CREATE TRIGGER targets_counters_credential_update
AFTER UPDATE OF status, kind, created_at, volunteer_id ON credentials_applications
WHEN (OLD.status IN ('issued', 'activated')) <> (NEW.status IN ('issued', 'activated'))
  OR (NEW.status IN ('issued', 'activated')
      AND (OLD.kind <> NEW.kind OR OLD.created_at <> NEW.created_at OR OLD.volunteer_id <> NEW.volunteer_id))
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT v.county_code, CAST(strftime('%Y', OLD.created_at + 28800, 'unixepoch') AS INTEGER), 0,
         -(OLD.kind = 'certificate'), -(OLD.kind = 'card')
  FROM registry_volunteers v WHERE v.id = OLD.volunteer_id AND OLD.status IN ('issued', 'activated')
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT v.county_code, CAST(strftime('%Y', NEW.created_at + 28800, 'unixepoch') AS INTEGER), 0,
         NEW.kind = 'certificate', NEW.kind = 'card'
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id AND NEW.status IN ('issued', 'activated')
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
END;

-- Activities: published or closed (not draft, not cancelled), by the year they start.
CREATE TRIGGER targets_counters_activity_insert AFTER INSERT ON activities_activities
WHEN NEW.status IN ('published', 'closed')
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, activities_published)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.starts_at + 28800, 'unixepoch') AS INTEGER), 0, 1
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    activities_published = targets_counters.activities_published + excluded.activities_published;
END;

CREATE TRIGGER targets_counters_activity_delete AFTER DELETE ON activities_activities
WHEN OLD.status IN ('published', 'closed')
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, activities_published)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.starts_at + 28800, 'unixepoch') AS INTEGER), 0, -1
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    activities_published = targets_counters.activities_published + excluded.activities_published;
END;

CREATE TRIGGER targets_counters_activity_update
AFTER UPDATE OF status, starts_at, county_code ON activities_activities
WHEN (OLD.status IN ('published', 'closed')) <> (NEW.status IN ('published', 'closed'))
  OR (NEW.status IN ('published', 'closed')
      AND (OLD.starts_at <> NEW.starts_at OR OLD.county_code <> NEW.county_code))
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, activities_published)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.starts_at + 28800, 'unixepoch') AS INTEGER), 0, -1
  WHERE OLD.status IN ('published', 'closed')
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    activities_published = targets_counters.activities_published + excluded.activities_published;
  INSERT INTO targets_counters (county_code, year, slot, activities_published)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.starts_at + 28800, 'unixepoch') AS INTEGER), 0, 1
  WHERE NEW.status IN ('published', 'closed')
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    activities_published = targets_counters.activities_published + excluded.activities_published;
END;

-- Organisations: approved, by the year they applied.
CREATE TRIGGER targets_counters_organization_insert AFTER INSERT ON registry_organizations
WHEN NEW.status = 'approved'
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, organizations)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.applied_at + 28800, 'unixepoch') AS INTEGER), 0, 1
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    organizations = targets_counters.organizations + excluded.organizations;
END;

CREATE TRIGGER targets_counters_organization_delete AFTER DELETE ON registry_organizations
WHEN OLD.status = 'approved'
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, organizations)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.applied_at + 28800, 'unixepoch') AS INTEGER), 0, -1
  WHERE true
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    organizations = targets_counters.organizations + excluded.organizations;
END;

CREATE TRIGGER targets_counters_organization_update
AFTER UPDATE OF status, applied_at, county_code ON registry_organizations
WHEN (OLD.status = 'approved') <> (NEW.status = 'approved')
  OR (NEW.status = 'approved' AND (OLD.applied_at <> NEW.applied_at OR OLD.county_code <> NEW.county_code))
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, organizations)
  SELECT OLD.county_code, CAST(strftime('%Y', OLD.applied_at + 28800, 'unixepoch') AS INTEGER), 0, -1
  WHERE OLD.status = 'approved'
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    organizations = targets_counters.organizations + excluded.organizations;
  INSERT INTO targets_counters (county_code, year, slot, organizations)
  SELECT NEW.county_code, CAST(strftime('%Y', NEW.applied_at + 28800, 'unixepoch') AS INTEGER), 0, 1
  WHERE NEW.status = 'approved'
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    organizations = targets_counters.organizations + excluded.organizations;
END;
