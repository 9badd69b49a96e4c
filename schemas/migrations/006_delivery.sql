-- 006_delivery: what a contract delivered and how it was judged — per-period delivery counts
-- (counts only, never personal data), acceptance (验收), performance assessment (绩效评价) and
-- return-visit surveys (满意度回访); and closing a contract.

CREATE TABLE delivery (
  id              INTEGER PRIMARY KEY,
  contract_id     INTEGER NOT NULL REFERENCES contract(id),
  period_from     TEXT NOT NULL,
  period_to       TEXT NOT NULL,
  service_hours   INTEGER NOT NULL CHECK (service_hours >= 0),
  volunteer_hours INTEGER CHECK (volunteer_hours >= 0),
  vouchers        INTEGER CHECK (vouchers >= 0),        -- service vouchers redeemed (服务券)
  voucher_value   INTEGER CHECK (voucher_value >= 0),   -- fen
  note            TEXT,
  audit_id        INTEGER NOT NULL REFERENCES audit(id),
  CHECK (period_to >= period_from)
) STRICT;
CREATE INDEX delivery_contract ON delivery (contract_id, period_to);

CREATE TABLE delivery_count (
  delivery_id  INTEGER NOT NULL REFERENCES delivery(id),
  beneficiary  TEXT NOT NULL CHECK (beneficiary = 'advanced_age' OR beneficiary = 'living_alone' OR
                                    beneficiary = 'bereaved_parents' OR beneficiary = 'entitled' OR
                                    beneficiary = 'subsistence' OR beneficiary = 'disabled' OR
                                    beneficiary = 'youth' OR beneficiary = 'other'),
  tier         TEXT NOT NULL CHECK (tier = 'free' OR tier = 'reduced' OR tier = 'self_paid'),
  person_times INTEGER NOT NULL CHECK (person_times >= 0),
  persons      INTEGER NOT NULL CHECK (persons >= 0 AND persons <= person_times),
  PRIMARY KEY (delivery_id, beneficiary, tier)
) STRICT;

CREATE TABLE acceptance (
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  date        TEXT NOT NULL,
  result      TEXT NOT NULL CHECK (result = 'passed' OR result = 'passed_with_issues' OR result = 'failed'),
  note        TEXT,
  audit_id    INTEGER NOT NULL REFERENCES audit(id)
) STRICT;

CREATE TABLE assessment (
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  date        TEXT NOT NULL,
  score       INTEGER CHECK (score >= 0 AND score <= 100),
  grade       TEXT CHECK (grade = 'excellent' OR grade = 'good' OR grade = 'pass' OR grade = 'fail'),
  assessor    TEXT NOT NULL,
  note        TEXT,
  audit_id    INTEGER NOT NULL REFERENCES audit(id),
  CHECK (score IS NOT NULL OR grade IS NOT NULL)
) STRICT;

CREATE TABLE survey (
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  date        TEXT NOT NULL,
  method      TEXT NOT NULL CHECK (method = 'phone' OR method = 'visit' OR method = 'questionnaire' OR method = 'other'),
  respondents INTEGER NOT NULL CHECK (respondents > 0),
  satisfied   INTEGER NOT NULL CHECK (satisfied >= 0 AND satisfied <= respondents),
  note        TEXT,
  audit_id    INTEGER NOT NULL REFERENCES audit(id)
) STRICT;
