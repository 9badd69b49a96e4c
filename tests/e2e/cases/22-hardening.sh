# Hardening (issue 19): nothing kunqu writes can destroy the registry, no bad value is accepted
# silently, no personal data leaves unrecorded.
district
shell 'kunqu db check > /dev/null && echo holds'

# -o never lands on the registry, its files or a backup: compared by inode and by the file's
# header, before anything is written.
run kunqu --mask org export -o registry.db
shell 'ln -s registry.db link.csv && kunqu --mask org export -o link.csv'
run kunqu --mask filing export -o registry.db-wal
run kunqu -q db backup backup.db
run kunqu --mask report monthly --month 2015-06 -o backup.db
run kunqu --mask contract export -o backup.db
# The temporary file is made new beside the target: a link planted under the old name of it
# (out.csv.part) is never written through.
shell 'ln -s registry.db out.csv.part && umask 022 && kunqu -q --mask org export -o out.csv && stat -c %a out.csv && ls -A | grep -c part'
shell 'kunqu db check > /dev/null && echo holds'
# A device or pipe is written into, never replaced; a file reached through a link is replaced
# where it is, and the link stays (-o /dev/stdout, redirected to a file or a pipe).
shell 'kunqu -q --mask org export -o /dev/stdout > via-stdout.csv && wc -l < via-stdout.csv && test -L /dev/stdout && echo "/dev/stdout is still a link"'
shell 'kunqu -q --mask org export -o /dev/stdout | head -c 30; echo'
run kunqu --mask org export -o /dev/full

# Write errors say why, exit 1, and leave nothing behind.
shell 'kunqu --mask org list --limit 3 > /dev/full'
# (the note goes to a file first: stderr and the pipe would otherwise race in the transcript)
shell 'kunqu --mask org list --format csv --limit 1 2> note.txt | head -c 20; echo; cat note.txt'
run kunqu --mask org export -o no-such-folder/orgs.csv
shell 'mkdir folder && kunqu --mask org export -o folder'
run kunqu --db new/ db init
shell 'ls -d new 2>&1 | sed "s/^ls: //"'
run kunqu -q db backup backup.db

# A migration verifies what it starts from: the recipe that would launder a changed row (drop
# the seals, set the version back to 7, migrate) is refused, nothing written.
shell 'cp registry.db forged.db && sqlite3 forged.db "UPDATE payment SET amount = amount * 2 WHERE id = 1; ALTER TABLE audit DROP COLUMN prev; ALTER TABLE audit DROP COLUMN wrote; ALTER TABLE audit DROP COLUMN state; ALTER TABLE audit DROP COLUMN hash; DROP TABLE seal_node; PRAGMA user_version = 7" && sha256sum forged.db > forged.sum'
shell 'kunqu --db forged.db db migrate 2>&1 | head -4; sha256sum -c --quiet forged.sum && ls forged.db*'

# Personal data leaves only after its audit entry: with the registry locked, nothing is output.
shell 'mkfifo hold; (echo "BEGIN IMMEDIATE;"; echo ".print locked"; cat hold; echo "COMMIT;") | sqlite3 registry.db > locked & until grep -q locked locked 2>/dev/null; do sleep 0.1; done; KUNQU_BUSY_TIMEOUT=100 kunqu org list --columns key,name,phone --limit 3 --format csv; echo "exit $?"; KUNQU_BUSY_TIMEOUT=100 kunqu org export -o people.csv; echo "exit $?"; ls people.csv 2>&1 | sed "s/^ls: //"; KUNQU_BUSY_TIMEOUT=100 kunqu --mask org list --columns key,name,phone --limit 2 --format csv; echo > hold; wait'
run kunqu db log --action personal_data.export --format csv

# Invisible and look-alike characters: refused at their cell; names compared by NFKC.
shell "printf '名称,登记方式,类型,类别,街道,社区,备案日期\n广场舞队,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n广场\xe2\x80\x8b舞队,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n\xef\xbb\xbf广场舞队,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n广场舞队\xc2\xa0,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n广场舞队\xe2\x80\xae,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n\xef\xbc\xab歌队,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\nK歌队,备案,社会团体,社区文体,沼潭街道,北沙梁社区,2015-06-01\n' > dance.csv"
run kunqu org import dance.csv
shell "printf '[[org]]\nname = 123\ntier = \"grassroots\"\ntype = \"social_group\"\ncategory = \"culture_sports\"\nstreet = \"沼潭街道\"\ncommunity = \"北沙梁社区\"\nfiled_on = 2015-06-30T08:00:00+08:00\nnotes = \"a\\\\u001b[31mred\"\n' > bad.toml"
run kunqu org import bad.toml
# Terminal escapes on the command line, anywhere.
run kunqu --actor $'clerk\e[2J' org list --limit 1
run kunqu org update K0000001 --phone $'0472\e]0;x\a'
run kunqu contract budget set 2016 1万 --purchaser $'区民政局\n财务科'
run env KUNQU_ACTOR=$'a\u202eb' kunqu org list --limit 1
run env KUNQU_BUSY_TIMEOUT=1e3 kunqu org list --limit 1

# Keys, credit codes and filing numbers never collide.
run kunqu org add --name 太极队 --tier grassroots --type social_group --category culture_sports --street 沼潭街道 --community 北沙梁社区 --filed-on 2015-06-01 --filing-no K0000001
run kunqu org add --name 太极队 --tier grassroots --type social_group --category culture_sports --street 沼潭街道 --community 北沙梁社区 --filed-on 2015-06-01 --filing-no 52150203MJ0856270J

# Values that would break later.
run kunqu contract budget set 1899 1万
run kunqu contract budget set 2016 5万万
run kunqu contract budget set 2016 1元万
run kunqu db settings incubator_sites '昆都仑区社会组织孵化园=3'
run kunqu incubate admit K0000300 --site 昆都仑区社会组织孵化园 --date 2015-06-30 --term 9999m
run kunqu contract amend KQGM-2015-001 --date 2015-06-30 --ends-on 2015-13-01 --reason 延期

# Stored before kunqu refused them, control characters are never printed raw in a table.
shell "sqlite3 registry.db \"UPDATE org SET notes = 'x' || char(27) || '[31mred' || char(13) || 'y' WHERE id = 2\" && kunqu --mask org list --columns key,notes --limit 2 --format table | od -c | grep -c 033; echo done"

# Files through the domain verbs: a line break where the column holds one line, refused at its
# cell; an escape in a profile's district name.
shell "kunqu contract export -o contracts.csv > /dev/null 2>&1 && sed -i '2s/^KQGM-2013-001,/KQGM-2016-009,/; 2s/,昆都仑区民政局,/,\"昆都仑区民政局\n财务科\",/' contracts.csv && head -c 0 contracts.csv"
run kunqu contract import contracts.csv --on-conflict skip
shell "printf '组织,孵化基地,入驻日期,导师\nK0000300,昆都仑区社会组织孵化园,2015-06-30,\"王老师\n李老师\"\n' > stays.csv"
run kunqu incubate import stays.csv
shell 'sed "6s/.*/name = \"昆都仑区\\\\u001b[2J\"/" "$EX/kundulun/profile.toml" > evil-profile.toml && sed -n 6p evil-profile.toml'
run kunqu --db evil.db db init --profile evil-profile.toml
shell 'ls evil.db 2>&1 | sed "s/^ls: //"'
