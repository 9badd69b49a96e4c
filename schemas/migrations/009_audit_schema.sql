-- Each audit entry records the schema version it was written under (issue 19), so a registry
-- whose user_version was set back — to have a migration reseal rows changed behind kunqu's
-- back — contradicts its own entries and is refused before anything is migrated. The stamp is
-- part of the entry's hash (the 'kunqu-audit-2' form); entries written before it keep the
-- 'kunqu-audit-1' form.
ALTER TABLE audit ADD COLUMN schema INTEGER;
