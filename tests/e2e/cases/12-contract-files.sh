# Contract files: the example district's contracts and what is recorded on them exported in
# every kind, imported into a second registry (same orgs, budgets and checks) and exported
# again unchanged; refusals with their cells; skip, dry run; the OCDS release package.
setup() {
  supervised
  KUNQU=kunqu bash "$EX/kundulun/incubator-2015.sh" -q
}
setup
KUNQU=kunqu bash "$EX/kundulun/contracts-2015.sh" -q
for k in contract payment delivery acceptance assessment survey; do run kunqu contract export --kind $k -o $k.csv; done
run kunqu contract export --provider 51150200MJ0581473A --format toml
run kunqu contract export --kind 服务记录 --provider 51150200MJ0581473A --format csv
run kunqu contract export --kind payment --provider 52150203MJ0856270J --format json

# The second registry: the same orgs, supervision and incubator, the budgets set by hand.
export KUNQU_DB=second.db
setup
run kunqu -q contract budget set 2013 35万 --purchaser 昆都仑区民政局
run kunqu -q contract budget set 2014 100万 --purchaser 昆都仑区民政局
run kunqu -q contract budget set 2015 130万 --purchaser 昆都仑区民政局
run kunqu -q contract budget set 2015 65万 --purchaser 昆都仑区民政局 --field elderly_care
run kunqu contract import payment.csv --kind payment
run kunqu contract import contract.csv
shell 'sqlite3 second.db "SELECT count(*) FROM contract; SELECT count(*) FROM audit WHERE action LIKE '"'"'contract.%'"'"'"'
run kunqu contract import contract.csv --dry-run
run kunqu -q contract budget adjust 2015 +20万 --purchaser 昆都仑区民政局 --date 2015-04-15 --document 昆财预〔2015〕9号 --reason 追加政府购买社会组织志愿服务资金
run kunqu contract import contract.csv
run kunqu contract import contract.csv
run kunqu contract import contract.csv --on-conflict skip
for k in payment delivery acceptance assessment survey; do run kunqu contract import $k.csv --kind $k; done
for k in contract payment delivery acceptance assessment survey; do run kunqu contract export --kind $k -o again-$k.csv; done
shell 'for k in contract delivery acceptance assessment survey; do cmp $k.csv again-$k.csv && echo "$k: same"; done; diff payment.csv again-payment.csv'
run kunqu contract budget show --format table
run kunqu contract show KQGM-2015-002 --format table

# Bad input, at its cells; nothing written.
printf 'number,title,purchaser,provider,field,amount,method,funding,starts_on,ends_on,status,signed_on,closed_on\nKQGM-2015-101,助餐,昆都仑区民政局,51150200MJ0581473A,elderly_care,1.005,询价,其他,2015-05-01,2015-12-31,,,\nKQGM-2015-102,助餐,昆都仑区民政局,无此组织,为老服务,-3,拍卖,其他,2015-05-01,2015-13-01,completed,2015-05-02,\nKQGM-2015-103,助餐,昆都仑区民政局,51150200MJ0581473A,elderly_care,1万,询价,其他,2015-05-01,2015-12-31,draft,2015-05-02,\nKQGM-2015-001,助餐,昆都仑区民政局,51150200MJ0581473A,elderly_care,1万,询价,其他,2015-05-01,2015-12-31,signed,2015-05-01,\n' > bad-contracts.csv
run kunqu contract import bad-contracts.csv
printf 'contract,id,date,amount,milestone,reverses\nKQGM-2015-006,,2015-06-01,900000,尾款,\nKQGM-2015-006,,2015-06-02,1,,\nKQGM-2015-006,,2015-06-02,1,,\nKQGM-2015-006,9,2015-06-03,1,,8\nKQGM-2099-001,,2015-06-03,1,,\n' > bad-payments.csv
run kunqu contract import bad-payments.csv --kind payment
printf '[[survey]]\ncontract = "KQGM-2015-006"\ndate = 2015-06-20\nmethod = "短信"\nrespondents = 10\nsatisfied = 11\n' > bad-surveys.toml
run kunqu contract import bad-surveys.toml --kind survey
printf '合同编号,开始日期,结束日期,服务时长,服务对象\nKQGM-2015-006,2015-06-01,2015-06-30,10,"高龄,低偿,5,9"\n' | iconv -f UTF-8 -t GB18030 > bad-delivery-gbk.csv
run kunqu contract import bad-delivery-gbk.csv --kind 服务记录
shell 'sqlite3 second.db "SELECT count(*) FROM contract; SELECT count(*) FROM payment; SELECT count(*) FROM survey"'
run kunqu contract import bad-surveys.toml --kind budget
run kunqu contract import contract.csv --on-conflict update
run kunqu contract export --kind payment --format ocds

# The release package of 心愿's contract (OCDS 1.1).
run kunqu contract export --provider 51150200MJ0581473A --format ocds
run kunqu contract export --status completed --format ocds -o ocds.json
shell 'head -c 300 ocds.json; echo; grep -o "\"ocid\":\"[^\"]*\"" ocds.json'
