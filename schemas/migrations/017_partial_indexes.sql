-- Indexes of columns most rows leave empty hold only the rows that give a value (issue 25).
-- A filed group has no credit code, a registered org no filing number and no hub, and the old
-- certificate numbers and organization codes are rare: a full index kept an entry for every
-- row all the same, and a load of a million orgs sorted them all. A look-up that compares one
-- of these columns with a value implies it is not NULL, so SQLite uses the smaller index as
-- before; the few queries for a missing number (IS NULL) go by the org's tier instead. A unique
-- index's rule is unchanged, as NULLs never collided.
DROP INDEX org_credit_code;
CREATE UNIQUE INDEX org_credit_code ON org (credit_code) WHERE credit_code IS NOT NULL;
DROP INDEX org_filing_no;
CREATE UNIQUE INDEX org_filing_no ON org (filing_no) WHERE filing_no IS NOT NULL;
DROP INDEX org_hub;
CREATE INDEX org_hub ON org (hub_id) WHERE hub_id IS NOT NULL;
DROP INDEX org_certificate_no;
CREATE UNIQUE INDEX org_certificate_no ON org (certificate_no) WHERE certificate_no IS NOT NULL;
DROP INDEX org_org_code;
CREATE UNIQUE INDEX org_org_code ON org (org_code) WHERE org_code IS NOT NULL;
DROP INDEX org_event_corrects;
CREATE UNIQUE INDEX org_event_corrects ON org_event (corrects) WHERE corrects IS NOT NULL;
