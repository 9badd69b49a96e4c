# db check and db backup on the example district: the registry holds; a backup is a 0600 copy
# that holds too; edits behind kunqu's back (the sqlite3 shell) are found and named, exit 1;
# the documented restore brings the registry back.
district
run kunqu db check
run kunqu db backup backup.db
shell 'stat -c %a backup.db'
run kunqu db backup backup.db
run kunqu --db backup.db db check
shell 'sqlite3 registry.db "UPDATE payment SET amount = amount * 10 WHERE id = 1; UPDATE org SET credit_code = substr(credit_code, 1, 17) || '"'"'X'"'"' WHERE id = 3; INSERT INTO credit_event (org_id, kind, date, audit_id) SELECT org_id, kind, '"'"'2015-06-29'"'"', audit_id FROM credit_event WHERE kind = '"'"'abnormal_in'"'"' LIMIT 1;"'
run kunqu db check --format csv
shell 'mv registry.db registry.db.broken; rm -f registry.db-wal registry.db-shm; cp backup.db registry.db; chmod 0600 registry.db'
run kunqu db check
shell 'sqlite3 registry.db "SELECT count(*) FROM org; SELECT sum(amount) FROM payment"'
