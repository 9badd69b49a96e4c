# Registry files: created 0600 with parents made, never overwritten; foreign and newer files
# refused untouched; an older registry migrated with a backup first.
run kunqu --db deep/er/registry.db -q db init
shell 'stat -c %a deep/er/registry.db; stat -c %a deep/er'
printf 'not a database at all, just text\n' > notes.db
run kunqu --db notes.db db info
shell 'cat notes.db'
sqlite3 plain.db 'CREATE TABLE t (x); PRAGMA user_version = 1;'
run kunqu --db plain.db org list
run kunqu -q db init
sqlite3 registry.db 'PRAGMA user_version = 99;'
run kunqu db info
run kunqu org list
shell 'sqlite3 registry.db "PRAGMA user_version;"'
sqlite3 old.db 'PRAGMA application_id = 1263423829;'
run kunqu --db old.db org list
run kunqu --db old.db db migrate
shell 'ls old.db*; sqlite3 old.db "PRAGMA user_version;"'
run kunqu --db old.db db info --format csv
run kunqu --db shared.db db init --group no-such-group-here
shell 'ls shared.db 2>&1'
run kunqu --db shared.db -q db init --group root
shell 'stat -c "%a %G" shared.db'
