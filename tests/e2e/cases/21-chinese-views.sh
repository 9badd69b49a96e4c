# Chinese beyond the org records, under LANG alone as a login sets it: lists and views of
# contracts, the budget, the menu, the incubator, filing and supervision with Chinese headers,
# list names and enum labels; codes inside sentences by their labels; db check's names; the
# report in words. JSON keeps names and codes; --labels zh gives an English session the same
# Chinese CSV.
district
unset LC_ALL
export LANG=zh_CN.UTF-8
run kunqu contract list --status active --limit 3 --format table
run kunqu contract show KQGM-2015-001 --format table
run kunqu contract budget show --format table
run kunqu demand list --limit 3 --format table
run kunqu demand show 1 --format table
run kunqu catalog list --limit 3 --format table
run kunqu incubate list --limit 3 --format table
run kunqu incubate sites --format table
run kunqu filing list --limit 3 --format table
run kunqu org credit list --limit 4 --format table
run kunqu org annual-check list --limit 3 --format table
run kunqu org grade list --limit 3 --format table
run kunqu org stats --by type --format table
run kunqu org show K0000104 --format table
shell 'kunqu report monthly --month 2015-06 --format table | grep -E "^(栏目|-|信用与年检|孵化 )"'
# Every view with lists below its record names them in Chinese, and every header is Chinese.
shell 'for c in "contract show KQGM-2015-001" "incubate show K0000212" "filing show K0000145" "org show K0000001" "demand show 1" "catalog show 2015 YL-01"; do kunqu $c --format table; done | grep -E "^[a-z_]+ \([0-9]+\):" || echo "every list named in Chinese"'
shell 'for c in "org list" "filing list" "incubate list" "incubate sites" "contract list" "contract budget show" "demand list" "catalog list" "org credit list" "org credit due" "org annual-check list" "org grade list" "org history K0000212" "db info" "db settings" "db log" "report monthly --month 2015-06"; do kunqu --labels zh $c --format csv >h.csv; head -1 h.csv | tr , "\n"; done | grep -E "^[a-z_]+$" || echo "every header in Chinese"'
# A code inside a sentence reads as its label.
run kunqu contract sign KQGM-2013-001 --date 2015-06-01
run kunqu contract pay KQGM-2013-001 --amount 100 --date 2015-06-01
run kunqu org suspend K0000104 --date 2015-06-01 --authority 区民政局
# db check names its checks in Chinese, and the status in its finding.
shell 'sqlite3 registry.db "UPDATE contract SET closed_on = NULL WHERE number = '"'"'KQGM-2013-001'"'"'"'
run kunqu db check --format table
# Machine formats stay names and codes.
run kunqu contract list --status active --limit 1 --format json
# --labels zh in an English session: the same Chinese spreadsheet.
LANG=C.UTF-8 run kunqu --labels zh contract list --status active --limit 2 --format csv
LANG=C.UTF-8 run kunqu --labels zh org credit list --limit 2 --format csv
LANG=C.UTF-8 run kunqu --labels zh db check --format csv
