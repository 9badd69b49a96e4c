-- 002_filing: the filing track (备案). A filed group's own date is its filing date, kept apart
-- from a registration date so that a group that registers later (转登记) keeps both; the
-- accepting office and activity area of the filing; the yearly reviews hubs give their groups.

ALTER TABLE org ADD COLUMN filed_on TEXT;         -- 备案日期
ALTER TABLE org ADD COLUMN filing_office TEXT;    -- 受理单位: the office that accepted the filing
ALTER TABLE org ADD COLUMN activity_area TEXT;    -- 活动区域

-- Until now a filed group's filing date stood in registered_on.
UPDATE org SET filed_on = registered_on, registered_on = NULL WHERE tier = 'grassroots';

CREATE TABLE filing_review (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  reviewed_on TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome = 'pass' OR outcome = 'basic_pass' OR outcome = 'fail'),
  stars       INTEGER CHECK (stars >= 1 AND stars <= 5),
  reviewer    TEXT,                           -- who reviewed: the hub or the street office
  note        TEXT,
  audit_id    INTEGER NOT NULL REFERENCES audit(id)
) STRICT;
CREATE INDEX filing_review_org ON filing_review (org_id, reviewed_on);
