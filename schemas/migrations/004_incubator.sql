-- 004_incubator: stays in the district's incubator park (孵化园) and the street centres. Sites
-- and their capacities are registry settings (incubator_sites). An org may stay again later;
-- every stay is kept. At most one stay per org is open (in residence) at a time.

CREATE TABLE incubation (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  site          TEXT NOT NULL,
  admitted_on   TEXT NOT NULL,
  planned_end   TEXT NOT NULL,
  mentor        TEXT,
  project       TEXT,
  status        TEXT NOT NULL DEFAULT 'in_residence'
                CHECK (status = 'in_residence' OR status = 'graduated' OR status = 'withdrawn'),
  ended_on      TEXT,              -- graduated (出壳) or withdrawn on
  early         INTEGER CHECK (early = 0 OR early = 1),  -- graduated before the planned end
  end_reason    TEXT,              -- why early, or why withdrawn
  forced        TEXT,              -- graduated without a passing review: the reason given
  note          TEXT,
  created_batch INTEGER REFERENCES audit(id),
  CHECK ((status = 'in_residence') = (ended_on IS NULL)),
  CHECK (planned_end > admitted_on),
  CHECK (ended_on IS NULL OR ended_on >= admitted_on)
) STRICT;
CREATE UNIQUE INDEX incubation_open ON incubation (org_id) WHERE status = 'in_residence';
CREATE INDEX incubation_org ON incubation (org_id, admitted_on);
CREATE INDEX incubation_site ON incubation (site, admitted_on);

CREATE TABLE incubation_review (
  id            INTEGER PRIMARY KEY,
  incubation_id INTEGER NOT NULL REFERENCES incubation(id),
  reviewed_on   TEXT NOT NULL,
  score         INTEGER NOT NULL CHECK (score >= 0 AND score <= 100),
  passed        INTEGER NOT NULL CHECK (passed = 0 OR passed = 1),  -- against the pass mark of the day
  note          TEXT,
  audit_id      INTEGER NOT NULL REFERENCES audit(id)
) STRICT;
CREATE INDEX incubation_review_stay ON incubation_review (incubation_id, reviewed_on);

CREATE TABLE incubation_extension (
  id            INTEGER PRIMARY KEY,
  incubation_id INTEGER NOT NULL REFERENCES incubation(id),
  decided_on    TEXT NOT NULL,
  old_end       TEXT NOT NULL,
  new_end       TEXT NOT NULL CHECK (new_end > old_end),
  reason        TEXT NOT NULL,
  audit_id      INTEGER NOT NULL REFERENCES audit(id)
) STRICT;
