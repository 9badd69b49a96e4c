# --labels zh on every export that import reads: contracts and what is recorded on them,
# stays, the catalogue and the demands come out with Chinese headers and enum labels (the
# words import accepts), and imported into a second registry they export again as before.
supervised
KUNQU=kunqu bash "$EX/kundulun/incubator-2015.sh" -q
KUNQU=kunqu bash "$EX/kundulun/contracts-2015.sh" -q
KUNQU=kunqu bash "$EX/kundulun/menu-2015.sh" -q
kinds="contract payment delivery acceptance assessment survey"
for k in $kinds; do kunqu -q contract export --kind $k -o $k.csv; run kunqu --labels zh contract export --kind $k -o zh-$k.csv; done
kunqu -q incubate export -o stays.csv; run kunqu --labels zh incubate export -o zh-stays.csv
kunqu -q catalog export -o catalog.csv; run kunqu --labels zh catalog export -o zh-catalog.csv
kunqu -q demand export -o demands.csv; run kunqu --labels zh demand export -o zh-demands.csv
shell 'for f in zh-*.csv; do echo "== $f"; head -2 $f; done'
run kunqu --labels zh contract export --kind survey --format json

# The second registry: the same orgs and supervision, budgets by hand, then every file.
export KUNQU_DB=second.db
supervised
kunqu -q contract budget set 2013 35万 --purchaser 昆都仑区民政局
kunqu -q contract budget set 2014 100万 --purchaser 昆都仑区民政局
kunqu -q contract budget set 2015 130万 --purchaser 昆都仑区民政局
kunqu -q contract budget set 2015 65万 --purchaser 昆都仑区民政局 --field elderly_care
kunqu -q contract budget adjust 2015 +20万 --purchaser 昆都仑区民政局 --date 2015-04-15 --document 昆财预〔2015〕9号 --reason 追加政府购买社会组织志愿服务资金
kunqu -q org annual-check add 51150200MJ0581473A --year 2013 --result pass --date 2014-05-20 --authority 包头市民政局
run kunqu incubate import zh-stays.csv
run kunqu contract import zh-contract.csv
for k in payment delivery acceptance assessment survey; do run kunqu contract import zh-$k.csv --kind $k; done
run kunqu catalog import zh-catalog.csv
run kunqu demand import zh-demands.csv
for k in $kinds; do kunqu -q contract export --kind $k -o again-$k.csv; done
kunqu -q incubate export -o again-stays.csv
kunqu -q catalog export -o again-catalog.csv
kunqu -q demand export -o again-demands.csv
# Payments are numbered in the order they arrive (as in 12-contract-files): compare them
# without their numbers and the numbers a reversal refers to.
shell 'for f in contract delivery acceptance assessment survey stays catalog demands; do cmp $f.csv again-$f.csv && echo "$f: same"; done'
shell 'cut -d, -f1,3-5,7- payment.csv | sort > a; cut -d, -f1,3-5,7- again-payment.csv | sort > b; cmp a b && echo "payment: same but for the numbers"'
