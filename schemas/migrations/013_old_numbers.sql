-- 013_old_numbers: the numbers an org carried before credit codes. Codes were issued from
-- 2015-10-01 and existing orgs had until the end of 2017 to get one (国发〔2015〕33号), so an org
-- registered before and ended before 2018 may have none: it is known by its registration
-- certificate number (登记证号) and its organization code (组织机构代码, GB 11714, stored as
-- XXXXXXXX-X). Each names one org, as keys, credit codes and filing numbers do.
ALTER TABLE org ADD COLUMN certificate_no TEXT;
ALTER TABLE org ADD COLUMN org_code TEXT;
CREATE UNIQUE INDEX org_certificate_no ON org (certificate_no);
CREATE UNIQUE INDEX org_org_code ON org (org_code);
-- The table's CHECK that a registered org has a credit code becomes "a filed group has none";
-- SQLite cannot alter a CHECK, so the step after this file (registry.cpp, relax_org_code_check)
-- rewrites the table's definition as SQLite documents for removing a constraint. kunqu's checks
-- say which registered orgs may be without a code.
