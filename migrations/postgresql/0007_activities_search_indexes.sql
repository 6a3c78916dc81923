-- Indexes for the public activity search (measured with bench/http/search.lua at city scale): category and
-- date-range filters scanned the whole table. `status` closes each index so the page count is answered from
-- the index alone, without reading a row per match.
CREATE INDEX activities_activities_starts ON activities_activities(starts_at, status);
CREATE INDEX activities_activities_category ON activities_activities(category, starts_at, status);
CREATE INDEX activities_activities_county_category ON activities_activities(county_code, category, starts_at, status);
