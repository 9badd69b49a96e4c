-- 003_supervision: what the registering authority decides about an org and the bureau records —
-- the credit record (信用信息: commendations, penalties, list entries and exits), annual checks
-- (年检 / 年报) and grades (等级评估). Rows are never deleted: a credit event is corrected by a
-- reversal event, an annual check by a correction that the audit log keeps.

CREATE TABLE credit_event (
  id        INTEGER PRIMARY KEY,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  kind      TEXT NOT NULL CHECK (kind = 'commendation' OR kind = 'warning' OR kind = 'fine' OR
                                 kind = 'rectify_order' OR kind = 'rectified' OR kind = 'unreachable' OR
                                 kind = 'abnormal_in' OR kind = 'abnormal_out' OR kind = 'serious_in' OR
                                 kind = 'serious_out' OR kind = 'court_listing' OR kind = 'note' OR
                                 kind = 'reversal'),
  date      TEXT NOT NULL,
  authority TEXT,                 -- who decided
  document  TEXT,                 -- the decision's document number (文号)
  amount    INTEGER CHECK (amount > 0),     -- fen; fines only
  deadline  TEXT,                 -- rectification orders only
  reason    TEXT,
  rule      TEXT,                 -- the rule an entry or exit applies (credit due's codes)
  reverses  INTEGER REFERENCES credit_event(id),  -- reversals only: the event they undo
  note      TEXT,
  audit_id  INTEGER NOT NULL REFERENCES audit(id),
  CHECK ((kind = 'fine') = (amount IS NOT NULL)),
  CHECK ((kind = 'rectify_order') = (deadline IS NOT NULL)),
  CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
) STRICT;
CREATE INDEX credit_event_org ON credit_event (org_id, date);
CREATE INDEX credit_event_kind ON credit_event (kind, date);
CREATE UNIQUE INDEX credit_event_reverses ON credit_event (reverses) WHERE reverses IS NOT NULL;

CREATE TABLE annual_check (
  org_id    INTEGER NOT NULL REFERENCES org(id),
  year      INTEGER NOT NULL,    -- the year reported on
  result    TEXT NOT NULL CHECK (result = 'pass' OR result = 'basic_pass' OR result = 'fail' OR
                                 result = 'not_submitted'),
  date      TEXT NOT NULL,       -- the conclusion's date
  authority TEXT,
  note      TEXT,
  audit_id  INTEGER NOT NULL REFERENCES audit(id),
  PRIMARY KEY (org_id, year)
) STRICT;
CREATE INDEX annual_check_year ON annual_check (year, result);

CREATE TABLE grade (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  grade         INTEGER NOT NULL CHECK (grade >= 1 AND grade <= 5),   -- 1A … 5A, as it stands now
  awarded_grade INTEGER NOT NULL CHECK (awarded_grade >= 1 AND awarded_grade <= 5),
  score         INTEGER CHECK (score >= 0 AND score <= 1000),
  awarded_on    TEXT NOT NULL,
  valid_until   TEXT NOT NULL,   -- five years on
  authority     TEXT,
  document      TEXT,
  status        TEXT NOT NULL DEFAULT 'valid' CHECK (status = 'valid' OR status = 'lowered' OR status = 'withdrawn'),
  changed_on    TEXT,            -- lowered or withdrawn on
  change_reason TEXT,
  audit_id      INTEGER NOT NULL REFERENCES audit(id)
) STRICT;
CREATE INDEX grade_org ON grade (org_id, awarded_on);
CREATE INDEX grade_valid_until ON grade (valid_until);
