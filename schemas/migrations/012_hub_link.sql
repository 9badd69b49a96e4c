-- 012_hub_link: a filed group's link to its hub has a start and an end, kept for good: the
-- group was attached to that hub on the days starts_on ≤ d < ends_on (ends_on NULL: still).
-- org.hub_id stays as the hub of today. A hub deregistered or revoked ends its groups' links on
-- that day; the groups keep the history, and nothing of theirs waits on the hub any more.
CREATE TABLE hub_link (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES org(id),   -- the filed group
  hub_id     INTEGER NOT NULL REFERENCES org(id),
  starts_on  TEXT NOT NULL,
  ends_on    TEXT,
  end_reason TEXT CHECK (end_reason = 'moved' OR end_reason = 'hub_closed' OR end_reason = 'upgraded' OR
                         end_reason = 'cleared' OR end_reason = 'closed'),
  audit_id   INTEGER REFERENCES audit(id),          -- the entry that started it (none: from schema 11)
  CHECK ((ends_on IS NULL) = (end_reason IS NULL)),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX hub_link_org ON hub_link (org_id, starts_on);
CREATE INDEX hub_link_hub ON hub_link (hub_id, starts_on);

-- Existing links start with the filing (or the hub's registration, when that came later).
INSERT INTO hub_link (org_id, hub_id, starts_on)
SELECT o.id, o.hub_id, max(coalesce(o.filed_on, o.registered_on), coalesce(h.registered_on, o.filed_on, o.registered_on))
FROM org o JOIN org h ON h.id = o.hub_id
WHERE coalesce(o.filed_on, o.registered_on) IS NOT NULL
ORDER BY o.id;

-- A hub already closed ended its links on its closing day; its groups are no longer attached.
UPDATE hub_link SET
  ends_on = (SELECT max(hub_link.starts_on, e.on_date) FROM org_event e WHERE e.org_id = hub_link.hub_id
             AND (e.kind = 'revoked' OR e.kind = 'certificate_revoked' OR e.kind = 'filing_revoked' OR e.kind = 'deregistered')
             AND NOT EXISTS (SELECT 1 FROM org_event c WHERE c.corrects = e.id) ORDER BY e.on_date, e.id LIMIT 1),
  end_reason = 'hub_closed'
WHERE EXISTS (SELECT 1 FROM org_event e WHERE e.org_id = hub_link.hub_id
              AND (e.kind = 'revoked' OR e.kind = 'certificate_revoked' OR e.kind = 'filing_revoked' OR e.kind = 'deregistered')
              AND NOT EXISTS (SELECT 1 FROM org_event c WHERE c.corrects = e.id));
UPDATE org SET hub_id = NULL
WHERE hub_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hub_link l WHERE l.org_id = org.id AND l.ends_on IS NULL);
