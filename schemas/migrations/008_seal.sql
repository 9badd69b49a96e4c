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
CREATE TABLE seal (
  tbl  TEXT NOT NULL,
  rid  INTEGER NOT NULL,
  hash BLOB NOT NULL,            -- SHA-256 over the table, rowid and stored column values
  PRIMARY KEY (tbl, rid)
) STRICT, WITHOUT ROWID;
