-- 001_init: the first registry schema — settings, the district profile, organizations, audit.
-- Every table is STRICT; money is integer fen; dates are ISO 'YYYY-MM-DD' text.
-- Enumerations are checked with OR chains, not IN lists: SQLite builds an ephemeral table for
-- an IN list each time a statement runs, which made single-row inserts five times slower.

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE street (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE community (
  id        INTEGER PRIMARY KEY,
  street_id INTEGER NOT NULL REFERENCES street(id),
  name      TEXT NOT NULL,
  UNIQUE (street_id, name)
) STRICT;

-- Residents per street and year; kind says which population the figure counts.
CREATE TABLE population (
  street_id INTEGER NOT NULL REFERENCES street(id),
  year      INTEGER NOT NULL,
  residents INTEGER NOT NULL CHECK (residents >= 0),
  kind      TEXT NOT NULL CHECK (kind = 'registered' OR kind = 'resident'),
  PRIMARY KEY (street_id, year, kind)
) STRICT;

-- One entry per writing command. batch ids of imports are audit ids.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,              -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
  actor   TEXT NOT NULL,
  command TEXT NOT NULL,              -- the command line as typed
  action  TEXT NOT NULL,              -- 'org.add', 'org.import', 'db.init' ...
  org_id  INTEGER,                    -- the org of a single-org edit
  detail  TEXT NOT NULL DEFAULT '{}'  -- JSON: before/after, or file, sha256 and counts
) STRICT;
CREATE INDEX audit_org ON audit (org_id);
CREATE INDEX audit_at ON audit (at);

CREATE TABLE org (
  id                     INTEGER PRIMARY KEY,  -- the stable key, shown as K0000001
  name                   TEXT NOT NULL,
  name_key               TEXT,                 -- trimmed and width-folded, when that differs from name
  tier                   TEXT NOT NULL CHECK (tier = 'registered' OR tier = 'grassroots'),
  type                   TEXT NOT NULL CHECK (type = 'social_group' OR type = 'social_service' OR type = 'foundation'),
  registration_authority TEXT CHECK (registration_authority = 'national' OR registration_authority = 'region' OR registration_authority = 'city' OR registration_authority = 'district'),
  level                  TEXT NOT NULL CHECK (level = 'district' OR level = 'street' OR level = 'community'),
  category               TEXT NOT NULL,
  street                 TEXT,
  community              TEXT,
  hub_id                 INTEGER REFERENCES org(id),
  credit_code            TEXT,
  filing_no              TEXT,
  founded                TEXT,
  registered_on          TEXT,
  status                 TEXT NOT NULL DEFAULT 'active'
                         CHECK (status = 'active' OR status = 'suspended' OR status = 'revoked' OR status = 'deregistered'),
  status_date            TEXT,
  status_reason          TEXT,
  status_authority       TEXT,
  status_document        TEXT,
  representative         TEXT,
  phone                  TEXT,
  address                TEXT,
  business_scope         TEXT,
  funds                  INTEGER CHECK (funds >= 0),  -- fen
  members                INTEGER CHECK (members >= 0),
  staff                  INTEGER CHECK (staff >= 0),
  party_org              INTEGER CHECK (party_org = 0 OR party_org = 1),
  supervisor             TEXT,
  notes                  TEXT,
  created_batch          INTEGER REFERENCES audit(id),
  updated_batch          INTEGER REFERENCES audit(id),
  -- Where a name must be unique: per registration authority for registered orgs, per
  -- community for filed groups.
  name_scope TEXT GENERATED ALWAYS AS (
    CASE tier WHEN 'registered' THEN 'R:' || ifnull(registration_authority, '')
              ELSE 'G:' || ifnull(street, '') || '/' || ifnull(community, '') END) VIRTUAL,
  CHECK ((tier = 'registered') = (credit_code IS NOT NULL)),
  CHECK (tier = 'registered' OR type <> 'foundation')
) STRICT;
-- Unique keys are indexes, not column constraints, so a bulk load into an empty registry can
-- build them after the rows are in.
CREATE UNIQUE INDEX org_credit_code ON org (credit_code);
CREATE UNIQUE INDEX org_filing_no ON org (filing_no);
-- Names are taken only while an org exists: revoked and deregistered ones free theirs.
CREATE UNIQUE INDEX org_name_unique ON org (name_scope, coalesce(name_key, name))
  WHERE status = 'active' OR status = 'suspended';
CREATE INDEX org_name_key ON org (coalesce(name_key, name));
CREATE INDEX org_tier ON org (tier, status);
CREATE INDEX org_place ON org (street, community);
CREATE INDEX org_hub ON org (hub_id);

-- What an import changed in an org that was already there: one row per updated org, so
-- `org history` shows every batch that touched it, with the values before and after.
CREATE TABLE org_change (
  audit_id INTEGER NOT NULL REFERENCES audit(id),
  org_id   INTEGER NOT NULL REFERENCES org(id),
  detail   TEXT NOT NULL,  -- JSON {"before": {...}, "after": {...}} of the changed fields
  PRIMARY KEY (org_id, audit_id)
) STRICT;
