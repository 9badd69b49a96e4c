-- The seal tree's nodes in the order they were stored (issue 25). Kept by their SHA-256 alone
-- (a WITHOUT ROWID table keyed by it), each write's new nodes went to random places among all
-- the others: adding 100,000 orgs to a registry of a million wrote some 6,700 nodes and changed
-- 4,563 of seal_node's 4,701 pages (75 MB that went to the WAL and back). Now the nodes take
-- the next rowid, so a write's new nodes fill the last pages together; only the index of their
-- hashes, a tenth of the size, takes them at random (the same import: 379 pages of nodes and 322
-- of the index). A node is still found by its hash and still never changed or removed; the
-- rowid is only where it is kept, named by nothing.
ALTER TABLE seal_node RENAME TO seal_node_v16;
CREATE TABLE seal_node (
  id INTEGER PRIMARY KEY,         -- in the order the nodes were stored
  hash BLOB NOT NULL UNIQUE,      -- SHA-256 over body
  body BLOB NOT NULL              -- a node ('N', level, prefix, its slots) or a root ('R', each table's tree)
) STRICT;
INSERT INTO seal_node (hash, body) SELECT hash, body FROM seal_node_v16 ORDER BY hash;
DROP TABLE seal_node_v16;
