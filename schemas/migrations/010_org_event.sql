-- 010_org_event: an org's standing as dated events. Every decision that changes it — a
-- suspension (限期停止活动), a reinstatement, a revocation of the registration (撤销登记), of the
-- certificate (吊销登记证书) or of a filing (撤销备案), a change registration revoked for fraud
-- (撤销变更登记), a deregistration (注销) — is a row kept for good; a mistaken one is reversed
-- by a correction row, never edited away. Registration, filing and upgrade are the org's own
-- dates (registered_on, filed_on) and are not repeated here. The status columns of `org` stay
-- as the standing the events give today, so that queries of the present read one row.

CREATE TABLE org_event (
  id        INTEGER PRIMARY KEY,                  -- the order the events were recorded in
  org_id    INTEGER NOT NULL REFERENCES org(id),
  kind      TEXT NOT NULL
            CHECK (kind = 'suspended' OR kind = 'reinstated' OR kind = 'revoked' OR kind = 'certificate_revoked' OR
                   kind = 'change_revoked' OR kind = 'deregistered' OR kind = 'filing_revoked' OR kind = 'correction'),
  on_date   TEXT NOT NULL,                         -- the day it took effect, YYYY-MM-DD
  reason    TEXT,
  authority TEXT,                                  -- the deciding authority
  document  TEXT,                                  -- the decision's document number (文号)
  corrects  INTEGER REFERENCES org_event(id),      -- a correction: the event it reverses
  audit_id  INTEGER REFERENCES audit(id),          -- the entry that recorded it (recovered: the entry it came from)
  CHECK ((kind = 'correction') = (corrects IS NOT NULL))
) STRICT;
-- An event is corrected at most once.
CREATE UNIQUE INDEX org_event_corrects ON org_event (corrects);
CREATE INDEX org_event_org ON org_event (org_id, on_date, id);
CREATE INDEX org_event_on ON org_event (on_date, kind);

-- Existing registries: the status changes the audit log holds, as their commands wrote them
-- (the detail's date, and the status fields after the change; a field left out was unchanged,
-- so it is the one the entry before had).
CREATE TEMP TABLE recovered AS
SELECT a.id AS audit_id, a.org_id,
       CASE json_extract(a.detail, '$.after.status')
         WHEN 'suspended' THEN 'suspended'
         WHEN 'active' THEN 'reinstated'
         WHEN 'revoked' THEN CASE a.action WHEN 'filing.revoke' THEN 'filing_revoked' ELSE 'revoked' END
         WHEN 'deregistered' THEN 'deregistered' END AS kind,
       json_extract(a.detail, '$.after.status') AS status,
       json_extract(a.detail, '$.date') AS on_date,
       (SELECT json_extract(p.detail, '$.after.status_reason') FROM audit p
         WHERE p.org_id = a.org_id AND p.id <= a.id AND json_valid(p.detail)
           AND json_type(p.detail, '$.after.status_reason') IS NOT NULL ORDER BY p.id DESC LIMIT 1) AS reason,
       (SELECT json_extract(p.detail, '$.after.status_authority') FROM audit p
         WHERE p.org_id = a.org_id AND p.id <= a.id AND json_valid(p.detail)
           AND json_type(p.detail, '$.after.status_authority') IS NOT NULL ORDER BY p.id DESC LIMIT 1) AS authority,
       (SELECT json_extract(p.detail, '$.after.status_document') FROM audit p
         WHERE p.org_id = a.org_id AND p.id <= a.id AND json_valid(p.detail)
           AND json_type(p.detail, '$.after.status_document') IS NOT NULL ORDER BY p.id DESC LIMIT 1) AS document
FROM audit a
WHERE a.org_id IS NOT NULL AND json_valid(a.detail)
  AND a.action IN ('org.suspend', 'org.reinstate', 'org.revoke', 'org.deregister', 'filing.revoke')
  AND json_extract(a.detail, '$.after.status') IS NOT NULL;

-- An org's recovered changes are kept when every one has its date and the last one leads to
-- its status today (on its status date); otherwise, and for an org the audit log holds no
-- change of, today's status is its one known event.
CREATE TEMP TABLE trusted AS
SELECT r.org_id FROM recovered r JOIN org o ON o.id = r.org_id
WHERE r.audit_id = (SELECT max(x.audit_id) FROM recovered x WHERE x.org_id = r.org_id)
  AND r.status = o.status AND (o.status = 'active' OR r.on_date = o.status_date)
  AND NOT EXISTS (SELECT 1 FROM recovered x WHERE x.org_id = r.org_id AND (x.on_date IS NULL OR x.kind IS NULL));

INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, audit_id)
SELECT r.org_id, r.kind, r.on_date,
       CASE WHEN r.kind = 'reinstated' THEN NULL ELSE r.reason END,
       CASE WHEN r.kind = 'reinstated' THEN NULL ELSE r.authority END,
       CASE WHEN r.kind = 'reinstated' THEN NULL ELSE r.document END, r.audit_id
FROM recovered r WHERE r.org_id IN (SELECT org_id FROM trusted)
ORDER BY r.on_date, r.audit_id;

-- The last kept change carries the status fields as the org holds them today.
UPDATE org_event SET reason = (SELECT o.status_reason FROM org o WHERE o.id = org_event.org_id),
                     authority = (SELECT o.status_authority FROM org o WHERE o.id = org_event.org_id),
                     document = (SELECT o.status_document FROM org o WHERE o.id = org_event.org_id)
WHERE kind <> 'reinstated'
  AND id = (SELECT max(e.id) FROM org_event e WHERE e.org_id = org_event.org_id);

INSERT INTO org_event (org_id, kind, on_date, reason, authority, document, audit_id)
SELECT o.id,
       CASE o.status WHEN 'suspended' THEN 'suspended'
                     WHEN 'revoked' THEN CASE WHEN o.tier = 'grassroots' THEN 'filing_revoked' ELSE 'revoked' END
                     ELSE 'deregistered' END,
       o.status_date, o.status_reason, o.status_authority, o.status_document,
       (SELECT max(r.audit_id) FROM recovered r WHERE r.org_id = o.id AND r.status = o.status AND r.on_date = o.status_date)
FROM org o
WHERE o.status <> 'active' AND o.status_date IS NOT NULL AND o.id NOT IN (SELECT org_id FROM trusted)
ORDER BY o.status_date, o.id;

DROP TABLE temp.trusted;
DROP TABLE temp.recovered;
