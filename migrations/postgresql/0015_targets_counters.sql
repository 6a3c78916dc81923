-- The target desk's figures (测评考核) kept as counters, so GET /api/v1/targets reads a few hundred rows instead
-- of grouping every volunteer, credential, yearly total, activity and organisation on each request.
--
-- One row per county, year and slot holds every figure's contribution for that key; a figure for year Y is the
-- sum over slots of the rows of year Y (per-year figures) or of all years up to Y (cumulative figures). The year
-- is the Beijing (UTC+8) year of the record's timestamp: registered_at, the application's created_at,
-- the totals' own year, starts_at, applied_at.
-- * One wide row, not one row per figure: a registration moves three figures and a yearly total two, each in one
--   upsert.
-- * slot spreads a county's hot rows over several row locks: a trigger adds to the slot of its connection
--   (pg_backend_pid() mod 8), so concurrent transactions in one county mostly update different rows instead of
--   queueing on one row lock until each commits. Keyed by connection rather than by record, one transaction
--   that confirms many volunteers' hours still touches one row per county and year, not up to eight in an
--   arbitrary order, which keeps two such transactions from deadlocking on each other's rows. A slot's value
--   alone means nothing (a subtraction may land in another slot than the addition it undoes); reads sum the
--   slots, and the backfill and rebuild put everything in slot 0.
-- * fillfactor 50 leaves room on each page for the next version of its rows: the counters are updated in place
--   all day and no indexed column changes, so the updates stay HOT and the table stays small.
--
-- Triggers keep the counters in the same transaction as every change, whichever code path writes: each
-- subtracts the old rows' contribution and adds the new ones'.
-- * Inserts and deletes: statement-level triggers over the transition table, one grouped upsert per statement,
--   so a COPY of a hundred thousand rows (`zhiyuan gen`, imports) costs one aggregate, not a function call per
--   row; a single-row insert costs about what a row trigger would.
-- * Updates: row-level, since PostgreSQL allows no transition table on a trigger with a column list, and the
--   column list with the WHEN clause is what makes the many other updates of these tables (confirmed_count,
--   updated_at, …) cost nothing.
-- `zhiyuan targets check` recomputes the figures from the raw records and compares; `--repair` rebuilds from
-- targets_counters_recomputed(), the same contributions grouped from the raw records.
CREATE TABLE targets_counters (
  county_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  slot BIGINT NOT NULL,
  registered BIGINT NOT NULL DEFAULT 0,               -- volunteers registered in the year (cumulative figure)
  league_registered BIGINT NOT NULL DEFAULT 0,        -- of them League members (cumulative)
  party_league_registered BIGINT NOT NULL DEFAULT 0,  -- of them party or League members (cumulative)
  certificate_holders BIGINT NOT NULL DEFAULT 0,      -- issued/activated certificates applied for (cumulative)
  card_holders BIGINT NOT NULL DEFAULT 0,             -- issued/activated cards applied for (cumulative)
  year_minutes BIGINT NOT NULL DEFAULT 0,             -- confirmed minutes (per year)
  members_20h BIGINT NOT NULL DEFAULT 0,              -- party/League volunteers with ≥ 1200 min (per year)
  activities_published BIGINT NOT NULL DEFAULT 0,     -- published or closed activities starting (per year)
  organizations BIGINT NOT NULL DEFAULT 0,            -- approved organisations applied (cumulative)
  PRIMARY KEY (county_code, year, slot)
) WITH (fillfactor = 50);

