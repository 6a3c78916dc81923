-- Indexes for the public activity search (measured with bench/http/search.lua): category and date-range
-- filters scanned the whole table and sorted it.
CREATE INDEX activities_activities_starts ON activities_activities(starts_at);
CREATE INDEX activities_activities_category ON activities_activities(category, starts_at);
CREATE INDEX activities_activities_county_category ON activities_activities(county_code, category, starts_at);
