-- Rewards (嘉许回馈): partners and merchants (爱心商家) offer benefits with eligibility and a validity period;
-- a merchant verifies a volunteer's electronic certificate and records a redemption within the limit.
CREATE TABLE rewards_merchants (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('insurance', 'finance', 'transport', 'merchant')),
  county_code TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rewards_benefits (
  id INTEGER PRIMARY KEY,
  merchant_code TEXT NOT NULL REFERENCES rewards_merchants(code),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (category IN ('insurance', 'finance', 'transport', 'discount')),
  min_star_level INTEGER NOT NULL DEFAULT 0,
  requires_credential TEXT NOT NULL DEFAULT '' CHECK (requires_credential IN ('', 'certificate', 'card', 'either')),
  county_code TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  limit_per_volunteer INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  created_by INTEGER REFERENCES identity_accounts(id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX rewards_benefits_valid ON rewards_benefits(status, valid_to);

CREATE TABLE rewards_redemptions (
  id INTEGER PRIMARY KEY,
  benefit_id INTEGER NOT NULL REFERENCES rewards_benefits(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  merchant_code TEXT NOT NULL,
  redeemed_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX rewards_redemptions_volunteer ON rewards_redemptions(volunteer_id, id);
CREATE INDEX rewards_redemptions_merchant ON rewards_redemptions(merchant_code, id);

-- Redemptions per volunteer and benefit, raised by a conditional upsert so the limit holds under concurrency.
CREATE TABLE rewards_redemption_counts (
  benefit_id INTEGER NOT NULL REFERENCES rewards_benefits(id),
  volunteer_id INTEGER NOT NULL REFERENCES registry_volunteers(id),
  used INTEGER NOT NULL,
  PRIMARY KEY (benefit_id, volunteer_id)
) STRICT;
