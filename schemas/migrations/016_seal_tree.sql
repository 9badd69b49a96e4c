-- Seals a forger cannot pass (issue 25). The rows' digests move from one row each in `seal`
-- (keyed table number * 2^40 + rowid, which a rowid of 2^40 or more collided with) into a
-- Merkle tree per table over the rowid's 64 bits, 16 levels of 16 slots, whose nodes are kept
-- here by their SHA-256 and never changed or removed. An audit entry's `state` is now the hash
-- of the tree's root after it (a root names every table's tree), its `wrote` the list of rows
-- its transaction changed ("org:1..5,9;setting:3"). Every entry's state stays readable, so
-- `db check` proves each entry changed exactly the rows it lists, and a head kept outside the
-- registry pins the rows as they stood at it. This migration's entry seals every row anew;
-- entries before it keep the older form, which is checked only as part of the chain.
DROP TABLE seal;
DROP TABLE seal_table;
CREATE TABLE seal_node (
  hash BLOB PRIMARY KEY,         -- SHA-256 over body
  body BLOB NOT NULL             -- a node ('N', level, prefix, its slots) or a root ('R', each table's tree)
) STRICT, WITHOUT ROWID;
