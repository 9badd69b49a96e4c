-- The menu (菜单式服务): residents' needs (点菜), the year's catalogue of purchasable services
-- (定菜), and the contracts that buy catalogue items (做菜).

-- 购买服务目录: one item of one year's catalogue.
CREATE TABLE catalog_item (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL CHECK (year >= 1900 AND year <= 9999),
  code        TEXT NOT NULL,
  category    TEXT NOT NULL,
  item        TEXT NOT NULL,
  description TEXT,
  unit        TEXT NOT NULL CHECK (unit = 'hour' OR unit = 'person_time' OR unit = 'person' OR unit = 'household' OR
                                   unit = 'project' OR unit = 'month' OR unit = 'other'),
  price_guide INTEGER CHECK (price_guide >= 0),   -- fen per unit
  audit_id    INTEGER REFERENCES audit(id),
  UNIQUE (year, code)
) STRICT;

-- The catalogue items a contract buys.
CREATE TABLE contract_item (
  contract_id     INTEGER NOT NULL REFERENCES contract(id),
  catalog_item_id INTEGER NOT NULL REFERENCES catalog_item(id),
  audit_id        INTEGER REFERENCES audit(id),
  PRIMARY KEY (contract_id, catalog_item_id)
) STRICT;
CREATE INDEX contract_item_by_item ON contract_item(catalog_item_id);

-- 需求: a need raised in a community, carried to the catalogue item that takes it and the
-- contract that answers it.
CREATE TABLE demand (
  id              INTEGER PRIMARY KEY,
  street          TEXT NOT NULL,
  community       TEXT NOT NULL,
  category        TEXT NOT NULL,
  description     TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source = 'resident_meeting' OR source = 'community_office' OR source = 'hotline' OR
                                       source = 'survey' OR source = 'petition' OR source = 'other'),
  raised_on       TEXT NOT NULL,
  persons         INTEGER CHECK (persons >= 0),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'accepted' OR status = 'answered' OR
                                                      status = 'declined' OR status = 'closed'),
  status_date     TEXT,
  reason          TEXT,
  catalog_item_id INTEGER REFERENCES catalog_item(id),
  contract_id     INTEGER REFERENCES contract(id),
  note            TEXT,
  audit_id        INTEGER REFERENCES audit(id)
) STRICT;
CREATE INDEX demand_by_status ON demand(status, raised_on);
CREATE INDEX demand_by_item ON demand(catalog_item_id);
CREATE INDEX demand_by_contract ON demand(contract_id);
