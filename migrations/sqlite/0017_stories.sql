-- Publicity (宣传): stories of good practice and exemplary volunteers and organisations for the home page.
CREATE TABLE stories_stories (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('practice', 'volunteer', 'organization')),
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES registry_regions(code),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  author_id INTEGER NOT NULL REFERENCES identity_accounts(id),
  published_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX stories_stories_published ON stories_stories(status, published_at);
