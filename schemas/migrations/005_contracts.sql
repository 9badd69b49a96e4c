-- 005_contracts: purchase of services (政府购买服务) — budgets per year (per purchaser and field
-- when given) changed only by recorded adjustments, contracts with their allocation to budget
-- years, amendments, and payments (corrected by reversal entries, never deleted). Money is
-- integer fen.

CREATE TABLE budget (
  id        INTEGER PRIMARY KEY,
  year      INTEGER NOT NULL,
  purchaser TEXT NOT NULL DEFAULT '',   -- '' = every purchaser
  field     TEXT NOT NULL DEFAULT '',   -- '' = every field (category)
  amount    INTEGER NOT NULL CHECK (amount >= 0),  -- as set; adjustments add to it
  audit_id  INTEGER NOT NULL REFERENCES audit(id),
  UNIQUE (year, purchaser, field)
) STRICT;

CREATE TABLE budget_adjustment (
  id        INTEGER PRIMARY KEY,
  budget_id INTEGER NOT NULL REFERENCES budget(id),
  date      TEXT NOT NULL,
  change    INTEGER NOT NULL CHECK (change <> 0),  -- fen, + or −
  document  TEXT NOT NULL,
  reason    TEXT NOT NULL,
  audit_id  INTEGER NOT NULL REFERENCES audit(id)
) STRICT;

CREATE TABLE contract (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  title            TEXT NOT NULL,
  purchaser        TEXT NOT NULL,
  provider_org_id  INTEGER REFERENCES org(id),
  company_name     TEXT,             -- a company provider (not a social organization)
  company_code     TEXT,             -- its credit code
  company_check_on TEXT,             -- the credit check made for it
  company_check    TEXT,             -- what the check found
  field            TEXT NOT NULL,    -- a category of DESIGN.md §2
  items            TEXT,             -- service items, one per line
  amount           INTEGER NOT NULL CHECK (amount > 0),
  original_amount  INTEGER NOT NULL CHECK (original_amount > 0),
  method           TEXT NOT NULL CHECK (method = 'open_tender' OR method = 'invited_tender' OR
                                        method = 'competitive_negotiation' OR method = 'competitive_consultation' OR
                                        method = 'single_source' OR method = 'inquiry' OR method = 'other'),
  funding          TEXT NOT NULL CHECK (funding = 'general_budget' OR funding = 'lottery_welfare' OR funding = 'other'),
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  target_persons      INTEGER CHECK (target_persons >= 0),
  target_person_times INTEGER CHECK (target_person_times >= 0),
  target_hours        INTEGER CHECK (target_hours >= 0),
  target_performance  TEXT,
  notes            TEXT,
  status           TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status = 'draft' OR status = 'signed' OR status = 'active' OR status = 'completed' OR status = 'terminated'),
  signed_on        TEXT,
  closed_on        TEXT,
  close_reason     TEXT,
  CHECK ((provider_org_id IS NULL) <> (company_name IS NULL)),
  CHECK (ends_on > starts_on),
  CHECK ((status = 'draft') = (signed_on IS NULL))
) STRICT;
CREATE INDEX contract_provider ON contract (provider_org_id);
CREATE INDEX contract_signed ON contract (signed_on);

CREATE TABLE contract_year (
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  year        INTEGER NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (contract_id, year)
) STRICT;

CREATE TABLE contract_amendment (
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  date        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  detail      TEXT NOT NULL,   -- JSON {"before": {...}, "after": {...}}
  audit_id    INTEGER NOT NULL REFERENCES audit(id)
) STRICT;

CREATE TABLE payment (
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  date        TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount <> 0),   -- fen; a reversal is the negative of what it undoes
  milestone   TEXT,
  reverses    INTEGER REFERENCES payment(id),
  note        TEXT,
  audit_id    INTEGER NOT NULL REFERENCES audit(id),
  CHECK ((reverses IS NULL) = (amount > 0))
) STRICT;
CREATE INDEX payment_contract ON payment (contract_id, date);
CREATE UNIQUE INDEX payment_reverses ON payment (reverses) WHERE reverses IS NOT NULL;
