# The audit chain and the row seals: db seal prints the head, db check --sealed holds while
# kunqu writes on; each kind of edit behind kunqu's back (the sqlite3 shell), made on its own
# copy, is found and named — an entry changed, removed or inserted, a row changed, added or
# removed, seals edited to match — and a history rewritten from scratch no longer contains
# the sealed head. The monthly report ends with the head.
district
run kunqu db seal --format csv
shell 'kunqu -q db seal --format csv | tail -n 1 | cut -d, -f4 | tr -d '"'"'\r'"'"' > head.txt; wc -c < head.txt'
shell 'kunqu db check --sealed "$(cat head.txt)"'
run kunqu -q org update K0000007 --phone 13904720007
shell 'kunqu db check --sealed "$(cat head.txt)"'
shell 'kunqu report monthly --month 2015-06 --format csv | tail -n 1 | cut -d, -f1-4,8'
shell 'kunqu report monthly --month 2015-06 --format csv | tail -n 1 | cut -d, -f5 | cmp - <(kunqu -q db seal --format csv | tail -n 1 | cut -d, -f4 | tr -d "\\r") && echo the report carries the head'
shell 'kunqu db check --sealed "$(kunqu -q db seal --format csv | tail -n 1 | cut -d, -f4)"'
shell 'kunqu db check --sealed 0000000000000000000000000000000000000000000000000000000000000000 --format csv'
run kunqu db check --sealed not-a-hash
# One edit per copy.
shell 'for c in changed removed inserted row-changed row-added row-removed seal-edited; do cp registry.db $c.db; done'
shell 'sqlite3 changed.db "UPDATE audit SET actor = '"'"'somebody'"'"' WHERE id = 5"'
shell 'sqlite3 removed.db "DELETE FROM audit WHERE id = 6"'
shell 'sqlite3 inserted.db "INSERT INTO audit (id, at, actor, command, action, detail, prev, hash) SELECT 10000, at, actor, command, action, detail, hash, hash FROM audit WHERE id = 4; UPDATE audit SET id = 7000 WHERE id = 10000"'
shell 'sqlite3 row-changed.db "UPDATE org SET name = name || '"'"'（改）'"'"' WHERE id = 12; UPDATE contract SET amount = amount + 100 WHERE id = 2"'
shell 'sqlite3 row-added.db "INSERT INTO setting (key, value) VALUES ('"'"'extra'"'"', '"'"'1'"'"')"'
shell 'sqlite3 row-removed.db "DELETE FROM payment WHERE id = (SELECT max(id) FROM payment)"'
shell 'sqlite3 seal-edited.db "UPDATE org SET phone = '"'"'13900000000'"'"' WHERE id = 3; UPDATE seal_node SET body = CAST(body || x'"'"'00'"'"' AS BLOB) WHERE lower(hex(hash)) = (SELECT state FROM audit ORDER BY id DESC LIMIT 1)"'
for c in changed removed inserted row-changed row-added row-removed seal-edited; do
  run kunqu --db $c.db db check --format csv
done
# A registry whose history was written again from the start holds, but not the sealed head.
shell 'kunqu -q --db other.db db init --profile "$EX/kundulun/profile.toml" && kunqu --db other.db db check --sealed "$(cat head.txt)" --format csv'
