# Workbooks out (--format xlsx, -o FILE.xlsx): what kunqu exports as .xlsx it imports back
# unchanged — orgs, contracts and their payments, credit events, plain and with --labels zh —
# and what another program (Debian's python3-openpyxl, tests/e2e/xlsx_peek.py) finds in it:
# credit codes and phone numbers as text, dates as date cells, money as numbers shown 0.00, a
# bold frozen header, a sheet per list. A list, a show and a report as workbooks; never to a
# terminal; personal data masked and audited as in CSV.
export peek="/usr/bin/python3 $here/xlsx_peek.py"
# Workbooks are made in a folder of their own under $TMPDIR, removed once written out.
mkdir tmp
export TMPDIR=$PWD/tmp
district
kunqu -q org export -o before-orgs.csv
kunqu -q org credit export -o before-credit.csv
kunqu -q org annual-check export -o before-checks.csv
kunqu -q contract export -o before-contracts.csv
kunqu -q contract export --kind payment -o before-payments.csv
run kunqu org export -o orgs.xlsx
run kunqu --labels zh org export -o 社会组织.xlsx
run kunqu org credit export --format xlsx -o credit.xlsx
run kunqu --labels zh org credit export -o 信用记录.xlsx
run kunqu org annual-check export -o checks.xlsx
run kunqu contract export -o contracts.xlsx
run kunqu --labels zh contract export -o 合同.xlsx
run kunqu contract export --kind payment -o payments.xlsx
run kunqu --labels zh contract export --kind payment -o 拨付.xlsx
shell '$peek orgs.xlsx'
shell '$peek 社会组织.xlsx 0'
shell '$peek 合同.xlsx'
shell '$peek credit.xlsx 2'

# Into fresh registries, one for the plain workbooks and one for the Chinese: the same records,
# byte for byte in CSV (credit events and payments are numbered by each registry in the order
# they arrive, as in 09-supervision and 20-labels: compared without their numbers, and payments
# without the number a reversal refers to, which is renumbered the same way from CSV).
for db in plain zh; do
  export KUNQU_DB=$db.db
  kunqu -q db init --profile "$EX/kundulun/profile.toml"
  kunqu -q contract budget set 2013 35万 --purchaser 昆都仑区民政局
  kunqu -q contract budget set 2014 100万 --purchaser 昆都仑区民政局
  kunqu -q contract budget set 2015 130万 --purchaser 昆都仑区民政局
  kunqu -q contract budget set 2015 65万 --purchaser 昆都仑区民政局 --field elderly_care
  kunqu -q contract budget adjust 2015 +20万 --purchaser 昆都仑区民政局 --date 2015-04-15 --document 昆财预〔2015〕9号 --reason 追加政府购买社会组织志愿服务资金
done
export KUNQU_DB=plain.db
run kunqu org import orgs.xlsx
run kunqu org credit import credit.xlsx
run kunqu org annual-check import checks.xlsx
run kunqu contract import contracts.xlsx
run kunqu contract import payments.xlsx --kind payment
export KUNQU_DB=zh.db
run kunqu org import 社会组织.xlsx
run kunqu org credit import 信用记录.xlsx
run kunqu org annual-check import checks.xlsx
run kunqu contract import 合同.xlsx
run kunqu contract import 拨付.xlsx --kind payment
for db in plain zh; do
  shell "kunqu --db $db.db -q org export -o $db-orgs.csv && cmp before-orgs.csv $db-orgs.csv && echo '$db: the same orgs'"
  shell "cmp before-checks.csv <(kunqu --db $db.db org annual-check export) && echo '$db: the same annual checks'"
  shell "cmp before-contracts.csv <(kunqu --db $db.db contract export) && echo '$db: the same contracts'"
  shell "diff <(cut -d, -f1,2,4-11,13 before-credit.csv) <(kunqu --db $db.db org credit export | cut -d, -f1,2,4-11,13) && echo '$db: the same credit events'"
  shell "diff <(cut -d, -f1,3-6,8- before-payments.csv | sort) <(kunqu --db $db.db contract export --kind payment | cut -d, -f1,3-6,8- | sort) && echo '$db: the same payments but for their numbers'"
done
export KUNQU_DB=registry.db

# A list and a show with lists, as workbooks on standard output that is not a terminal.
shell 'kunqu -q --format xlsx org list --street 沼潭街道 --limit 3 | head -c 2; echo'
shell 'kunqu -q --format xlsx org list --street 沼潭街道 --limit 3 > list.xlsx && $peek list.xlsx'
shell 'kunqu --labels zh --format xlsx contract show KQGM-2015-003 > show.xlsx && $peek show.xlsx 0'
# A report: one sheet of the whole table (text cells, as the CSV has them), none neutralised.
run kunqu --labels zh report monthly --month 2015-06 -o 月报.xlsx
shell '$peek 月报.xlsx 2'
shell 'kunqu report monthly --month 2015-06 --format xlsx > a.xlsx; kunqu report monthly --month 2015-06 --format xlsx > b.xlsx; cmp a.xlsx b.xlsx && echo same bytes'
run kunqu report monthly --month 2015-06 --format xlsx -o reports/
# Never to a terminal (the unit tests fake one); -o - is standard output.
shell 'script -qec "kunqu --format xlsx org list --limit 1" /dev/null | tr -d "\r"; echo "exit ${PIPESTATUS[0]}"'
shell 'script -qec "kunqu org export -o - --format xlsx" /dev/null | tr -d "\r"; echo "exit ${PIPESTATUS[0]}"'
shell 'script -qec "kunqu -q org export --format xlsx -o on-terminal.xlsx" /dev/null | tr -d "\r"; echo "exit ${PIPESTATUS[0]}"; ls on-terminal.xlsx'

# Personal data: masked with --mask; unmasked, the same audit entry as CSV gives.
shell 'kunqu -q --mask --format xlsx org list --street 沼潭街道 --columns key,name,representative,phone,address --limit 2 > masked.xlsx && $peek masked.xlsx 2'
shell 'umask 022; kunqu -q org export -o people.csv; kunqu -q org export -o people.xlsx; stat -c "%a %n" people.csv people.xlsx'
shell 'kunqu db log --action personal_data.export --format csv | grep -E "^id|people"'
shell 'ls -A tmp | wc -l'
