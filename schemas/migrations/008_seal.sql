-- Tamper evidence (issue 8). Every audit entry is chained to the entry before it: `hash` is a
-- SHA-256 over the entry's content, `prev` (the previous entry's hash), `wrote` (a SHA-256 over
-- the rows its transaction wrote) and `state` (the sum, modulo 2^256, of the digests of every
-- sealed row after it). `seal` keeps each data row's own digest, so `db check` can name a row
-- changed, added or removed outside kunqu. The chain's head is anchored outside the file by the
-- monthly report and `kunqu db seal`.
ALTER TABLE audit ADD COLUMN prev TEXT;
ALTER TABLE audit ADD COLUMN wrote TEXT;
ALTER TABLE audit ADD COLUMN state TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
-- The sealed tables, numbered.
CREATE TABLE seal_table (
  no   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;
-- One row per data row: k = table number * 2^40 + rowid (an integer key, appended in order as
-- an import's rows are).
CREATE TABLE seal (
  k    INTEGER PRIMARY KEY,
  hash BLOB NOT NULL             -- SHA-256 over the table, rowid and stored column values
) STRICT;
