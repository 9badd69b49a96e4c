# Chinese for people, the same machine formats: under zh_CN.UTF-8 (scripts/deps.sh --locale
# generates it) help, notes and errors are in Chinese, a table has Chinese headers and enum
# labels; exit codes and error positions do not change; CSV, JSON and TOML stay English codes.
# --labels zh gives a spreadsheet Chinese headers and labels that import reads back.
shell 'locale -a | grep -ix zh_CN.utf8'
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
cp "$EX/kundulun/profile.toml" "$EX/kundulun/orgs.csv" "$EX/kundulun/bad-orgs.csv" .
run kunqu db init --profile profile.toml
run kunqu org import orgs.csv
run kunqu org import bad-orgs.csv
run kunqu org frobnicate
run kunqu org list --tier company
run kunqu org show K0099999
run kunqu help nope
run kunqu org list --tier
run kunqu org show
run kunqu org add --name 测试 --tier registered --type social_group --category other --registered-on 2015-13-01
run kunqu contract show 2015-999
run kunqu db check
run kunqu help exit-codes
run kunqu org list --help
run kunqu org list --street 沼潭街道 --limit 4 --format table
run kunqu org show 51150200MJ0581473A --format table
run kunqu org stats --by tier
# Machine formats are the same in every language.
run kunqu org list --street 沼潭街道 --limit 2 --format csv
run kunqu org show 51150200MJ0581473A --format json
LANG=C.UTF-8 LC_ALL=C.UTF-8 kunqu org list --street 沼潭街道 --limit 2 --format csv >en.csv 2>/dev/null
shell 'kunqu org list --street 沼潭街道 --limit 2 --format csv 2>/dev/null | cmp - en.csv && echo same'
# --labels zh: a spreadsheet for people, which imports again.
run kunqu --labels zh org list --street 沼潭街道 --limit 2 --format csv
run kunqu --labels zh org export -o 社会组织.csv
run kunqu --labels zh org show 51150200MJ0581473A --format json
run kunqu org export -o before.csv
KUNQU_DB=again.db kunqu -q db init --profile profile.toml
KUNQU_DB=again.db run kunqu org import 社会组织.csv
KUNQU_DB=again.db kunqu -q org export -o after.csv
shell 'cmp before.csv after.csv && echo same'
# English when the locale asks for it, whatever LANG says.
LANGUAGE=en run kunqu org frobnicate