-- The Beijing-time year of a Unix time (a fixed +8 h: China has no daylight saving).
CREATE FUNCTION targets_year_of(at BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT EXTRACT(YEAR FROM to_timestamp(at + 28800) AT TIME ZONE 'UTC')::BIGINT $$;

-- Every contribution, grouped from the raw records: the backfill below, and the rebuild after bulk loads or a
-- failed check. (SQLite has it as a view; here a function, which information_schema.columns does not list, so
-- the two dialects' schemas still compare equal table by table.)
CREATE FUNCTION targets_counters_recomputed()
RETURNS TABLE (county_code TEXT, year BIGINT, slot BIGINT, registered BIGINT, league_registered BIGINT,
               party_league_registered BIGINT, certificate_holders BIGINT, card_holders BIGINT, year_minutes BIGINT,
               members_20h BIGINT, activities_published BIGINT, organizations BIGINT)
LANGUAGE sql STABLE AS $$
SELECT county_code, year, slot, SUM(registered)::BIGINT AS registered,
       SUM(league_registered)::BIGINT AS league_registered,
       SUM(party_league_registered)::BIGINT AS party_league_registered,
       SUM(certificate_holders)::BIGINT AS certificate_holders, SUM(card_holders)::BIGINT AS card_holders,
       SUM(year_minutes)::BIGINT AS year_minutes, SUM(members_20h)::BIGINT AS members_20h,
       SUM(activities_published)::BIGINT AS activities_published, SUM(organizations)::BIGINT AS organizations
FROM (
  SELECT county_code, targets_year_of(registered_at) AS year, 0::BIGINT AS slot,
         1::BIGINT AS registered, (political_status = 'league_member')::INT::BIGINT AS league_registered,
         (political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT::BIGINT
           AS party_league_registered,
         0::BIGINT AS certificate_holders, 0::BIGINT AS card_holders, 0::BIGINT AS year_minutes,
         0::BIGINT AS members_20h, 0::BIGINT AS activities_published, 0::BIGINT AS organizations
  FROM registry_volunteers
  UNION ALL
  SELECT v.county_code, targets_year_of(a.created_at), 0, 0, 0, 0,
         (a.kind = 'certificate')::INT, (a.kind = 'card')::INT, 0, 0, 0, 0
  FROM credentials_applications a JOIN registry_volunteers v ON v.id = a.volunteer_id
  WHERE a.status IN ('issued', 'activated')
  UNION ALL
  SELECT v.county_code, t.year, 0, 0, 0, 0, 0, 0, t.confirmed_minutes,
         (t.confirmed_minutes >= 1200
          AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT,
         0, 0
  FROM ledger_volunteer_totals t JOIN registry_volunteers v ON v.id = t.volunteer_id
  UNION ALL
  SELECT county_code, targets_year_of(starts_at), 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
  FROM activities_activities WHERE status IN ('published', 'closed')
  UNION ALL
  SELECT county_code, targets_year_of(applied_at), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
  FROM registry_organizations WHERE status = 'approved'
) contributions
GROUP BY county_code, year, slot
$$;

INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered,
                              certificate_holders, card_holders, year_minutes, members_20h, activities_published,
                              organizations)
SELECT county_code, year, slot, registered, league_registered, party_league_registered, certificate_holders,
       card_holders, year_minutes, members_20h, activities_published, organizations
FROM targets_counters_recomputed();

-- Volunteers: registered, League and party/League registered by the year of registration. A change of political
-- status or county also moves what the volunteer's yearly totals count (year_minutes, members_20h) and, on a
-- move to another county, their credentials, since those figures are counted in the volunteer's county.
CREATE FUNCTION targets_counters_volunteers_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  SELECT county_code, targets_year_of(registered_at), pg_backend_pid() % 8, direction * COUNT(*),
         direction * COUNT(*) FILTER (WHERE political_status = 'league_member'),
         direction * COUNT(*) FILTER (WHERE political_status IN ('league_member', 'party_member',
                                                                 'probationary_party_member'))
  FROM changed GROUP BY 1, 2, 3
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
  RETURN NULL;
END $$;

CREATE FUNCTION targets_counters_volunteer_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  VALUES (OLD.county_code, targets_year_of(OLD.registered_at), pg_backend_pid() % 8, -1,
          -(OLD.political_status = 'league_member')::INT,
          -(OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT)
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
  INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, party_league_registered)
  VALUES (NEW.county_code, targets_year_of(NEW.registered_at), pg_backend_pid() % 8, 1,
          (NEW.political_status = 'league_member')::INT,
          (NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT)
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    registered = targets_counters.registered + excluded.registered,
    league_registered = targets_counters.league_registered + excluded.league_registered,
    party_league_registered = targets_counters.party_league_registered + excluded.party_league_registered;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT OLD.county_code, t.year, pg_backend_pid() % 8, -t.confirmed_minutes,
         -(t.confirmed_minutes >= 1200
           AND OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT
  FROM ledger_volunteer_totals t WHERE t.volunteer_id = OLD.id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT NEW.county_code, t.year, pg_backend_pid() % 8, t.confirmed_minutes,
         (t.confirmed_minutes >= 1200
          AND NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT
  FROM ledger_volunteer_totals t WHERE t.volunteer_id = NEW.id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  IF OLD.county_code <> NEW.county_code THEN
    -- Grouped by year: a certificate and a card applied for in one year share a counter row, and one statement
    -- may not update a row twice.
    INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
    SELECT OLD.county_code, targets_year_of(a.created_at), pg_backend_pid() % 8,
           -COUNT(*) FILTER (WHERE a.kind = 'certificate'), -COUNT(*) FILTER (WHERE a.kind = 'card')
    FROM credentials_applications a WHERE a.volunteer_id = OLD.id AND a.status IN ('issued', 'activated')
    GROUP BY 1, 2, 3
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
      card_holders = targets_counters.card_holders + excluded.card_holders;
    INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
    SELECT NEW.county_code, targets_year_of(a.created_at), pg_backend_pid() % 8,
           COUNT(*) FILTER (WHERE a.kind = 'certificate'), COUNT(*) FILTER (WHERE a.kind = 'card')
    FROM credentials_applications a WHERE a.volunteer_id = NEW.id AND a.status IN ('issued', 'activated')
    GROUP BY 1, 2, 3
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
      card_holders = targets_counters.card_holders + excluded.card_holders;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER targets_counters_volunteer_insert AFTER INSERT ON registry_volunteers
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_volunteers_added_or_removed();
CREATE TRIGGER targets_counters_volunteer_delete AFTER DELETE ON registry_volunteers
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_volunteers_added_or_removed();
CREATE TRIGGER targets_counters_volunteer_update
AFTER UPDATE OF county_code, registered_at, political_status ON registry_volunteers
FOR EACH ROW WHEN (OLD.county_code <> NEW.county_code OR OLD.registered_at <> NEW.registered_at
  OR (OLD.political_status = 'league_member') <> (NEW.political_status = 'league_member')
  OR (OLD.political_status IN ('league_member', 'party_member', 'probationary_party_member'))
     <> (NEW.political_status IN ('league_member', 'party_member', 'probationary_party_member')))
EXECUTE FUNCTION targets_counters_volunteer_updated();

-- Yearly totals (the ledger keeps them with each confirmed entry): minutes and the 20 h line, in the county of
-- the volunteer. The common change, minutes added to an existing total, is one upsert of the difference.
CREATE FUNCTION targets_counters_totals_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, c.year, pg_backend_pid() % 8, direction * SUM(c.confirmed_minutes),
         direction * COUNT(*) FILTER (WHERE c.confirmed_minutes >= 1200 AND v.political_status IN
                                      ('league_member', 'party_member', 'probationary_party_member'))
  FROM changed c JOIN registry_volunteers v ON v.id = c.volunteer_id GROUP BY 1, 2, 3
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  RETURN NULL;
END $$;

CREATE FUNCTION targets_counters_totals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.volunteer_id = NEW.volunteer_id AND OLD.year = NEW.year THEN
    INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
    SELECT v.county_code, NEW.year, pg_backend_pid() % 8, NEW.confirmed_minutes - OLD.confirmed_minutes,
           ((NEW.confirmed_minutes >= 1200)::INT - (OLD.confirmed_minutes >= 1200)::INT)
             * (v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT
    FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      year_minutes = targets_counters.year_minutes + excluded.year_minutes,
      members_20h = targets_counters.members_20h + excluded.members_20h;
    RETURN NULL;
  END IF;
  -- Moved to another volunteer or year (no code path does; a hand-made correction might).
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, OLD.year, pg_backend_pid() % 8, -OLD.confirmed_minutes,
         -(OLD.confirmed_minutes >= 1200
           AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT
  FROM registry_volunteers v WHERE v.id = OLD.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  INSERT INTO targets_counters (county_code, year, slot, year_minutes, members_20h)
  SELECT v.county_code, NEW.year, pg_backend_pid() % 8, NEW.confirmed_minutes,
         (NEW.confirmed_minutes >= 1200
          AND v.political_status IN ('league_member', 'party_member', 'probationary_party_member'))::INT
  FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    year_minutes = targets_counters.year_minutes + excluded.year_minutes,
    members_20h = targets_counters.members_20h + excluded.members_20h;
  RETURN NULL;
END $$;

CREATE TRIGGER targets_counters_totals_insert AFTER INSERT ON ledger_volunteer_totals
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_totals_added_or_removed();
CREATE TRIGGER targets_counters_totals_delete AFTER DELETE ON ledger_volunteer_totals
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_totals_added_or_removed();
CREATE TRIGGER targets_counters_totals_update AFTER UPDATE OF volunteer_id, year, confirmed_minutes
ON ledger_volunteer_totals
FOR EACH ROW WHEN (OLD.volunteer_id <> NEW.volunteer_id OR OLD.year <> NEW.year
  OR OLD.confirmed_minutes <> NEW.confirmed_minutes)
EXECUTE FUNCTION targets_counters_totals_updated();

-- Credentials: holders are applications issued or activated, by the year the application was made, in the
-- volunteer's county. One live application per volunteer and credential (credentials_applications_live) makes
-- this the count of holders.
CREATE FUNCTION targets_counters_credentials_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
  SELECT v.county_code, targets_year_of(c.created_at), pg_backend_pid() % 8,
         direction * COUNT(*) FILTER (WHERE c.kind = 'certificate'), direction * COUNT(*) FILTER (WHERE c.kind = 'card')
  FROM changed c JOIN registry_volunteers v ON v.id = c.volunteer_id
  WHERE c.status IN ('issued', 'activated') GROUP BY 1, 2, 3
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
    card_holders = targets_counters.card_holders + excluded.card_holders;
  RETURN NULL;
END $$;

CREATE FUNCTION targets_counters_credential_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('issued', 'activated') THEN
    INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
    SELECT v.county_code, targets_year_of(OLD.created_at), pg_backend_pid() % 8,
           -(OLD.kind = 'certificate')::INT, -(OLD.kind = 'card')::INT
    FROM registry_volunteers v WHERE v.id = OLD.volunteer_id
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
      card_holders = targets_counters.card_holders + excluded.card_holders;
  END IF;
  IF NEW.status IN ('issued', 'activated') THEN
    INSERT INTO targets_counters (county_code, year, slot, certificate_holders, card_holders)
    SELECT v.county_code, targets_year_of(NEW.created_at), pg_backend_pid() % 8,
           (NEW.kind = 'certificate')::INT, (NEW.kind = 'card')::INT
    FROM registry_volunteers v WHERE v.id = NEW.volunteer_id
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      certificate_holders = targets_counters.certificate_holders + excluded.certificate_holders,
      card_holders = targets_counters.card_holders + excluded.card_holders;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER targets_counters_credential_insert AFTER INSERT ON credentials_applications
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_credentials_added_or_removed();
CREATE TRIGGER targets_counters_credential_delete AFTER DELETE ON credentials_applications
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_credentials_added_or_removed();
CREATE TRIGGER targets_counters_credential_update
AFTER UPDATE OF status, kind, created_at, volunteer_id ON credentials_applications
FOR EACH ROW WHEN ((OLD.status IN ('issued', 'activated')) <> (NEW.status IN ('issued', 'activated'))
  OR (NEW.status IN ('issued', 'activated')
      AND (OLD.kind <> NEW.kind OR OLD.created_at <> NEW.created_at OR OLD.volunteer_id <> NEW.volunteer_id)))
EXECUTE FUNCTION targets_counters_credential_updated();

-- Activities: published or closed (not draft, not cancelled), by the year they start.
CREATE FUNCTION targets_counters_activities_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, activities_published)
  SELECT county_code, targets_year_of(starts_at), pg_backend_pid() % 8, direction * COUNT(*)
  FROM changed WHERE status IN ('published', 'closed') GROUP BY 1, 2, 3
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    activities_published = targets_counters.activities_published + excluded.activities_published;
  RETURN NULL;
END $$;

CREATE FUNCTION targets_counters_activity_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('published', 'closed') THEN
    INSERT INTO targets_counters (county_code, year, slot, activities_published)
    VALUES (OLD.county_code, targets_year_of(OLD.starts_at), pg_backend_pid() % 8, -1)
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      activities_published = targets_counters.activities_published + excluded.activities_published;
  END IF;
  IF NEW.status IN ('published', 'closed') THEN
    INSERT INTO targets_counters (county_code, year, slot, activities_published)
    VALUES (NEW.county_code, targets_year_of(NEW.starts_at), pg_backend_pid() % 8, 1)
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      activities_published = targets_counters.activities_published + excluded.activities_published;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER targets_counters_activity_insert AFTER INSERT ON activities_activities
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_activities_added_or_removed();
CREATE TRIGGER targets_counters_activity_delete AFTER DELETE ON activities_activities
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_activities_added_or_removed();
CREATE TRIGGER targets_counters_activity_update AFTER UPDATE OF status, starts_at, county_code ON activities_activities
FOR EACH ROW WHEN ((OLD.status IN ('published', 'closed')) <> (NEW.status IN ('published', 'closed'))
  OR (NEW.status IN ('published', 'closed')
      AND (OLD.starts_at <> NEW.starts_at OR OLD.county_code <> NEW.county_code)))
EXECUTE FUNCTION targets_counters_activity_updated();

-- Organisations: approved, by the year they applied.
CREATE FUNCTION targets_counters_organizations_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  direction BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO targets_counters (county_code, year, slot, organizations)
  SELECT county_code, targets_year_of(applied_at), pg_backend_pid() % 8, direction * COUNT(*)
  FROM changed WHERE status = 'approved' GROUP BY 1, 2, 3
  ON CONFLICT (county_code, year, slot) DO UPDATE SET
    organizations = targets_counters.organizations + excluded.organizations;
  RETURN NULL;
END $$;

CREATE FUNCTION targets_counters_organization_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    INSERT INTO targets_counters (county_code, year, slot, organizations)
    VALUES (OLD.county_code, targets_year_of(OLD.applied_at), pg_backend_pid() % 8, -1)
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      organizations = targets_counters.organizations + excluded.organizations;
  END IF;
  IF NEW.status = 'approved' THEN
    INSERT INTO targets_counters (county_code, year, slot, organizations)
    VALUES (NEW.county_code, targets_year_of(NEW.applied_at), pg_backend_pid() % 8, 1)
    ON CONFLICT (county_code, year, slot) DO UPDATE SET
      organizations = targets_counters.organizations + excluded.organizations;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER targets_counters_organization_insert AFTER INSERT ON registry_organizations
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_organizations_added_or_removed();
CREATE TRIGGER targets_counters_organization_delete AFTER DELETE ON registry_organizations
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
EXECUTE FUNCTION targets_counters_organizations_added_or_removed();
CREATE TRIGGER targets_counters_organization_update
AFTER UPDATE OF status, applied_at, county_code ON registry_organizations
FOR EACH ROW WHEN ((OLD.status = 'approved') <> (NEW.status = 'approved')
  OR (NEW.status = 'approved' AND (OLD.applied_at <> NEW.applied_at OR OLD.county_code <> NEW.county_code)))
EXECUTE FUNCTION targets_counters_organization_updated();
